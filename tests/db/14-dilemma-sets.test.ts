import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DbError } from '$lib/server/db/errors';
import { claimsFor, serverItself, type Actor } from '$lib/server/db/port';
import { installBuiltinDilemmaSet, toImportRows } from '$lib/server/dilemma-sets';
import { loadBuiltinDilemmaSet } from '$lib/content/builtin';
import { dilemmasInLanguage, validateDilemmaSet } from '$lib/content/dilemma-set';
import { computeSetFingerprint } from '$lib/content/fingerprint';
import { makeDilemmaSet, slugFor, type Lang, type SetFactoryOptions } from '../fixtures/dilemma-factory';
import {
	asSuperuser,
	engines,
	expectDbError,
	expectSqlError,
	permissionDenied,
	rawCall,
	rlsViolation,
	sqlAs,
	type SqlOutcome,
	type TestDatabase
} from './harness';
import { as, createCast, createPerson, createTeam, joinTeam, type Cast } from './factories';

// Dilemma sets (migration 20261123130000): the built-in set, a team's own imported sets, who may
// read and write them, which one a team works with, and the library functions on top.

// --- helpers -------------------------------------------------------------------------------------

/** A valid one-language set as the import page would send it: factory files, validated, fingerprinted. */
function importableSet(language: Lang, options: Omit<SetFactoryOptions, 'languages' | 'folders'> = {}) {
	const files = makeDilemmaSet({ ...options, languages: [language], folders: false });
	const result = validateDilemmaSet(files, { language });
	if (!result.ok) throw new Error(`factory set is invalid: ${JSON.stringify(result.issues)}`);
	return { fingerprint: computeSetFingerprint(result.set), dilemmas: toImportRows(result.set) };
}

type Importable = ReturnType<typeof importableSet>;

function importInto(db: TestDatabase, actor: Actor, teamId: string | null, set: Importable, name = 'Eigen set') {
	return as(db, actor).call('import_dilemma_set', { teamId, name, ...set });
}

/** The same statement as the service role (sqlAs only switches to anon or authenticated). */
async function sqlAsServiceRole(db: TestDatabase, sql: string, params: unknown[] = []): Promise<SqlOutcome> {
	try {
		return await db.transaction(async (query) => {
			await query(`set local role service_role`);
			await query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claimsFor(serverItself))]);
			return await query(sql, params);
		});
	} catch (error) {
		const { code, message } = error as { code?: unknown; message?: unknown };
		if (typeof code !== 'string') throw error;
		return { rows: [], rowCount: 0, error: { code, message: String(message) } };
	}
}

const count = async (db: TestDatabase, sql: string, params: unknown[] = []) =>
	Number((await asSuperuser(db, `select count(*)::int as n from (${sql}) q`, params))[0].n);

const builtinSetIds = async (db: TestDatabase) =>
	(await asSuperuser(db, `select id from app.dilemma_sets where team_id is null order by version`)).map((r) =>
		String(r.id)
	);

const activeSetIdOf = async (db: TestDatabase, teamId: string) =>
	(await asSuperuser(db, `select active_set_id from app.teams where id = $1`, [teamId]))[0].active_set_id;

const randomFingerprint = () => randomBytes(32).toString('hex');

/** A direct insert of one set row for a team (created_by defaults to the caller). */
const insertSetSql = `insert into app.dilemma_sets (team_id, name, version, fingerprint, languages)
	values ($1, 'Rechtstreeks ingevoegd', 7, $2, array['nl'])`;

/** A direct insert of one valid dilemma row into a set. */
const insertDilemmaSql = `insert into app.dilemmas
	(set_id, slug, lang, number, theme, title, pole_left, pole_right, summary, body_md,
	 team_questions, reflection_questions)
	values ($1, $2, 'nl', $3, 'Samenwerking', 'Rechtstreeks ingevoegd dilemma', 'Links', 'Rechts',
	        'Een samenvatting die lang genoeg is om door de controle te komen.', repeat('Tekst. ', 60),
	        array['Welke vraag stellen we ons als team?'], array['Wat vind jij er zelf van?'])`;

/** Everyone around the two teams, by the name the tests use. */
type Who = Exclude<keyof Cast, 'teamA' | 'teamB' | 'inviteA' | 'inviteB'>;

// --- the built-in set and the library -------------------------------------------------------------

