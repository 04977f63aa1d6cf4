import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { asSuperuser, engines, expectDbError, sqlAs, type TestDatabase } from './harness';
import { as, createPerson } from './factories';
import { createSession, createSessionCast, roundsOf, setPhase, type SessionCast } from './sessions-cast';

// Names in named mode (migration 20261204170000): nobody takes another participant's name, and a
// name someone voted under stays theirs. Anonymous sessions keep their free names.

describe.each(engines)('stable names in named mode on %s', (_engine, open) => {
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

	const nameOf = async (sessionId: string, userId: string) =>
		String(
			(
				await asSuperuser(
					db,
					`select display_name from app.session_participants where session_id = $1 and user_id = $2`,
					[sessionId, userId]
				)
			)[0]?.display_name
		);

	it('a second participant cannot take a name already in the session, whatever its case or spaces', async () => {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Met namen', namedMode: true });
		await as(db, c.memberA).call('join_session', { code: session.join_code, displayName: 'Anne' });
		const intruder = await createPerson(db, { anonymous: true });
		for (const name of ['Anne', ' anne ', 'ANNE']) {
			await expectDbError(
				as(db, intruder).call('join_session', { code: session.join_code, displayName: name }),
				409,
				'participant_name_taken'
			);
		}
		await as(db, intruder).call('join_session', { code: session.join_code, displayName: 'Anne B.' });
		expect(await nameOf(session.id, intruder.userId)).toBe('Anne B.');
	});

	it('once someone voted, joining again under another name or writing it directly keeps the name they voted under', async () => {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Vaste namen', namedMode: true });
		const voter = await createPerson(db, { anonymous: true });
		await as(db, voter).call('join_session', { code: session.join_code, displayName: 'Kim' });
		// Before voting a name may still change.
		await as(db, voter).call('join_session', { code: session.join_code, displayName: 'Kim J.' });
		expect(await nameOf(session.id, voter.userId)).toBe('Kim J.');
		const [round] = await roundsOf(db, session.id);
		await setPhase(db, c, 1, 'position', session.id);
		await as(db, voter).call('cast_position', { roundId: round.id, value: 40, desired: null });

		await as(db, voter).call('join_session', { code: session.join_code, displayName: 'Sanne' });
		expect(await nameOf(session.id, voter.userId)).toBe('Kim J.');
		const direct = await sqlAs(
			db,
			voter,
			`update app.session_participants set display_name = 'Sanne' where session_id = $1 and user_id = $2`,
			[session.id, voter.userId]
		);
		expect(direct.error).toBeUndefined();
		expect(await nameOf(session.id, voter.userId)).toBe('Kim J.');
	});

	it('in an anonymous session names stay free (they are never shown with a value)', async () => {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Zonder namen' });
		const [a, b] = [await createPerson(db, { anonymous: true }), await createPerson(db, { anonymous: true })];
		await as(db, a).call('join_session', { code: session.join_code, displayName: 'Deelnemer' });
		await as(db, b).call('join_session', { code: session.join_code, displayName: 'Deelnemer' });
		expect(await nameOf(session.id, b.userId)).toBe('Deelnemer');
	});
});
