import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import WithI18n from '../fixtures/WithI18n.svelte';
import NetworkDistribution from '../../src/lib/components/NetworkDistribution.svelte';
import NetworkSeries from '../../src/lib/components/NetworkSeries.svelte';
import {
	DEFAULT_WIDTH,
	MIN_FONT,
	MIN_WIDTH,
	chartFonts,
	chartWidth,
	distributionLayout,
	seriesLayout,
	textWidth,
	trendLayout,
	type TrendLabel
} from '../../src/lib/components/chart-layout';

// A phone's content column (390 px screen), a laptop column, a 1920 px screen's column.
const widths = [MIN_WIDTH, 300, 358, 500, 640, 900, 1200, 1600, 1888];
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

describe('chart sizes', () => {
	it('never sets text under 12 px, at any width from a 320 px phone to a wide screen', () => {
		for (const width of [...widths, 100, 4000]) {
			const { label, small } = chartFonts(chartWidth(width));
			expect(small).toBeGreaterThanOrEqual(MIN_FONT);
			expect(label).toBeGreaterThanOrEqual(MIN_FONT);
		}
	});

	it('uses the measured width, and the default before anything was measured', () => {
		expect(chartWidth(0)).toBe(DEFAULT_WIDTH);
		expect(chartWidth(undefined)).toBe(DEFAULT_WIDTH);
		expect(chartWidth(Number.NaN)).toBe(DEFAULT_WIDTH);
		expect(chartWidth(358.4)).toBe(358);
		expect(chartWidth(120)).toBe(MIN_WIDTH);
	});
});

describe('trendLayout', () => {
	const labelFor =
		(dates: string[]) =>
		(members: number[]): TrendLabel =>
			members.length === 1
				? { date: dates[members[0]!]!, sub: 'n 10 / 10' }
				: { date: 'okt. – nov. 2026', sub: `${members.length} sessies` };
	const dates = ['2025-01-10', '2025-06-02', '2026-10-01', '2026-10-08', '2026-10-20', '2026-11-30'];

	it('puts every session under exactly one label slot, in order, with slots far enough apart not to overprint', () => {
		for (const width of widths) {
			const layout = trendLayout(dates.map(day), width, labelFor(dates));
			expect(layout.groups.flatMap((g) => g.members)).toEqual(dates.map((_, i) => i));
			for (let i = 1; i < layout.groups.length; i++) {
				const a = layout.groups[i - 1]!;
				const b = layout.groups[i]!;
				const wa = Math.max(textWidth(a.label.date, layout.font), textWidth(a.label.sub, layout.font));
				const wb = Math.max(textWidth(b.label.date, layout.font), textWidth(b.label.sub, layout.font));
				expect(b.x - a.x).toBeGreaterThanOrEqual((wa + wb) / 2);
			}
			// Labels stay inside the chart: anchored inward at the edges.
			for (const group of layout.groups) {
				const w = Math.max(textWidth(group.label.date, layout.font), textWidth(group.label.sub, layout.font));
				const left = group.anchor === 'start' ? group.x : group.anchor === 'end' ? group.x - w : group.x - w / 2;
				expect(left).toBeGreaterThanOrEqual(0);
				expect(left + w).toBeLessThanOrEqual(width);
			}
		}
	});

	it('gives each session its own slot when there is room, and shares slots on a phone', () => {
		const wide = trendLayout(dates.map(day), 1600, labelFor(dates));
		const phone = trendLayout(dates.map(day), 358, labelFor(dates));
		expect(wide.groups.length).toBeGreaterThan(phone.groups.length);
		expect(phone.groups.some((g) => g.members.length > 1)).toBe(true);
	});

	it('spaces sessions by date and grows the plot with the width, within bounds', () => {
		const layout = trendLayout(dates.map(day), 900, labelFor(dates));
		expect([...layout.xs].sort((a, b) => a - b)).toEqual(layout.xs);
		expect(layout.xs[0]).toBeGreaterThan(layout.axisLeft);
		expect(layout.xs.at(-1)).toBeLessThan(layout.axisRight);
		expect(layout.bottom - layout.top).toBeGreaterThanOrEqual(180);
		const one = trendLayout([day('2026-10-01')], 400, labelFor(['x']));
		expect(one.groups).toHaveLength(1);
		expect(one.xs[0]).toBeGreaterThan(one.axisLeft);
		expect(Math.abs(one.xs[0]! - (one.axisLeft + one.axisRight) / 2)).toBeLessThan(one.r * 3);
	});
});

