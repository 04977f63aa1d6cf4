import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DbError } from '$lib/server/db/errors';
import type { Actor } from '$lib/server/db/port';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { slugFor } from '../fixtures/dilemma-factory';
import {
	asSuperuser,
	engines,
	expectDbError,
	expectSqlError,
	permissionDenied,
	rawCall,
	rlsViolation,
	sqlAs,
	type TestDatabase
} from './harness';
import { as, createCast, createPerson, joinTeam, type Cast } from './factories';
import {
	JOIN_CODE,
	builtinSlugs,
	builtinTitle,
	createSession,
	createSessionCast,
	importableSet,
	outsiders,
	roundsOf,
	sessionPeople,
	sessionSnapshot,
	setPhase,
	type SessionCast,
	type Who
} from './sessions-cast';

// Sessions (migration 20261123140000): who reads and writes sessions, rounds and participants
// directly; create_session, join_session, the facilitator's controls (phases, notes, status),
// session_report, and what a removed member keeps. Positions, cast_position and session_state
// are in 16-positions.test.ts.

const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** A well-formed join code that (almost certainly) belongs to no session. */
const randomCode = () => Array.from(randomBytes(6), (b) => alphabet[b % alphabet.length]).join('');

const count = async (db: TestDatabase, sql: string, params: unknown[] = []) =>
	Number((await asSuperuser(db, `select count(*)::int as n from (${sql}) q`, params))[0].n);

const builtinSetId = async (db: TestDatabase) =>
	String((await asSuperuser(db, `select id from app.dilemma_sets where team_id is null`))[0].id);

