import { it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { pgliteDatabase } from './harness';
import { as, createPerson, createTeam } from './factories';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';

it('scratch: builds a report', async () => {
	const db = await pgliteDatabase();
	await installBuiltinDilemmaSet(db.backend);
	for (const named of [false, true]) {
		const { team, facilitator } = await createTeam(db, 0, 'Wijkteam Noord');
		const fac = as(db, facilitator);
		const lib = await fac.call('dilemma_library', { lang: 'nl', teamId: team.id });
		const slugs = lib.dilemmas.slice(0, 3).map((d) => d.slug);
		const s = await fac.call('create_session', { teamId: team.id, title: named ? 'Werkoverleg “met namen”' : 'Teamdag voorjaar', heldOn: '2026-03-12', dilemmaSlugs: slugs, askDesired: true, namedMode: named });
		const state = await fac.call('session_state', { sessionId: s.id, lang: 'nl' });
		const people = [];
		const names = ['Anne', 'Bram', 'Chris', 'Dewi', 'Eva', 'Fatima', 'Gijs', 'Hans', '=Ilse'];
		for (const name of names) {
			const p = await createPerson(db, { anonymous: true, name });
			await as(db, p).call('join_session', { code: s.join_code, displayName: name });
			people.push(as(db, p));
		}
		const before = [20, 40, 40, 45, 62, 62, 75, 90, 10];
		const desired = [50, 60, null, 70, 70, 80, null, 90, 40];
		const after = [30, 40, 50, 50, 60, null, 65, 80, null];
		await fac.call('set_round_phase', { sessionId: s.id, position: 1, phase: 'position' });
		const r1 = (await fac.call('session_state', { sessionId: s.id, lang: 'nl' })).round.id;
		for (let i = 0; i < people.length; i++) await people[i]!.call('cast_position', { roundId: r1, value: before[i]!, desired: desired[i] ?? null });
		for (const phase of ['reveal', 'discuss', 'reposition'] as const) await fac.call('set_round_phase', { sessionId: s.id, position: 1, phase });
		for (let i = 0; i < people.length; i++) if (after[i] !== null) await people[i]!.call('cast_position', { roundId: r1, value: after[i]!, desired: null });
		await fac.call('set_round_phase', { sessionId: s.id, position: 1, phase: 'shift' });
		await fac.call('save_round_notes', { roundId: r1, notesMd: 'We zien **twee** groepen.\n\n<script>alert(1)</script> [x](javascript:alert(1))', agreementsMd: '- Casussen bespreken we in het overleg.\n- Evalueren in juni.', expectedVersion: 0 });
		await fac.call('set_round_phase', { sessionId: s.id, position: 1, phase: 'done' });
		await fac.call('set_round_phase', { sessionId: s.id, position: 2, phase: 'position' });
		const r2 = (await fac.call('session_state', { sessionId: s.id, lang: 'nl' })).round.id;
		for (let i = 0; i < 5; i++) await people[i]!.call('cast_position', { roundId: r2, value: [5, 15, 80, 85, 95][i]!, desired: null });
		await fac.call('set_round_phase', { sessionId: s.id, position: 2, phase: 'reveal' });
		const report = await fac.call('session_report', { sessionId: s.id, lang: 'nl' });
		const asParticipant = await people[0]!.call('session_report', { sessionId: s.id, lang: 'nl' });
		expect(asParticipant.session.is_facilitator).toBe(false);
		writeFileSync(`/tmp/scratch/report-${named ? 'named' : 'anon'}.json`, JSON.stringify(report, null, 2));
		void state;
	}
	await db.close();
}, 120_000);
