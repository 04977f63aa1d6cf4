import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DbClient, serverItself, type Actor } from '$lib/server/db/port';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
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
import { as, createPerson, joinTeam } from './factories';
import { builtinSlugs, createSessionCast, setPhase, type SessionCast, type Who } from './sessions-cast';

// The reflection journal (migration 20261123160000): saving with versions and idempotent
// autosave, privacy of entries through every path (table, each function, the export, the team's
// pages), sharing with a team and taking it back.

const slugA = builtinSlugs[0];
const slugB = builtinSlugs[1];

/** One statement as the service role (Supabase's service_role, which bypasses RLS). */
async function sqlAsService(db: TestDatabase, sql: string, params: unknown[] = []): Promise<SqlOutcome> {
	try {
		return await db.transaction(async (query) => {
			await query(`set local role service_role`);
			await query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'service_role' })]);
			return await query(sql, params);
		});
	} catch (error) {
		const { code, message } = error as { code?: unknown; message?: unknown };
		if (typeof code !== 'string') throw error;
		return { rows: [], rowCount: 0, error: { code, message: String(message) } };
	}
}

const rowOf = async (db: TestDatabase, id: string) =>
	(await asSuperuser(db, `select * from app.reflections where id = $1`, [id]))[0];
const allRows = (db: TestDatabase) => asSuperuser(db, `select * from app.reflections order by id`);

interface Draft {
	id?: string;
	slug?: string;
	bodyMd?: string;
	value?: number | null;
	desired?: number | null;
	isDraft?: boolean;
	expectedVersion?: number;
}

function saver(db: TestDatabase) {
	return (who: Actor, d: Draft = {}) =>
		as(db, who).call('save_reflection', {
			id: d.id ?? randomUUID(),
			dilemmaSlug: d.slug ?? slugA,
			bodyMd: d.bodyMd ?? '',
			value: d.value === undefined ? null : d.value,
			desired: d.desired === undefined ? null : d.desired,
			isDraft: d.isDraft ?? true,
			expectedVersion: d.expectedVersion ?? 0
		});
}

// --- saving and autosaving --------------------------------------------------------------------------