/** The DbError a call rejects with, and whether the call reached the SQL backend. */
async function refusal(db: TestDatabase, call: () => Promise<unknown>) {
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
const issueMessages = (error: DbError) => (error.details as { message: string }[]).map((i) => i.message);

// --- direct access to sessions, rounds and participants ----------------------------------------------

describe.each(engines)('direct access to sessions, session_rounds and session_participants on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let otherA: string; // a second session of team A that nobody joined
	let sessionB: string; // a session of team B that nobody joined

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db);
		otherA = (await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Tweede sessie Noord' })).id;
		sessionB = (await createSession(db, c.facilitatorB, c.teamB.id, { title: 'Sessie Zuid' })).id;
	});
	afterAll(async () => {
		await db?.close();
	});

	const visibleSessions = async (actor: Actor) => {
		const outcome = await sqlAs(db, actor, `select id from app.sessions`);
		expect(outcome.error).toBeUndefined();
		return outcome.rows.map((r) => String(r.id)).sort();
	};

	it.each<Who>(sessionPeople)("%s reads team A's session, its three rounds and who joined", async (who) => {
		const session = await sqlAs(db, c[who], `select id, title, join_code from app.sessions where id = $1`, [
			c.session.id
		]);
		expect(session.error).toBeUndefined();
		expect(session.rows).toEqual([{ id: c.session.id, title: 'Teamdag Noord', join_code: c.session.join_code }]);
		const rounds = await sqlAs(
			db,
			c[who],
			`select position, dilemma_slug from app.session_rounds where session_id = $1 order by position`,
			[c.session.id]
		);
		expect(rounds.rows).toEqual(builtinSlugs.slice(0, 3).map((slug, i) => ({ position: i + 1, dilemma_slug: slug })));
		const joined = await sqlAs(
			db,
			c[who],
			`select display_name from app.session_participants where session_id = $1 order by display_name`,
			[c.session.id]
		);
		expect(joined.rows.map((r) => r.display_name)).toEqual(['Gast', 'Gast Zuid', 'Lid Noord']);
	});

	it("team A's members see all of team A's sessions; a participant by code sees only the session they joined", async () => {
		for (const who of ['facilitatorA', 'memberA', 'bystanderA'] as const) {
			expect(await visibleSessions(c[who])).toEqual([c.session.id, otherA].sort());
		}
		expect(await visibleSessions(c.anonymous)).toEqual([c.session.id]);
		// guestB: team B's own session (as a member) and the one session of team A they have the code of.
		expect(await visibleSessions(c.guestB)).toEqual([c.session.id, sessionB].sort());
		const otherRounds = await sqlAs(db, c.anonymous, `select id from app.session_rounds where session_id = $1`, [
			otherA
		]);
		expect(otherRounds.rows).toEqual([]);
	});

	it.each<Who>(outsiders)("%s sees no row of team A's session, its rounds or its participants", async (who) => {
		for (const sql of [
			`select id from app.sessions where team_id = $1`,
			`select r.id from app.session_rounds r join app.sessions s on s.id = r.session_id where s.team_id = $1`,
			`select 1 from app.session_participants p join app.sessions s on s.id = p.session_id where s.team_id = $1`
		]) {
			const outcome = await sqlAs(db, c[who], sql, [c.teamA.id]);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rows).toEqual([]);
		}
		const byId = await sqlAs(db, c[who], `select id from app.session_rounds where session_id = $1`, [c.session.id]);
		expect(byId.rows).toEqual([]);
		// Not empty for another reason: team B reads its own session.
		expect(await visibleSessions(c[who])).toEqual(who === 'removed' ? [] : [sessionB]);
	});

	it.each(['sessions', 'session_rounds', 'session_participants'])(
		'the visitor holds no privilege on %s at all',
		async (table) => {
			expectSqlError(await sqlAs(db, c.visitor, `select * from app.${table}`), '42501', permissionDenied(table));
		}
	);

	// Inserts ------------------------------------------------------------------------------------------

	const insertSession = (actor: Actor, teamId: string, setId: string, createdBy?: string) =>
		sqlAs(
			db,
			actor,
			createdBy
				? `insert into app.sessions (team_id, set_id, title, join_code, created_by) values ($1, $2, 'Rechtstreeks', $3, $4)`
				: `insert into app.sessions (team_id, set_id, title, join_code) values ($1, $2, 'Rechtstreeks', $3)`,
			createdBy ? [teamId, setId, randomCode(), createdBy] : [teamId, setId, randomCode()]
		);

	it("team A's facilitator may insert a session for team A directly (the insert policy is not deny-all)", async () => {
		const before = await count(db, `select 1 from app.sessions where team_id = $1`, [c.teamA.id]);
		const outcome = await insertSession(c.facilitatorA, c.teamA.id, await builtinSetId(db));
		expect(outcome.error).toBeUndefined();
		expect(outcome.rowCount).toBe(1);
		expect(await count(db, `select 1 from app.sessions where team_id = $1`, [c.teamA.id])).toBe(before + 1);
	});

	it.each<Who>(['memberA', 'bystanderA', 'anonymous', 'guestB', 'memberB', 'facilitatorB', 'removed'])(
		'%s cannot insert a session for team A: row-level security',
		async (who) => {
			const before = await count(db, `select 1 from app.sessions where team_id = $1`, [c.teamA.id]);
			expectSqlError(await insertSession(c[who], c.teamA.id, await builtinSetId(db)), '42501', rlsViolation);
			expect(await count(db, `select 1 from app.sessions where team_id = $1`, [c.teamA.id])).toBe(before);
		}
	);

	it("team A's facilitator cannot insert a session for team B, nor one in someone else's name", async () => {
		const setId = await builtinSetId(db);
		expectSqlError(await insertSession(c.facilitatorA, c.teamB.id, setId), '42501', rlsViolation);
		expectSqlError(await insertSession(c.facilitatorA, c.teamA.id, setId, c.memberA.userId), '42501', rlsViolation);
	});

	it('the visitor cannot insert a session: no privilege', async () => {
		expectSqlError(
			await insertSession(c.visitor, c.teamA.id, await builtinSetId(db)),
			'42501',
			permissionDenied('sessions')
		);
	});

	it.each<Who>(['memberA', 'bystanderA', 'anonymous', 'guestB', 'memberB', 'facilitatorB', 'removed'])(
		"%s cannot add a round to team A's session: row-level security",
		async (who) => {
			const outcome = await sqlAs(
				db,
				c[who],
				`insert into app.session_rounds (session_id, position, dilemma_slug) values ($1, 9, $2)`,
				[c.session.id, builtinSlugs[9]]
			);
			expectSqlError(outcome, '42501', rlsViolation);
			expect((await roundsOf(db, c.session.id)).map((r) => r.position)).toEqual([1, 2, 3]);
		}
	);

	it("team A's facilitator cannot add a round to team B's session", async () => {
		const outcome = await sqlAs(
			db,
			c.facilitatorA,
			`insert into app.session_rounds (session_id, position, dilemma_slug) values ($1, 9, $2)`,
			[sessionB, builtinSlugs[9]]
		);
		expectSqlError(outcome, '42501', rlsViolation);
	});

	it.each<Who>(['facilitatorA', 'memberA', 'bystanderA', 'anonymous', 'guestB', 'memberB', 'removed', 'visitor'])(
		'%s cannot insert a participant row, not even for themselves: joining goes by code only',
		async (who) => {
			const actor = c[who];
			const userId = actor.kind === 'user' ? actor.userId : randomUUID();
			const outcome = await sqlAs(
				db,
				actor,
				`insert into app.session_participants (session_id, user_id, display_name) values ($1, $2, 'Binnengeslopen')`,
				[otherA, userId]
			);
			expectSqlError(outcome, '42501', permissionDenied('session_participants'));
			expect(await count(db, `select 1 from app.session_participants where session_id = $1`, [otherA])).toBe(0);
		}
	);

	// Updates and deletes -----------------------------------------------------------------------------

	it.each<Who>(['memberA', 'bystanderA', 'anonymous', 'guestB', 'memberB', 'facilitatorB', 'removed'])(
		"%s changes nothing by updating team A's session or its rounds: 0 rows",
		async (who) => {
			const before = await sessionSnapshot(db, c.session.id);
			const session = await sqlAs(
				db,
				c[who],
				`update app.sessions set title = 'Gekaapt', status = 'closed', named_mode = true where id = $1`,
				[c.session.id]
			);
			expect(session.error).toBeUndefined();
			expect(session.rowCount).toBe(0);
			const rounds = await sqlAs(
				db,
				c[who],
				`update app.session_rounds set phase = 'done', notes_md = 'Gekaapt', revealed_at = now() where session_id = $1`,
				[c.session.id]
			);
			expect(rounds.error).toBeUndefined();
			expect(rounds.rowCount).toBe(0);
			expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		}
	);

	it("team A's facilitator may update the session directly (the update policy is not deny-all)", async () => {
		const outcome = await sqlAs(
			db,
			c.facilitatorA,
			`update app.sessions set title = 'Teamdag Noord (herzien)' where id = $1`,
			[otherA]
		);
		expect(outcome.error).toBeUndefined();
		expect(outcome.rowCount).toBe(1);
		expect((await asSuperuser(db, `select title from app.sessions where id = $1`, [otherA]))[0].title).toBe(
			'Teamdag Noord (herzien)'
		);
	});

	it('the visitor cannot update sessions or rounds: no privilege', async () => {
		const before = await sessionSnapshot(db, c.session.id);
		expectSqlError(
			await sqlAs(db, c.visitor, `update app.sessions set title = 'Gekaapt'`),
			'42501',
			permissionDenied('sessions')
		);
		expectSqlError(
			await sqlAs(db, c.visitor, `update app.session_rounds set phase = 'done'`),
			'42501',
			permissionDenied('session_rounds')
		);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	it.each<Who>(['facilitatorA', 'memberA', 'bystanderA', 'anonymous', 'guestB', 'memberB', 'removed'])(
		'%s cannot rename another participant: 0 rows',
		async (who) => {
			const before = await sessionSnapshot(db, c.session.id);
			const actor = c[who];
			const me = actor.kind === 'user' ? actor.userId : randomUUID();
			const outcome = await sqlAs(
				db,
				actor,
				`update app.session_participants set display_name = 'Gekaapt' where session_id = $1 and user_id <> $2`,
				[c.session.id, me]
			);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(0);
			expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		}
	);

	it('a participant may change their own name directly', async () => {
		const rename = (name: string) =>
			sqlAs(db, c.anonymous, `update app.session_participants set display_name = $2 where session_id = $1`, [
				c.session.id,
				name
			]);
		const outcome = await rename('Gast met hoed');
		expect(outcome.error).toBeUndefined();
		expect(outcome.rowCount).toBe(1);
		const rows = await asSuperuser(db, `select display_name from app.session_participants where user_id = $1`, [
			c.anonymous.userId
		]);
		expect(rows).toEqual([{ display_name: 'Gast met hoed' }]);
		expect((await rename('Gast')).rowCount).toBe(1);
	});

	// Regression: the update grant covered every column, and an update without WHERE is not checked
	// against the select policy, so a participant could move their row into any session by its id.
	it('a participant cannot move their participation into another session without its code', async () => {
		const before = await sessionSnapshot(db, c.session.id);
		for (const sql of [
			`update app.session_participants set session_id = $1`,
			`update app.session_participants set session_id = $1 where session_id = $2`
		]) {
			const params = sql.includes('$2') ? [otherA, c.session.id] : [otherA];
			expectSqlError(await sqlAs(db, c.anonymous, sql, params), '42501', permissionDenied('session_participants'));
		}
		expectSqlError(
			await sqlAs(db, c.anonymous, `update app.session_participants set user_id = $1`, [c.memberA.userId]),
			'42501',
			permissionDenied('session_participants')
		);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		expect(await count(db, `select 1 from app.session_participants where session_id = $1`, [otherA])).toBe(0);
		expect(await visibleSessions(c.anonymous)).toEqual([c.session.id]);
	});

	it.each<Who>(['facilitatorA', 'memberA', 'anonymous', 'guestB', 'memberB', 'visitor'])(
		'%s cannot delete sessions, rounds or participants: no delete privilege, nothing removed',
		async (who) => {
			const before = await sessionSnapshot(db, c.session.id);
			for (const [sql, table] of [
				[`delete from app.session_participants where session_id = $1`, 'session_participants'],
				[`delete from app.session_rounds where session_id = $1`, 'session_rounds'],
				[`delete from app.sessions where id = $1`, 'sessions']
			] as const) {
				expectSqlError(await sqlAs(db, c[who], sql, [c.session.id]), '42501', permissionDenied(table));
			}
			expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		}
	);
});

