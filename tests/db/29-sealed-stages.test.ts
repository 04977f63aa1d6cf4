import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import type { Actor } from '$lib/server/db/port';
import type { Phase } from '$lib/domain/session-schemas';
import { engines, expectDbError, sqlAs, type TestDatabase } from './harness';
import { as, createPerson } from './factories';
import { createSession, createSessionCast, roundsOf, type SessionCast } from './sessions-cast';

// Anonymous rounds cannot be peeled (migration 20261204200000, issue #13). The attack: after each
// vote the facilitator reveals the spread, steps back, lets the next person vote and reveals again;
// the difference between two views is one person's value. Here it is replayed, by every route a
// facilitator has (the steps, jumps, a direct write to the round), with 3 and 10 phones.

/** Values as a sorted list: a view of a stage. */
const valuesOf = (points: { value: number }[] | null | undefined) =>
	(points ?? []).map((p) => p.value).sort((a, b) => a - b);

/** What a sequence of views gives away: the multiset differences between consecutive views. */
function differences(views: number[][]): number[][] {
	const out: number[][] = [];
	for (let i = 1; i < views.length; i++) {
		const rest = [...views[i]];
		for (const value of views[i - 1]) {
			const at = rest.indexOf(value);
			if (at !== -1) rest.splice(at, 1);
		}
		if (rest.length) out.push(rest);
	}
	return out;
}