describe.each(engines)('built-in dilemma set and library on %s', (_engine, open) => {
	let db: TestDatabase;
	let firstInstall: Awaited<ReturnType<typeof installBuiltinDilemmaSet>>;
	const builtin = loadBuiltinDilemmaSet();

	beforeAll(async () => {
		db = await open();
		firstInstall = await installBuiltinDilemmaSet(db.backend);
	});
	afterAll(async () => {
		await db?.close();
	});

	it('the migrations install the built-in set as version 1 with 20 dilemmas in Dutch and 20 in English; the app finds it there', async () => {
		expect(firstInstall).toMatchObject({ version: 1, created: false });
		const sets = await asSuperuser(db, `select id, team_id, version, languages, created_by from app.dilemma_sets`);
		expect(sets).toEqual([
			{ id: expect.any(String), team_id: null, version: 1, languages: ['nl', 'en'], created_by: null }
		]);
		const perLang = await asSuperuser(
			db,
			`select lang, count(*)::int as n, min(number) as lo, max(number) as hi, count(distinct slug)::int as slugs
			 from app.dilemmas where set_id = $1 group by lang order by lang`,
			[sets[0].id]
		);
		expect(perLang).toEqual([
			{ lang: 'en', n: 20, lo: 1, hi: 20, slugs: 20 },
			{ lang: 'nl', n: 20, lo: 1, hi: 20, slugs: 20 }
		]);
		expect(await count(db, `select 1 from app.dilemmas`)).toBe(40);
	});

	it('installing again recognises the content: created false, the same set, still 40 rows', async () => {
		const again = await installBuiltinDilemmaSet(db.backend);
		expect(again).toEqual({ ...firstInstall, created: false });
		expect(await builtinSetIds(db)).toEqual([(again as unknown as { id: string }).id]);
		expect(await count(db, `select 1 from app.dilemmas`)).toBe(40);
	});

	it.each(['nl', 'en'] as const)('the visitor reads the 20 built-in dilemmas in number order in %s', async (lang) => {
		const library = await as(db, { kind: 'anon' }).call('dilemma_library', { lang });
		const expected = dilemmasInLanguage(builtin, lang);
		expect(library.set).toMatchObject({ team_id: null, version: 1, languages: ['nl', 'en'], lang });
		expect(library.set.id).toBe((firstInstall as unknown as { id: string }).id);
		expect(library.dilemmas.map((d) => d.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(library.dilemmas.map((d) => d.lang)).toEqual(Array(20).fill(lang));
		expect(library.dilemmas.map((d) => [d.slug, d.title])).toEqual(expected.map((d) => [d.slug, d.title]));
		expect(library.dilemmas[0].body_md).toBe(expected[0].body);
	});

	it('the Dutch and English library list the same slugs with different texts', async () => {
		const visitor = as(db, { kind: 'anon' });
		const nl = await visitor.call('dilemma_library', { lang: 'nl' });
		const en = await visitor.call('dilemma_library', { lang: 'en' });
		expect(en.dilemmas.map((d) => d.slug)).toEqual(nl.dilemmas.map((d) => d.slug));
		expect(en.dilemmas[0].title).not.toBe(nl.dilemmas[0].title);
	});

	it('the visitor reads one built-in dilemma by slug in the requested language', async () => {
		const [third] = dilemmasInLanguage(builtin, 'en').filter((d) => d.number === 3);
		const { set, dilemma } = await as(db, { kind: 'anon' }).call('dilemma_detail', { slug: third.slug, lang: 'en' });
		expect(set).toMatchObject({ team_id: null, lang: 'en' });
		expect(dilemma).toMatchObject({ slug: third.slug, lang: 'en', number: 3, title: third.title, body_md: third.body });
	});

	it("a team set in English only is served in English when Dutch is asked (the set's first language)", async () => {
		const { team, facilitator, members } = await createTeam(db, 1, 'Wijkteam Engels');
		const imported = await importInto(db, facilitator, team.id, importableSet('en'), 'English only');
		await as(db, facilitator).call('activate_dilemma_set', { teamId: team.id, setId: imported.id });

		const library = await as(db, members[0]).call('dilemma_library', { lang: 'nl', teamId: team.id });
		expect(library.set).toMatchObject({ id: imported.id, team_id: team.id, languages: ['en'], lang: 'en' });
		expect(library.dilemmas).toHaveLength(20);
		expect(library.dilemmas.every((d) => d.lang === 'en')).toBe(true);
		expect(library.dilemmas[0].title).toBe('Test dilemma 1: do it yourself or hand over');

		const { dilemma } = await as(db, members[0]).call('dilemma_detail', {
			slug: slugFor(2),
			lang: 'nl',
			teamId: team.id
		});
		expect(dilemma).toMatchObject({ lang: 'en', number: 2 });
	});
});

// --- import_dilemma_set -----------------------------------------------------------------------------

describe.each(engines)('import_dilemma_set on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	let dutchSet: Importable;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		cast = await createCast(db);
		dutchSet = importableSet('nl');
	});
	afterAll(async () => {
		await db?.close();
	});

	const setsOfTeam = (teamId: string) => count(db, `select 1 from app.dilemma_sets where team_id = $1`, [teamId]);

	it('a facilitator imports a valid set into their team as version 1 with all its dilemmas', async () => {
		const result = await importInto(db, cast.facilitatorA, cast.teamA.id, dutchSet, '  Set van Noord  ');
		expect(result).toEqual({ id: expect.any(String), version: 1, created: true });

		const [set] = await asSuperuser(
			db,
			`select team_id, name, version, fingerprint, languages, created_by from app.dilemma_sets where id = $1`,
			[result.id]
		);
		expect(set).toEqual({
			team_id: cast.teamA.id,
			name: 'Set van Noord',
			version: 1,
			fingerprint: dutchSet.fingerprint,
			languages: ['nl'],
			created_by: cast.facilitatorA.userId
		});
		const rows = await asSuperuser(
			db,
			`select slug, lang, number, title, body_md, team_questions, reflection_questions
			 from app.dilemmas where set_id = $1 order by number`,
			[result.id]
		);
		expect(rows).toHaveLength(20);
		const first = dutchSet.dilemmas[0];
		expect(rows[0]).toEqual({
			slug: first.slug,
			lang: 'nl',
			number: 1,
			title: first.title,
			body_md: first.body,
			team_questions: first.team_questions,
			reflection_questions: first.reflection_questions
		});
	});

	it('a member of the team is refused with 403 facilitator_only and nothing is written', async () => {
		const before = await setsOfTeam(cast.teamA.id);
		const other = importableSet('nl', { editBody: (body) => `${body}\n\nDoor een lid.` });
		await expectDbError(importInto(db, cast.memberA, cast.teamA.id, other), 403, 'facilitator_only');
		expect(await setsOfTeam(cast.teamA.id)).toBe(before);
	});

	it.each<Who>(['memberB', 'facilitatorB', 'removed', 'anonymous'])(
		'%s cannot import into team A: 404 team_not_found, nothing written',
		async (who) => {
			const before = await setsOfTeam(cast.teamA.id);
			const other = importableSet('nl', { editBody: (body) => `${body}\n\nDoor ${who}.` });
			await expectDbError(importInto(db, cast[who], cast.teamA.id, other), 404, 'team_not_found');
			expect(await setsOfTeam(cast.teamA.id)).toBe(before);
		}
	);

	it('the visitor cannot import into team A: 403 forbidden (the function is not granted to anon)', async () => {
		const before = await setsOfTeam(cast.teamA.id);
		await expectDbError(importInto(db, cast.visitor, cast.teamA.id, dutchSet), 403, 'forbidden');
		expect(await setsOfTeam(cast.teamA.id)).toBe(before);
	});

	it.each<Who>(['facilitatorA', 'memberA', 'facilitatorB', 'memberB', 'removed', 'anonymous', 'visitor'])(
		'%s cannot import a built-in set (team_id null): 403 forbidden, nothing written',
		async (who) => {
			const before = await builtinSetIds(db);
			const other = importableSet('nl', { editBody: (body) => `${body}\n\nIngebouwd door ${who}.` });
			await expectDbError(importInto(db, cast[who], null, other), 403, 'forbidden');
			expect(await builtinSetIds(db)).toEqual(before);
		}
	);

	it('the server itself imports a new built-in version (team_id null)', async () => {
		const before = await builtinSetIds(db);
		const result = await importInto(db, serverItself, null, importableSet('nl', { editBody: (b) => `${b}\n\nNieuw.` }));
		expect(result).toEqual({ id: expect.any(String), version: before.length + 1, created: true });
		expect(await builtinSetIds(db)).toEqual([...before, result.id]);
		expect(await count(db, `select 1 from app.dilemmas where set_id = $1`, [result.id])).toBe(20);
	});

	it('re-importing the same content returns the existing set with created false', async () => {
		const { team, facilitator } = await createTeam(db, 0, 'Wijkteam Dubbel');
		const first = await importInto(db, facilitator, team.id, dutchSet);
		const second = await importInto(db, facilitator, team.id, dutchSet, 'Andere naam, zelfde inhoud');
		expect(first).toMatchObject({ version: 1, created: true });
		expect(second).toEqual({ id: first.id, version: 1, created: false });
		expect(await setsOfTeam(team.id)).toBe(1);
		expect(await count(db, `select 1 from app.dilemmas where set_id = $1`, [first.id])).toBe(20);
	});

	it('a changed text becomes version 2 with new dilemma rows; version 1 rows stay as they were', async () => {
		const { team, facilitator, members } = await createTeam(db, 1, 'Wijkteam Versies');
		const v1 = await importInto(db, facilitator, team.id, dutchSet);
		// The team works with version 1: what it answered points at these rows.
		await as(db, facilitator).call('activate_dilemma_set', { teamId: team.id, setId: v1.id });
		const snapshot = `select * from app.dilemmas where set_id = $1 order by number`;
		const v1Rows = await asSuperuser(db, snapshot, [v1.id]);

		const changed = importableSet('nl', {
			editBody: (body, { number }) => (number === 3 ? `${body}\n\nEen zin die er in versie 2 bij kwam.` : body)
		});
		expect(changed.fingerprint).not.toBe(dutchSet.fingerprint);
		const v2 = await importInto(db, facilitator, team.id, changed);
		expect(v2).toEqual({ id: expect.any(String), version: 2, created: true });
		expect(v2.id).not.toBe(v1.id);

		expect(await asSuperuser(db, snapshot, [v1.id])).toEqual(v1Rows);
		const v2Rows = await asSuperuser(db, snapshot, [v2.id]);
		expect(v2Rows).toHaveLength(20);
		const v1Ids = new Set(v1Rows.map((r) => r.id));
		expect(v2Rows.filter((r) => v1Ids.has(r.id))).toEqual([]);
		expect(v2Rows.map((r) => r.slug)).toEqual(v1Rows.map((r) => r.slug));
		expect(String(v2Rows[2].body_md)).toContain('Een zin die er in versie 2 bij kwam.');
		expect(String(v1Rows[2].body_md)).not.toContain('Een zin die er in versie 2 bij kwam.');

		// The team still reads (and points at) the words of version 1 until a facilitator switches.
		const { dilemma } = await as(db, members[0]).call('dilemma_detail', {
			slug: slugFor(3),
			lang: 'nl',
			teamId: team.id
		});
		expect(dilemma).toMatchObject({ id: v1Rows[2].id, body_md: v1Rows[2].body_md });
		const listed = await as(db, members[0]).call('team_dilemma_sets', { teamId: team.id });
		expect(listed.filter((s) => !s.builtin).map((s) => [s.version, s.active])).toEqual([
			[2, false],
			[1, true]
		]);
	});
});