describe('seriesLayout', () => {
	const quarters = [
		'1e kwartaal 2025',
		'2e kwartaal 2025',
		'3e kwartaal 2025',
		'4e kwartaal 2025',
		'1e kwartaal 2026',
		'2e kwartaal 2026',
		'3e kwartaal 2026'
	];

	it('labels periods only where their labels cannot touch, always the latest, all when they fit', () => {
		for (const width of widths) {
			const layout = seriesLayout(quarters, width);
			expect(layout.labelled.at(-1)).toBe(true);
			const shown = layout.xs.filter((_, i) => layout.labelled[i]);
			const widest = Math.max(...quarters.map((q) => textWidth(q, layout.font)));
			for (let i = 1; i < shown.length; i++) expect(shown[i]! - shown[i - 1]!).toBeGreaterThanOrEqual(widest);
			// The outer labels stay within the chart.
			expect(shown[0]! - widest / 2).toBeGreaterThanOrEqual(0);
			expect(shown.at(-1)! + widest / 2).toBeLessThanOrEqual(width);
		}
		expect(seriesLayout(quarters, 1888).labelled.every(Boolean)).toBe(true);
		expect(seriesLayout(quarters, 358).labelled.filter(Boolean).length).toBeLessThan(quarters.length);
	});
});

describe('distributionLayout', () => {
	it('keeps bars on the scale and the band below the axis at any width', () => {
		for (const width of widths) {
			const layout = distributionLayout(width, [0, 1, 2, 5, 3, 0, 0, 1, 0, 4], 1);
			expect(layout.bars).toHaveLength(10);
			expect(layout.bars[0]!.x).toBeGreaterThanOrEqual(layout.margin);
			const last = layout.bars[9]!;
			expect(last.x + last.width).toBeLessThanOrEqual(width - layout.margin);
			expect(Math.max(...layout.bars.map((b) => b.height))).toBeCloseTo(layout.axis - layout.top, 1);
			expect(layout.tickY).toBeGreaterThan(layout.axis);
			expect(layout.labelY).toBeLessThan(layout.height);
		}
	});
});

describe('network charts on the server', () => {
	const html = (component: Component<any>, props: Record<string, unknown>) =>
		render(WithI18n, { props: { component, props, locale: 'nl' } }).body;
	const fonts = (body: string) => [...body.matchAll(/<text[^>]*font-size="([\d.]+)"/g)].map((m) => Number(m[1]));

	it('render at the default width with every text at least 12 px, keeping their summaries and tables', () => {
		const distribution = html(NetworkDistribution, {
			left: 'L',
			right: 'R',
			teams: 12,
			median: 55,
			q1: 40,
			q3: 70,
			bins: [0, 1, 2, 5, 3, 0, 0, 1, 0, 0],
			mine: [{ label: 'Team Noord', median: 61 }]
		});
		const series = html(NetworkSeries, {
			left: 'L',
			right: 'R',
			points: [
				{ label: '2025', teams: 4, median: 40, q1: 30, q3: 50, mine: 45 },
				{ label: '2026', teams: 6, median: 52, q1: 41, q3: 60, mine: null }
			]
		});
		for (const body of [distribution, series]) {
			expect(body).toContain(`viewBox="0 0 ${DEFAULT_WIDTH} `);
			expect(fonts(body).length).toBeGreaterThan(3);
			for (const size of fonts(body)) expect(size).toBeGreaterThanOrEqual(MIN_FONT);
			expect(body).toContain('<details class="plot__table"');
		}
		expect(distribution).toContain('12 teams');
		expect(series).toContain('>2026</text>');
	});
});