describe.each(engines)('peeling an anonymous round on %s', (_engine, open) => {
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

	const facilitator = () => as(db, c.facilitatorA);
	async function roomOf(size: number, options: { namedMode?: boolean } = {}) {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, {
			title: `Zaal van ${size}`,
			namedMode: options.namedMode
		});
		const phones: Actor[] = [];
		for (let i = 0; i < size; i++) {
			const phone = await createPerson(db, { anonymous: true });
			await as(db, phone).call('join_session', { code: session.join_code, displayName: `Telefoon ${i + 1}` });
			phones.push(phone);
		}
		const [round] = await roundsOf(db, session.id);
		return { session, round, phones };
	}
	const where = async (sessionId: string) => {
		const state = await facilitator().call('session_state', { sessionId, lang: 'nl' });
		return { phase: state.round.phase as Phase, before: valuesOf(state.round.before), state };
	};
	/** Everything the facilitator can read of the stage right now: the screen and the report. */
	const views = async (sessionId: string) => {
		const [state, report] = await Promise.all([
			facilitator().call('session_state', { sessionId, lang: 'nl' }),
			facilitator().call('session_report', { sessionId, lang: 'nl' })
		]);
		return [valuesOf(state.round.before), valuesOf(report.rounds[0].before)];
	};
	const step = (sessionId: string, fromPhase: Phase, direction: 'forward' | 'back' = 'forward', confirmEmpty = false) =>
		facilitator().call('step_session', { sessionId, fromPosition: 1, fromPhase, direction, confirmEmpty });

	it.each([3, 10])('with %i phones, revealing after every vote yields no single value', async (size) => {
		const { session, round, phones } = await roomOf(size);
		const secret = phones.map((_, i) => (i * 37 + 11) % 101);
		await step(session.id, 'waiting');
		const seen: number[][] = [];
		const accepted: number[] = [];
		for (const [i, phone] of phones.entries()) {
			// The next phone votes (if the round still takes votes)…
			const vote = await as(db, phone)
				.call('cast_position', { roundId: round.id, value: secret[i], desired: null })
				.then(
					() => true,
					(error) => (expect(error).toMatchObject({ status: 409, key: 'stage_closed' }), false)
				);
			if (vote) accepted.push(secret[i]);
			// …and the facilitator tries every way back to voting, then reveals again and reads.
			const { phase } = await where(session.id);
			if (phase === 'position') {
				if (accepted.length < 3) await expectDbError(step(session.id, 'position'), 409, 'reveal_too_few_answers');
				await step(session.id, 'position', 'forward', true);
			} else {
				await step(session.id, phase, 'back');
				expect((await where(session.id)).phase).toBe('waiting');
				await expectDbError(
					facilitator().call('set_round_phase', { sessionId: session.id, position: 1, phase: 'position' }),
					409,
					'stage_closed'
				);
				const direct = await sqlAs(
					db,
					c.facilitatorA,
					`update app.session_rounds set phase = 'position', revealed_at = null where id = $1`,
					[round.id]
				);
				expect(direct.error?.message).toMatch(/stage_closed/);
				await step(session.id, 'waiting');
			}
			expect((await where(session.id)).phase).toBe('reveal');
			seen.push(...(await views(session.id)));
		}
		// The first reveal came after one vote: it showed nothing and closed the stage.
		expect(accepted).toEqual([secret[0]]);
		expect(seen.every((view) => view.length === 0)).toBe(true);
		expect(differences(seen)).toEqual([]);
	});

	it.each([3, 10])(
		'with %i phones, waiting for three votes shows them once, as a set, and no later view differs',
		async (size) => {
			const { session, round, phones } = await roomOf(size);
			await step(session.id, 'waiting');
			const seen: number[][] = [];
			for (const [i, phone] of phones.entries()) {
				const value = 90 - i * 7;
				const outcome = await as(db, phone)
					.call('cast_position', { roundId: round.id, value, desired: null })
					.then(
						() => 'ok',
						(error) => error.key
					);
				expect(outcome).toBe(i < 3 ? 'ok' : 'stage_closed');
				const { phase } = await where(session.id);
				if (i < 2) continue; // a patient facilitator waits until the floor of three
				if (phase === 'position') await step(session.id, 'position');
				else {
					await step(session.id, phase, 'back');
					await step(session.id, 'waiting');
				}
				seen.push(...(await views(session.id)));
			}
			expect(seen[0]).toEqual([76, 83, 90]);
			expect(new Set(seen.map((view) => view.join()))).toEqual(new Set(['76,83,90']));
			expect(differences(seen)).toEqual([]);
		}
	);

	it('two anonymous answers are not shown anywhere, even after the facilitator confirms the reveal', async () => {
		const { session, round, phones } = await roomOf(2);
		await step(session.id, 'waiting');
		for (const [i, phone] of phones.entries())
			await as(db, phone).call('cast_position', { roundId: round.id, value: 20 + i * 50, desired: null });
		await expectDbError(step(session.id, 'position'), 409, 'reveal_too_few_answers');
		await step(session.id, 'position', 'forward', true);
		const state = await as(db, phones[0]).call('session_state', { sessionId: session.id, lang: 'nl' });
		expect(state.round).toMatchObject({
			phase: 'reveal',
			counts: { before: 2 },
			before: [],
			sealed: { before: true, after: false }
		});
		expect(await views(session.id)).toEqual([[], []]);
		// Re-positioning is open; two answers there stay hidden at the shift too.
		await step(session.id, 'reveal');
		await step(session.id, 'discuss');
		for (const [i, phone] of phones.entries())
			await as(db, phone).call('cast_position', { roundId: round.id, value: 30 + i * 40, desired: null });
		await expectDbError(step(session.id, 'reposition'), 409, 'reveal_too_few_answers');
		await step(session.id, 'reposition', 'forward', true);
		const report = await facilitator().call('session_report', { sessionId: session.id, lang: 'nl' });
		expect([report.rounds[0].before, report.rounds[0].after, report.rounds[0].shift]).toEqual([[], [], []]);
	});

	it('in named mode one answer is shown with its name (people chose to be seen), and the stage still closes', async () => {
		const { session, round, phones } = await roomOf(2, { namedMode: true });
		await step(session.id, 'waiting');
		await as(db, phones[0]).call('cast_position', { roundId: round.id, value: 64, desired: null });
		await step(session.id, 'position');
		const state = await facilitator().call('session_state', { sessionId: session.id, lang: 'nl' });
		expect(state.round.before).toEqual([{ value: 64, desired: null, name: 'Telefoon 1' }]);
		await expectDbError(
			as(db, phones[1]).call('cast_position', { roundId: round.id, value: 10, desired: null }),
			409,
			'stage_closed'
		);
	});

	it('a late arrival cannot answer a shown stage, and answers when the team re-positions', async () => {
		const { session, round, phones } = await roomOf(3);
		await step(session.id, 'waiting');
		for (const phone of phones)
			await as(db, phone).call('cast_position', { roundId: round.id, value: 50, desired: null });
		await step(session.id, 'position');
		await step(session.id, 'reveal');
		const late = await createPerson(db, { anonymous: true });
		await as(db, late).call('join_session', { code: session.join_code, displayName: 'Laat' });
		await expectDbError(
			as(db, late).call('cast_position', { roundId: round.id, value: 5, desired: null }),
			409,
			'stage_closed'
		);
		// A direct write to the table is held to the same rule (RLS through private.can_cast).
		const direct = await sqlAs(
			db,
			late,
			`insert into app.positions (round_id, user_id, stage, value) values ($1, $2, 'before', 5)`,
			[round.id, late.userId]
		);
		expect(direct.error?.message).toMatch(/row-level security/);
		await step(session.id, 'discuss');
		expect(await as(db, late).call('cast_position', { roundId: round.id, value: 5, desired: null })).toMatchObject({
			stage: 'after',
			value: 5
		});
		const state = await as(db, late).call('session_state', { sessionId: session.id, lang: 'nl' });
		expect(state.round.counts).toEqual({ before: 3, after: 1 });
	});
});