// --- who can read a team's set ---------------------------------------------------------------------

describe.each(engines)("visibility of a team's dilemma set on %s", (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	let setA: string;
	let builtinId: string;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		[builtinId] = await builtinSetIds(db);
		cast = await createCast(db);
		setA = (await importInto(db, cast.facilitatorA, cast.teamA.id, importableSet('nl'), 'Set van Noord')).id;
		await as(db, cast.facilitatorA).call('activate_dilemma_set', { teamId: cast.teamA.id, setId: setA });
	});
	afterAll(async () => {
		await db?.close();
	});

	const selectSet = (actor: Actor) => sqlAs(db, actor, `select id, name from app.dilemma_sets where id = $1`, [setA]);
	const selectDilemmas = (actor: Actor) =>
		sqlAs(db, actor, `select id, slug from app.dilemmas where set_id = $1`, [setA]);

	it.each<Who>(['facilitatorA', 'memberA'])(
		"%s reads team A's set and its 20 dilemmas by direct select",
		async (who) => {
			const set = await selectSet(cast[who]);
			expect(set.error).toBeUndefined();
			expect(set.rows).toEqual([{ id: setA, name: 'Set van Noord' }]);
			const dilemmas = await selectDilemmas(cast[who]);
			expect(dilemmas.error).toBeUndefined();
			expect(dilemmas.rows).toHaveLength(20);
		}
	);

	it.each<Who>(['memberB', 'facilitatorB', 'removed', 'anonymous', 'visitor'])(
		"%s sees no row of team A's set or its dilemmas by direct select, but does see the built-in set",
		async (who) => {
			const set = await selectSet(cast[who]);
			expect(set.error).toBeUndefined();
			expect(set.rows).toEqual([]);
			const dilemmas = await selectDilemmas(cast[who]);
			expect(dilemmas.error).toBeUndefined();
			expect(dilemmas.rows).toEqual([]);
			const everything = await sqlAs(db, cast[who], `select id from app.dilemma_sets where team_id = $1`, [
				cast.teamA.id
			]);
			expect(everything.rows).toEqual([]);
			// Not an empty answer for another reason: the same person reads the public built-in set.
			const builtin = await sqlAs(db, cast[who], `select count(*)::int as n from app.dilemmas where set_id = $1`, [
				builtinId
			]);
			expect(builtin.rows).toEqual([{ n: 40 }]);
		}
	);

	it.each<Who>(['facilitatorA', 'memberA'])(
		"%s reads team A's library and a dilemma of it with team A's id",
		async (who) => {
			const library = await as(db, cast[who]).call('dilemma_library', { lang: 'nl', teamId: cast.teamA.id });
			expect(library.set).toMatchObject({ id: setA, team_id: cast.teamA.id, name: 'Set van Noord' });
			expect(library.dilemmas).toHaveLength(20);
			const { dilemma } = await as(db, cast[who]).call('dilemma_detail', {
				slug: slugFor(5),
				lang: 'nl',
				teamId: cast.teamA.id
			});
			expect(dilemma).toMatchObject({ slug: slugFor(5), number: 5 });
		}
	);

	it.each<Who>(['memberB', 'facilitatorB', 'removed', 'anonymous', 'visitor'])(
		"%s gets 404 team_not_found from dilemma_library and dilemma_detail with team A's id",
		async (who) => {
			const client = as(db, cast[who]);
			await expectDbError(client.call('dilemma_library', { lang: 'nl', teamId: cast.teamA.id }), 404, 'team_not_found');
			await expectDbError(
				client.call('dilemma_detail', { slug: slugFor(5), lang: 'nl', teamId: cast.teamA.id }),
				404,
				'team_not_found'
			);
		}
	);

	it('a member who is removed loses access to the set at once', async () => {
		const leaver = await createPerson(db, { name: 'Vertrekker' });
		await joinTeam(db, cast.facilitatorA, cast.teamA.id, leaver);
		expect((await selectSet(leaver)).rows).toHaveLength(1);
		expect((await selectDilemmas(leaver)).rows).toHaveLength(20);
		await as(db, leaver).call('dilemma_library', { lang: 'nl', teamId: cast.teamA.id });

		await as(db, cast.facilitatorA).call('remove_member', { teamId: cast.teamA.id, userId: leaver.userId });

		expect((await selectSet(leaver)).rows).toEqual([]);
		expect((await selectDilemmas(leaver)).rows).toEqual([]);
		await expectDbError(
			as(db, leaver).call('dilemma_library', { lang: 'nl', teamId: cast.teamA.id }),
			404,
			'team_not_found'
		);
		await expectDbError(
			as(db, leaver).call('dilemma_detail', { slug: slugFor(1), lang: 'nl', teamId: cast.teamA.id }),
			404,
			'team_not_found'
		);
	});
});