describe.each(engines)('saving reflections on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let builtinSetId: string;
	let save: ReturnType<typeof saver>;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db);
		save = saver(db);
		[{ id: builtinSetId }] = (await asSuperuser(db, `select id from app.dilemma_sets where team_id is null`)) as {
			id: string;
		}[];
	});
	afterAll(async () => {
		await db?.close();
	});

	it('a member creates an entry: version 1, a draft of their own on the newest built-in set', async () => {
		const id = randomUUID();
		const saved = await save(c.memberA, { id, bodyMd: 'Eerste gedachte', value: 40, desired: 60 });
		expect(saved).toEqual({
			id,
			dilemma_slug: slugA,
			set_id: builtinSetId,
			body_md: 'Eerste gedachte',
			value: 40,
			desired: 60,
			is_draft: true,
			shared_with_team_id: null,
			shared_team_name: null,
			shared_at: null,
			version: 1,
			created_at: expect.any(String),
			updated_at: expect.any(String)
		});
		const row = await rowOf(db, id);
		expect({ author: row.author_id, version: row.version, set: row.set_id }).toEqual({
			author: c.memberA.userId,
			version: 1,
			set: builtinSetId
		});
	});

	it('autosaving the same draft again changes nothing: same version, same row, even five at once', async () => {
		const id = randomUUID();
		const first = await save(c.memberA, { id, bodyMd: 'Zelfde tekst', value: 10 });
		const before = await rowOf(db, id);
		const again = await Promise.all(
			Array.from({ length: 5 }, () => save(c.memberA, { id, bodyMd: 'Zelfde tekst', value: 10, expectedVersion: 1 }))
		);
		expect(again).toEqual(Array(5).fill(first));
		// A retry that still thinks the entry is new (version 0) is the same save, not a conflict.
		expect(await save(c.memberA, { id, bodyMd: 'Zelfde tekst', value: 10, expectedVersion: 0 })).toEqual(first);
		expect(await rowOf(db, id)).toEqual(before);
	});

	it('the first save sent five times at once makes one entry', async () => {
		const id = randomUUID();
		const answers = await Promise.all(
			Array.from({ length: 5 }, () => save(c.memberA, { id, bodyMd: 'Snel verzonden' }))
		);
		expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
		expect(answers[0].version).toBe(1);
		const rows = await asSuperuser(db, `select count(*)::int as n from app.reflections where id = $1`, [id]);
		expect(rows[0].n).toBe(1);
	});

	it('a change based on the current version is the next version; based on an older one it is 409 reflection_conflict', async () => {
		const id = randomUUID();
		await save(c.memberA, { id, bodyMd: 'v1' });
		const v2 = await save(c.memberA, { id, bodyMd: 'v2 uit tab A', expectedVersion: 1 });
		expect(v2).toMatchObject({ body_md: 'v2 uit tab A', version: 2 });
		const row = await rowOf(db, id);
		// Tab B still has version 1 and typed something else.
		await expectDbError(
			save(c.memberA, { id, bodyMd: 'v2 uit tab B', expectedVersion: 1 }),
			409,
			'reflection_conflict'
		);
		expect(await rowOf(db, id)).toEqual(row);
		const v3 = await save(c.memberA, { id, bodyMd: 'v3', value: 70, isDraft: false, expectedVersion: 2 });
		expect(v3).toMatchObject({ body_md: 'v3', value: 70, is_draft: false, version: 3 });
		expect(new Date(v3.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(v3.created_at).getTime());
		// A version from the future is a conflict too.
		await expectDbError(save(c.memberA, { id, bodyMd: 'v?', expectedVersion: 7 }), 409, 'reflection_conflict');
	});

	it('an autosave of an entry deleted meanwhile does not bring it back: 404 reflection_not_found', async () => {
		const id = randomUUID();
		await save(c.memberA, { id, bodyMd: 'weg ermee' });
		await as(db, c.memberA).call('delete_reflection', { reflectionId: id });
		await expectDbError(
			save(c.memberA, { id, bodyMd: 'nog aan het typen', expectedVersion: 1 }),
			404,
			'reflection_not_found'
		);
		expect(await rowOf(db, id)).toBeUndefined();
	});

	it.each<Who>(['bystanderA', 'facilitatorA', 'memberB'])(
		"%s cannot overwrite someone else's entry by its id: 404 reflection_not_found, the entry unchanged",
		async (who) => {
			const id = randomUUID();
			await save(c.memberA, { id, bodyMd: 'van mij' });
			const row = await rowOf(db, id);
			await expectDbError(
				save(c[who], { id, bodyMd: 'overschreven', expectedVersion: 0 }),
				404,
				'reflection_not_found'
			);
			await expectDbError(
				save(c[who], { id, bodyMd: 'overschreven', expectedVersion: 1 }),
				404,
				'reflection_not_found'
			);
			expect(await rowOf(db, id)).toEqual(row);
		}
	);

	it('the dilemma of an entry is fixed: saving it under another slug is 400 invalid_input', async () => {
		const id = randomUUID();
		await save(c.memberA, { id, bodyMd: 'over A' });
		await expectDbError(
			save(c.memberA, { id, slug: slugB, bodyMd: 'over B', expectedVersion: 1 }),
			400,
			'invalid_input'
		);
		expect((await rowOf(db, id)).dilemma_slug).toBe(slugA);
	});

	it('an unknown dilemma is 404 dilemma_not_found, an unknown set 404 dilemma_set_not_found; nothing is written', async () => {
		const before = await allRows(db);
		await expectDbError(save(c.memberA, { slug: 'bestaat-niet-hier' }), 404, 'dilemma_not_found');
		await expectDbError(
			as(db, c.memberA).call('save_reflection', {
				id: randomUUID(),
				dilemmaSlug: slugA,
				bodyMd: '',
				value: null,
				desired: null,
				isDraft: true,
				expectedVersion: 0,
				setId: randomUUID()
			}),
			404,
			'dilemma_set_not_found'
		);
		expect(await allRows(db)).toEqual(before);
	});

	it('a saved (not draft) entry needs text or a position: 400 reflection_empty; an empty draft is fine', async () => {
		await expectDbError(save(c.memberA, { bodyMd: '   ', isDraft: false }), 400, 'reflection_empty');
		expect(await save(c.memberA, { bodyMd: '', isDraft: true })).toMatchObject({ is_draft: true, version: 1 });
		expect(await save(c.memberA, { bodyMd: '', value: 55, isDraft: false })).toMatchObject({
			is_draft: false,
			value: 55
		});
	});

	it('the app refuses a text over 20,000 characters before any SQL: 400 reflection_too_long', async () => {
		const rpc = vi.spyOn(db.backend, 'rpc');
		try {
			await expectDbError(save(c.memberA, { bodyMd: 'x'.repeat(20001) }), 400, 'reflection_too_long');
			expect(rpc).not.toHaveBeenCalled();
		} finally {
			rpc.mockRestore();
		}
		expect(await save(c.memberA, { bodyMd: 'x'.repeat(20000) })).toMatchObject({ version: 1 });
	});

	it.each([
		['a text over 20,000 characters', { p_body_md: 'x'.repeat(20001) }, 'reflection_too_long'],
		['value 101', { p_value: 101 }, 'position_out_of_range'],
		['desired -1', { p_desired: -1 }, 'position_out_of_range'],
		['no draft flag', { p_is_draft: null }, 'invalid_input'],
		['a negative version', { p_expected_version: -1 }, 'invalid_input']
	])('the SQL function itself refuses %s: 400 %s, nothing written', async (_what, override, key) => {
		const before = await allRows(db);
		await expectDbError(
			rawCall(db, c.memberA, 'save_reflection', {
				p_id: randomUUID(),
				p_dilemma_slug: slugA,
				p_body_md: 'tekst',
				p_value: 50,
				p_desired: null,
				p_is_draft: true,
				p_expected_version: 0,
				...override
			}),
			400,
			key
		);
		expect(await allRows(db)).toEqual(before);
	});

	it('an anonymous participant keeps no journal: 403 account_required; the visitor and the service role: 403 forbidden', async () => {
		const before = await allRows(db);
		await expectDbError(save(c.anonymous, { bodyMd: 'anoniem' }), 403, 'account_required');
		await expectDbError(save(c.visitor, { bodyMd: 'bezoeker' }), 403, 'forbidden');
		await expectDbError(save(serverItself, { bodyMd: 'server' }), 403, 'forbidden');
		expect(await allRows(db)).toEqual(before);
	});

	it('delete_reflection: only the author; a second time, or by someone else, 404 reflection_not_found', async () => {
		const id = randomUUID();
		await save(c.memberA, { id, bodyMd: 'kort leven' });
		for (const who of ['facilitatorA', 'bystanderA', 'memberB'] as const) {
			await expectDbError(as(db, c[who]).call('delete_reflection', { reflectionId: id }), 404, 'reflection_not_found');
		}
		expect(await rowOf(db, id)).toBeDefined();
		expect(await as(db, c.memberA).call('delete_reflection', { reflectionId: id })).toBeNull();
		expect(await rowOf(db, id)).toBeUndefined();
		await expectDbError(as(db, c.memberA).call('delete_reflection', { reflectionId: id }), 404, 'reflection_not_found');
	});
});

