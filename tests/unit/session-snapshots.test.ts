import { afterEach, describe, expect, it } from 'vitest';
import { LiveHub } from '$lib/server/live/hub';
import { SessionSnapshots } from '$lib/server/live/session-snapshots';
import type { SessionState } from '$lib/server/db/api';

const sessionId = '11111111-1111-4111-8111-111111111111';
const roundId = '22222222-2222-4222-8222-222222222222';

/** A session state as session_state answers it, with the reader's own part filled in. */
function stateOf(phase: SessionState['round']['phase'], reader: string): SessionState {
	return {
		session: {
			id: sessionId,
			team_id: sessionId,
			title: 'Teamdag',
			held_on: '2026-12-08',
			status: 'open',
			join_code: 'K7PX3M',
			named_mode: false,
			ask_desired: false,
			round_count: 2,
			participant_count: 3,
			is_facilitator: reader === 'facilitator',
			reviewing: false,
			review_count: 0
		},
		rounds: [{ position: 1, phase, title: 'Zelf doen of overdragen' }],
		round: {
			id: roundId,
			position: 1,
			phase,
			dilemma: null,
			notes_md: '',
			agreements_md: '',
			notes_version: 0,
			counts: { before: 2, after: 0 },
			sealed: { before: false, after: false },
			before: null,
			after: null,
			shift: null,
			clock: { planned_minutes: null, started_at: null, ended_at: null, seconds_spent: null }
		},
		mine: { before: { value: reader.length, desired: null } },
		me: { display_name: reader }
	};
}
const event = (kind: string) =>
	JSON.stringify({ session_id: sessionId, kind, round_id: roundId, phase: 'reveal', revision: 7, stage: 'before' });

let hub: LiveHub;
afterEach(async () => {
	await hub?.close();
});

describe('SessionSnapshots: one read of a session per step for the whole room', () => {
	it('a room that reloads at once shares one database read, and the snapshot holds nothing personal', async () => {
		hub = new LiveHub({ log: () => {} });
		const snapshots = new SessionSnapshots(hub);
		let reads = 0;
		const read = async () => {
			reads += 1;
			return stateOf('position', 'Sanne');
		};
		const views = await Promise.all(Array.from({ length: 200 }, () => snapshots.get(sessionId, 'nl', read)));
		expect(reads).toBe(1);
		expect(new Set(views).size).toBe(1);
		expect(views[0]).not.toHaveProperty('mine');
		expect(views[0]).not.toHaveProperty('me');
		expect(views[0]!.session).not.toHaveProperty('is_facilitator');
		expect(JSON.stringify(views[0])).not.toContain('Sanne');
	});

	it('a step, opening or closing, or new notes end the snapshot; joins and votes do not', async () => {
		hub = new LiveHub({ log: () => {} });
		const snapshots = new SessionSnapshots(hub);
		let reads = 0;
		const read = async () => {
			reads += 1;
			return stateOf(reads === 1 ? 'position' : 'reveal', 'Sanne');
		};
		await snapshots.get(sessionId, 'nl', read);
		for (const kind of ['participant', 'position']) hub.publish(event(kind));
		expect((await snapshots.get(sessionId, 'nl', read)).round.phase).toBe('position');
		expect(reads).toBe(1);
		hub.publish(event('phase'));
		expect((await snapshots.get(sessionId, 'nl', read)).round.phase).toBe('reveal');
		expect(reads).toBe(2);
		for (const kind of ['session', 'notes']) {
			hub.publish(event(kind));
			await snapshots.get(sessionId, 'nl', read);
		}
		expect(reads).toBe(4);
	});

	it('keeps one snapshot per language, and does not keep a failed read', async () => {
		hub = new LiveHub({ log: () => {} });
		const snapshots = new SessionSnapshots(hub);
		let reads = 0;
		const failing = async (): Promise<SessionState> => {
			reads += 1;
			throw new Error('database unavailable');
		};
		await expect(snapshots.get(sessionId, 'nl', failing)).rejects.toThrow('database unavailable');
		const read = async () => {
			reads += 1;
			return stateOf('position', 'Sanne');
		};
		await snapshots.get(sessionId, 'nl', read);
		await snapshots.get(sessionId, 'en', read);
		await snapshots.get(sessionId, 'en', read);
		expect(reads).toBe(3);
	});
});

describe('SessionSnapshots.readyFor: phones hear of a step once its snapshot is read', () => {
	it('however many streams wait for one step, the database is read once, and the old snapshot is not served', async () => {
		hub = new LiveHub({ log: () => {} });
		const snapshots = new SessionSnapshots(hub);
		let reads = 0;
		const read = async () => {
			reads += 1;
			return stateOf(reads === 1 ? 'position' : 'reveal', 'Sanne');
		};
		await snapshots.get(sessionId, 'nl', read);
		// A thousand phone streams follow the session; the step arrives, the same event for all.
		const streams: Promise<void>[] = [];
		for (let i = 0; i < 1000; i++)
			hub.subscribe(sessionId, (event) => streams.push(snapshots.readyFor(event, 'nl', read)));
		hub.publish(event('phase'));
		expect(streams).toHaveLength(1000);
		await Promise.all(streams);
		expect(reads).toBe(2);
		expect((await snapshots.get(sessionId, 'nl', read)).round.phase).toBe('reveal');
		expect(reads).toBe(2);
	});
});