// --- direct writes -------------------------------------------------------------------------------

describe.each(engines)('direct writes to dilemma_sets and dilemmas on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	let setA: string;
	let setB: string;
	let builtinId: string;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		[builtinId] = await builtinSetIds(db);
		cast = await createCast(db);
		setA = (await importInto(db, cast.facilitatorA, cast.teamA.id, importableSet('nl'))).id;
		setB = (await importInto(db, cast.facilitatorB, cast.teamB.id, importableSet('nl'))).id;
	});
	afterAll(async () => {
		await db?.close();
	});

	const everything = () =>
		asSuperuser(
			db,
			`select s.id, s.name, s.version, s.team_id, count(d.id)::int as dilemmas,
			        string_agg(md5(d.title || d.body_md), ',' order by d.id) as texts
			 from app.dilemma_sets s left join app.dilemmas d on d.set_id = s.id
			 group by s.id order by s.id`
		);

	it("team A's facilitator may insert a set for team A and a dilemma into team A's set directly", async () => {
		const set = await sqlAs(db, cast.facilitatorA, insertSetSql, [cast.teamA.id, randomFingerprint()]);
		expect(set.error).toBeUndefined();
		expect(set.rowCount).toBe(1);
		const dilemma = await sqlAs(db, cast.facilitatorA, insertDilemmaSql, [setA, 'rechtstreeks-50', 50]);
		expect(dilemma.error).toBeUndefined();
		expect(dilemma.rowCount).toBe(1);
		expect(await count(db, `select 1 from app.dilemmas where set_id = $1 and number = 50`, [setA])).toBe(1);
	});

	it.each<Who>(['memberA', 'facilitatorB', 'memberB', 'removed', 'anonymous'])(
		'%s cannot insert a set for team A: 42501 row-level security',
		async (who) => {
			const outcome = await sqlAs(db, cast[who], insertSetSql, [cast.teamA.id, randomFingerprint()]);
			expectSqlError(outcome, '42501', rlsViolation);
		}
	);

	it.each<Who>(['memberA', 'facilitatorB', 'memberB', 'removed', 'anonymous'])(
		"%s cannot insert a dilemma into team A's set: 42501 row-level security",
		async (who) => {
			const outcome = await sqlAs(db, cast[who], insertDilemmaSql, [setA, 'rechtstreeks-51', 51]);
			expectSqlError(outcome, '42501', rlsViolation);
		}
	);

	it("team A's facilitator cannot insert a built-in set, a set for team B, or a set in someone else's name", async () => {
		expectSqlError(
			await sqlAs(db, cast.facilitatorA, insertSetSql, [null, randomFingerprint()]),
			'42501',
			rlsViolation
		);
		expectSqlError(
			await sqlAs(db, cast.facilitatorA, insertSetSql, [cast.teamB.id, randomFingerprint()]),
			'42501',
			rlsViolation
		);
		const asSomeoneElse = await sqlAs(
			db,
			cast.facilitatorA,
			`insert into app.dilemma_sets (team_id, name, version, fingerprint, languages, created_by)
			 values ($1, 'Namens een ander', 8, $2, array['nl'], $3)`,
			[cast.teamA.id, randomFingerprint(), cast.memberA.userId]
		);
		expectSqlError(asSomeoneElse, '42501', rlsViolation);
	});

	it("team A's facilitator cannot insert dilemmas into the built-in set or team B's set", async () => {
		expectSqlError(
			await sqlAs(db, cast.facilitatorA, insertDilemmaSql, [builtinId, 'rechtstreeks-52', 52]),
			'42501',
			rlsViolation
		);
		expectSqlError(
			await sqlAs(db, cast.facilitatorA, insertDilemmaSql, [setB, 'rechtstreeks-53', 53]),
			'42501',
			rlsViolation
		);
	});

	it('the visitor holds no insert privilege on either table', async () => {
		expectSqlError(
			await sqlAs(db, cast.visitor, insertSetSql, [null, randomFingerprint()]),
			'42501',
			permissionDenied('dilemma_sets')
		);
		expectSqlError(
			await sqlAs(db, cast.visitor, insertDilemmaSql, [builtinId, 'rechtstreeks-54', 54]),
			'42501',
			permissionDenied('dilemmas')
		);
	});

	const writers: Who[] = ['facilitatorA', 'memberA', 'facilitatorB', 'anonymous', 'visitor'];

	it.each(writers)('%s cannot update any set or dilemma: permission denied (no update privilege)', async (who) => {
		const before = await everything();
		for (const id of [setA, builtinId]) {
			expectSqlError(
				await sqlAs(db, cast[who], `update app.dilemma_sets set name = 'Overschreven' where id = $1`, [id]),
				'42501',
				permissionDenied('dilemma_sets')
			);
			expectSqlError(
				await sqlAs(db, cast[who], `update app.dilemmas set title = 'Overschreven titel' where set_id = $1`, [id]),
				'42501',
				permissionDenied('dilemmas')
			);
		}
		expect(await everything()).toEqual(before);
	});

	it.each(writers)('%s cannot delete any set or dilemma: permission denied (no delete privilege)', async (who) => {
		const before = await everything();
		for (const id of [setA, builtinId]) {
			expectSqlError(
				await sqlAs(db, cast[who], `delete from app.dilemmas where set_id = $1`, [id]),
				'42501',
				permissionDenied('dilemmas')
			);
			expectSqlError(
				await sqlAs(db, cast[who], `delete from app.dilemma_sets where id = $1`, [id]),
				'42501',
				permissionDenied('dilemma_sets')
			);
		}
		expect(await everything()).toEqual(before);
	});

	it('not even the service role may update or delete sets or dilemmas', async () => {
		const before = await everything();
		for (const [sql, table] of [
			[`update app.dilemma_sets set name = 'Overschreven' where id = $1`, 'dilemma_sets'],
			[`update app.dilemmas set title = 'Overschreven titel' where set_id = $1`, 'dilemmas'],
			[`delete from app.dilemmas where set_id = $1`, 'dilemmas'],
			[`delete from app.dilemma_sets where id = $1`, 'dilemma_sets']
		] as const) {
			expectSqlError(await sqlAsServiceRole(db, sql, [builtinId]), '42501', permissionDenied(table));
		}
		expect(await everything()).toEqual(before);
	});
});

