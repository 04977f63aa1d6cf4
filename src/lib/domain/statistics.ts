/**
 * Descriptive statistics for dilemma positions.
 *
 * A position is an integer on a 0..100 scale between the two poles of a
 * dilemma (0 = left pole, 100 = right pole). Everything in this module is pure:
 * no I/O, no clocks, no randomness, and inputs are never mutated.
 *
 * Conventions
 * - Every public function validates its inputs and throws a `RangeError` on
 *   anything that is not an integer position in 0..100 (see `isPosition`),
 *   or on invalid parameters (quantile probability, bin count, thresholds...).
 * - Empty input yields `null` for every location/spread statistic, mirroring
 *   SQL, where `avg`, `percentile_cont`, `min` and `max` over zero rows are NULL.
 * - Quantiles use PostgreSQL's `percentile_cont` definition (see `quantile`),
 *   so a value computed here and the same value computed by an SQL aggregate
 *   in the database agree exactly.
 */
// ---------------------------------------------------------------------------
// Scale and validation
// ---------------------------------------------------------------------------

export const SCALE_MIN = 0;
export const SCALE_MAX = 100;

// Plain checks, no zod: this module runs in the browser too (the plots). The zod schemas of
// the same rules are in ./session-schemas.ts; a unit test holds the two in agreement.

/** A single position on the dilemma scale: an integer in 0..100. */
export type PositionValue = number;
export function isPosition(value: unknown): value is PositionValue {
	return typeof value === 'number' && Number.isInteger(value) && value >= SCALE_MIN && value <= SCALE_MAX;
}

/** One participant's position in one round. */
export interface ParticipantValue {
	participant: string;
	value: number;
}
export function isParticipantValue(value: unknown): value is ParticipantValue {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const { participant, value: position } = value as Record<string, unknown>;
	return typeof participant === 'string' && participant.length >= 1 && isPosition(position);
}

function describe(value: unknown): string {
	if (typeof value === 'number') return String(value);
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** Throws a RangeError unless `values` is an array of valid positions. */
function assertPositions(values: unknown, what: string): asserts values is readonly number[] {
	if (!Array.isArray(values)) {
		throw new RangeError(`${what} must be an array of positions, got ${describe(values)}`);
	}
	for (let i = 0; i < values.length; i++) {
		const v: unknown = values[i];
		if (!isPosition(v)) {
			throw new RangeError(
				`${what}[${i}] must be an integer position in ${SCALE_MIN}..${SCALE_MAX}, got ${describe(v)}`
			);
		}
	}
}

/**
 * Throws a RangeError unless `entries` is an array of `{participant, value}`
 * with non-empty participant ids, valid positions, and no participant twice.
 */
/**
 * The participants in both lists, in the order of `first`: [participant, value in first, value in second].
 * Those in only one list are left out.
 */
function matched(
	first: readonly ParticipantValue[],
	second: readonly ParticipantValue[]
): [participant: string, first: number, second: number][] {
	const secondByParticipant = new Map<string, number>();
	for (const entry of second) secondByParticipant.set(entry.participant, entry.value);
	return first.flatMap((entry) => {
		const other = secondByParticipant.get(entry.participant);
		return other === undefined ? [] : [[entry.participant, entry.value, other] as [string, number, number]];
	});
}

function assertParticipantValues(entries: unknown, what: string): asserts entries is readonly ParticipantValue[] {
	if (!Array.isArray(entries)) {
		throw new RangeError(`${what} must be an array of {participant, value}, got ${describe(entries)}`);
	}
	const seen = new Set<string>();
	for (let i = 0; i < entries.length; i++) {
		const entry: unknown = entries[i];
		if (!isParticipantValue(entry)) {
			throw new RangeError(
				`${what}[${i}] must be {participant: non-empty string, value: integer in ${SCALE_MIN}..${SCALE_MAX}}, got ${describe(entry)}`
			);
		}
		if (seen.has(entry.participant)) {
			throw new RangeError(`${what} contains participant ${describe(entry.participant)} more than once`);
		}
		seen.add(entry.participant);
	}
}

function assertPositiveFinite(value: unknown, what: string): asserts value is number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
		throw new RangeError(`${what} must be a finite number > 0, got ${describe(value)}`);
	}
}