// --- create_session ---------------------------------------------------------------------------------

describe.each(engines)('create_session on %s', (_engine, open) => {
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

	const sessionsOfA = () => count(db, `select 1 from app.sessions where team_id = $1`, [cast.teamA.id]);
	const rawCreate = (actor: Actor, overrides: Record<string, unknown> = {}) =>
		rawCall(db, actor, 'create_session', {
			p_team_id: cast.teamA.id,
			p_title: 'Teamdag',
			p_held_on: '2026-11-24',
			p_dilemma_slugs: builtinSlugs.slice(0, 2),
			p_ask_desired: false,
			p_named_mode: false,
			...overrides
		});

	it('a facilitator creates a session: the team, the built-in set, trimmed title, settings, and one waiting round per dilemma in order', async () => {
		const slugs = [builtinSlugs[4], builtinSlugs[0], builtinSlugs[11]];
		const created = await as(db, cast.facilitatorA).call('create_session', {
			teamId: cast.teamA.id,
			title: '  Teamdag november  ',
			heldOn: '2026-11-24',
			dilemmaSlugs: slugs,
			askDesired: true,
			namedMode: true
		});
		expect(created).toEqual({ id: expect.any(String), join_code: expect.stringMatching(JOIN_CODE) });
		const [row] = await asSuperuser(
			db,
			`select team_id, set_id, title, held_on::text as held_on, join_code, status, named_mode, ask_desired,
			        current_round, created_by, closed_at from app.sessions where id = $1`,
			[created.id]
		);
		expect(row).toEqual({
			team_id: cast.teamA.id,
			set_id: await builtinSetId(db),
			title: 'Teamdag november',
			held_on: '2026-11-24',
			join_code: created.join_code,
			status: 'open',
			named_mode: true,
			ask_desired: true,
			current_round: 1,
			created_by: cast.facilitatorA.userId,
			closed_at: null
		});
		const rounds = await asSuperuser(
			db,
			`select position, dilemma_slug, phase, notes_md, agreements_md, notes_version, revealed_at
			 from app.session_rounds where session_id = $1 order by position`,
			[created.id]
		);
		expect(rounds).toEqual(
			slugs.map((slug, i) => ({
				position: i + 1,
				dilemma_slug: slug,
				phase: 'waiting',
				notes_md: '',
				agreements_md: '',
				notes_version: 0,
				revealed_at: null
			}))
		);
	});

	it('team_sessions lists the new session for the team, with its code, rounds and no participants yet', async () => {
		const created = await createSession(db, cast.facilitatorA, cast.teamA.id, {
			title: 'Lijstsessie',
			heldOn: '2030-01-01'
		});
		const listed = await as(db, cast.memberA).call('team_sessions', { teamId: cast.teamA.id });
		expect(listed[0]).toEqual({
			id: created.id,
			title: 'Lijstsessie',
			held_on: '2030-01-01',
			status: 'open',
			join_code: created.join_code,
			round_count: 3,
			participant_count: 0
		});
	});

	it('a member of the team is refused with 403 facilitator_only, nothing written', async () => {
		const before = await sessionsOfA();
		await expectDbError(createSession(db, cast.memberA, cast.teamA.id), 403, 'facilitator_only');
		expect(await sessionsOfA()).toBe(before);
	});

	it.each<keyof Cast & ('facilitatorB' | 'memberB' | 'removed' | 'anonymous')>([
		'facilitatorB',
		'memberB',
		'removed',
		'anonymous'
	])('%s cannot create a session for team A: 404 team_not_found, nothing written', async (who) => {
		const before = await sessionsOfA();
		await expectDbError(createSession(db, cast[who], cast.teamA.id), 404, 'team_not_found');
		expect(await sessionsOfA()).toBe(before);
	});

	it('the visitor cannot create a session: 403 forbidden (the function is not granted to anon)', async () => {
		const before = await sessionsOfA();
		await expectDbError(createSession(db, cast.visitor, cast.teamA.id), 403, 'forbidden');
		expect(await sessionsOfA()).toBe(before);
	});

	it.each([
		['one character', 'A'],
		['one character between spaces', '   B   '],
		['121 characters', 'x'.repeat(121)],
		['empty', ''],
		['null', null]
	])('SQL refuses a title of %s: 400 session_title_length, nothing written', async (_what, title) => {
		const before = await sessionsOfA();
		await expectDbError(rawCreate(cast.facilitatorA, { p_title: title }), 400, 'session_title_length');
		expect(await sessionsOfA()).toBe(before);
	});

	it.each([
		['no dilemmas', []],
		['a null list', null],
		['21 dilemmas', [...builtinSlugs, 'nog-een-dilemma']]
	])('SQL refuses %s: 400 session_dilemma_count, nothing written', async (_what, slugs) => {
		const before = await sessionsOfA();
		await expectDbError(rawCreate(cast.facilitatorA, { p_dilemma_slugs: slugs }), 400, 'session_dilemma_count');
		expect(await sessionsOfA()).toBe(before);
	});

	it('SQL refuses the same dilemma twice: 400 session_dilemma_duplicate, nothing written', async () => {
		const before = await sessionsOfA();
		const slugs = [builtinSlugs[0], builtinSlugs[1], builtinSlugs[0]];
		await expectDbError(rawCreate(cast.facilitatorA, { p_dilemma_slugs: slugs }), 400, 'session_dilemma_duplicate');
		expect(await sessionsOfA()).toBe(before);
	});

	it('a slug the set does not have is 404 dilemma_not_found, nothing written', async () => {
		const before = await sessionsOfA();
		await expectDbError(
			rawCreate(cast.facilitatorA, { p_dilemma_slugs: [builtinSlugs[0], 'bestaat-niet'] }),
			404,
			'dilemma_not_found'
		);
		await expectDbError(
			createSession(db, cast.facilitatorA, cast.teamA.id, { slugs: ['bestaat-niet'] }),
			404,
			'dilemma_not_found'
		);
		expect(await sessionsOfA()).toBe(before);
	});

	it('the limits themselves are accepted: a 2- and a 120-character title, 1 and 20 dilemmas', async () => {
		const short = await rawCreate(cast.facilitatorA, { p_title: 'Ab', p_dilemma_slugs: [builtinSlugs[0]] });
		const long = await rawCreate(cast.facilitatorA, { p_title: 'x'.repeat(120), p_dilemma_slugs: builtinSlugs });
		for (const [result, rounds] of [
			[short, 1],
			[long, 20]
		] as const) {
			const id = (result as { id: string }).id;
			expect((await roundsOf(db, id)).map((r) => r.position)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
		}
		expect((await roundsOf(db, (long as { id: string }).id)).map((r) => r.slug)).toEqual(builtinSlugs);
	});

	it.each([
		['a one-character title', { title: 'A' }, 'session_title_length'],
		['no dilemmas', { dilemmaSlugs: [] }, 'session_dilemma_count'],
		['21 dilemmas', { dilemmaSlugs: [...builtinSlugs, 'nog-een-dilemma'] }, 'session_dilemma_count']
	])('the app refuses %s before any SQL: 400 with the key in the issues', async (_what, override, key) => {
		const { error, reachedSql } = await refusal(db, () =>
			as(db, cast.facilitatorA).call('create_session', {
				teamId: cast.teamA.id,
				title: 'Teamdag',
				heldOn: '2026-11-24',
				dilemmaSlugs: [builtinSlugs[0]],
				askDesired: false,
				namedMode: false,
				...override
			})
		);
		expect(reachedSql).toBe(false);
		expect(error.status).toBe(400);
		expect(issueMessages(error)).toContain(key);
	});

	it('a team working with its own set gets sessions over that set: its slugs work, the built-in ones are 404', async () => {
		const { teamA, facilitatorA } = cast;
		const set = await as(db, facilitatorA).call('import_dilemma_set', {
			teamId: teamA.id,
			name: 'Set van Noord',
			...importableSet('nl')
		});
		await as(db, facilitatorA).call('activate_dilemma_set', { teamId: teamA.id, setId: set.id });
		try {
			const created = await createSession(db, facilitatorA, teamA.id, { slugs: [slugFor(2), slugFor(7)] });
			const [row] = await asSuperuser(db, `select set_id from app.sessions where id = $1`, [created.id]);
			expect(row.set_id).toBe(set.id);
			await expectDbError(
				createSession(db, facilitatorA, teamA.id, { slugs: [builtinSlugs[0]] }),
				404,
				'dilemma_not_found'
			);
		} finally {
			await as(db, facilitatorA).call('activate_dilemma_set', { teamId: teamA.id, setId: await builtinSetId(db) });
		}
	});

	it('join codes are six characters without look-alikes, and unique over many sessions', async () => {
		const codes: string[] = [];
		for (let i = 0; i < 60; i++) {
			codes.push(
				(await createSession(db, cast.facilitatorB, cast.teamB.id, { title: `Sessie ${i}`, slugs: [builtinSlugs[0]] }))
					.join_code
			);
		}
		for (const code of codes) expect(code).toMatch(JOIN_CODE);
		const all = (await asSuperuser(db, `select join_code from app.sessions`)).map((r) => String(r.join_code));
		expect(new Set(all).size).toBe(all.length);
		expect(all).toEqual(expect.arrayContaining(codes));
		// 360 random characters: none of the look-alikes, and more than a handful of distinct ones.
		const used = new Set(codes.join(''));
		for (const lookalike of '01ILO') expect(used.has(lookalike)).toBe(false);
		expect(used.size).toBeGreaterThan(20);
	});

	it('a code that is already taken is drawn again', async () => {
		const taken = await createSession(db, cast.facilitatorA, cast.teamA.id);
		// The same seed gives the same first draw: make that draw the code of an existing session.
		const firstDraw = async () =>
			String(
				(
					await db.executor.transaction(async (query) => {
						await query(`select setseed(0.42)`);
						return query(`select private.new_join_code() as code`);
					})
				)[0].code
			);
		const code = await firstDraw();
		await asSuperuser(db, `update app.sessions set join_code = $2 where id = $1`, [taken.id, code]);
		const redrawn = await firstDraw();
		expect(redrawn).toMatch(JOIN_CODE);
		expect(redrawn).not.toBe(code);
	});

	it('the table itself refuses a malformed or a duplicate join code', async () => {
		const a = await createSession(db, cast.facilitatorA, cast.teamA.id);
		const b = await createSession(db, cast.facilitatorA, cast.teamA.id);
		for (const bad of ['ABCDE0', 'ABCDEI', 'abcdef', 'ABCDEFG', 'ABCDE']) {
			const outcome = await sqlAs(db, cast.facilitatorA, `update app.sessions set join_code = $2 where id = $1`, [
				a.id,
				bad
			]);
			expectSqlError(outcome, '23514', /sessions_join_code_check/);
		}
		const duplicate = await sqlAs(db, cast.facilitatorA, `update app.sessions set join_code = $2 where id = $1`, [
			a.id,
			b.join_code
		]);
		expectSqlError(duplicate, '23505', /sessions_join_code_key/);
	});
});

// --- join_session ------------------------------------------------------------------------------------

describe.each(engines)('join_session on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	let session: { id: string; join_code: string };

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		cast = await createCast(db);
		session = await createSession(db, cast.facilitatorA, cast.teamA.id);
	});
	afterAll(async () => {
		await db?.close();
	});

	const participantRows = (sessionId = session.id) =>
		asSuperuser(
			db,
			`select user_id, display_name, joined_at from app.session_participants where session_id = $1 order by joined_at, user_id`,
			[sessionId]
		);
	const sprinkle = (code: string) =>
		code
			.split('')
			.map((ch, i) => (i % 2 ? ch.toLowerCase() : ch))
			.join('');

	it('an anonymous participant joins with the code in lower case between spaces, under a trimmed name', async () => {
		const guest = await createPerson(db, { anonymous: true });
		const joined = await as(db, guest).call('join_session', {
			code: `  ${session.join_code.toLowerCase()}  `,
			displayName: '  Gast  '
		});
		expect(joined).toEqual({ session_id: session.id });
		const rows = await participantRows();
		expect(rows.filter((r) => r.user_id === guest.userId).map((r) => r.display_name)).toEqual(['Gast']);
	});

	it('a person with an account joins with the code in mixed case, between tabs and a newline', async () => {
		const member = await createPerson(db, { name: 'Lid met account' });
		const joined = await as(db, member).call('join_session', {
			code: `\t${sprinkle(session.join_code)}\n`,
			displayName: 'Lid'
		});
		expect(joined).toEqual({ session_id: session.id });
		expect((await participantRows()).some((r) => r.user_id === member.userId)).toBe(true);
	});

	it('the SQL function itself ignores case and surrounding spaces of the code', async () => {
		const guest = await createPerson(db, { anonymous: true });
		const joined = await rawCall(db, guest, 'join_session', {
			p_code: `   ${sprinkle(session.join_code).toLowerCase()} `,
			p_display_name: 'Rauw'
		});
		expect(joined).toEqual({ session_id: session.id });
	});

	it('a member of another team joins by code: the code is the permission, not the team', async () => {
		const joined = await as(db, cast.memberB).call('join_session', {
			code: session.join_code,
			displayName: 'Gast Zuid'
		});
		expect(joined).toEqual({ session_id: session.id });
		const state = await as(db, cast.memberB).call('session_state', { sessionId: session.id, lang: 'nl' });
		expect(state.session.id).toBe(session.id);
		expect(state.me).toEqual({ display_name: 'Gast Zuid' });
		// The session, not the team: team A's list stays closed to them.
		await expectDbError(as(db, cast.memberB).call('team_sessions', { teamId: cast.teamA.id }), 404, 'team_not_found');
	});

	it('an unknown code is 404 join_code_unknown and adds no one', async () => {
		const guest = await createPerson(db, { anonymous: true });
		const before = (await participantRows()).length;
		let code = randomCode();
		while (code === session.join_code) code = randomCode();
		await expectDbError(as(db, guest).call('join_session', { code, displayName: 'Gast' }), 404, 'join_code_unknown');
		await expectDbError(
			rawCall(db, guest, 'join_session', { p_code: 'zzzz', p_display_name: 'Gast' }),
			404,
			'join_code_unknown'
		);
		await expectDbError(
			rawCall(db, guest, 'join_session', { p_code: null, p_display_name: 'Gast' }),
			404,
			'join_code_unknown'
		);
		expect((await participantRows()).length).toBe(before);
	});

	it('a malformed code is refused by the app before any SQL (404 join_code_unknown)', async () => {
		const guest = await createPerson(db, { anonymous: true });
		const { error, reachedSql } = await refusal(db, () =>
			as(db, guest).call('join_session', { code: 'AB CD EF', displayName: 'Gast' })
		);
		expect(reachedSql).toBe(false);
		expect({ status: error.status, key: error.key }).toEqual({ status: 404, key: 'join_code_unknown' });
		expect(issueMessages(error)).toContain('join_code_unknown');
	});

	it('the code of a closed session is 404 join_code_unknown; reopened, it works again', async () => {
		const closing = await createSession(db, cast.facilitatorA, cast.teamA.id, { title: 'Wordt gesloten' });
		const guest = await createPerson(db, { anonymous: true });
		await as(db, cast.facilitatorA).call('set_session_status', { sessionId: closing.id, status: 'closed' });
		await expectDbError(
			as(db, guest).call('join_session', { code: closing.join_code, displayName: 'Te laat' }),
			404,
			'join_code_unknown'
		);
		expect(await participantRows(closing.id)).toEqual([]);
		await as(db, cast.facilitatorA).call('set_session_status', { sessionId: closing.id, status: 'open' });
		expect(await as(db, guest).call('join_session', { code: closing.join_code, displayName: 'Op tijd' })).toEqual({
			session_id: closing.id
		});
		expect((await participantRows(closing.id)).map((r) => r.display_name)).toEqual(['Op tijd']);
	});

	it('joining again changes the name and keeps the one row, with its first joined_at', async () => {
		const guest = await createPerson(db, { anonymous: true });
		await as(db, guest).call('join_session', { code: session.join_code, displayName: 'Eerste naam' });
		const [first] = (await participantRows()).filter((r) => r.user_id === guest.userId);
		await as(db, guest).call('join_session', { code: session.join_code.toLowerCase(), displayName: 'Tweede naam' });
		await as(db, guest).call('join_session', { code: session.join_code, displayName: 'Tweede naam' });
		const mine = (await participantRows()).filter((r) => r.user_id === guest.userId);
		expect(mine).toEqual([{ user_id: guest.userId, display_name: 'Tweede naam', joined_at: first.joined_at }]);
	});

	it.each([
		['empty', ''],
		['only spaces', '    '],
		['41 characters', 'n'.repeat(41)],
		['null', null]
	])('SQL refuses a name that is %s: 400 participant_name_length', async (_what, name) => {
		const guest = await createPerson(db, { anonymous: true });
		await expectDbError(
			rawCall(db, guest, 'join_session', { p_code: session.join_code, p_display_name: name }),
			400,
			'participant_name_length'
		);
		expect((await participantRows()).some((r) => r.user_id === guest.userId)).toBe(false);
	});

	it('a 40-character name is accepted', async () => {
		const guest = await createPerson(db, { anonymous: true });
		await as(db, guest).call('join_session', { code: session.join_code, displayName: 'n'.repeat(40) });
		expect((await participantRows()).filter((r) => r.user_id === guest.userId).map((r) => r.display_name)).toEqual([
			'n'.repeat(40)
		]);
	});

	it('the visitor who is not signed in cannot join: 403 forbidden', async () => {
		const before = (await participantRows()).length;
		await expectDbError(
			as(db, cast.visitor).call('join_session', { code: session.join_code, displayName: 'Bezoeker' }),
			403,
			'forbidden'
		);
		expect((await participantRows()).length).toBe(before);
	});
});