// --- activate_dilemma_set and team_dilemma_sets ----------------------------------------------------

describe.each(engines)('activate_dilemma_set and team_dilemma_sets on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	let setA: string;
	let setB: string;
	let builtinId: string;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		[builtinId] = await builtinSetIds(db);
		cast = await createCast(db);
		setA = (await importInto(db, cast.facilitatorA, cast.teamA.id, importableSet('nl'), 'Set van Noord')).id;
		setB = (await importInto(db, cast.facilitatorB, cast.teamB.id, importableSet('en'), 'Set van Zuid')).id;
	});
	afterAll(async () => {
		await db?.close();
	});

	const activeOf = async (actor: Actor, teamId: string) => {
		const sets = await as(db, actor).call('team_dilemma_sets', { teamId });
		return { sets, active: sets.filter((s) => s.active).map((s) => s.id) };
	};

	it('a team that chose nothing works with the built-in set, and team_dilemma_sets marks only that one', async () => {
		const { team, facilitator } = await createTeam(db, 0, 'Wijkteam Nieuw');
		const own = await importInto(db, facilitator, team.id, importableSet('nl'));
		const { sets, active } = await activeOf(facilitator, team.id);
		expect(sets.map((s) => [s.id, s.builtin, s.dilemma_count])).toEqual([
			[builtinId, true, 20],
			[own.id, false, 20]
		]);
		expect(active).toEqual([builtinId]);
		const library = await as(db, facilitator).call('dilemma_library', { lang: 'nl', teamId: team.id });
		expect(library.set.id).toBe(builtinId);
	});

	it("a facilitator activates their team's own set: stored on the team, followed by the library, the only one marked active", async () => {
		await as(db, cast.facilitatorA).call('activate_dilemma_set', { teamId: cast.teamA.id, setId: setA });
		expect(await activeSetIdOf(db, cast.teamA.id)).toBe(setA);
		const { sets, active } = await activeOf(cast.memberA, cast.teamA.id);
		expect(sets.map((s) => s.id).sort()).toEqual([builtinId, setA].sort());
		expect(active).toEqual([setA]);
		const library = await as(db, cast.memberA).call('dilemma_library', { lang: 'nl', teamId: cast.teamA.id });
		expect(library.set).toMatchObject({ id: setA, name: 'Set van Noord' });
	});

	it("team B's set is 404 dilemma_set_not_found for team A's facilitator, and so is an unknown id", async () => {
		const before = await activeSetIdOf(db, cast.teamA.id);
		const client = as(db, cast.facilitatorA);
		await expectDbError(
			client.call('activate_dilemma_set', { teamId: cast.teamA.id, setId: setB }),
			404,
			'dilemma_set_not_found'
		);
		await expectDbError(
			client.call('activate_dilemma_set', { teamId: cast.teamA.id, setId: randomUUID() }),
			404,
			'dilemma_set_not_found'
		);
		expect(await activeSetIdOf(db, cast.teamA.id)).toBe(before);
	});

	it('a member cannot choose the set: 403 facilitator_only, for their own set and the built-in one', async () => {
		const before = await activeSetIdOf(db, cast.teamA.id);
		for (const setId of [setA, builtinId]) {
			await expectDbError(
				as(db, cast.memberA).call('activate_dilemma_set', { teamId: cast.teamA.id, setId }),
				403,
				'facilitator_only'
			);
		}
		expect(await activeSetIdOf(db, cast.teamA.id)).toBe(before);
	});

	it.each<[Who, 403 | 404, string]>([
		['facilitatorB', 404, 'team_not_found'],
		['memberB', 404, 'team_not_found'],
		['removed', 404, 'team_not_found'],
		['anonymous', 404, 'team_not_found'],
		['visitor', 403, 'forbidden']
	])("%s cannot choose team A's set (%i %s) nor list team A's sets", async (who, status, key) => {
		const before = await activeSetIdOf(db, cast.teamA.id);
		await expectDbError(
			as(db, cast[who]).call('activate_dilemma_set', { teamId: cast.teamA.id, setId: builtinId }),
			status,
			key
		);
		await expectDbError(as(db, cast[who]).call('team_dilemma_sets', { teamId: cast.teamA.id }), status, key);
		expect(await activeSetIdOf(db, cast.teamA.id)).toBe(before);
	});

	it("team_dilemma_sets lists a team's own sets and the built-in one, never another team's", async () => {
		const { sets } = await activeOf(cast.facilitatorB, cast.teamB.id);
		expect(sets.map((s) => s.id).sort()).toEqual([builtinId, setB].sort());
		expect(sets.find((s) => s.id === setB)).toMatchObject({ name: 'Set van Zuid', builtin: false, languages: ['en'] });
	});

	// Last in this block: it installs a second built-in version.
	it('choosing the built-in set stores null, so the team follows the next built-in version', async () => {
		await as(db, cast.facilitatorA).call('activate_dilemma_set', { teamId: cast.teamA.id, setId: setA });
		await as(db, cast.facilitatorA).call('activate_dilemma_set', { teamId: cast.teamA.id, setId: builtinId });
		expect(await activeSetIdOf(db, cast.teamA.id)).toBeNull();
		expect((await activeOf(cast.memberA, cast.teamA.id)).active).toEqual([builtinId]);

		const next = await importInto(
			db,
			serverItself,
			null,
			importableSet('nl', { editBody: (b) => `${b}\n\nVersie 2.` })
		);
		expect(next).toMatchObject({ version: 2, created: true });

		const library = await as(db, cast.memberA).call('dilemma_library', { lang: 'nl', teamId: cast.teamA.id });
		expect(library.set).toMatchObject({ id: next.id, version: 2, team_id: null });
		const { sets, active } = await activeOf(cast.memberA, cast.teamA.id);
		expect(active).toEqual([next.id]);
		// Only the newest built-in version is on offer next to the team's own set.
		expect(sets.map((s) => s.id).sort()).toEqual([next.id, setA].sort());
		// Team B chose nothing either, and follows too.
		const libraryB = await as(db, cast.memberB).call('dilemma_library', { lang: 'nl', teamId: cast.teamB.id });
		expect(libraryB.set.id).toBe(next.id);
	});
});

