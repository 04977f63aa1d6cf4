/**
 * The one linear scale of the charts: a value in a domain to a coordinate in a range. Every
 * chart places its values with it — positions 0..100 along x (SpreadPlot, ShiftPlot,
 * NetworkDistribution) or up y (TrendChart, NetworkSeries), dates and periods along x.
 */
import { SCALE_MAX, SCALE_MIN } from '$lib/domain/statistics';

export type Scale = (value: number) => number;

/** Maps `domain` onto `range`; a range may run backwards (a y axis: 0 at the bottom). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
	const [d0, d1] = domain;
	const [r0, r1] = range;
	return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** A position on the dilemma scale (0..100) onto `range`. */
export function positionScale(range: readonly [number, number]): Scale {
	return linearScale([SCALE_MIN, SCALE_MAX], range);
}

/** The positions the axes mark. */
export const TICKS = [0, 25, 50, 75, 100] as const;