// --- the facilitator's controls ---------------------------------------------------------------------

describe.each(engines)('set_round_phase, save_round_notes and set_session_status on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const roundRow = async (id: string) =>
		(
			await asSuperuser(
				db,
				`select phase, notes_md, agreements_md, notes_version, revealed_at from app.session_rounds where id = $1`,
				[id]
			)
		)[0];
	const currentRound = async (sessionId = c.session.id) =>
		Number(
			(await asSuperuser(db, `select current_round from app.sessions where id = $1`, [sessionId]))[0].current_round
		);
	const notes = (actor: Actor, roundId: string, notesMd: string, expectedVersion: number, agreementsMd = '') =>
		as(db, actor).call('save_round_notes', { roundId, notesMd, agreementsMd, expectedVersion });

	// set_round_phase -----------------------------------------------------------------------------

	it('the facilitator moves a round through its phases; the reveal time is set once and kept', async () => {
		const round = c.rounds[0];
		await setPhase(db, c, 1, 'position');
		expect(await roundRow(round.id)).toMatchObject({ phase: 'position', revealed_at: null });
		await setPhase(db, c, 1, 'reveal');
		const revealedAt = (await roundRow(round.id)).revealed_at;
		expect(revealedAt).not.toBeNull();
		for (const phase of ['discuss', 'reposition', 'shift', 'done', 'waiting', 'reveal'] as const) {
			await setPhase(db, c, 1, phase);
			expect(await roundRow(round.id)).toMatchObject({ phase, revealed_at: revealedAt });
		}
	});

	it('moving to another round makes it the current one and leaves the other round as it was', async () => {
		await setPhase(db, c, 1, 'discuss');
		await setPhase(db, c, 3, 'position');
		expect(await currentRound()).toBe(3);
		expect((await roundsOf(db, c.session.id)).map((r) => r.phase)).toEqual(['discuss', 'waiting', 'position']);
		await setPhase(db, c, 1, 'discuss');
		expect(await currentRound()).toBe(1);
		expect((await roundsOf(db, c.session.id)).map((r) => r.phase)).toEqual(['discuss', 'waiting', 'position']);
	});

	it('a round whose reveal phase is skipped still counts as revealed (it showed its results)', async () => {
		const skipping = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Zonder onthulling' });
		const [round] = await roundsOf(db, skipping.id);
		await setPhase(db, c, 1, 'position', skipping.id);
		await setPhase(db, c, 1, 'discuss', skipping.id);
		expect((await roundRow(round.id)).revealed_at).not.toBeNull();
	});

	it.each<[Who, 403 | 404, string]>([
		['memberA', 403, 'facilitator_only'],
		['bystanderA', 403, 'facilitator_only'],
		['anonymous', 403, 'facilitator_only'],
		['guestB', 403, 'facilitator_only'],
		['memberB', 404, 'session_not_found'],
		['facilitatorB', 404, 'session_not_found'],
		['removed', 404, 'session_not_found'],
		['visitor', 403, 'forbidden']
	])('%s cannot move a round: %i %s, nothing changes', async (who, status, key) => {
		const before = await sessionSnapshot(db, c.session.id);
		await expectDbError(
			as(db, c[who]).call('set_round_phase', { sessionId: c.session.id, position: 2, phase: 'reveal' }),
			status,
			key
		);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	it('an unknown round is 404 round_not_found, an unknown session 404 session_not_found, a bad phase 400 invalid_phase', async () => {
		const before = await sessionSnapshot(db, c.session.id);
		await expectDbError(setPhase(db, c, 4, 'position'), 404, 'round_not_found');
		await expectDbError(setPhase(db, c, 1, 'position', randomUUID()), 404, 'session_not_found');
		await expectDbError(
			rawCall(db, c.facilitatorA, 'set_round_phase', { p_session_id: c.session.id, p_position: 1, p_phase: 'vote' }),
			400,
			'invalid_phase'
		);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	// save_round_notes ----------------------------------------------------------------------------

	it('notes are saved with a new version and reach the session state of a participant', async () => {
		const round = c.rounds[1];
		expect(await notes(c.facilitatorA, round.id, '# Wat we zagen', 0, '- Elke maand terugkijken')).toEqual({
			notes_version: 1
		});
		expect(await roundRow(round.id)).toMatchObject({
			notes_md: '# Wat we zagen',
			agreements_md: '- Elke maand terugkijken',
			notes_version: 1
		});
		await setPhase(db, c, 2, 'discuss');
		const state = await as(db, c.anonymous).call('session_state', { sessionId: c.session.id, lang: 'nl' });
		expect(state.round).toMatchObject({
			id: round.id,
			notes_md: '# Wat we zagen',
			agreements_md: '- Elke maand terugkijken',
			notes_version: 1
		});
	});

	it('two saves from the same version: the second is 409 notes_conflict and the first text stays', async () => {
		const { id } = (await roundsOf(db, (await createSession(db, c.facilitatorA, c.teamA.id)).id))[0];
		expect(await notes(c.facilitatorA, id, 'Tekst van de eerste', 0)).toEqual({ notes_version: 1 });
		await expectDbError(notes(c.facilitatorA, id, 'Tekst van de tweede', 0), 409, 'notes_conflict');
		expect(await roundRow(id)).toMatchObject({ notes_md: 'Tekst van de eerste', notes_version: 1 });
		// Starting from the version they now see, the second facilitator saves.
		expect(await notes(c.facilitatorA, id, 'Tekst van de tweede', 1)).toEqual({ notes_version: 2 });
	});

	it('two saves from the same version at the same time: exactly one wins, the other is 409 notes_conflict', async () => {
		const { id } = (await roundsOf(db, (await createSession(db, c.facilitatorA, c.teamA.id)).id))[0];
		const texts = ['Gelijktijdig A', 'Gelijktijdig B'];
		const outcomes = await Promise.allSettled(texts.map((text) => notes(c.facilitatorA, id, text, 0)));
		const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [texts[i]] : []));
		const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as DbError] : []));
		expect(won).toHaveLength(1);
		expect(lost.map((e) => [e.status, e.key])).toEqual([[409, 'notes_conflict']]);
		expect(await roundRow(id)).toMatchObject({ notes_md: won[0], notes_version: 1 });
	});

	it('saving the same text twice leaves one version, even from a stale version', async () => {
		const { id } = (await roundsOf(db, (await createSession(db, c.facilitatorA, c.teamA.id)).id))[0];
		expect(await notes(c.facilitatorA, id, 'Zelfde tekst', 0, 'Zelfde afspraak')).toEqual({ notes_version: 1 });
		expect(await notes(c.facilitatorA, id, 'Zelfde tekst', 1, 'Zelfde afspraak')).toEqual({ notes_version: 1 });
		expect(await notes(c.facilitatorA, id, 'Zelfde tekst', 0, 'Zelfde afspraak')).toEqual({ notes_version: 1 });
		expect(await roundRow(id)).toMatchObject({
			notes_md: 'Zelfde tekst',
			agreements_md: 'Zelfde afspraak',
			notes_version: 1
		});
	});

	it('notes of 20000 characters are accepted; 20001 are refused by the app before SQL and by SQL itself', async () => {
		const { id } = (await roundsOf(db, (await createSession(db, c.facilitatorA, c.teamA.id)).id))[0];
		expect(await notes(c.facilitatorA, id, 'n'.repeat(20000), 0, 'a'.repeat(20000))).toEqual({ notes_version: 1 });
		for (const [notesMd, agreementsMd] of [
			['n'.repeat(20001), ''],
			['', 'a'.repeat(20001)]
		]) {
			const { error, reachedSql } = await refusal(db, () => notes(c.facilitatorA, id, notesMd, 1, agreementsMd));
			expect(reachedSql).toBe(false);
			expect(error.status).toBe(400);
			expect(issueMessages(error)).toContain('notes_too_long');
			await expectDbError(
				rawCall(db, c.facilitatorA, 'save_round_notes', {
					p_round_id: id,
					p_notes_md: notesMd,
					p_agreements_md: agreementsMd,
					p_expected_version: 1
				}),
				400,
				'notes_too_long'
			);
		}
		expect(await roundRow(id)).toMatchObject({ notes_md: 'n'.repeat(20000), notes_version: 1 });
	});

	it.each<[Who, 403 | 404, string]>([
		['memberA', 403, 'facilitator_only'],
		['bystanderA', 403, 'facilitator_only'],
		['anonymous', 403, 'facilitator_only'],
		['guestB', 403, 'facilitator_only'],
		['memberB', 404, 'round_not_found'],
		['facilitatorB', 404, 'round_not_found'],
		['removed', 404, 'round_not_found'],
		['visitor', 403, 'forbidden']
	])('%s cannot save notes: %i %s, nothing changes', async (who, status, key) => {
		const before = await sessionSnapshot(db, c.session.id);
		const version = Number(before.rounds[0].notes_version);
		await expectDbError(notes(c[who], c.rounds[0].id, `Notities van ${who}`, version), status, key);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	it('an unknown round is 404 round_not_found for the facilitator too', async () => {
		await expectDbError(notes(c.facilitatorA, randomUUID(), 'Tekst', 0), 404, 'round_not_found');
	});

	// set_session_status --------------------------------------------------------------------------

	it('the facilitator closes the session: status and time set, the code hidden; reopening brings it back', async () => {
		const s = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Sluiten en openen' });
		const row = async () =>
			(await asSuperuser(db, `select status, closed_at, join_code from app.sessions where id = $1`, [s.id]))[0];
		await as(db, c.facilitatorA).call('set_session_status', { sessionId: s.id, status: 'closed' });
		expect(await row()).toMatchObject({ status: 'closed', closed_at: expect.anything(), join_code: s.join_code });
		const listed = (await as(db, c.memberA).call('team_sessions', { teamId: c.teamA.id })).find((x) => x.id === s.id);
		expect(listed).toMatchObject({ status: 'closed', join_code: null });
		const state = await as(db, c.facilitatorA).call('session_state', { sessionId: s.id, lang: 'nl' });
		expect(state.session).toMatchObject({ status: 'closed', join_code: null });

		await as(db, c.facilitatorA).call('set_session_status', { sessionId: s.id, status: 'open' });
		expect(await row()).toEqual({ status: 'open', closed_at: null, join_code: s.join_code });
		const reopened = await as(db, c.facilitatorA).call('session_state', { sessionId: s.id, lang: 'nl' });
		expect(reopened.session).toMatchObject({ status: 'open', join_code: s.join_code });
	});

	// Unlike set_round_phase (403 facilitator_only), set_session_status answers 404 to everyone who
	// is not a facilitator, also to those who can read the session.
	it.each<[Who, 403 | 404, string]>([
		['memberA', 404, 'session_not_found'],
		['bystanderA', 404, 'session_not_found'],
		['anonymous', 404, 'session_not_found'],
		['guestB', 404, 'session_not_found'],
		['memberB', 404, 'session_not_found'],
		['facilitatorB', 404, 'session_not_found'],
		['removed', 404, 'session_not_found'],
		['visitor', 403, 'forbidden']
	])('%s cannot close the session: %i %s, it stays open', async (who, status, key) => {
		const before = await sessionSnapshot(db, c.session.id);
		await expectDbError(
			as(db, c[who]).call('set_session_status', { sessionId: c.session.id, status: 'closed' }),
			status,
			key
		);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		expect(before.sessions[0].status).toBe('open');
	});

	it('SQL refuses a status other than open or closed: 400 invalid_input', async () => {
		const before = await sessionSnapshot(db, c.session.id);
		await expectDbError(
			rawCall(db, c.facilitatorA, 'set_session_status', { p_session_id: c.session.id, p_status: 'archived' }),
			400,
			'invalid_input'
		);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});
});

