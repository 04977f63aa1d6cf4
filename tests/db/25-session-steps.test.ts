import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import type { Phase } from '$lib/domain/session-schemas';
import { engines, expectDbError, type TestDatabase } from './harness';
import { as } from './factories';
import { createSession, createSessionCast, roundsOf, type SessionCast } from './sessions-cast';

// step_session (migration 20261204120000): the presenter's one step forward or back, named by
// the step the screen showed. A double press or a retry moves one step, never two; a new
// dilemma opens on its introduction; an empty reveal needs a confirmation.

describe.each(engines)('stepping through a session on %s', (_engine, open) => {
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

	/** A fresh session of team A with its dilemmas and three people joined (enough to show a spread). */
	const voters = ['memberA', 'anonymous', 'guestB'] as const;
	async function freshSession() {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Stap voor stap' });
		for (const [i, who] of voters.entries()) {
			await as(db, c[who]).call('join_session', { code: session.join_code, displayName: `Deelnemer ${i + 1}` });
		}
		const rounds = await roundsOf(db, session.id);
		return { session, rounds };
	}
	/** Everyone answers the round's open stage. */
	const everyoneAnswers = async (roundId: string, value: number) => {
		for (const [i, who] of voters.entries())
			await as(db, c[who]).call('cast_position', { roundId, value: value + i, desired: null });
	};
	const step = (
		sessionId: string,
		fromPosition: number,
		fromPhase: Phase,
		direction: 'forward' | 'back' = 'forward',
		confirmEmpty = false
	) => as(db, c.facilitatorA).call('step_session', { sessionId, fromPosition, fromPhase, direction, confirmEmpty });
	const where = async (sessionId: string) => {
		const state = await as(db, c.facilitatorA).call('session_state', { sessionId, lang: 'nl' });
		return [state.round.position, state.round.phase];
	};

	it('walks a dilemma through every phase and opens the next one on its introduction', async () => {
		const { session, rounds } = await freshSession();
		expect(await where(session.id)).toEqual([1, 'waiting']);
		await step(session.id, 1, 'waiting');
		await everyoneAnswers(rounds[0].id, 30);
		await step(session.id, 1, 'position');
		await step(session.id, 1, 'reveal');
		await step(session.id, 1, 'discuss');
		await everyoneAnswers(rounds[0].id, 35);
		await step(session.id, 1, 'reposition');
		expect(await where(session.id)).toEqual([1, 'shift']);

		const moved = await step(session.id, 1, 'shift');

		expect(moved).toEqual({ moved: true, position: 2, phase: 'waiting' });
		expect(await where(session.id)).toEqual([2, 'waiting']);
		expect((await roundsOf(db, session.id)).map((r) => r.phase)).toEqual(['done', 'waiting', 'waiting']);
	});

	it('a double press moves one step: the second request names a step already left and changes nothing', async () => {
		const { session } = await freshSession();
		await step(session.id, 1, 'waiting');

		const [first, second] = await Promise.all([
			step(session.id, 1, 'position', 'forward', true),
			step(session.id, 1, 'position', 'forward', true)
		]);

		expect([first.moved, second.moved].sort()).toEqual([false, true]);
		expect(await where(session.id)).toEqual([1, 'reveal']);
		const again = await step(session.id, 1, 'position', 'forward', true);
		expect(again).toEqual({ moved: false, position: 1, phase: 'reveal' });
		expect(await where(session.id)).toEqual([1, 'reveal']);
	});

	it('revealing a spread nobody answered needs a confirmation, and then goes ahead', async () => {
		const { session } = await freshSession();
		await step(session.id, 1, 'waiting');

		await expectDbError(step(session.id, 1, 'position'), 409, 'reveal_without_answers');
		expect(await where(session.id)).toEqual([1, 'position']);

		await step(session.id, 1, 'position', 'forward', true);
		expect(await where(session.id)).toEqual([1, 'reveal']);
	});

	it('steps back within a dilemma and from an introduction to the shift of the dilemma before', async () => {
		const { session } = await freshSession();
		await expectDbError(step(session.id, 1, 'waiting', 'back'), 409, 'no_previous_step');
		for (const phase of ['waiting', 'position', 'reveal', 'discuss', 'reposition', 'shift'] as const) {
			await step(session.id, 1, phase, 'forward', true);
		}
		expect(await where(session.id)).toEqual([2, 'waiting']);

		await step(session.id, 2, 'waiting', 'back');
		expect(await where(session.id)).toEqual([1, 'shift']);
		// Back over the voting phases, whose results were shown: they stay closed.
		await step(session.id, 1, 'shift', 'back');
		expect(await where(session.id)).toEqual([1, 'discuss']);
		await step(session.id, 1, 'discuss', 'back');
		expect(await where(session.id)).toEqual([1, 'reveal']);
		await step(session.id, 1, 'reveal', 'back');
		expect(await where(session.id)).toEqual([1, 'waiting']);
		// And forward again over them, to the results as they were.
		await step(session.id, 1, 'waiting');
		expect(await where(session.id)).toEqual([1, 'reveal']);
		await step(session.id, 1, 'reveal');
		await step(session.id, 1, 'discuss');
		expect(await where(session.id)).toEqual([1, 'shift']);
	});

	it('the last dilemma ends in done, after which there is no next step', async () => {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, {
			title: 'Eén dilemma',
			slugs: c.rounds.slice(0, 1).map((r) => r.slug)
		});
		for (const phase of ['waiting', 'position', 'reveal', 'discuss', 'reposition'] as const) {
			await step(session.id, 1, phase, 'forward', true);
		}
		expect(await step(session.id, 1, 'shift')).toEqual({ moved: true, position: 1, phase: 'done' });
		await expectDbError(step(session.id, 1, 'done'), 409, 'no_next_step');
	});

	it('only the facilitator steps; participants, members and outsiders are refused, a closed session does not move', async () => {
		const { session } = await freshSession();
		const args = {
			sessionId: session.id,
			fromPosition: 1,
			fromPhase: 'waiting' as const,
			direction: 'forward' as const,
			confirmEmpty: false
		};
		await expectDbError(as(db, c.memberA).call('step_session', args), 403, 'facilitator_only');
		await expectDbError(as(db, c.memberB).call('step_session', args), 404, 'session_not_found');
		await expectDbError(as(db, c.removed).call('step_session', args), 404, 'session_not_found');
		expect(await where(session.id)).toEqual([1, 'waiting']);

		await as(db, c.facilitatorA).call('set_session_status', { sessionId: session.id, status: 'closed' });
		await expectDbError(step(session.id, 1, 'waiting'), 409, 'session_closed');
	});

	it('refuses a direction or phase that does not exist, as bad input', async () => {
		const { session } = await freshSession();
		await expectDbError(
			db.backend.rpc(
				'step_session',
				{
					p_session_id: session.id,
					p_from_position: 1,
					p_from_phase: 'waiting',
					p_direction: 'sideways',
					p_confirm_empty: false
				},
				c.facilitatorA
			),
			400,
			'invalid_phase'
		);
		expect(await where(session.id)).toEqual([1, 'waiting']);
	});
});
