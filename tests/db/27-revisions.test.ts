import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { asSuperuser, engines, sqlAs, type TestDatabase } from './harness';
import { as } from './factories';
import { createSession, createSessionCast, roundsOf, setPhase, type SessionCast } from './sessions-cast';

// Vote revisions per session (migration 20261204160000): a phone's own revisions tell it nothing
// about other sessions' votes, and a revision cannot be chosen by a direct table write.

describe.each(engines)('revisions per session on %s', (_engine, open) => {
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

	const vote = (who: keyof SessionCast, roundId: string, value: number) =>
		as(db, c[who] as never).call('cast_position', { roundId, value, desired: null });

	it("another session's votes leave no trace in a phone's own revisions", async () => {
		await setPhase(db, c, 1, 'position');
		const first = await vote('anonymous', c.rounds[0].id, 10);
		// Meanwhile, in another team's session, fifty votes are cast.
		const other = await createSession(db, c.facilitatorB, c.teamB.id, { title: 'Elders' });
		await as(db, c.memberB).call('join_session', { code: other.join_code, displayName: 'Elders' });
		const [otherRound] = await roundsOf(db, other.id);
		await as(db, c.facilitatorB).call('set_round_phase', { sessionId: other.id, position: 1, phase: 'position' });
		for (let i = 0; i < 50; i++)
			await as(db, c.memberB).call('cast_position', { roundId: otherRound.id, value: i, desired: null });

		const second = await vote('anonymous', c.rounds[0].id, 11);
		expect(second.revision - first.revision).toBe(1);
	});

	it('each session counts its own writes from 1, one up per write, whoever writes', async () => {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Telt vanaf één' });
		for (const who of ['memberA', 'anonymous'] as const)
			await as(db, c[who]).call('join_session', { code: session.join_code, displayName: who });
		const [round] = await roundsOf(db, session.id);
		await setPhase(db, c, 1, 'position', session.id);
		const revisions = [
			(await vote('memberA', round.id, 1)).revision,
			(await vote('anonymous', round.id, 2)).revision,
			(await vote('memberA', round.id, 3)).revision
		];
		expect(revisions).toEqual([1, 2, 3]);
		// The same vote again writes nothing and keeps its number.
		expect((await vote('memberA', round.id, 3)).revision).toBe(3);
	});

	it('a revision written straight into the table is replaced by the next number', async () => {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Zelf kiezen' });
		await as(db, c.anonymous).call('join_session', { code: session.join_code, displayName: 'Gast' });
		const [round] = await roundsOf(db, session.id);
		await setPhase(db, c, 1, 'position', session.id);
		const outcome = await sqlAs(
			db,
			c.anonymous,
			`insert into app.positions (round_id, user_id, stage, value, revision) values ($1, $2, 'before', 40, 999999)`,
			[round.id, c.anonymous.userId]
		);
		expect(outcome.error).toBeUndefined();
		const [row] = await asSuperuser(db, `select revision from app.positions where round_id = $1`, [round.id]);
		expect(Number(row.revision)).toBe(1);
	});

	it('nobody but the trigger reads or writes the counters', async () => {
		for (const who of [c.memberA, c.facilitatorA, c.anonymous]) {
			const read = await sqlAs(db, who, `select * from private.session_revisions`);
			expect(read.error?.code).toBe('42501');
		}
	});
});