// --- bad input -------------------------------------------------------------------------------------

describe.each(engines)('bad input to dilemma_library and dilemma_detail on %s', (_engine, open) => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
	});
	afterAll(async () => {
		await db?.close();
	});

	/** The DbError a call rejects with, and whether the call reached the SQL backend. */
	async function refusal(call: () => Promise<unknown>) {
		const rpc = vi.spyOn(db.backend, 'rpc');
		try {
			const error = await call().then(
				() => undefined,
				(e: unknown) => e
			);
			expect(error, 'expected the call to fail').toBeInstanceOf(DbError);
			return { error: error as DbError, reachedSql: rpc.mock.calls.length > 0 };
		} finally {
			rpc.mockRestore();
		}
	}

	const malformedSlugs = ['Hoofdletters', 'twee--streepjes', '-begint-met-streepje', 'x'.repeat(61), '../etc/passwd'];

	it.each(malformedSlugs)(
		'a malformed slug (%s) is refused by the schema with dilemma_not_found, before any SQL',
		async (slug) => {
			const { error, reachedSql } = await refusal(() =>
				as(db, { kind: 'anon' }).call('dilemma_detail', { slug, lang: 'nl' })
			);
			expect(reachedSql).toBe(false);
			const issues = error.details as { path: PropertyKey[]; message: string }[];
			expect(issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(['slug', 'dilemma_not_found']);
		}
	);

	// DbClient.call keeps a schema's own refusal key, and "not found" keys answer 404.
	it('a malformed slug is answered 404 dilemma_not_found, like an unknown one', async () => {
		await expectDbError(
			as(db, { kind: 'anon' }).call('dilemma_detail', { slug: 'Hoofdletters', lang: 'nl' }),
			404,
			'dilemma_not_found'
		);
	});

	it('an unknown but well-formed slug is 404 dilemma_not_found from SQL', async () => {
		const { error, reachedSql } = await refusal(() =>
			as(db, { kind: 'anon' }).call('dilemma_detail', { slug: 'bestaat-niet', lang: 'nl' })
		);
		expect(reachedSql).toBe(true);
		expect({ status: error.status, key: error.key }).toEqual({ status: 404, key: 'dilemma_not_found' });
	});

	it("a slug of the built-in set is 404 dilemma_not_found in a team's own set that lacks it", async () => {
		const { team, facilitator, members } = await createTeam(db, 1, 'Wijkteam Eigen');
		const own = await importInto(db, facilitator, team.id, importableSet('nl'));
		await as(db, facilitator).call('activate_dilemma_set', { teamId: team.id, setId: own.id });
		const builtinSlug = dilemmasInLanguage(loadBuiltinDilemmaSet(), 'nl')[0].slug;
		await expectDbError(
			as(db, members[0]).call('dilemma_detail', { slug: builtinSlug, lang: 'nl', teamId: team.id }),
			404,
			'dilemma_not_found'
		);
	});

	it.each(['de', 'NL', ''])(
		'a language other than nl or en (%j) is 400 invalid_locale in the schema, before any SQL',
		async (lang) => {
			for (const call of [
				() => as(db, { kind: 'anon' }).call('dilemma_library', { lang: lang as 'nl' }),
				() => as(db, { kind: 'anon' }).call('dilemma_detail', { slug: slugFor(1), lang: lang as 'nl' })
			]) {
				const { error, reachedSql } = await refusal(call);
				expect(reachedSql).toBe(false);
				expect({ status: error.status, key: error.key }).toEqual({ status: 400, key: 'invalid_locale' });
			}
		}
	);

	it.each(['de', 'NL', null])(
		'the SQL functions themselves refuse a language other than nl or en (%j): 400 invalid_locale',
		async (lang) => {
			const slug = dilemmasInLanguage(loadBuiltinDilemmaSet(), 'nl')[0].slug;
			await expectDbError(rawCall(db, { kind: 'anon' }, 'dilemma_library', { p_lang: lang }), 400, 'invalid_locale');
			await expectDbError(
				rawCall(db, { kind: 'anon' }, 'dilemma_detail', { p_slug: slug, p_lang: lang }),
				400,
				'invalid_locale'
			);
		}
	);
});

