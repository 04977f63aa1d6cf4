import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DbError } from '$lib/server/db/errors';
import type { Actor } from '$lib/server/db/port';
import type { Phase } from '$lib/domain/session-schemas';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { slugFor, validFrontmatter } from '../fixtures/dilemma-factory';
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
import { as, createCast, createPerson, type Cast } from './factories';
import {
	builtinSlugs,
	builtinTitle,
	createSession,
	createSessionCast,
	importableSet,
	outsiders,
	participants,
	roundsOf,
	sessionPeople,
	sessionSnapshot,
	setPhase,
	type SessionCast,
	type Who
} from './sessions-cast';

// Positions (migration 20261123140000): who reads and writes the raw positions, cast_position
// (phases, participants, ranges, idempotency) and session_state (what is hidden before the
// reveal, names only in named mode, the dilemma text of a team's own set).

const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : randomUUID());

const positionsOf = (db: TestDatabase, roundId: string) =>
	asSuperuser(
		db,
		`select user_id, stage, value, desired, revision from app.positions where round_id = $1 order by stage, value`,
		[roundId]
	);

// --- direct access to positions ----------------------------------------------------------------------

describe.each(engines)('direct access to positions on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let round1: string;
	let round2: string;
	const values: Partial<Record<Who, [number, number]>> = { memberA: [20, 30], anonymous: [50, 50], guestB: [80, 60] };

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db, { askDesired: true });
		[round1, round2] = c.rounds.map((r) => r.id);
		await setPhase(db, c, 1, 'position');
		for (const who of participants) {
			const [value, desired] = values[who]!;
			await as(db, c[who]).call('cast_position', { roundId: round1, value, desired });
		}
	});
	afterAll(async () => {
		await db?.close();
	});

	const insertPosition = (
		actor: Actor,
		roundId: string,
		userId: string,
		stage = 'before',
		value = 50,
		desired: number | null = null
	) =>
		sqlAs(
			db,
			actor,
			`insert into app.positions (round_id, user_id, stage, value, desired) values ($1, $2, $3, $4, $5)`,
			[roundId, userId, stage, value, desired]
		);

	it.each<Who>(participants)(
		'%s reads their own position and no one else’s, even selecting the whole table',
		async (who) => {
			const outcome = await sqlAs(db, c[who], `select user_id, stage, value, desired from app.positions`);
			expect(outcome.error).toBeUndefined();
			const [value, desired] = values[who]!;
			expect(outcome.rows).toEqual([{ user_id: userIdOf(c[who]), stage: 'before', value, desired }]);
		}
	);

	it.each<Who>(['facilitatorA', 'bystanderA', ...outsiders])(
		'%s reads no position at all, though three exist (the facilitator neither)',
		async (who) => {
			expect(await positionsOf(db, round1)).toHaveLength(3);
			const outcome = await sqlAs(db, c[who], `select user_id, value from app.positions`);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rows).toEqual([]);
		}
	);

	it('the visitor holds no privilege on positions', async () => {
		expectSqlError(await sqlAs(db, c.visitor, `select * from app.positions`), '42501', permissionDenied('positions'));
		expectSqlError(await insertPosition(c.visitor, round1, c.memberA.userId), '42501', permissionDenied('positions'));
	});

	it.each<Who>(['facilitatorA', 'memberA', 'bystanderA', 'anonymous', 'guestB', 'memberB', 'removed'])(
		"%s cannot insert a position in someone else's name: row-level security",
		async (who) => {
			const before = await positionsOf(db, round1);
			// A participant who has not voted yet, so only the name is wrong.
			const victim = await createPerson(db, { anonymous: true });
			await as(db, victim).call('join_session', { code: c.session.join_code, displayName: 'Slachtoffer' });
			expectSqlError(await insertPosition(c[who], round1, victim.userId), '42501', rlsViolation);
			expect(await positionsOf(db, round1)).toEqual(before);
		}
	);

	it('a participant may place their own point directly while the round is open, within 0..100 only', async () => {
		const late = await createPerson(db, { anonymous: true });
		await as(db, late).call('join_session', { code: c.session.join_code, displayName: 'Laatkomer' });
		expectSqlError(await insertPosition(late, round1, late.userId, 'before', 101), '23514', /positions_value_check/);
		expectSqlError(await insertPosition(late, round1, late.userId, 'before', -1), '23514', /positions_value_check/);
		expectSqlError(
			await insertPosition(late, round1, late.userId, 'before', 50, 101),
			'23514',
			/positions_desired_check/
		);
		const ok = await insertPosition(late, round1, late.userId, 'before', 45);
		expect(ok.error).toBeUndefined();
		expect(ok.rowCount).toBe(1);
		expect((await positionsOf(db, round1)).filter((p) => p.user_id === late.userId).map((p) => p.value)).toEqual([45]);
	});

	// Regression: the policies only checked the author, so a direct write got round every rule of
	// cast_position (phase, current round, open session, participant).
	it('nobody places their own point directly where cast_position would refuse it', async () => {
		const before = await sessionSnapshot(db, c.session.id);
		// A participant: in a round that is waiting, and at the after stage while positions are taken.
		expectSqlError(await insertPosition(c.anonymous, round2, c.anonymous.userId), '42501', rlsViolation);
		expectSqlError(await insertPosition(c.anonymous, round1, c.anonymous.userId, 'after'), '42501', rlsViolation);
		// Those who did not join, in the open round.
		for (const who of ['facilitatorA', 'bystanderA', 'memberB', 'removed'] as const) {
			expectSqlError(await insertPosition(c[who], round1, userIdOf(c[who])), '42501', rlsViolation);
		}
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	it.each<Who>(['facilitatorA', 'memberA', 'bystanderA', 'anonymous', 'guestB', 'memberB', 'removed'])(
		"%s changes nothing by updating other people's positions: 0 rows",
		async (who) => {
			const before = await sessionSnapshot(db, c.session.id);
			const outcome = await sqlAs(db, c[who], `update app.positions set value = 0, desired = 0 where user_id <> $1`, [
				userIdOf(c[who])
			]);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(0);
			expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		}
	);

	it('a participant cannot move their position into another round', async () => {
		const before = await sessionSnapshot(db, c.session.id);
		const outcome = await sqlAs(db, c.guestB, `update app.positions set round_id = $1`, [round2]);
		expectSqlError(outcome, '42501', rlsViolation);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	it.each<Who>(['facilitatorA', 'memberA', 'anonymous', 'guestB', 'memberB', 'visitor'])(
		'%s cannot delete positions, not even their own: no delete privilege',
		async (who) => {
			const before = await sessionSnapshot(db, c.session.id);
			expectSqlError(await sqlAs(db, c[who], `delete from app.positions`), '42501', permissionDenied('positions'));
			expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		}
	);

	it('once the round has moved on, a participant cannot change their own position directly: 0 rows', async () => {
		// Last in this block: the reveal seals the round's 'before' stage for good.
		await setPhase(db, c, 1, 'reveal');
		const before = await sessionSnapshot(db, c.session.id);
		const outcome = await sqlAs(db, c.memberA, `update app.positions set value = 99 where user_id = $1`, [
			c.memberA.userId
		]);
		expect(outcome.error).toBeUndefined();
		expect(outcome.rowCount).toBe(0);
		await setPhase(db, c, 1, 'reposition');
		// Turning the revealed 'before' into the 'after' would take it out of the results.
		const restage = await sqlAs(db, c.memberA, `update app.positions set stage = 'after' where user_id = $1`, [
			c.memberA.userId
		]);
		expect(restage.error).toBeUndefined();
		expect(restage.rowCount).toBe(0);
		expect((await sessionSnapshot(db, c.session.id)).positions).toEqual(before.positions);
		// Nor can the facilitator reopen it: that would let two views of the stage differ by one vote.
		await expectDbError(setPhase(db, c, 1, 'position'), 409, 'stage_closed');
	});
});

// --- cast_position -------------------------------------------------------------------------------------

describe.each(engines)('cast_position on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let round1: string;
	let round2: string;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db, { askDesired: true });
		[round1, round2] = c.rounds.map((r) => r.id);
	});
	afterAll(async () => {
		await db?.close();
	});

	const cast = (who: Who | Actor, roundId: string, value: number, desired: number | null = null) =>
		as(db, typeof who === 'string' ? c[who] : who).call('cast_position', { roundId, value, desired });

	it('in the position phase a point is stage before, in the reposition phase stage after; both are "mine"', async () => {
		await setPhase(db, c, 1, 'position');
		expect(await cast('memberA', round1, 25, 40)).toEqual({
			stage: 'before',
			value: 25,
			desired: 40,
			revision: expect.any(Number)
		});
		await setPhase(db, c, 1, 'reposition');
		expect(await cast('memberA', round1, 35, 45)).toEqual({
			stage: 'after',
			value: 35,
			desired: 45,
			revision: expect.any(Number)
		});
		const rows = (await positionsOf(db, round1)).filter((p) => p.user_id === c.memberA.userId);
		expect(rows.map((p) => [p.stage, p.value, p.desired])).toEqual([
			['after', 35, 45],
			['before', 25, 40]
		]);
		const state = await as(db, c.memberA).call('session_state', { sessionId: c.session.id, lang: 'nl' });
		expect(state.mine).toEqual({ before: { value: 25, desired: 40 }, after: { value: 35, desired: 45 } });
	});

	// Round 1 was revealed above (re-positioning comes after the reveal): until the shift a late
	// point is told that voting closed and re-positioning comes next; after it, that the round is over.
	it.each<[Phase, string]>([
		['waiting', 'stage_closed'],
		['reveal', 'stage_closed'],
		['discuss', 'stage_closed'],
		['shift', 'round_not_open'],
		['done', 'round_not_open']
	])('in the %s phase a point is refused: 409 %s, nothing written', async (phase, key) => {
		await setPhase(db, c, 1, phase);
		const before = await sessionSnapshot(db, c.session.id);
		await expectDbError(cast('anonymous', round1, 50), 409, key);
		await expectDbError(cast('memberA', round1, 90), 409, key);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	it('a round left in the position phase is closed once the facilitator goes to another round', async () => {
		await setPhase(db, c, 2, 'position');
		await setPhase(db, c, 1, 'waiting');
		const before = await sessionSnapshot(db, c.session.id);
		await expectDbError(cast('anonymous', round2, 50), 409, 'round_not_open');
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		await setPhase(db, c, 2, 'position');
		expect(await cast('anonymous', round2, 50)).toMatchObject({ stage: 'before', value: 50 });
	});

	it.each<[Who, 403 | 404, string]>([
		['facilitatorA', 403, 'not_a_participant'],
		['bystanderA', 403, 'not_a_participant'],
		['memberB', 404, 'round_not_found'],
		['facilitatorB', 404, 'round_not_found'],
		['removed', 404, 'round_not_found'],
		['visitor', 403, 'forbidden']
	])('%s, who did not join, cannot place a point: %i %s', async (who, status, key) => {
		await setPhase(db, c, 2, 'position');
		const before = await sessionSnapshot(db, c.session.id);
		await expectDbError(cast(who, round2, 50), status, key);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	it('an unknown round is 404 round_not_found', async () => {
		await expectDbError(cast('anonymous', randomUUID(), 50), 404, 'round_not_found');
	});

	it('in a closed session a participant is refused with 409 session_closed; reopened, the point is taken', async () => {
		await setPhase(db, c, 2, 'position');
		await as(db, c.facilitatorA).call('set_session_status', { sessionId: c.session.id, status: 'closed' });
		try {
			const before = await sessionSnapshot(db, c.session.id);
			for (const who of participants) await expectDbError(cast(who, round2, 70), 409, 'session_closed');
			expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
		} finally {
			await as(db, c.facilitatorA).call('set_session_status', { sessionId: c.session.id, status: 'open' });
		}
		expect(await cast('guestB', round2, 70)).toMatchObject({ stage: 'before', value: 70 });
	});

	it.each([
		['value 101', { value: 101 }],
		['value -1', { value: -1 }],
		['value 50.5', { value: 50.5 }],
		['value NaN', { value: Number.NaN }],
		['desired 101', { desired: 101 }],
		['desired -1', { desired: -1 }]
	])('the app refuses %s before any SQL: 400 with position_out_of_range in the issues', async (_what, override) => {
		await setPhase(db, c, 2, 'position');
		const rpc = vi.spyOn(db.backend, 'rpc');
		try {
			const error = await as(db, c.anonymous)
				.call('cast_position', { roundId: round2, value: 50, desired: null, ...override })
				.then(
					() => undefined,
					(e: unknown) => e
				);
			expect(error).toBeInstanceOf(DbError);
			expect((error as DbError).status).toBe(400);
			expect(((error as DbError).details as { message: string }[]).map((i) => i.message)).toContain(
				'position_out_of_range'
			);
			expect(rpc).not.toHaveBeenCalled();
		} finally {
			rpc.mockRestore();
		}
	});

	it.each([
		['value 101', { p_value: 101 }],
		['value -1', { p_value: -1 }],
		['no value', { p_value: null }],
		['desired 101', { p_desired: 101 }],
		['desired -1', { p_desired: -1 }]
	])('the SQL function itself refuses %s: 400 position_out_of_range, nothing written', async (_what, override) => {
		await setPhase(db, c, 2, 'position');
		const before = await sessionSnapshot(db, c.session.id);
		await expectDbError(
			rawCall(db, c.anonymous, 'cast_position', { p_round_id: round2, p_value: 50, p_desired: null, ...override }),
			400,
			'position_out_of_range'
		);
		expect(await sessionSnapshot(db, c.session.id)).toEqual(before);
	});

	it('the limits 0 and 100 are accepted', async () => {
		await setPhase(db, c, 2, 'position');
		expect(await cast('guestB', round2, 0, 100)).toMatchObject({ value: 0, desired: 100 });
		expect(await cast('guestB', round2, 100, 0)).toMatchObject({ value: 100, desired: 0 });
	});

	it('without ask_desired the desired value is dropped, in the answer and in the row', async () => {
		const plain = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Zonder gewenst', askDesired: false });
		const [round] = await roundsOf(db, plain.id);
		await as(db, c.anonymous).call('join_session', { code: plain.join_code, displayName: 'Gast' });
		await setPhase(db, c, 1, 'position', plain.id);
		expect(await cast('anonymous', round.id, 40, 90)).toMatchObject({ stage: 'before', value: 40, desired: null });
		expect((await positionsOf(db, round.id)).map((p) => [p.value, p.desired])).toEqual([[40, null]]);
		// The same value with a desired one is the same vote: nothing new is written.
		const [{ revision }] = await positionsOf(db, round.id);
		expect(await cast('anonymous', round.id, 40, 10)).toMatchObject({ desired: null, revision: Number(revision) });
	});

	it('the same vote sent five times at once leaves one row, one count and one revision', async () => {
		const fresh = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Dubbel verzonden', askDesired: true });
		const [round] = await roundsOf(db, fresh.id);
		const voter = await createPerson(db, { anonymous: true });
		await as(db, voter).call('join_session', { code: fresh.join_code, displayName: 'Snelle duim' });
		await setPhase(db, c, 1, 'position', fresh.id);

		const answers = await Promise.all(Array.from({ length: 5 }, () => cast(voter, round.id, 63, 80)));
		const rows = await positionsOf(db, round.id);
		expect(rows).toEqual([
			{ user_id: voter.userId, stage: 'before', value: 63, desired: 80, revision: expect.anything() }
		]);
		const revision = Number(rows[0].revision);
		expect(answers).toEqual(Array(5).fill({ stage: 'before', value: 63, desired: 80, revision }));
		const state = await as(db, c.facilitatorA).call('session_state', { sessionId: fresh.id, lang: 'nl' });
		expect(state.round.counts).toEqual({ before: 1, after: 0 });

		// Sent once more later: still the same revision.
		expect((await cast(voter, round.id, 63, 80)).revision).toBe(revision);
		// A changed value (or desired value) is a new write with a higher revision.
		const moved = await cast(voter, round.id, 64, 80);
		expect(moved.revision).toBeGreaterThan(revision);
		const redesired = await cast(voter, round.id, 64, 81);
		expect(redesired.revision).toBeGreaterThan(moved.revision);
		const back = await cast(voter, round.id, 63, 80);
		expect(back.revision).toBeGreaterThan(redesired.revision);
		expect(await positionsOf(db, round.id)).toEqual([
			{ user_id: voter.userId, stage: 'before', value: 63, desired: 80, revision: expect.anything() }
		]);
		expect(Number((await positionsOf(db, round.id))[0].revision)).toBe(back.revision);
	});

	it('five people voting at the same moment are five rows and a count of five', async () => {
		const busy = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Drukte' });
		const [round] = await roundsOf(db, busy.id);
		const voters = await Promise.all(Array.from({ length: 5 }, () => createPerson(db, { anonymous: true })));
		for (const [i, voter] of voters.entries()) {
			await as(db, voter).call('join_session', { code: busy.join_code, displayName: `Stemmer ${i + 1}` });
		}
		await setPhase(db, c, 1, 'position', busy.id);
		const answers = await Promise.all(voters.map((voter, i) => cast(voter, round.id, 10 * (i + 1))));
		expect(new Set(answers.map((a) => a.revision)).size).toBe(5);
		expect((await positionsOf(db, round.id)).map((p) => p.value)).toEqual([10, 20, 30, 40, 50]);
		const state = await as(db, c.facilitatorA).call('session_state', { sessionId: busy.id, lang: 'nl' });
		expect(state.round.counts).toEqual({ before: 5, after: 0 });
	});
});

// --- session_state -----------------------------------------------------------------------------------

describe.each(engines)('session_state on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let round1: string;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db, { askDesired: true });
		round1 = c.rounds[0].id;
	});
	afterAll(async () => {
		await db?.close();
	});

	const state = (who: Who, lang: 'nl' | 'en' = 'nl', sessionId = c.session.id) =>
		as(db, c[who]).call('session_state', { sessionId, lang });
	const cast = (who: Who, value: number, desired: number | null = null) =>
		as(db, c[who]).call('cast_position', { roundId: round1, value, desired });

	it.each<Who>(sessionPeople)(
		'%s reads the session before it starts: round 1 waiting, its dilemma, nothing counted',
		async (who) => {
			const s = await state(who);
			expect(s.session).toEqual({
				id: c.session.id,
				team_id: c.teamA.id,
				title: 'Teamdag Noord',
				held_on: '2026-11-24',
				status: 'open',
				join_code: c.session.join_code,
				named_mode: false,
				ask_desired: true,
				round_count: 3,
				participant_count: 3,
				is_facilitator: who === 'facilitatorA',
				reviewing: false,
				review_count: 0
			});
			expect(s.round).toMatchObject({
				id: round1,
				position: 1,
				phase: 'waiting',
				notes_md: '',
				notes_version: 0,
				counts: { before: 0, after: 0 },
				before: null,
				after: null,
				shift: null
			});
			expect(s.round.dilemma).toMatchObject({
				slug: builtinSlugs[0],
				lang: 'nl',
				title: builtinTitle(builtinSlugs[0], 'nl')
			});
			expect(s.mine).toEqual({});
			const names: Partial<Record<Who, string>> = { memberA: 'Lid Noord', anonymous: 'Gast', guestB: 'Gast Zuid' };
			expect(s.me).toEqual(names[who] ? { display_name: names[who] } : null);
		}
	);

	it('the dilemma comes in the language asked for', async () => {
		const s = await state('anonymous', 'en');
		expect(s.round.dilemma).toMatchObject({
			slug: builtinSlugs[0],
			lang: 'en',
			title: builtinTitle(builtinSlugs[0], 'en')
		});
	});

	it('while positions are taken everyone sees how many, but no values; each person sees only their own', async () => {
		await setPhase(db, c, 1, 'position');
		await cast('memberA', 70, 80);
		await cast('anonymous', 30, 50);
		await cast('guestB', 30, 20);
		for (const who of sessionPeople) {
			const s = await state(who);
			expect(s.round).toMatchObject({
				phase: 'position',
				counts: { before: 3, after: 0 },
				before: null,
				after: null,
				shift: null
			});
		}
		expect((await state('memberA')).mine).toEqual({ before: { value: 70, desired: 80 } });
		expect((await state('anonymous')).mine).toEqual({ before: { value: 30, desired: 50 } });
		expect((await state('facilitatorA')).mine).toEqual({});
		expect((await state('bystanderA')).mine).toEqual({});
	});

	it.each<Phase>(['reveal', 'discuss', 'reposition'])(
		'in the %s phase the before-values are shown, sorted, without names; the after-values not yet',
		async (phase) => {
			await setPhase(db, c, 1, phase);
			for (const who of sessionPeople) {
				const s = await state(who);
				expect(s.round.before).toEqual([
					{ value: 30, desired: 20, name: null },
					{ value: 30, desired: 50, name: null },
					{ value: 70, desired: 80, name: null }
				]);
				expect(s.round.after).toBeNull();
				expect(s.round.shift).toBeNull();
			}
		}
	);

	it('new positions in the reposition phase are counted but stay hidden', async () => {
		await setPhase(db, c, 1, 'reposition');
		await cast('memberA', 60, 80);
		await cast('anonymous', 40, 50);
		await cast('guestB', 10, 20);
		const s = await state('guestB');
		expect(s.round).toMatchObject({ counts: { before: 3, after: 3 }, after: null, shift: null });
		expect(s.round.before).toHaveLength(3);
		expect((await state('memberA')).mine).toEqual({
			before: { value: 70, desired: 80 },
			after: { value: 60, desired: 80 }
		});
	});

	it.each<Phase>(['shift', 'done'])(
		'in the %s phase the after-values and the shifts are shown, without names',
		async (phase) => {
			await setPhase(db, c, 1, phase);
			for (const who of sessionPeople) {
				const s = await state(who);
				expect(s.round.after).toEqual([
					{ value: 10, desired: 20, name: null },
					{ value: 40, desired: 50, name: null },
					{ value: 60, desired: 80, name: null }
				]);
				expect(s.round.shift).toEqual([
					{ before: 30, after: 10, name: null },
					{ before: 30, after: 40, name: null },
					{ before: 70, after: 60, name: null }
				]);
			}
		}
	);

	it('a shown stage cannot be reopened: going back to a voting phase is refused and the round stays as shown', async () => {
		// The meeting clock's "now" moves on; everything else must stay as it was.
		const settled = async () => {
			const s = await state('anonymous');
			return { ...s, round: { ...s.round, clock: { ...s.round.clock, now: null } } };
		};
		const shown = await settled();
		await expectDbError(setPhase(db, c, 1, 'position'), 409, 'stage_closed');
		await expectDbError(setPhase(db, c, 1, 'reposition'), 409, 'stage_closed');
		expect(await settled()).toEqual(shown);
		expect(shown.round).toMatchObject({
			phase: 'done',
			counts: { before: 3, after: 3 },
			sealed: { before: true, after: true }
		});
	});

	it('in named mode the revealed points carry the names people joined under', async () => {
		const named = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Met namen', namedMode: true });
		const [round] = await roundsOf(db, named.id);
		await as(db, c.anonymous).call('join_session', { code: named.join_code, displayName: 'Gast' });
		await as(db, c.guestB).call('join_session', { code: named.join_code, displayName: 'Gast Zuid' });
		await setPhase(db, c, 1, 'position', named.id);
		await as(db, c.anonymous).call('cast_position', { roundId: round.id, value: 20, desired: null });
		await as(db, c.guestB).call('cast_position', { roundId: round.id, value: 80, desired: null });
		expect((await state('anonymous', 'nl', named.id)).round.before).toBeNull();
		await setPhase(db, c, 1, 'reveal', named.id);
		expect((await state('anonymous', 'nl', named.id)).round.before).toEqual([
			{ value: 20, desired: null, name: 'Gast' },
			{ value: 80, desired: null, name: 'Gast Zuid' }
		]);
		await setPhase(db, c, 1, 'reposition', named.id);
		await as(db, c.guestB).call('cast_position', { roundId: round.id, value: 60, desired: null });
		await setPhase(db, c, 1, 'shift', named.id);
		const s = await state('facilitatorA', 'nl', named.id);
		expect(s.round.after).toEqual([{ value: 60, desired: null, name: 'Gast Zuid' }]);
		expect(s.round.shift).toEqual([{ before: 80, after: 60, name: 'Gast Zuid' }]);
	});

	it.each<[Who, 403 | 404, string]>([
		['memberB', 404, 'session_not_found'],
		['facilitatorB', 404, 'session_not_found'],
		['removed', 404, 'session_not_found'],
		['visitor', 403, 'forbidden']
	])('%s, who is not in the session, gets %i %s', async (who, status, key) => {
		await expectDbError(state(who), status, key);
	});

	it("a participant by code gets 404 session_not_found for the team's other sessions; an unknown id is 404 too", async () => {
		const other = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Niet meegedaan' });
		await expectDbError(state('anonymous', 'nl', other.id), 404, 'session_not_found');
		await expectDbError(state('guestB', 'nl', other.id), 404, 'session_not_found');
		expect((await state('bystanderA', 'nl', other.id)).session.id).toBe(other.id);
		await expectDbError(state('facilitatorA', 'nl', randomUUID()), 404, 'session_not_found');
	});
});

