import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import type { Actor } from '$lib/server/db/port';
import { asSuperuser, engines, expectDbError, type TestDatabase } from './harness';
import { as } from './factories';
import { createSession, createSessionCast, roundsOf, setPhase, type SessionCast } from './sessions-cast';

// Retries are normal: a phone on bad Wi-Fi sends its vote again, a browser repeats a save whose
// answer got lost. The same request sent again, even at the same moment, must leave the same
// state as sending it once. On PostgreSQL the parallel requests really run side by side (the
// test pool has four connections); PGlite runs them one after the other.

describe.each(engines)('the same request again on %s', (_engine, open) => {
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

	const positionRows = async (roundId: string) =>
		asSuperuser(
			db,
			`select user_id, stage, value, revision from app.positions where round_id = $1 order by user_id, stage`,
			[roundId]
		);
	const vote = (who: Actor, roundId: string, value: number) =>
		as(db, who).call('cast_position', { roundId, value, desired: null });

	it('the same vote sent five times at once is one row, counted once in the session state and the report', async () => {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Vijf keer dezelfde stem' });
		for (const who of [c.memberA, c.anonymous, c.guestB]) {
			await as(db, who).call('join_session', { code: session.join_code, displayName: 'Deelnemer' });
		}
		const [round] = await roundsOf(db, session.id);
		await setPhase(db, c, 1, 'position', session.id);
		await vote(c.memberA, round.id, 20);
		// A third voter: an anonymous spread is shown from three answers on.
		await vote(c.guestB, round.id, 90);

		const answers = await Promise.all(Array.from({ length: 5 }, () => vote(c.anonymous, round.id, 64)));

		expect(new Set(answers.map((a) => a.revision)).size).toBe(1);
		expect(answers.map((a) => [a.stage, a.value])).toEqual(Array(5).fill(['before', 64]));
		const rows = await positionRows(round.id);
		expect(rows.map((r) => [r.user_id, r.value])).toEqual(
			[
				[c.memberA.userId, 20],
				[c.anonymous.userId, 64],
				[c.guestB.userId, 90]
			].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
		);
		const state = await as(db, c.facilitatorA).call('session_state', { sessionId: session.id, lang: 'nl' });
		expect(state.round.counts).toEqual({ before: 3, after: 0 });

		await setPhase(db, c, 1, 'reveal', session.id);
		const revealed = await as(db, c.anonymous).call('session_state', { sessionId: session.id, lang: 'nl' });
		expect(revealed.round.before?.map((p) => p.value)).toEqual([20, 64, 90]);
		expect(revealed.mine).toEqual({ before: { value: 64, desired: null } });
		const report = await as(db, c.memberA).call('session_report', { sessionId: session.id, lang: 'nl' });
		expect(report.rounds[0].before.map((p) => p.value)).toEqual([20, 64, 90]);
		expect(report.session.participant_count).toBe(3);
	});

	it('a changed vote sent five times at once is one row with the new value and one new revision', async () => {
		const session = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Vijf keer een nieuwe stem' });
		await as(db, c.anonymous).call('join_session', { code: session.join_code, displayName: 'Deelnemer' });
		const [round] = await roundsOf(db, session.id);
		await setPhase(db, c, 1, 'position', session.id);
		const first = await vote(c.anonymous, round.id, 10);

		const answers = await Promise.all(Array.from({ length: 5 }, () => vote(c.anonymous, round.id, 90)));

		const revisions = new Set(answers.map((a) => Number(a.revision)));
		expect(revisions.size).toBe(1);
		expect([...revisions][0]).toBeGreaterThan(Number(first.revision));
		const rows = await positionRows(round.id);
		expect(rows.map((r) => [r.value, Number(r.revision)])).toEqual([[90, [...revisions][0]]]);
	});

	// --- notes ----------------------------------------------------------------------------------

	const notes = (roundId: string, notesMd: string, expectedVersion: number) =>
		as(db, c.facilitatorA).call('save_round_notes', { roundId, notesMd, agreementsMd: '- Afspraak', expectedVersion });
	const notesRow = async (roundId: string) =>
		(
			await asSuperuser(db, `select notes_md, agreements_md, notes_version from app.session_rounds where id = $1`, [
				roundId
			])
		)[0];
	const freshRound = async (title: string) =>
		(await roundsOf(db, (await createSession(db, c.facilitatorA, c.teamA.id, { title })).id))[0];

	it('the same note save sent twice at once: both succeed with the one new version, no false conflict', async () => {
		const round = await freshRound('Twee keer dezelfde aantekening');
		const answers = await Promise.all([notes(round.id, 'Wat we zagen', 0), notes(round.id, 'Wat we zagen', 0)]);
		expect(answers).toEqual([{ notes_version: 1 }, { notes_version: 1 }]);
		expect(await notesRow(round.id)).toEqual({
			notes_md: 'Wat we zagen',
			agreements_md: '- Afspraak',
			notes_version: 1
		});
	});

	it('the same note save sent five times at once still leaves one version', async () => {
		const round = await freshRound('Vijf keer dezelfde aantekening');
		await notes(round.id, 'Eerste versie', 0);
		const answers = await Promise.all(Array.from({ length: 5 }, () => notes(round.id, 'Tweede versie', 1)));
		expect(answers).toEqual(Array(5).fill({ notes_version: 2 }));
		expect(await notesRow(round.id)).toMatchObject({ notes_md: 'Tweede versie', notes_version: 2 });
	});

	it('a retry that arrives after the save it repeats succeeds with the current version', async () => {
		const round = await freshRound('Een late herhaling');
		expect(await notes(round.id, 'Aantekening', 0)).toEqual({ notes_version: 1 });
		expect(await notes(round.id, 'Aantekening', 0)).toEqual({ notes_version: 1 });
		expect(await notesRow(round.id)).toMatchObject({ notes_version: 1 });
	});

	it('a different text from a stale version still conflicts, at once or afterwards, and the saved text stays', async () => {
		const round = await freshRound('Echte botsing');
		const outcomes = await Promise.allSettled([
			notes(round.id, 'Tekst van Fenna', 0),
			notes(round.id, 'Tekst van Sanne', 0)
		]);
		const won = outcomes.filter((o) => o.status === 'fulfilled');
		expect(won).toHaveLength(1);
		expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.key)).toEqual(
			['notes_conflict']
		);
		const kept = (await notesRow(round.id)).notes_md;
		await expectDbError(notes(round.id, 'Nog een derde tekst', 0), 409, 'notes_conflict');
		expect(await notesRow(round.id)).toMatchObject({ notes_md: kept, notes_version: 1 });
	});
});