// --- import_and_activate_dilemma_set (migration 20261205020000) --------------------------------

describe.each(engines)('import_and_activate_dilemma_set on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		cast = await createCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const activeSet = async (teamId: string) =>
		(await asSuperuser(db, `select active_set_id from app.teams where id = $1`, [teamId]))[0].active_set_id;
	const setsOfTeam = (teamId: string) => count(db, `select 1 from app.dilemma_sets where team_id = $1`, [teamId]);

	it('a facilitator imports a set and the team works with it, in one call', async () => {
		expect(await activeSet(cast.teamA.id)).toBeNull();
		const set = importableSet('nl', { editBody: (body) => `${body}\n\nIn één keer.` });
		const result = await as(db, cast.facilitatorA).call('import_and_activate_dilemma_set', {
			teamId: cast.teamA.id,
			name: 'Set in gebruik',
			...set
		});
		expect(result).toEqual({ id: expect.any(String), version: expect.any(Number), created: true });
		expect(await activeSet(cast.teamA.id)).toBe(result.id);
	});

	it.each<Who>(['memberA', 'facilitatorB', 'anonymous', 'visitor'])(
		'%s is refused and nothing changes: no set written, the active set stays',
		async (who) => {
			const before = { sets: await setsOfTeam(cast.teamA.id), active: await activeSet(cast.teamA.id) };
			const set = importableSet('nl', { editBody: (body) => `${body}\n\nDoor ${who}.` });
			await expect(
				as(db, cast[who]).call('import_and_activate_dilemma_set', {
					teamId: cast.teamA.id,
					name: 'Niet van jou',
					...set
				})
			).rejects.toBeInstanceOf(DbError);
			expect({ sets: await setsOfTeam(cast.teamA.id), active: await activeSet(cast.teamA.id) }).toEqual(before);
		}
	);

	it('an import that fails half-way takes nothing into use and leaves no set behind', async () => {
		const before = { sets: await setsOfTeam(cast.teamA.id), active: await activeSet(cast.teamA.id) };
		const set = importableSet('nl', { editBody: (body) => `${body}\n\nHalf.` });
		// Two rows with the same slug and language: the second insert breaks the unique key after
		// the set row was written, so the whole call must roll back.
		const broken = { ...set, dilemmas: [...set.dilemmas, set.dilemmas[0]] };
		await expect(
			as(db, cast.facilitatorA).call('import_and_activate_dilemma_set', {
				teamId: cast.teamA.id,
				name: 'Kapot',
				...broken
			})
		).rejects.toBeInstanceOf(DbError);
		expect({ sets: await setsOfTeam(cast.teamA.id), active: await activeSet(cast.teamA.id) }).toEqual(before);
	});
});