// --- a session over a team's own set -----------------------------------------------------------------

describe.each(engines)("a session over a team's imported dilemma set on %s", (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	let setId: string;
	let session: { id: string; join_code: string };

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		cast = await createCast(db);
		setId = (
			await as(db, cast.facilitatorA).call('import_dilemma_set', {
				teamId: cast.teamA.id,
				name: 'Set van Noord',
				...importableSet('nl')
			})
		).id;
		await as(db, cast.facilitatorA).call('activate_dilemma_set', { teamId: cast.teamA.id, setId });
		session = await createSession(db, cast.facilitatorA, cast.teamA.id, { slugs: [slugFor(3), slugFor(1)] });
		await as(db, cast.anonymous).call('join_session', { code: session.join_code, displayName: 'Gast' });
		await as(db, cast.memberB).call('join_session', { code: session.join_code, displayName: 'Gast Zuid' });
	});
	afterAll(async () => {
		await db?.close();
	});

	const expected = (n: number) => ({
		slug: slugFor(n),
		lang: 'nl',
		number: n,
		title: validFrontmatter(n, 'nl').title
	});

	it('the session is over the team’s set', async () => {
		const [row] = await asSuperuser(db, `select set_id from app.sessions where id = $1`, [session.id]);
		expect(row.set_id).toBe(setId);
	});

	it.each<keyof Cast & ('anonymous' | 'memberB')>(['anonymous', 'memberB'])(
		'%s, in the session by code only, cannot read the set directly, yet gets the dilemma text in the session',
		async (who) => {
			const direct = await sqlAs(db, cast[who], `select id from app.dilemmas where set_id = $1`, [setId]);
			expect(direct.rows).toEqual([]);
			const s = await as(db, cast[who]).call('session_state', { sessionId: session.id, lang: 'nl' });
			expect(s.round.dilemma).toMatchObject(expected(3));
			expect(s.round.dilemma?.body_md.length).toBeGreaterThan(300);
			// The set is Dutch only: English is asked, Dutch is served.
			const en = await as(db, cast[who]).call('session_state', { sessionId: session.id, lang: 'en' });
			expect(en.round.dilemma).toMatchObject(expected(3));
			const report = await as(db, cast[who]).call('session_report', { sessionId: session.id, lang: 'nl' });
			expect(report.rounds.map((r) => r.dilemma?.title)).toEqual([expected(3).title, expected(1).title]);
		}
	);

	it('the definer helper gives the text to the session’s people only', async () => {
		const outsider = await createPerson(db, { anonymous: true });
		const ask = (actor: Actor) =>
			sqlAs(db, actor, `select private.session_dilemma($1, $2, 'nl') ->> 'title' as title`, [session.id, slugFor(3)]);
		expect((await ask(cast.anonymous)).rows).toEqual([{ title: expected(3).title }]);
		for (const actor of [outsider, cast.facilitatorB, cast.removed]) {
			const outcome = await ask(actor);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rows).toEqual([{ title: null }]);
		}
		await expectDbError(
			as(db, outsider).call('session_state', { sessionId: session.id, lang: 'nl' }),
			404,
			'session_not_found'
		);
	});
});