function sortedCopy(values: readonly number[]): number[] {
	return [...values].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------
// Location and spread
// ---------------------------------------------------------------------------

/**
 * Quantile of an already sorted, non-empty array, exactly as PostgreSQL's
 * `percentile_cont(p) WITHIN GROUP (ORDER BY v)` computes it for float8
 * (src/backend/utils/adt/orderedsetaggs.c, percentile_cont_final_common):
 *
 *   first  = floor(p * (n - 1)),  second = ceil(p * (n - 1))
 *   if first == second: result = v[first]
 *   else: result = v[first] + (v[second] - v[first]) * (p * (n - 1) - first)
 *
 * (0-based indices into the ascending sort.) The operations are performed in
 * the same order with the same IEEE-754 doubles, so results are bit-identical.
 */
function quantileOfSorted(sorted: readonly number[], p: number): number {
	const n = sorted.length;
	const first = Math.floor(p * (n - 1));
	const second = Math.ceil(p * (n - 1));
	const low = sorted[first] as number;
	if (first === second) return low;
	const high = sorted[second] as number;
	const proportion = p * (n - 1) - first;
	return low + (high - low) * proportion;
}

function meanOf(values: readonly number[]): number {
	let sum = 0;
	for (const v of values) sum += v;
	return sum / values.length;
}

/**
 * The p-quantile (0 <= p <= 1) with linear interpolation between closest
 * ranks, identical to PostgreSQL's `percentile_cont`:
 *
 *   SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY value) FROM ...
 *
 * This is also "type 7" in Hyndman & Fan (1996), the default of R and NumPy.
 * Example: [1, 2, 3, 4] gives q(0.25) = 1.75, q(0.5) = 2.5, q(0.75) = 3.25.
 *
 * Returns null for an empty input (as percentile_cont does over zero rows).
 * Throws RangeError when p is not a number in [0, 1] (PostgreSQL raises
 * "percentile value ... is not between 0 and 1").
 */
export function quantile(values: readonly number[], p: number): number | null {
	assertPositions(values, 'values');
	if (typeof p !== 'number' || Number.isNaN(p) || p < 0 || p > 1) {
		throw new RangeError(`quantile probability must be a number in [0, 1], got ${describe(p)}`);
	}
	if (values.length === 0) return null;
	return quantileOfSorted(sortedCopy(values), p);
}

/** Median = percentile_cont(0.5); the mean of the two middle values for even n. Null for n = 0. */
export function median(values: readonly number[]): number | null {
	return quantile(values, 0.5);
}

/**
 * Interquartile range q3 - q1, with both quartiles computed as
 * percentile_cont(0.25) and percentile_cont(0.75). Null for n = 0; 0 for n = 1.
 */
export function interquartileRange(values: readonly number[]): number | null {
	assertPositions(values, 'values');
	if (values.length === 0) return null;
	const sorted = sortedCopy(values);
	return quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
}

/** Arithmetic mean; null for n = 0 (as SQL `avg`). */
export function mean(values: readonly number[]): number | null {
	assertPositions(values, 'values');
	if (values.length === 0) return null;
	return meanOf(values);
}

// ---------------------------------------------------------------------------
// Consensus
// ---------------------------------------------------------------------------

/**
 * Consensus of a set of positions in [0, 1]: Tastle & Wierman's consensus
 * measure (Tastle & Wierman 2007, "Consensus and dissention: A measure of
 * ordinal dispersion", Int. J. of Approximate Reasoning 45(3)), applied to
 * the individual positions of the group:
 *
 *   Cns = 1 + (1/n) * Σ_i log2(1 - |x_i - μ| / d)
 *
 * where μ is the mean position and d = scaleMax - 0 is the width of the scale.
 * With integer positions 0..100 this *is* Tastle & Wierman's measure on a
 * 101-category ordinal scale (each person having weight 1/n); the formula
 * extends unchanged to a continuous scale.
 *
 * Why this measure
 * - 1 exactly when everybody stands at the same point (every term is log2 1 = 0),
 *   and < 1 as soon as two positions differ.
 * - 0 exactly when the group is split half/half over the two extreme poles
 *   (μ = d/2, every term is log2(1/2) = -1), and never below 0: the summand is
 *   concave in x_i, so for a given mean it is smallest when all mass sits on the
 *   poles, where Cns = 1 - H(q) >= 0 (H = binary entropy, q = share at the
 *   right pole), with equality only for q = 1/2.
 * - It does not depend on the group size, so teams of different sizes can be
 *   compared in the network, and it distinguishes polarisation from mere
 *   spread: [0, 50, 100] -> 0.333, [0, 0, 100] -> 0.082.
 *
 * Behaviour for small n
 * - n = 0: null (no data, nothing to measure).
 * - n = 1: 1 (a single position trivially agrees with itself).
 * - n = 2: both positions lie |a - b|/2 from the mean, so
 *          Cns = 1 + log2(1 - |a - b| / (2d)); e.g. [40, 60] -> 1 + log2(0.9)
 *          = 0.848, and [0, 100] -> 0.
 * - Odd n can never reach exactly 0 (an exact half/half split is impossible);
 *   the minimum is 1 - H((n-1)/(2n)), e.g. 0.082 for n = 3.
 *
 * SQL equivalent (float8; equal up to floating-point rounding):
 *   1 + avg(ln(1 - abs(value - avg_value) / 100.0) / ln(2))
 * with avg_value = avg(value) over the same group (e.g. a window function).
 *
 * Throws RangeError when scaleMax is not a finite number > 0, or when a value
 * is not a valid position or exceeds scaleMax.
 */
export function consensus(values: readonly number[], scaleMax: number = SCALE_MAX): number | null {
	assertPositions(values, 'values');
	assertPositiveFinite(scaleMax, 'scaleMax');
	for (let i = 0; i < values.length; i++) {
		if ((values[i] as number) > scaleMax) {
			throw new RangeError(`values[${i}] = ${values[i]} exceeds scaleMax ${scaleMax}`);
		}
	}
	const n = values.length;
	if (n === 0) return null;
	if (n === 1) return 1;
	const mu = meanOf(values);
	let sumLog = 0;
	for (const v of values) {
		// 1 - |v - μ|/d is > 0 whenever the values are not all equal
		// (|v - μ| = d would require every other value at the opposite pole).
		sumLog += Math.log2(1 - Math.abs(v - mu) / scaleMax);
	}
	const result = 1 + sumLog / n;
	// Guard against floating-point rounding just outside the theoretical range.
	return Math.min(1, Math.max(0, result));
}

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

export interface Summary {
	n: number;
	median: number | null;
	q1: number | null;
	q3: number | null;
	iqr: number | null;
	min: number | null;
	max: number | null;
	mean: number | null;
	consensus: number | null;
}

/** All descriptive statistics of one set of positions; every statistic is null for n = 0. */
export function summarize(values: readonly number[]): Summary {
	assertPositions(values, 'values');
	const n = values.length;
	if (n === 0) {
		return {
			n: 0,
			median: null,
			q1: null,
			q3: null,
			iqr: null,
			min: null,
			max: null,
			mean: null,
			consensus: null
		};
	}
	const sorted = sortedCopy(values);
	const q1 = quantileOfSorted(sorted, 0.25);
	const q3 = quantileOfSorted(sorted, 0.75);
	return {
		n,
		median: quantileOfSorted(sorted, 0.5),
		q1,
		q3,
		iqr: q3 - q1,
		min: sorted[0] as number,
		max: sorted[n - 1] as number,
		mean: meanOf(sorted),
		consensus: consensus(sorted)
	};
}

// ---------------------------------------------------------------------------
// Shift between two rounds (before / after a discussion)
// ---------------------------------------------------------------------------

/** A participant counts as "moved" when |after - before| >= this many points. */
export const DEFAULT_MOVE_THRESHOLD = 5;
/**
 * The spread counts as changed when the IQR of the paired participants grew or
 * shrank by at least this many points; smaller changes are 'unchanged'.
 */
export const DEFAULT_SPREAD_TOLERANCE = 5;

export type SpreadChange = 'converged' | 'diverged' | 'unchanged';

export interface ShiftPair {
	participant: string;
	before: number;
	after: number;
	/** after - before; positive = moved towards the right pole. */
	delta: number;
}

export interface ShiftOptions {
	/** Minimum |delta| in points to count as moved (> 0). Default 5. */
	threshold?: number;
	/** Minimum IQR change in points to count as converged/diverged (> 0). Default 5. */
	spreadTolerance?: number;
}

export interface ShiftResult {
	/** Participants present in both rounds, in the order of `before`. */
	pairs: ShiftPair[];
	/** Number of pairs. */
	n: number;
	/** Pairs with |delta| >= threshold. */
	moved: number;
	threshold: number;
	/** Mean of |delta| over the pairs; null without pairs. */
	meanAbsoluteShift: number | null;
	/** Median of the paired participants' positions before / after; null without pairs. */
	medianBefore: number | null;
	medianAfter: number | null;
	/** medianAfter - medianBefore; null without pairs. */
	medianChange: number | null;
	/** IQR of the paired participants' positions before / after; null without pairs. */
	iqrBefore: number | null;
	iqrAfter: number | null;
	/** iqrAfter - iqrBefore; negative = the group moved closer together. */
	iqrChange: number | null;
	/**
	 * 'converged' when iqrChange <= -spreadTolerance, 'diverged' when
	 * iqrChange >= spreadTolerance, otherwise 'unchanged'; null without pairs.
	 */
	spreadChange: SpreadChange | null;
	spreadTolerance: number;
	/** Participants who answered only before / only after. */
	onlyBefore: number;
	onlyAfter: number;
}

/**
 * Compare two rounds of the same group, matched by participant.
 *
 * Medians and IQRs are computed over the paired participants only, so the
 * comparison reflects people changing their minds rather than people joining
 * or leaving; those who answered only once are counted in onlyBefore /
 * onlyAfter. A participant may appear at most once per round (RangeError
 * otherwise).
 */
export function shift(
	before: readonly ParticipantValue[],
	after: readonly ParticipantValue[],
	options: ShiftOptions = {}
): ShiftResult {
	assertParticipantValues(before, 'before');
	assertParticipantValues(after, 'after');
	const threshold = options.threshold ?? DEFAULT_MOVE_THRESHOLD;
	const spreadTolerance = options.spreadTolerance ?? DEFAULT_SPREAD_TOLERANCE;
	assertPositiveFinite(threshold, 'threshold');
	assertPositiveFinite(spreadTolerance, 'spreadTolerance');

	const pairs: ShiftPair[] = matched(before, after).map(([participant, earlier, later]) => ({
		participant,
		before: earlier,
		after: later,
		delta: later - earlier
	}));
	const n = pairs.length;
	const onlyBefore = before.length - n;
	const onlyAfter = after.length - n;
	const base = { pairs, n, threshold, spreadTolerance, onlyBefore, onlyAfter };

	if (n === 0) {
		return {
			...base,
			moved: 0,
			meanAbsoluteShift: null,
			medianBefore: null,
			medianAfter: null,
			medianChange: null,
			iqrBefore: null,
			iqrAfter: null,
			iqrChange: null,
			spreadChange: null
		};
	}

	let moved = 0;
	let sumAbs = 0;
	for (const pair of pairs) {
		const abs = Math.abs(pair.delta);
		if (abs >= threshold) moved++;
		sumAbs += abs;
	}
	const sortedBefore = sortedCopy(pairs.map((pair) => pair.before));
	const sortedAfter = sortedCopy(pairs.map((pair) => pair.after));
	const medianBefore = quantileOfSorted(sortedBefore, 0.5);
	const medianAfter = quantileOfSorted(sortedAfter, 0.5);
	const iqrBefore = quantileOfSorted(sortedBefore, 0.75) - quantileOfSorted(sortedBefore, 0.25);
	const iqrAfter = quantileOfSorted(sortedAfter, 0.75) - quantileOfSorted(sortedAfter, 0.25);
	// Quartiles of integers are multiples of 0.25, so this difference is exact.
	const iqrChange = iqrAfter - iqrBefore;
	const spreadChange: SpreadChange =
		iqrChange <= -spreadTolerance ? 'converged' : iqrChange >= spreadTolerance ? 'diverged' : 'unchanged';

	return {
		...base,
		moved,
		meanAbsoluteShift: sumAbs / n,
		medianBefore,
		medianAfter,
		medianChange: medianAfter - medianBefore,
		iqrBefore,
		iqrAfter,
		iqrChange,
		spreadChange
	};
}

// ---------------------------------------------------------------------------
// Histogram
// ---------------------------------------------------------------------------

export interface HistogramBin {
	/** Lower edge (inclusive). */
	from: number;
	/** Upper edge: exclusive, except for the last bin, which includes 100. */
	to: number;
	count: number;
}

/**
 * Counts per bin of equal width over 0..100, for strip and dot plots.
 * Bin i (0-based) holds the values v with 100·i/bins <= v < 100·(i+1)/bins;
 * the last bin is closed on the right, so 100 goes into it. The index is
 * computed as min(bins - 1, floor(v · bins / 100)), which is exact for integer
 * v and integer bins. In SQL: least(width_bucket(v, 0, 100, bins), bins) - 1.
 *
 * `bins` must be an integer in 1..100 (RangeError otherwise).
 */
/**
 * Everyone's last point of a round: the answer after the discussion where a person gave one,
 * otherwise their first answer (not re-positioning means staying put, as the phone shows it).
 * The session's results carry no identities, so the people who answered only before are found
 * as the before-values that no (before, after) pair accounts for. The same rule as the network's
 * cells ("the median of each person's last point").
 */
export function lastPoints(
	before: readonly number[],
	after: readonly number[],
	pairs: readonly { before: number }[]
): number[] {
	const paired = new Map<number, number>();
	for (const pair of pairs) paired.set(pair.before, (paired.get(pair.before) ?? 0) + 1);
	const onlyBefore = before.filter((value) => {
		const left = paired.get(value) ?? 0;
		if (left === 0) return true;
		paired.set(value, left - 1);
		return false;
	});
	return [...onlyBefore, ...after].sort((a, b) => a - b);
}

export function histogram(values: readonly number[], bins: number = 10): HistogramBin[] {
	assertPositions(values, 'values');
	if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 1 || bins > SCALE_MAX) {
		throw new RangeError(`bins must be an integer in 1..${SCALE_MAX}, got ${describe(bins)}`);
	}
	const width = SCALE_MAX - SCALE_MIN;
	const result: HistogramBin[] = [];
	for (let i = 0; i < bins; i++) {
		result.push({
			from: SCALE_MIN + (width * i) / bins,
			to: SCALE_MIN + (width * (i + 1)) / bins,
			count: 0
		});
	}
	for (const v of values) {
		const index = Math.min(bins - 1, Math.floor(((v - SCALE_MIN) * bins) / width));
		(result[index] as HistogramBin).count++;
	}
	return result;
}