// --- session_report ----------------------------------------------------------------------------------

describe.each(engines)('session_report on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db, { askDesired: true });
		const cast = (who: Who, round: number, value: number, desired: number | null = null) =>
			as(db, c[who]).call('cast_position', { roundId: c.rounds[round - 1].id, value, desired });
		// Round 1 all the way through, with notes.
		await setPhase(db, c, 1, 'position');
		await cast('memberA', 1, 20, 40);
		await cast('anonymous', 1, 60, 50);
		await cast('guestB', 1, 90, 70);
		await setPhase(db, c, 1, 'reveal');
		await setPhase(db, c, 1, 'reposition');
		await cast('memberA', 1, 30, 40);
		await cast('anonymous', 1, 50, 50);
		await cast('guestB', 1, 70, 70);
		await setPhase(db, c, 1, 'done');
		await as(db, c.facilitatorA).call('save_round_notes', {
			roundId: c.rounds[0].id,
			notesMd: '## Ronde 1',
			agreementsMd: '- Afspraak 1',
			expectedVersion: 0
		});
		// Round 2: positions taken, not revealed.
		await setPhase(db, c, 2, 'position');
		await cast('memberA', 2, 10);
		await cast('anonymous', 2, 15);
		await cast('guestB', 2, 25);
	});
	afterAll(async () => {
		await db?.close();
	});

	const report = (who: Who = 'facilitatorA', lang: 'nl' | 'en' = 'nl') =>
		as(db, c[who]).call('session_report', { sessionId: c.session.id, lang });

	it('lists every round in order with its dilemma in the reader’s language and its notes', async () => {
		const nl = await report();
		expect(nl.session).toMatchObject({
			id: c.session.id,
			team_id: c.teamA.id,
			team_name: 'Wijkteam Noord',
			title: 'Teamdag Noord',
			status: 'open',
			participant_count: 3,
			is_facilitator: true
		});
		expect(nl.rounds.map((r) => [r.position, r.dilemma?.slug, r.phase])).toEqual([
			[1, builtinSlugs[0], 'done'],
			[2, builtinSlugs[1], 'position'],
			[3, builtinSlugs[2], 'waiting']
		]);
		expect(nl.rounds.map((r) => r.dilemma?.title)).toEqual(builtinSlugs.slice(0, 3).map((s) => builtinTitle(s, 'nl')));
		expect(nl.rounds.map((r) => [r.notes_md, r.agreements_md])).toEqual([
			['## Ronde 1', '- Afspraak 1'],
			['', ''],
			['', '']
		]);
		const en = await report('anonymous', 'en');
		expect(en.rounds.map((r) => r.dilemma?.title)).toEqual(builtinSlugs.slice(0, 3).map((s) => builtinTitle(s, 'en')));
	});

	it('gives results for the revealed round only: values without names, shift pairs; nothing for rounds not revealed', async () => {
		const { rounds } = await report('anonymous');
		expect(rounds[0].before).toEqual([
			{ value: 20, desired: 40, name: null },
			{ value: 60, desired: 50, name: null },
			{ value: 90, desired: 70, name: null }
		]);
		expect(rounds[0].after).toEqual([
			{ value: 30, desired: 40, name: null },
			{ value: 50, desired: 50, name: null },
			{ value: 70, desired: 70, name: null }
		]);
		expect(rounds[0].shift).toEqual([
			{ before: 20, after: 30, name: null },
			{ before: 60, after: 50, name: null },
			{ before: 90, after: 70, name: null }
		]);
		// Round 2 has three positions, but they were never revealed.
		expect(await count(db, `select 1 from app.positions where round_id = $1`, [c.rounds[1].id])).toBe(3);
		expect(rounds.slice(1).map((r) => [r.before, r.after, r.shift])).toEqual([
			[[], [], []],
			[[], [], []]
		]);
	});

	// The team's name is team data: those who are in the session only by code get null.
	it.each<Who>(sessionPeople)('%s reads the same rounds; only the facilitator is marked as such', async (who) => {
		const mine = await report(who);
		const theirs = await report('facilitatorA');
		expect(mine.rounds).toEqual(theirs.rounds);
		const inTeam = ['facilitatorA', 'memberA', 'bystanderA'].includes(who);
		expect(mine.session).toEqual({
			...theirs.session,
			team_name: inTeam ? 'Wijkteam Noord' : null,
			is_facilitator: who === 'facilitatorA'
		});
	});

	it.each<[Who, 403 | 404, string]>([
		['memberB', 404, 'session_not_found'],
		['facilitatorB', 404, 'session_not_found'],
		['removed', 404, 'session_not_found'],
		['visitor', 403, 'forbidden']
	])('%s gets no report: %i %s', async (who, status, key) => {
		await expectDbError(report(who), status, key);
	});

	it('an unknown session is 404 session_not_found', async () => {
		await expectDbError(
			as(db, c.facilitatorA).call('session_report', { sessionId: randomUUID(), lang: 'nl' }),
			404,
			'session_not_found'
		);
	});

	// Regression: the report gated every stage on revealed_at only, so during the reposition phase it
	// showed the new positions that session_state still hides until the shift phase.
	it('the round in play shows no more in the report than on the screen: after-values only from the shift phase on', async () => {
		const current = c.rounds[1];
		const stage = async () => {
			const [state, rep] = await Promise.all([
				as(db, c.anonymous).call('session_state', { sessionId: c.session.id, lang: 'nl' }),
				report('anonymous')
			]);
			const round = rep.rounds[1];
			return {
				state: [state.round.before?.length ?? null, state.round.after?.length ?? null],
				report: [round.before.length, round.after.length, round.shift.length]
			};
		};
		await setPhase(db, c, 2, 'reveal');
		expect(await stage()).toEqual({ state: [3, null], report: [3, 0, 0] });
		await setPhase(db, c, 2, 'reposition');
		for (const [who, value] of [
			['memberA', 55],
			['anonymous', 45],
			['guestB', 35]
		] as const) {
			await as(db, c[who]).call('cast_position', { roundId: current.id, value, desired: null });
		}
		expect(await stage()).toEqual({ state: [3, null], report: [3, 0, 0] });
		// Back to positions (say, to take them again) is refused once shown; nothing changes.
		await expectDbError(setPhase(db, c, 2, 'position'), 409, 'stage_closed');
		expect(await stage()).toEqual({ state: [3, null], report: [3, 0, 0] });
		await setPhase(db, c, 2, 'shift');
		expect(await stage()).toEqual({ state: [3, 3], report: [3, 3, 3] });
	});

	it('in named mode the report names the points, for everyone who may read it', async () => {
		const named = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Met namen', namedMode: true });
		const [round] = await roundsOf(db, named.id);
		await as(db, c.anonymous).call('join_session', { code: named.join_code, displayName: 'Gast' });
		await as(db, c.memberA).call('join_session', { code: named.join_code, displayName: 'Lid Noord' });
		await setPhase(db, c, 1, 'position', named.id);
		await as(db, c.anonymous).call('cast_position', { roundId: round.id, value: 35, desired: null });
		await as(db, c.memberA).call('cast_position', { roundId: round.id, value: 65, desired: null });
		await setPhase(db, c, 1, 'reveal', named.id);
		for (const who of ['facilitatorA', 'anonymous'] as const) {
			const { rounds } = await as(db, c[who]).call('session_report', { sessionId: named.id, lang: 'nl' });
			expect(rounds[0].before).toEqual([
				{ value: 35, desired: null, name: 'Gast' },
				{ value: 65, desired: null, name: 'Lid Noord' }
			]);
		}
	});
});

