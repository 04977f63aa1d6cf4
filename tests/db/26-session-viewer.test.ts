import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { engines, expectDbError, type TestDatabase } from './harness';
import { as } from './factories';
import { createSessionCast, setPhase, type SessionCast } from './sessions-cast';

// session_viewer (migration 20261204140000): a phone's own part of a session — whether it may
// see it, its name, its own points in one round — beside the snapshot the room shares.

describe.each(engines)('session_viewer on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db);
		await setPhase(db, c, 1, 'position');
		await as(db, c.anonymous).call('cast_position', { roundId: c.rounds[0].id, value: 64, desired: null });
		await as(db, c.memberA).call('cast_position', { roundId: c.rounds[0].id, value: 12, desired: null });
	});
	afterAll(async () => {
		await db?.close();
	});

	const view = (who: keyof SessionCast, roundId: string | null) =>
		as(db, c[who] as never).call('session_viewer', { sessionId: c.session.id, roundId });

	it("a participant gets its own name and its own points, never anyone else's", async () => {
		const mine = await view('anonymous', c.rounds[0].id);
		expect(mine).toEqual({
			is_facilitator: false,
			status: 'open',
			current_round: 1,
			me: { display_name: 'Gast' },
			mine: { before: { value: 64, desired: null } }
		});
		expect(JSON.stringify(mine)).not.toContain('12');
	});

	it('the facilitator is told so; a member who did not join has no name and no points', async () => {
		expect(await view('facilitatorA', c.rounds[0].id)).toMatchObject({ is_facilitator: true, me: null, mine: {} });
		expect(await view('bystanderA', c.rounds[0].id)).toMatchObject({ is_facilitator: false, me: null, mine: {} });
	});

	it('a round of another session gives no points, and without a round there are none', async () => {
		const other = await createSessionCast(db);
		expect((await view('anonymous', other.rounds[0].id)).mine).toEqual({});
		expect((await view('anonymous', null)).mine).toEqual({});
	});

	it('outsiders, removed members and visitors cannot see the session at all', async () => {
		for (const who of ['memberB', 'facilitatorB', 'removed'] as const) {
			await expectDbError(view(who, c.rounds[0].id), 404, 'session_not_found');
		}
		await expect(
			db.backend.rpc('session_viewer', { p_session_id: c.session.id, p_round_id: null }, { kind: 'anon' })
		).rejects.toMatchObject({ status: 403 });
	});
});
