/**
 * Geometry shared by SpreadPlot and ShiftPlot: plain SVG in a fixed coordinate system (the
 * viewBox), scaled to the width of the page. No DOM, no randomness, so it renders on the server.
 */
import { histogram } from '$lib/domain/statistics';
import { positionScale } from './scale';

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

/**
 * Text sizes in CSS pixels once a plot knows how wide it is drawn: the plot then lays itself out
 * in real pixels (viewBox width = its width), so text never shrinks with a narrow phone or a
 * narrow column. 'screen' stays readable from the back of a room (20 px and more).
 */
const PIXEL_TEXT: Record<
	PlotSize,
	{ font: number; small: number; margin: number; rMax: number; gap: number; bridge: number; maxStack: number }
> = {
	screen: { font: 26, small: 22, margin: 30, rMax: 16, gap: 3, bridge: 120, maxStack: 260 },
	print: { font: 15, small: 13, margin: 18, rMax: 7, gap: 2, bridge: 70, maxStack: 120 },
	phone: { font: 15, small: 13, margin: 14, rMax: 9, gap: 2, bridge: 70, maxStack: 120 }
};
function scaledText(text: (typeof PIXEL_TEXT)['screen'], k: number): (typeof PIXEL_TEXT)['screen'] {
	return {
		font: text.font * k,
		small: text.small * k,
		margin: text.margin * k,
		rMax: text.rMax * k,
		gap: text.gap,
		bridge: text.bridge * k,
		maxStack: text.maxStack * k
	};
}

/** The smallest text any plot draws, in CSS pixels (checked by tests/unit/plots.test.ts). */
export const MIN_TEXT_PX = Math.min(...Object.values(PIXEL_TEXT).map((t) => t.small));

/** Room a plot's rows need besides the dot stacks; see fitSpec. */
export interface VerticalNeeds {
	/** Vertical room that does not grow with the stacks, in units of (font, small, gap, fixed px). */
	fixed: (spec: Omit<SizeSpec, 'maxStack'>) => number;
	/** How many stacks share the remaining height. */
	stacks: number;
}

/**
 * The geometry of a plot drawn `width` CSS pixels wide (and, where it must fit a box such as the
 * projector's stage, at most `height` tall). Without a measured width (server rendering, before
 * the first layout) it is the fixed viewBox of SIZES, scaled by the browser.
 */
export function fitSpec(size: PlotSize, width?: number, height?: number, needs?: VerticalNeeds, em?: number): SizeSpec {
	const base = SIZES[size];
	if (!width || width < 120) return base;
	// On the projector the text follows the page's own type size (which follows the screen), so
	// a 1280×720 projector shows the same picture as a 1920×1080 one.
	const text = size === 'screen' && em ? scaledText(PIXEL_TEXT.screen, em / 24) : PIXEL_TEXT[size];
	const inner = width - 2 * text.margin;
	// A column is always wider than a dot plus the gap (the stacking rule of `stack`).
	const r = Math.max(2, Math.min(text.rMax, (inner / base.bins - text.gap) / 2 - 0.5));
	const spec: SizeSpec = {
		width,
		margin: text.margin,
		bins: base.bins,
		r,
		gap: text.gap,
		font: text.font,
		small: text.small,
		maxStack: text.maxStack,
		bridge: text.bridge
	};
	if (height && needs && size === 'screen') {
		// A projector with room to spare: larger text and dots, up to half as large again, as long
		// as a stack of a few dots per row still fits.
		const modest = needs.fixed(spec) + needs.stacks * 6 * r;
		const grow = Math.min(1.5, Math.max(1, height / modest));
		spec.font *= grow;
		spec.small *= grow;
		spec.r = Math.max(2, Math.min(r * grow, (inner / base.bins - text.gap) / 2 - 0.5));
	}
	if (height && needs) {
		const r = spec.r;
		// The bridge between a ShiftPlot's rows carries both median labels: never narrower than they need.
		const bridge = Math.max(2.6 * r + 2.8 * spec.small, Math.min(text.bridge * 1.5, height * 0.22));
		const free = height - needs.fixed({ ...spec, bridge });
		spec.bridge = bridge;
		spec.maxStack = Math.max(2 * r + 1, Math.min(text.maxStack * 2, free / needs.stacks));
		spec.font = round(spec.font);
		spec.small = round(spec.small);
		spec.r = round(spec.r);
	}
	return spec;
}

/** x in viewBox units for a position 0..100. */
export function xOf(spec: SizeSpec, value: number): number {
	return positionScale([spec.margin, spec.width - spec.margin])(value);
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
export function stack<T extends { value: number }>(
	items: readonly T[],
	bins: number
): { dots: Stacked<T>[]; maxCount: number } {
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