// --- a member who is removed -------------------------------------------------------------------------

describe.each(engines)("a member removed from the team and the team's sessions on %s", (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let otherA: string;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db);
		otherA = (await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Tweede sessie Noord' })).id;
		await setPhase(db, c, 1, 'position');
	});
	afterAll(async () => {
		await db?.close();
	});

	const reads = async (actor: Actor, sessionId: string) => {
		const sessions = await sqlAs(db, actor, `select id from app.sessions where id = $1`, [sessionId]);
		const rounds = await sqlAs(db, actor, `select id from app.session_rounds where session_id = $1`, [sessionId]);
		const people = await sqlAs(db, actor, `select user_id from app.session_participants where session_id = $1`, [
			sessionId
		]);
		return { sessions: sessions.rows.length, rounds: rounds.rows.length, participants: people.rows.length };
	};
	const newMember = async (name: string) => {
		const person = await createPerson(db, { name });
		await joinTeam(db, c.facilitatorA, c.teamA.id, person);
		return person;
	};
	const remove = (person: Actor & { kind: 'user' }) =>
		as(db, c.facilitatorA).call('remove_member', { teamId: c.teamA.id, userId: person.userId });

	it('a member who never joined loses every session of the team at once: rows, state, report and list', async () => {
		const leaver = await newMember('Vertrekker');
		expect(await reads(leaver, c.session.id)).toEqual({ sessions: 1, rounds: 3, participants: 3 });
		await as(db, leaver).call('session_state', { sessionId: c.session.id, lang: 'nl' });
		expect(await as(db, leaver).call('team_sessions', { teamId: c.teamA.id })).toHaveLength(2);

		await remove(leaver);

		for (const id of [c.session.id, otherA]) {
			expect(await reads(leaver, id)).toEqual({ sessions: 0, rounds: 0, participants: 0 });
			await expectDbError(
				as(db, leaver).call('session_state', { sessionId: id, lang: 'nl' }),
				404,
				'session_not_found'
			);
			await expectDbError(
				as(db, leaver).call('session_report', { sessionId: id, lang: 'nl' }),
				404,
				'session_not_found'
			);
		}
		await expectDbError(as(db, leaver).call('team_sessions', { teamId: c.teamA.id }), 404, 'team_not_found');
		await expectDbError(
			as(db, leaver).call('cast_position', { roundId: c.rounds[0].id, value: 50, desired: null }),
			404,
			'round_not_found'
		);
	});

	it('a removed facilitator loses the controls at once', async () => {
		const second = await createPerson(db, { name: 'Tweede facilitator' });
		await joinTeam(db, c.facilitatorA, c.teamA.id, second, 'facilitator');
		await as(db, second).call('set_round_phase', { sessionId: otherA, position: 1, phase: 'position' });
		await remove(second);
		await expectDbError(
			as(db, second).call('set_round_phase', { sessionId: otherA, position: 1, phase: 'reveal' }),
			404,
			'session_not_found'
		);
		expect((await roundsOf(db, otherA))[0].phase).toBe('position');
	});

	// What the SQL does: participation is its own way in (my_session_ids), exactly like a guest who
	// joined by code, so removal from the team does not end it. The team's other sessions and its
	// list are gone at once.
	it('a member who had joined a session keeps that one session as its participant, and nothing else of the team', async () => {
		const leaver = await newMember('Vertrekker met code');
		await as(db, leaver).call('join_session', { code: c.session.join_code, displayName: 'Vertrekker' });
		await as(db, leaver).call('cast_position', { roundId: c.rounds[0].id, value: 45, desired: null });

		await remove(leaver);

		expect(await reads(leaver, c.session.id)).toEqual({ sessions: 1, rounds: 3, participants: 4 });
		const state = await as(db, leaver).call('session_state', { sessionId: c.session.id, lang: 'nl' });
		expect(state.me).toEqual({ display_name: 'Vertrekker' });
		expect(state.mine).toEqual({ before: { value: 45, desired: null } });
		const changed = await as(db, leaver).call('cast_position', { roundId: c.rounds[0].id, value: 55, desired: null });
		expect(changed).toMatchObject({ stage: 'before', value: 55 });
		await as(db, leaver).call('session_report', { sessionId: c.session.id, lang: 'nl' });

		expect(await reads(leaver, otherA)).toEqual({ sessions: 0, rounds: 0, participants: 0 });
		await expectDbError(
			as(db, leaver).call('session_state', { sessionId: otherA, lang: 'nl' }),
			404,
			'session_not_found'
		);
		await expectDbError(as(db, leaver).call('team_sessions', { teamId: c.teamA.id }), 404, 'team_not_found');
	});

	it('the member removed before the session was created never sees it', async () => {
		expect(await reads(c.removed, c.session.id)).toEqual({ sessions: 0, rounds: 0, participants: 0 });
		await expectDbError(
			as(db, c.removed).call('session_state', { sessionId: c.session.id, lang: 'nl' }),
			404,
			'session_not_found'
		);
	});
});
