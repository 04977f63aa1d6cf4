import { describe, it, expect } from 'vitest';
import { engines } from './harness';
import { createTeam, as, createPerson } from './factories';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';

describe.each(engines)('a whole session on %s', (_engine, open) => {
	it('runs a round from positions to shift', async () => {
		const db = await open();
		try {
			await installBuiltinDilemmaSet(db.backend);
			const { team, facilitator, members } = await createTeam(db, 2);
			const lead = as(db, facilitator);
			const session = await lead.call('create_session', {
				teamId: team.id,
				title: 'Teamdag',
				heldOn: '2026-11-24',
				dilemmaSlugs: ['zelf-doen-of-overdragen', 'optreden-of-terugtreden'],
				askDesired: true,
				namedMode: false
			});
			const guest = await createPerson(db, { anonymous: true });
			const people = [...members, guest];
			for (const [i, person] of people.entries()) {
				await as(db, person).call('join_session', { code: session.join_code.toLowerCase(), displayName: `P${i}` });
			}
			await lead.call('set_round_phase', { sessionId: session.id, position: 1, phase: 'position' });
			const state0 = await as(db, guest).call('session_state', { sessionId: session.id, lang: 'nl' });
			for (const [i, person] of people.entries()) {
				await as(db, person).call('cast_position', { roundId: state0.round.id, value: 20 + i * 20, desired: 50 });
				await as(db, person).call('cast_position', { roundId: state0.round.id, value: 20 + i * 20, desired: 50 });
			}
			const hidden = await as(db, guest).call('session_state', { sessionId: session.id, lang: 'nl' });
			expect(hidden.round.counts.before).toBe(3);
			expect(hidden.round.before).toBeNull();
			await lead.call('set_round_phase', { sessionId: session.id, position: 1, phase: 'reveal' });
			const revealed = await as(db, guest).call('session_state', { sessionId: session.id, lang: 'en' });
			expect(revealed.round.before?.map((p) => p.value)).toEqual([20, 40, 60]);
			expect(revealed.round.before?.every((p) => p.name === null)).toBe(true);
			expect(revealed.round.dilemma?.title).toBe('Doing it yourself or handing over');
			await lead.call('set_round_phase', { sessionId: session.id, position: 1, phase: 'reposition' });
			for (const [i, person] of people.entries()) {
				await as(db, person).call('cast_position', { roundId: state0.round.id, value: 25 + i * 10, desired: null });
			}
			await lead.call('set_round_phase', { sessionId: session.id, position: 1, phase: 'shift' });
			const shifted = await lead.call('session_state', { sessionId: session.id, lang: 'nl' });
			expect(shifted.round.shift).toEqual([
				{ before: 20, after: 25, name: null },
				{ before: 40, after: 35, name: null },
				{ before: 60, after: 45, name: null }
			]);
			const saved = await lead.call('save_round_notes', {
				roundId: state0.round.id,
				notesMd: '# Notities',
				agreementsMd: '- afspraak',
				expectedVersion: 0
			});
			expect(saved.notes_version).toBe(1);
			await expect(
				lead.call('save_round_notes', {
					roundId: state0.round.id,
					notesMd: 'anders',
					agreementsMd: '',
					expectedVersion: 0
				})
			).rejects.toMatchObject({ status: 409, key: 'notes_conflict' });
			const report = await lead.call('session_report', { sessionId: session.id, lang: 'nl' });
			expect(report.rounds).toHaveLength(2);
			expect(report.rounds[0].agreements_md).toBe('- afspraak');
		} finally {
			await db.close();
		}
	});
});