// --- privacy -----------------------------------------------------------------------------------------

describe.each(engines)('privacy of reflections on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let save: ReturnType<typeof saver>;
	const marker = {
		private: `PRIVE-${randomUUID()}`,
		draft: `CONCEPT-${randomUUID()}`,
		shared: `GEDEELD-${randomUUID()}`
	};
	const ids = { private: randomUUID(), draft: randomUUID(), shared: randomUUID() };
	const allMarkers = Object.values(marker);

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db, { askDesired: true });
		save = saver(db);
		await save(c.memberA, { id: ids.private, bodyMd: marker.private, value: 20, desired: 30, isDraft: false });
		await save(c.memberA, { id: ids.draft, bodyMd: marker.draft, value: 25, isDraft: true });
		await save(c.memberA, { id: ids.shared, bodyMd: marker.shared, value: 35, isDraft: false });
		await as(db, c.memberA).call('share_reflection', { reflectionId: ids.shared, teamId: c.teamA.id });
		// Round 1 revealed with memberA's position in it, so the team's pages have something to show.
		await setPhase(db, c, 1, 'position');
		await as(db, c.memberA).call('cast_position', { roundId: c.rounds[0].id, value: 20, desired: 30 });
		await as(db, c.anonymous).call('cast_position', { roundId: c.rounds[0].id, value: 80, desired: null });
		await as(db, c.guestB).call('cast_position', { roundId: c.rounds[0].id, value: 55, desired: null });
		await setPhase(db, c, 1, 'reveal');
	});
	afterAll(async () => {
		await db?.close();
	});

	const others: Who[] = ['facilitatorA', 'bystanderA', 'memberB', 'facilitatorB', 'guestB', 'removed', 'anonymous'];
	const teamA: Who[] = ['facilitatorA', 'bystanderA'];
	const notInTeamA: Who[] = ['memberB', 'facilitatorB', 'guestB', 'removed', 'anonymous'];
	const expectNoMarker = (value: unknown, markers = allMarkers) => {
		const text = JSON.stringify(value);
		for (const m of markers) expect(text).not.toContain(m);
	};

	it('the author reads all three entries, directly and through my_reflections', async () => {
		const direct = await sqlAs(db, c.memberA, `select id from app.reflections order by id`);
		expect(direct.rows.map((r) => r.id)).toEqual(Object.values(ids).sort());
		const mine = await as(db, c.memberA).call('my_reflections', {});
		expect(mine.map((r) => r.body_md).sort()).toEqual([...allMarkers].sort());
		expect(await as(db, c.memberA).call('my_reflections', { dilemmaSlug: slugB })).toEqual([]);
	});

	it.each<Who>(others)('%s reads no entry by selecting the table, not even by id', async (who) => {
		expect(await allRows(db)).toHaveLength(3);
		const all = await sqlAs(db, c[who], `select id, body_md from app.reflections`);
		expect(all.error).toBeUndefined();
		expect(all.rows).toEqual([]);
		const byId = await sqlAs(db, c[who], `select body_md from app.reflections where id = any($1::uuid[])`, [
			Object.values(ids)
		]);
		expect(byId.rows).toEqual([]);
	});

	it.each<Who>(others)('%s changes and deletes nothing directly: 0 rows', async (who) => {
		const before = await allRows(db);
		const update = await sqlAs(db, c[who], `update app.reflections set body_md = 'gekaapt', is_draft = false`);
		expect(update.error).toBeUndefined();
		expect(update.rowCount).toBe(0);
		const del = await sqlAs(db, c[who], `delete from app.reflections`);
		expect(del.error).toBeUndefined();
		expect(del.rowCount).toBe(0);
		expect(await allRows(db)).toEqual(before);
	});

	it.each<Who>(['facilitatorA', 'bystanderA', 'memberB'])(
		"%s cannot write an entry in the author's name",
		async (who) => {
			const before = await allRows(db);
			const outcome = await sqlAs(
				db,
				c[who],
				`insert into app.reflections (author_id, dilemma_slug, body_md, is_draft) values ($1, $2, 'ondergeschoven', false)`,
				[c.memberA.userId, slugA]
			);
			expectSqlError(outcome, '42501', rlsViolation);
			expect(await allRows(db)).toEqual(before);
		}
	);

	it.each<Who>(others)('%s finds none of the entries in my_reflections, my_history or my_data_export', async (who) => {
		expect(await as(db, c[who]).call('my_reflections', {})).toEqual([]);
		const history = await as(db, c[who]).call('my_history', { dilemmaSlug: slugA });
		expect(history.filter((item) => item.kind === 'reflection')).toEqual([]);
		expectNoMarker(history);
		const exported = await as(db, c[who]).call('my_data_export', {});
		expect(exported.reflections).toEqual([]);
		expectNoMarker(exported);
		expect(JSON.stringify(exported)).not.toContain(c.memberA.userId);
	});

	it.each<Who>(teamA)(
		'%s, in team A, reads only the shared entry on the team page, with the author’s name',
		async (who) => {
			const shared = await as(db, c[who]).call('team_shared_reflections', { teamId: c.teamA.id, dilemmaSlug: slugA });
			expect(shared).toEqual([
				{
					id: ids.shared,
					dilemma_slug: slugA,
					author_name: 'Lid 1',
					mine: false,
					body_md: marker.shared,
					value: 35,
					desired: null,
					shared_at: expect.any(String),
					created_at: expect.any(String),
					updated_at: expect.any(String)
				}
			]);
			expect(await as(db, c[who]).call('team_shared_reflections', { teamId: c.teamA.id, dilemmaSlug: slugB })).toEqual(
				[]
			);
		}
	);

	it.each<Who>(notInTeamA)("%s, not in team A, gets 404 team_not_found for team A's shared entries", async (who) => {
		await expectDbError(
			as(db, c[who]).call('team_shared_reflections', { teamId: c.teamA.id, dilemmaSlug: slugA }),
			404,
			'team_not_found'
		);
	});

	it.each<Who>(notInTeamA)('%s gets nothing from the definer helper either, called directly', async (who) => {
		const outcome = await sqlAs(db, c[who], `select private.shared_reflections($1, $2) as entries`, [
			c.teamA.id,
			slugA
		]);
		expect(outcome.error).toBeUndefined();
		expect(outcome.rows).toEqual([{ entries: [] }]);
	});

	it.each<Who>(teamA)(
		"%s finds no entry in any of the team's pages (overview, sessions, report, trend, profile)",
		async (who) => {
			const me = as(db, c[who]);
			const pages = await Promise.all([
				me.call('team_overview', { teamId: c.teamA.id }),
				me.call('team_sessions', { teamId: c.teamA.id }),
				me.call('session_state', { sessionId: c.session.id, lang: 'nl' }),
				me.call('session_report', { sessionId: c.session.id, lang: 'nl' }),
				me.call('team_trend', { teamId: c.teamA.id, dilemmaSlug: slugA }),
				me.call('team_profile', { teamId: c.teamA.id, sessionId: c.session.id, lang: 'nl' }),
				me.call('compare_sessions', { teamId: c.teamA.id, sessionA: c.session.id, sessionB: c.session.id, lang: 'nl' })
			]);
			// The pages are not empty: the revealed round is there (so the check is not vacuous).
			expect(pages[4]).toHaveLength(1);
			expectNoMarker(pages);
		}
	);

	it.each<Who>(['anonymous', 'guestB'])(
		'%s, a participant of the session, finds no entry in its state or report',
		async (who) => {
			const state = await as(db, c[who]).call('session_state', { sessionId: c.session.id, lang: 'nl' });
			const report = await as(db, c[who]).call('session_report', { sessionId: c.session.id, lang: 'nl' });
			expect(report.rounds[0].before).toHaveLength(3);
			expectNoMarker([state, report]);
		}
	);

	it('the visitor holds no privilege on the table and may call none of the functions: 403 forbidden', async () => {
		expectSqlError(
			await sqlAs(db, c.visitor, `select * from app.reflections`),
			'42501',
			permissionDenied('reflections')
		);
		const visitor = as(db, c.visitor);
		await expectDbError(visitor.call('my_reflections', {}), 403, 'forbidden');
		await expectDbError(
			visitor.call('team_shared_reflections', { teamId: c.teamA.id, dilemmaSlug: slugA }),
			403,
			'forbidden'
		);
		await expectDbError(visitor.call('my_history', { dilemmaSlug: slugA }), 403, 'forbidden');
		await expectDbError(visitor.call('my_data_export', {}), 403, 'forbidden');
		await expectDbError(
			visitor.call('share_reflection', { reflectionId: ids.private, teamId: c.teamA.id }),
			403,
			'forbidden'
		);
		await expectDbError(visitor.call('delete_reflection', { reflectionId: ids.private }), 403, 'forbidden');
	});

	it('the service role (which bypasses RLS) holds no privilege on the table and may call none of the functions', async () => {
		for (const sql of [`select * from app.reflections`, `delete from app.reflections`]) {
			expectSqlError(await sqlAsService(db, sql), '42501', permissionDenied('reflections'));
		}
		const service = new DbClient(db.backend, serverItself);
		await expectDbError(service.call('my_reflections', {}), 403, 'forbidden');
		await expectDbError(
			service.call('team_shared_reflections', { teamId: c.teamA.id, dilemmaSlug: slugA }),
			403,
			'forbidden'
		);
		await expectDbError(service.call('my_data_export', {}), 403, 'forbidden');
		await expectDbError(service.call('team_trend', { teamId: c.teamA.id, dilemmaSlug: slugA }), 403, 'forbidden');
		expect(await allRows(db)).toHaveLength(3);
	});

	it('no policy on reflections names a facilitator or a team: each is the author’s (or the account check)', async () => {
		const policies = await asSuperuser(
			db,
			`select policyname, permissive, cmd, coalesce(qual, '') as qual, coalesce(with_check, '') as with_check
			 from pg_policies where schemaname = 'app' and tablename = 'reflections' order by policyname`
		);
		expect(policies.map((p) => p.cmd).sort()).toEqual(['ALL', 'DELETE', 'INSERT', 'SELECT', 'UPDATE']);
		for (const p of policies) {
			const text = `${p.qual} ${p.with_check}`;
			expect(text).not.toMatch(/facilitat/);
			if (p.permissive === 'PERMISSIVE') {
				// Who may see or change a row is decided by author_id alone; the team only limits sharing.
				expect(String(p.with_check || p.qual)).toMatch(/author_id = \( SELECT auth\.uid\(\)/);
				expect(String(p.qual)).not.toMatch(/my_team_ids/);
			} else {
				expect(text).toMatch(/is_member_account/);
			}
		}
	});

	it('the author’s own history holds the saved entries (not the draft) and their position', async () => {
		const history = await as(db, c.memberA).call('my_history', { dilemmaSlug: slugA });
		expect(
			history
				.filter((i) => i.kind === 'reflection')
				.map((i) => (i.kind === 'reflection' ? i.body_md : ''))
				.sort()
		).toEqual([marker.private, marker.shared].sort());
		expect(history.filter((i) => i.kind === 'position')).toEqual([
			expect.objectContaining({ kind: 'position', session_id: c.session.id, stage: 'before', value: 20, desired: 30 })
		]);
		expectNoMarker(history, [marker.draft]);
	});
});

