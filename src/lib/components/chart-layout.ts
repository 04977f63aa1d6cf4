/**
 * Layout in real pixels for the charts that fill their container (TrendChart, NetworkDistribution,
 * NetworkSeries). Each chart measures its rendered width on the client and passes it here; the
 * SVG's viewBox is then exactly that width, so one viewBox unit is one CSS pixel and a font size
 * of 13 is 13 px on a phone and on a wide screen alike. On the server (no width yet) the charts
 * use DEFAULT_WIDTH. Pure and deterministic: no DOM, no text measuring, only estimates.
 */
import { round } from './plot-layout';
import { linearScale, positionScale, type Scale } from './scale';

/** No chart text is smaller than this, in CSS pixels (issue 10: readable everywhere). */
export const MIN_FONT = 12;
/** Width used before the browser has measured (server render, no JavaScript). */
export const DEFAULT_WIDTH = 640;
/** Narrowest width laid out: below this the chart would be unreadable anyway (320 px screens). */
export const MIN_WIDTH = 260;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The width to lay out for: the measured one when there is one, else the default. */
export function chartWidth(measured: number | null | undefined): number {
	if (!measured || !Number.isFinite(measured) || measured <= 0) return DEFAULT_WIDTH;
	return Math.max(MIN_WIDTH, Math.round(measured));
}

/** Two text sizes, growing gently with the width and never below MIN_FONT. */
export function chartFonts(width: number): { label: number; small: number } {
	const small = round(clamp(width / 48, MIN_FONT + 1, 18));
	const label = round(clamp(width / 42, MIN_FONT + 2, 20));
	return { label, small };
}

/**
 * A generous estimate of a text's width at a font size: digits and most letters of the fonts we
 * use are narrower than 0.6 em. Used only to keep labels apart, never to clip them.
 */
export function textWidth(text: string, font: number): number {
	return round(text.length * font * 0.6);
}

/** Anchor a label inward when its middle would push it past either edge of the chart. */
export function anchorWithin(x: number, width: number, text: number, total: number): 'start' | 'middle' | 'end' {
	if (x - text / 2 < 0) return 'start';
	if (x + text / 2 > total) return 'end';
	return 'middle';
}

export interface TrendLabel {
	/** First line: a date, or a range of months for a group. */
	date: string;
	/** Second line: the counts of one session, or "n sessies" for a group. */
	sub: string;
}

export interface TrendGroup {
	/** Indexes (into the sorted sessions) that share this label slot. */
	members: number[];
	x: number;
	anchor: 'start' | 'middle' | 'end';
	label: TrendLabel;
}

/** A chart with time along x and the position scale up y (TrendChart, NetworkSeries). */
export interface OverTimeLayout {
	width: number;
	font: number;
	axisLeft: number;
	axisRight: number;
	top: number;
	bottom: number;
	xs: number[];
	/** y of a position: 0 at the bottom of the plot, 100 at its top. */
	yOf: Scale;
	/** The two lines of text under the axis (a date or period; its counts), and the height below them. */
	labelY: number;
	subY: number;
	height: number;
}

/** A scale whose coordinates are rounded like every other (two decimals). */
const rounded =
	(scale: Scale): Scale =>
	(value) =>
		round(scale(value));

/**
 * The frame both over-time charts share: the text size, the value axis on the left with room for
 * "100", the plot's top and bottom, the position scale up y and the two lines of text under the
 * axis. The plot is `share` of the width high, between 180 px and `tallest`.
 */
function overTimeFrame(width: number, rightInset: number, share: number, tallest: number) {
	const { small: font } = chartFonts(width);
	const axisLeft = round(4 + textWidth('100', font) + font * 0.5);
	const axisRight = width - rightInset;
	const top = round(font * 0.8);
	const bottom = top + round(clamp(width * share, 180, tallest));
	const labelY = round(bottom + font * 1.5);
	const subY = round(labelY + font * 1.3);
	const height = round(subY + font * 0.6);
	return {
		width,
		font,
		axisLeft,
		axisRight,
		top,
		bottom,
		yOf: rounded(positionScale([bottom, top])),
		labelY,
		subY,
		height
	};
}

export interface TrendLayout extends OverTimeLayout {
	groups: TrendGroup[];
	/** Radius of a mark, width of a band bar, distance of before/after from the date. */
	r: number;
	bar: number;
	offset: number;
}

/**
 * The course over time: sessions on a time axis (spaced by date), each with a label under it.
 * Sessions too close to label apart share one slot, labelled with their months and "n sessies",
 * so no session is ever plotted without a label saying it is there. `labelFor` is asked for the
 * label of a group of indexes (one index: that session's own label).
 */
