import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import WithI18n from '../fixtures/WithI18n.svelte';
import TrendChart from '../../src/lib/components/TrendChart.svelte';
import { DEFAULT_WIDTH, MIN_FONT } from '../../src/lib/components/chart-layout';

function html(props: Record<string, unknown>, locale: 'nl' | 'en' = 'nl') {
	return render(WithI18n, { props: { component: TrendChart, props, locale } })
		.body.replace(/ class="svelte-[a-z0-9]+"/g, '')
		.replace(/ svelte-[a-z0-9]+"/g, '"');
}
const stage = (median: number, q1: number, q3: number, n: number) => ({
	n,
	median,
	q1,
	q3,
	iqr: q3 - q1,
	desired_n: 0,
	desired_median: null,
	gap: null,
	gap_abs: null
});
const sid = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;
// Deliberately out of order: the chart sorts by date.
const points = [
	{
		session_id: sid(3),
		title: 'Najaar',
		held_on: '2026-10-01',
		status: 'closed',
		round_id: sid(7),
		before: stage(62.5, 50, 70, 9),
		after: stage(60, 55, 65, 8)
	},
	{
		session_id: sid(1),
		title: 'Winter',
		held_on: '2025-12-01',
		status: 'closed',
		round_id: sid(5),
		before: stage(30, 20, 45, 7),
		after: null
	},
	{
		session_id: sid(2),
		title: 'Voorjaar',
		held_on: '2026-04-15',
		status: 'closed',
		round_id: sid(6),
		before: stage(45, 35, 60, 8),
		after: stage(50, 40, 58, 8)
	}
];
const slots = (svg: string) => [...svg.matchAll(/<g class="slot" data-sessions="(\d+)"/g)].map((m) => Number(m[1]));
const order = (body: string) =>
	[...body.matchAll(/<g class="point" data-held-on="([^"]+)" data-x="([\d.]+)"/g)].map((m) => ({
		date: m[1]!,
		x: Number(m[2])
	}));