// --- sharing ------------------------------------------------------------------------------------------

describe.each(engines)('sharing reflections on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let save: ReturnType<typeof saver>;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db);
		save = saver(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const teamPage = (who: Who) =>
		as(db, c[who]).call('team_shared_reflections', { teamId: c.teamA.id, dilemmaSlug: slugA });
	const share = (who: Actor, reflectionId: string, teamId = c.teamA.id) =>
		as(db, who).call('share_reflection', { reflectionId, teamId });

	it('a draft cannot be shared: 409 reflection_is_draft, nothing changed', async () => {
		const draft = await save(c.memberA, { bodyMd: 'half af' });
		const row = await rowOf(db, draft.id);
		await expectDbError(share(c.memberA, draft.id), 409, 'reflection_is_draft');
		expect(await rowOf(db, draft.id)).toEqual(row);
	});

	it("sharing with a team the author is not in is 404 team_not_found; someone else's entry 404 reflection_not_found", async () => {
		const entry = await save(c.memberA, { bodyMd: 'voor Noord', isDraft: false });
		const row = await rowOf(db, entry.id);
		await expectDbError(share(c.memberA, entry.id, c.teamB.id), 404, 'team_not_found');
		await expectDbError(share(c.bystanderA, entry.id), 404, 'reflection_not_found');
		await expectDbError(share(c.facilitatorA, entry.id), 404, 'reflection_not_found');
		await expectDbError(
			as(db, c.facilitatorA).call('unshare_reflection', { reflectionId: entry.id }),
			404,
			'reflection_not_found'
		);
		expect(await rowOf(db, entry.id)).toEqual(row);
	});

	it('shared, the entry shows on the team page with the author’s name; unshared it is gone; both idempotent', async () => {
		const entry = await save(c.memberA, { bodyMd: 'Dit wil ik delen', value: 60, isDraft: false });
		expect(await teamPage('bystanderA')).toEqual([]);
		const shared = await share(c.memberA, entry.id);
		expect(shared).toMatchObject({ shared_with_team_id: c.teamA.id, shared_team_name: 'Wijkteam Noord', version: 1 });
		expect(shared.shared_at).not.toBeNull();
		expect((await teamPage('bystanderA')).map((e) => [e.id, e.author_name, e.mine, e.body_md])).toEqual([
			[entry.id, 'Lid 1', false, 'Dit wil ik delen']
		]);
		expect((await teamPage('memberA')).map((e) => e.mine)).toEqual([true]);
		expect(await teamPage('facilitatorA')).toHaveLength(1);
		// Sharing again keeps the moment it was first shared.
		expect((await share(c.memberA, entry.id)).shared_at).toBe(shared.shared_at);

		const unshared = await as(db, c.memberA).call('unshare_reflection', { reflectionId: entry.id });
		expect(unshared).toMatchObject({
			shared_with_team_id: null,
			shared_team_name: null,
			shared_at: null,
			body_md: 'Dit wil ik delen'
		});
		expect(await teamPage('bystanderA')).toEqual([]);
		expect(await as(db, c.memberA).call('unshare_reflection', { reflectionId: entry.id })).toMatchObject({
			shared_with_team_id: null
		});
	});

	it('edits to a shared entry show on the team page; making it a draft again is 409 reflection_shared', async () => {
		const entry = await save(c.memberA, { bodyMd: 'eerste versie', isDraft: false });
		await share(c.memberA, entry.id);
		await save(c.memberA, { id: entry.id, bodyMd: 'tweede versie', isDraft: false, expectedVersion: 1 });
		expect((await teamPage('bystanderA')).find((e) => e.id === entry.id)?.body_md).toBe('tweede versie');
		const row = await rowOf(db, entry.id);
		await expectDbError(
			save(c.memberA, { id: entry.id, bodyMd: 'tweede versie', isDraft: true, expectedVersion: 2 }),
			409,
			'reflection_shared'
		);
		expect(await rowOf(db, entry.id)).toEqual(row);
		await as(db, c.memberA).call('unshare_reflection', { reflectionId: entry.id });
	});

	it('directly, the author cannot share with a team they are not in, nor share a draft', async () => {
		const entry = await save(c.memberA, { bodyMd: 'direct', isDraft: false });
		const row = await rowOf(db, entry.id);
		const otherTeam = await sqlAs(
			db,
			c.memberA,
			`update app.reflections set shared_with_team_id = $1, shared_at = now() where id = $2`,
			[c.teamB.id, entry.id]
		);
		expectSqlError(otherTeam, '42501', rlsViolation);
		await share(c.memberA, entry.id);
		const toDraft = await sqlAs(db, c.memberA, `update app.reflections set is_draft = true where id = $1`, [entry.id]);
		expectSqlError(toDraft, '23514', /reflections_shared_not_draft/);
		const otherAuthor = await sqlAs(db, c.memberA, `update app.reflections set author_id = $1 where id = $2`, [
			c.bystanderA.userId,
			entry.id
		]);
		expectSqlError(otherAuthor, '42501', /permission denied/);
		expect((await rowOf(db, entry.id)).author_id).toBe(row.author_id);
		await as(db, c.memberA).call('unshare_reflection', { reflectionId: entry.id });
	});

	it('leaving the team (or being removed) ends the sharing: the team page no longer shows the entry', async () => {
		const leaver = await createPerson(db, { name: 'Vertrekker' });
		await joinTeam(db, c.facilitatorA, c.teamA.id, leaver);
		const removed = await createPerson(db, { name: 'Verwijderde' });
		await joinTeam(db, c.facilitatorA, c.teamA.id, removed);
		const a = await save(leaver, { bodyMd: 'ik ga weg', isDraft: false });
		const b = await save(removed, { bodyMd: 'ik word verwijderd', isDraft: false });
		await share(leaver, a.id);
		await share(removed, b.id);
		expect((await teamPage('bystanderA')).map((e) => e.author_name).sort()).toEqual(['Vertrekker', 'Verwijderde']);

		await as(db, leaver).call('leave_team', { teamId: c.teamA.id });
		await as(db, c.facilitatorA).call('remove_member', { teamId: c.teamA.id, userId: removed.userId });
		expect(await teamPage('bystanderA')).toEqual([]);
		expect((await rowOf(db, a.id)).shared_with_team_id).toBeNull();
		expect((await rowOf(db, b.id)).shared_with_team_id).toBeNull();
		// The entries themselves stay their authors'.
		expect((await as(db, leaver).call('my_reflections', {})).map((e) => e.body_md)).toEqual(['ik ga weg']);
	});

	it('a deleted entry disappears from the team page', async () => {
		const entry = await save(c.memberA, { bodyMd: 'even gedeeld', isDraft: false });
		await share(c.memberA, entry.id);
		expect((await teamPage('bystanderA')).map((e) => e.id)).toContain(entry.id);
		await as(db, c.memberA).call('delete_reflection', { reflectionId: entry.id });
		expect((await teamPage('bystanderA')).map((e) => e.id)).not.toContain(entry.id);
	});

	it('a shared entry survives being read: sharing is not a content version (no conflict for the open editor)', async () => {
		const entry = await save(c.memberA, { bodyMd: 'open in de editor', isDraft: false });
		await share(c.memberA, entry.id);
		const next = await save(c.memberA, { id: entry.id, bodyMd: 'verder getypt', isDraft: false, expectedVersion: 1 });
		expect(next).toMatchObject({ version: 2, shared_with_team_id: c.teamA.id });
		await as(db, c.memberA).call('unshare_reflection', { reflectionId: entry.id });
	});

	it('an unknown entry is 404 reflection_not_found for sharing and unsharing', async () => {
		await expectDbError(share(c.memberA, randomUUID()), 404, 'reflection_not_found');
		await expectDbError(
			as(db, c.memberA).call('unshare_reflection', { reflectionId: randomUUID() }),
			404,
			'reflection_not_found'
		);
	});
});
