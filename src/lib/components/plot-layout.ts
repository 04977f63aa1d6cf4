/**
 * Geometry shared by SpreadPlot and ShiftPlot: plain SVG in a fixed coordinate system (the
 * viewBox), scaled to the width of the page. No DOM, no randomness, so it renders on the server.
 */
import { histogram, SCALE_MAX, SCALE_MIN } from '$lib/domain/statistics';

export type PlotSize = 'screen' | 'print' | 'phone';

export interface SizeSpec {
	/** viewBox width; everything below is in viewBox units. */
	width: number;
	/** Room left and right of the scale, so dots at 0 and 100 are not cut off. */
	margin: number;
	/** Columns the scale is divided into for stacking (an integer 1..100, see statistics.histogram). */
	bins: number;
	/** Dot radius. A column (plot width / bins) is always wider than a dot plus `gap`. */
	r: number;
	gap: number;
	/** Text sizes: labels, and smaller axis numbers. */
	font: number;
	small: number;
	/** Highest a stack may grow before its dots start to overlap. */
	maxStack: number;
	/** Vertical room between the before and after rows of a ShiftPlot. */
	bridge: number;
}

// 'screen' is for a projector seen from the back of the room: few, wide columns and big text.
// 'print' is for paper and the report page: finer columns, smaller text. 'phone' is narrow.
export const SIZES: Record<PlotSize, SizeSpec> = {
	screen: { width: 1000, margin: 44, bins: 25, r: 14, gap: 4, font: 30, small: 24, maxStack: 300, bridge: 170 },
	print: { width: 720, margin: 24, bins: 40, r: 6.5, gap: 2, font: 19, small: 16, maxStack: 150, bridge: 100 },
	phone: { width: 400, margin: 16, bins: 20, r: 8, gap: 2, font: 22, small: 19, maxStack: 150, bridge: 90 }
};

/** x in viewBox units for a position 0..100. */
export function xOf(spec: SizeSpec, value: number): number {
	const inner = spec.width - 2 * spec.margin;
	return spec.margin + ((value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)) * inner;
}

export interface Stacked<T> {
	item: T;
	/** Centre of the item's column on the 0..100 scale. */
	center: number;
	/** 0 for the dot on the axis, 1 for the one on top of it, ... */
	level: number;
	/** How many items share the column. */
	count: number;
}

/**
 * Dots stacked in columns (a dot plot / binned beeswarm): equal values, and values in the same
 * column, pile up so ties stay visible. Columns are statistics.histogram's bins; items are
 * assigned in ascending order of value, which matches the bins because binning is monotonic.
 */
export function stack<T extends { value: number }>(items: readonly T[], bins: number): { dots: Stacked<T>[]; maxCount: number } {
	const sorted = [...items].sort((a, b) => a.value - b.value);
	const columns = histogram(
		sorted.map((item) => item.value),
		bins
	);
	const dots: Stacked<T>[] = [];
	let next = 0;
	let maxCount = 0;
	for (const column of columns) {
		maxCount = Math.max(maxCount, column.count);
		for (let level = 0; level < column.count; level++) {
			dots.push({ item: sorted[next++] as T, center: (column.from + column.to) / 2, level, count: column.count });
		}
	}
	return { dots, maxCount };
}

/** Distance between stacked dots: touching-with-a-gap, squeezed when a stack would grow too high. */
export function stackStep(spec: SizeSpec, maxCount: number): number {
	const natural = 2 * spec.r + spec.gap;
	if (maxCount <= 1) return natural;
	return Math.min(natural, (spec.maxStack - 2 * spec.r) / (maxCount - 1));
}

/** Text near the edges is anchored inward so it never runs off the plot. */
export function anchorFor(spec: SizeSpec, x: number): 'start' | 'middle' | 'end' {
	if (x < spec.margin + spec.width * 0.12) return 'start';
	if (x > spec.width - spec.margin - spec.width * 0.12) return 'end';
	return 'middle';
}

/** Path of a diamond centred on (x, y) with half-diagonal h. */
export function diamondPath(x: number, y: number, h: number): string {
	return `M${round(x)} ${round(y - h)}L${round(x + h)} ${round(y)}L${round(x)} ${round(y + h)}L${round(x - h)} ${round(y)}Z`;
}

/** Coordinates with two decimals keep the SVG small and the server output stable. */
export function round(value: number): number {
	return Math.round(value * 100) / 100;
}

export const TICKS = [0, 25, 50, 75, 100] as const;