describe('TrendChart', () => {
	it('places the sessions on a time axis in date order, spaced by date', () => {
		const body = html({ left: 'Zelf doen', right: 'Overdragen', points, size: 'screen' });
		const placed = order(body);
		expect(placed.map((p) => p.date)).toEqual(['2025-12-01', '2026-04-15', '2026-10-01']);
		expect(placed[0]!.x).toBeLessThan(placed[1]!.x);
		expect(placed[1]!.x).toBeLessThan(placed[2]!.x);
		// 4.5 months, then 5.5 months: the gaps follow the calendar, not the index.
		expect(placed[2]!.x - placed[1]!.x).toBeGreaterThan(placed[1]!.x - placed[0]!.x);
		// Before: three circles on a solid line; after: two diamonds on a dashed one.
		const svg = /<svg class="plot__svg"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
		expect(svg.match(/<circle class="mark mark--before"/g)).toHaveLength(3);
		expect(svg.match(/<path class="mark mark--after"/g)).toHaveLength(2);
		expect(svg).toContain('class="series series--before"');
		expect(svg).toContain('class="series series--after"');
		expect(svg).toContain('n 7 / 0');
		expect(body).not.toContain('NaN');
	});

	it('is an image named by a summary that mentions the first and last median', () => {
		const body = html({ left: 'Zelf doen', right: 'Overdragen', points });
		expect(body).toContain('role="img"');
		expect(body).toContain(
			'aria-label="Verloop over de tijd van “Zelf doen” (0) naar “Overdragen” (100). Mediaan vóór het gesprek: van 30 (1 december 2025) naar 62,5 (1 oktober 2026), over 3 sessies. Mediaan na het gesprek: van 50 (15 april 2026) naar 60 (1 oktober 2026), over 2 sessies."'
		);
		expect(body).toContain('<p class="plot__summary">Mediaan vóór het gesprek: van 30 (1 december 2025) naar 62,5');
		const en = html({ left: 'L', right: 'R', points }, 'en');
		expect(en).toContain(
			'Median before the discussion: from 30 (1 December 2025) to 62.5 (1 October 2026), over 3 sessions.'
		);
	});

	it('has a table with one row per session, matching the input', () => {
		const body = html({ left: 'L', right: 'R', points, size: 'print' });
		const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
		const rows = [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
			[...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
				cell[1]!.replace(/<!--[\s\S]*?-->/g, '').trim()
			)
		);
		expect(rows).toEqual([
			['1 december 2025', 'Winter', '30', '20–45', '7', '–', '–', '0'],
			['15 april 2026', 'Voorjaar', '45', '35–60', '8', '50', '40–58', '8'],
			['1 oktober 2026', 'Najaar', '62,5', '50–70', '9', '60', '55–65', '8']
		]);
	});

	it('gives sessions close in time one shared label slot that says how many sessions it holds', () => {
		const close = [
			...points,
			{
				...points[0],
				session_id: sid(4),
				title: 'Week erna',
				held_on: '2026-10-08',
				before: stage(70, 60, 80, 4),
				after: null
			}
		];
		const body = html({ left: 'L', right: 'R', points: close, size: 'screen' });
		const svg = /<svg class="plot__svg"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
		expect(order(body)).toHaveLength(4);
		// Four sessions plotted, three label slots: October's holds two and says so.
		expect(svg.match(/<text class="date"/g)).toHaveLength(3);
		expect(slots(svg)).toEqual([1, 1, 2]);
		expect(svg).toContain('>2 sessies</text>');
		expect(svg).toContain('>okt 2026</text>');
		// ... and both are in the table all the same.
		expect(body).toMatch(/<td[^>]*>Week erna<\/td>/);
		expect(body).toMatch(/<td[^>]*>Najaar<\/td>/);
	});

	it('shows a session held in the same month as another (today and earlier this month), never hides it', () => {
		const today = {
			...points[0],
			session_id: sid(8),
			title: 'Vandaag',
			held_on: '2026-10-20',
			before: stage(55, 50, 60, 6),
			after: null
		};
		const body = html({ left: 'L', right: 'R', points: [...points, today] });
		const svg = /<svg class="plot__svg"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';
		// Every session is counted under exactly one label slot.
		expect(slots(svg).reduce((a, b) => a + b, 0)).toBe(4);
		expect(svg).toMatch(/>2 sessies<\/text>|>1 okt 2026<\/text>[\s\S]*>20 okt 2026<\/text>/);
		// Two sessions of one month with room to spare: each labelled with its own day.
		const two = html({ left: 'L', right: 'R', points: [points[0], today] }, 'en');
		const twoSvg = /<svg class="plot__svg"[\s\S]*?<\/svg>/.exec(two)?.[0] ?? '';
		expect(slots(twoSvg)).toEqual([1, 1]);
		expect(twoSvg).toContain('>1 Oct 2026</text>');
		expect(twoSvg).toContain('>20 Oct 2026</text>');
		expect(twoSvg).toContain('>n 6 / 0</text>');
	});

	it('lays out in real pixels: the viewBox is the default width on the server and no text is under 12 px', () => {
		const body = html({ left: 'L', right: 'R', points });
		expect(body).toContain(`viewBox="0 0 ${DEFAULT_WIDTH} `);
		const sizes = [...body.matchAll(/<text[^>]*font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
		expect(sizes.length).toBeGreaterThan(5);
		for (const size of sizes) expect(size).toBeGreaterThanOrEqual(MIN_FONT);
	});

	it('renders one session, and nothing misleading without any', () => {
		const one = html({ left: 'L', right: 'R', points: [points[0]] }, 'en');
		expect(one).toContain('Median before the discussion: 62.5 (1 October 2026), in one session.');
		expect(one).not.toContain('NaN');
		const none = html({ left: 'L', right: 'R', points: [] });
		expect(none).not.toContain('<details');
		expect(none).not.toContain('NaN');
	});
});
