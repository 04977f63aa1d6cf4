import { describe, expect, it } from 'vitest';
import { rankAgenda, reasonMessage, type AgendaInput } from '$lib/domain/agenda';
import { formatSeconds, readClock } from '$lib/domain/clock';

const dilemma = (n: number, facts: Partial<AgendaInput> = {}): AgendaInput => ({
	slug: `d${n}`,
	number: n,
	title: `Dilemma ${n}`,
	sessionsAgo: 1,
	gap: null,
	iqr: null,
	openFollowUps: 0,
	...facts
});

describe('the learning agenda', () => {
	it('proposes open follow-ups first, then the widest gap, then the most disagreement, each with its reason', () => {
		const ranked = rankAgenda([
			dilemma(1, { iqr: 40 }),
			dilemma(2, { gap: -45 }),
			dilemma(3, { openFollowUps: 2 }),
			dilemma(4, { gap: 5, iqr: 10 })
		]);
		expect(ranked.map((p) => [p.slug, p.reason])).toEqual([
			['d3', { kind: 'follow_ups', count: 2 }],
			['d2', { kind: 'gap', points: 45 }],
			['d1', { kind: 'disagreement', points: 40 }]
		]);
	});

	it('names what has not been discussed for longest, and what never was, once the team has results', () => {
		const ranked = rankAgenda([dilemma(1), dilemma(2, { sessionsAgo: 6 }), dilemma(3, { sessionsAgo: null })], 5);
		expect(ranked.map((p) => [p.slug, p.reason.kind])).toEqual([
			['d2', 'stale'],
			['d3', 'never']
		]);
		expect(ranked[0].reason).toEqual({ kind: 'stale', count: 6 });
	});

	it('leaves out dilemmas with nothing to say, and proposes nothing for a team without results', () => {
		expect(rankAgenda([dilemma(1, { gap: 10, iqr: 20 })])).toEqual([]);
		expect(rankAgenda([dilemma(1, { sessionsAgo: null }), dilemma(2, { sessionsAgo: null })])).toEqual([]);
	});

	it('adds a little for every further signal, and breaks ties by the guide order', () => {
		const [first, second] = rankAgenda([
			dilemma(5, { gap: 40 }),
			dilemma(2, { gap: 40, iqr: 30 }),
			dilemma(1, { gap: 40 })
		]);
		expect(first.slug).toBe('d2');
		expect(second.slug).toBe('d1');
	});

	it('respects the limit', () => {
		expect(
			rankAgenda(
				Array.from({ length: 10 }, (_, i) => dilemma(i + 1, { iqr: 30 + i })),
				3
			)
		).toHaveLength(3);
	});

	it('turns a reason into a message key with its values', () => {
		expect(reasonMessage({ kind: 'gap', points: 30 })).toEqual({ key: 'agenda.reason.gap', values: { points: 30 } });
		expect(reasonMessage({ kind: 'never' })).toEqual({ key: 'agenda.reason.never', values: {} });
	});
});

describe('the meeting clock', () => {
	const start = '2026-12-04T10:00:00.000Z';
	it('counts down from the planned minutes by the server time', () => {
		expect(
			readClock({ planned_minutes: 20, started_at: start, ended_at: null }, Date.parse('2026-12-04T10:05:30Z'))
		).toEqual({ remaining: 870, over: false });
	});
	it('goes past zero when time is up, and stops when the dilemma ended', () => {
		expect(
			readClock({ planned_minutes: 1, started_at: start, ended_at: null }, Date.parse('2026-12-04T10:02:00Z'))
		).toEqual({ remaining: -60, over: true });
		expect(
			readClock(
				{ planned_minutes: 10, started_at: start, ended_at: '2026-12-04T10:04:00Z' },
				Date.parse('2026-12-04T11:00:00Z')
			)
		).toEqual({ remaining: 360, over: false });
	});
	it('shows nothing without a plan or before the start', () => {
		expect(readClock({ planned_minutes: null, started_at: start, ended_at: null }, 0)).toBeNull();
		expect(readClock({ planned_minutes: 5, started_at: null, ended_at: null }, 0)).toBeNull();
	});
	it('formats minutes and seconds', () => {
		expect(formatSeconds(870)).toBe('14:30');
		expect(formatSeconds(-65)).toBe('1:05');
		expect(formatSeconds(3725)).toBe('1:02:05');
	});
});