// ---------------------------------------------------------------------------
// Gap between "where we stand now" and "where we want to be"
// ---------------------------------------------------------------------------

export interface GapResult {
	/** Participants who gave both a "now" and a "desired" position. */
	n: number;
	/** Median of (desired - now); positive = wants to move towards the right pole. Null when n = 0. */
	medianDifference: number | null;
	/** Median of |desired - now|: how far people want to move, regardless of direction. Null when n = 0. */
	medianAbsoluteDifference: number | null;
	/** Participants who gave only a "now" / only a "desired" position. */
	onlyNow: number;
	onlyDesired: number;
}

/**
 * Per-participant gap between the current and the desired position, matched
 * by participant; medians use percentile_cont(0.5) like everywhere else.
 * A participant may appear at most once per list (RangeError otherwise).
 */
export function gap(now: readonly ParticipantValue[], desired: readonly ParticipantValue[]): GapResult {
	assertParticipantValues(now, 'now');
	assertParticipantValues(desired, 'desired');
	const differences = matched(now, desired).map(([, value, wanted]) => wanted - value);
	const n = differences.length;
	const onlyNow = now.length - n;
	const onlyDesired = desired.length - n;
	if (n === 0) {
		return { n, medianDifference: null, medianAbsoluteDifference: null, onlyNow, onlyDesired };
	}
	return {
		n,
		medianDifference: quantileOfSorted(sortedCopy(differences), 0.5),
		medianAbsoluteDifference: quantileOfSorted(sortedCopy(differences.map(Math.abs)), 0.5),
		onlyNow,
		onlyDesired
	};
}