export function trendLayout(
	times: readonly number[],
	width: number,
	labelFor: (members: number[]) => TrendLabel
): TrendLayout {
	const frame = overTimeFrame(width, 6, 0.4, 420);
	const { font, axisLeft, axisRight } = frame;
	const r = clamp(width / 90, 6, 12);
	const pad = r * 3;
	const valid = times.filter((time) => !Number.isNaN(time));
	const t0 = valid.length ? Math.min(...valid) : 0;
	const t1 = valid.length ? Math.max(...valid) : 0;
	const from = axisLeft + pad;
	const to = axisRight - pad;
	const byTime = linearScale([t0, t1], [from, to]);
	const byIndex = linearScale([0, times.length - 1], [from, to]);
	const xs = times.map((time, index) => {
		if (times.length === 1) return round((from + to) / 2);
		if (Number.isNaN(time) || t1 === t0) return round(byIndex(index));
		return round(byTime(time));
	});

	// Greedy, left to right: a session joins the current slot when its own label would come too
	// close to the slot's label; slot labels sit at the middle of their members.
	const wide = (label: TrendLabel) => Math.max(textWidth(label.date, font), textWidth(label.sub, font));
	const groups: TrendGroup[] = [];
	let current: number[] = [];
	const centre = (members: number[]) => round((xs[members[0]!]! + xs[members[members.length - 1]!]!) / 2);
	const close = () => {
		if (!current.length) return;
		const label = labelFor(current);
		const x = centre(current);
		groups.push({ members: current, x, anchor: anchorWithin(x, width, wide(label), width), label });
		current = [];
	};
	for (let index = 0; index < xs.length; index++) {
		if (current.length) {
			const here = labelFor(current);
			const next = labelFor([index]);
			const needed = (wide(here) + wide(next)) / 2 + font;
			if (xs[index]! - centre(current) < needed) {
				current.push(index);
				continue;
			}
			close();
		}
		current = [index];
	}
	close();

	return {
		...frame,
		xs,
		groups,
		r: round(r),
		bar: round(Math.max(5, r * 0.8)),
		offset: round(r * 1.1)
	};
}

export interface DistributionLayout {
	width: number;
	font: number;
	margin: number;
	xOf: (value: number) => number;
	bars: { index: number; count: number; x: number; width: number; y: number; height: number }[];
	top: number;
	axis: number;
	tickY: number;
	bandY: number;
	bandHeight: number;
	mineY: number;
	mineR: number;
	labelY: number;
	height: number;
}

/** The network's spread on one dilemma: optional ten bins, the axis, the band, the own team. */
export function distributionLayout(
	width: number,
	bins: readonly number[] | null,
	mineCount: number
): DistributionLayout {
	const { small: font } = chartFonts(width);
	const margin = 10;
	const inner = width - 2 * margin;
	const xOf = rounded(positionScale([margin, width - margin]));
	const barsHeight = bins ? round(clamp(width * 0.16, 60, 110)) : 0;
	const top = bins ? round(font * 1.3) : 6;
	const axis = top + barsHeight;
	const most = Math.max(1, ...(bins ?? []));
	const bars = (bins ?? []).map((count, index) => {
		const height = round((count / most) * barsHeight);
		return {
			index,
			count,
			x: round(xOf(index * 10) + 1.5),
			width: round(inner / 10 - 3),
			y: round(axis - height),
			height
		};
	});
	const tickY = round(axis + font * 1.2);
	const bandY = round(tickY + font * 0.7);
	const bandHeight = 16;
	const mineY = bandY + bandHeight / 2;
	const labelY = round(bandY + bandHeight + font * 1.3);
	return {
		width,
		font,
		margin,
		xOf,
		bars,
		top,
		axis,
		tickY,
		bandY,
		bandHeight,
		mineY,
		mineR: 9,
		labelY,
		height: round((mineCount ? labelY + font * 0.45 : bandY + bandHeight + 6) + 4)
	};
}

export interface SeriesLayout extends OverTimeLayout {
	/** Which periods carry their label and team count under the axis (all when they fit). */
	labelled: boolean[];
}

/**
 * The network over time: evenly spaced periods. When the labels of all periods do not fit side
 * by side, every k-th carries one (always the latest); the table below the chart lists them all.
 */
export function seriesLayout(
	labels: readonly string[],
	width: number,
	subLabels: readonly string[] = []
): SeriesLayout {
	const frame = overTimeFrame(width, 8, 0.36, 330);
	const { font, axisLeft, axisRight } = frame;
	const widest = Math.max(0, ...labels.map((l) => textWidth(l, font)), ...subLabels.map((l) => textWidth(l, font)));
	const inset = Math.max(20, widest / 2);
	const from = axisLeft + Math.min(inset, (axisRight - axisLeft) / 4);
	const to = axisRight - Math.min(inset, (axisRight - axisLeft) / 4);
	const count = labels.length;
	const byIndex = linearScale([0, count - 1], [from, to]);
	const xs = labels.map((_, index) => round(count === 1 ? (from + to) / 2 : byIndex(index)));
	const spacing = count > 1 ? (to - from) / (count - 1) : Infinity;
	const step = Math.max(1, Math.ceil((widest + font) / spacing));
	const labelled = labels.map((_, index) => (count - 1 - index) % step === 0);
	return { ...frame, xs, labelled };
}
