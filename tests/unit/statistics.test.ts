import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	DEFAULT_MOVE_THRESHOLD,
	DEFAULT_SPREAD_TOLERANCE,
	consensus,
	gap,
	histogram,
	interquartileRange,
	mean,
	isParticipantValue,
	isPosition,
	median,
	quantile,
	shift,
	summarize,
	type ParticipantValue
} from '../../src/lib/domain/statistics';
import { participantValue, position as positionValue } from '../../src/lib/domain/session-schemas';

// ---------------------------------------------------------------------------
// Helpers and generators
// ---------------------------------------------------------------------------

/** Build one round from a record {participant: value}. */
function round(record: Record<string, number>): ParticipantValue[] {
	return Object.entries(record).map(([participant, value]) => ({ participant, value }));
}

/** Give each value its own participant id p0, p1, ... */
function asRound(values: readonly number[]): ParticipantValue[] {
	return values.map((value, i) => ({ participant: `p${i}`, value }));
}

const position = fc.integer({ min: 0, max: 100 });
const positions = fc.array(position, { minLength: 1, maxLength: 60 });
const probability = fc.double({ min: 0, max: 1, noNaN: true });

/** Tastle & Wierman, written out independently of the implementation. */
function log2(x: number): number {
	return Math.log(x) / Math.LN2;
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

describe('positionValue schema', () => {
	it('accepts integers 0..100 and nothing else', () => {
		expect(positionValue.safeParse(0).success).toBe(true);
		expect(positionValue.safeParse(100).success).toBe(true);
		expect(positionValue.safeParse(57).success).toBe(true);
		expect(positionValue.safeParse(-1).success).toBe(false);
		expect(positionValue.safeParse(101).success).toBe(false);
		expect(positionValue.safeParse(2.5).success).toBe(false);
		expect(positionValue.safeParse(Number.NaN).success).toBe(false);
		expect(positionValue.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
		expect(positionValue.safeParse('50').success).toBe(false);
	});

	it('the plain checks the browser uses accept exactly what the zod schemas accept', () => {
		const edge: unknown[] = [
			0,
			100,
			57,
			-1,
			101,
			2.5,
			-0,
			Number.NaN,
			Number.POSITIVE_INFINITY,
			'50',
			null,
			undefined,
			[],
			{},
			1e21
		];
		for (const v of edge) expect(isPosition(v), String(v)).toBe(positionValue.safeParse(v).success);
		fc.assert(fc.property(fc.anything(), (v) => isPosition(v) === positionValue.safeParse(v).success));
		fc.assert(
			fc.property(fc.integer({ min: -5, max: 105 }), (v) => isPosition(v) === positionValue.safeParse(v).success)
		);
		const entries: unknown[] = [
			{ participant: 'a', value: 3 },
			{ participant: '', value: 3 },
			{ participant: 'a', value: 3.5 },
			{ participant: 'a', value: 3, extra: true },
			{ participant: 1, value: 3 },
			{ value: 3 },
			[],
			null,
			'a'
		];
		for (const v of entries)
			expect(isParticipantValue(v), JSON.stringify(v)).toBe(participantValue.safeParse(v).success);
		const entry = fc.record({
			participant: fc.oneof(fc.string(), fc.integer()),
			value: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double())
		});
		fc.assert(
			fc.property(
				fc.oneof(entry, fc.anything()),
				(v) => isParticipantValue(v) === participantValue.safeParse(v).success
			)
		);
	});
});

describe('input validation', () => {
	const bad: unknown[] = [-1, 101, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '50', null, undefined];
	const fns: Array<[string, (values: number[]) => unknown]> = [
		['median', (v) => median(v)],
		['quantile', (v) => quantile(v, 0.5)],
		['interquartileRange', (v) => interquartileRange(v)],
		['mean', (v) => mean(v)],
		['consensus', (v) => consensus(v)],
		['summarize', (v) => summarize(v)],
		['histogram', (v) => histogram(v)]
	];
	for (const [name, fn] of fns) {
		it(`${name} throws RangeError on invalid values`, () => {
			for (const value of bad) {
				expect(() => fn([10, value as number, 20])).toThrow(RangeError);
			}
			expect(() => fn('1,2,3' as unknown as number[])).toThrow(RangeError);
		});
	}

	it('shift and gap reject invalid entries and duplicate participants', () => {
		const ok = round({ a: 10 });
		expect(() => shift([{ participant: 'a', value: 101 }], ok)).toThrow(RangeError);
		expect(() => shift(ok, [{ participant: 'a', value: -3 }])).toThrow(RangeError);
		expect(() => shift([{ participant: '', value: 10 }], ok)).toThrow(RangeError);
		expect(() =>
			shift(
				[
					{ participant: 'a', value: 10 },
					{ participant: 'a', value: 20 }
				],
				ok
			)
		).toThrow(RangeError);
		expect(() => gap([{ participant: 'a', value: 1.5 }], ok)).toThrow(RangeError);
		expect(() =>
			gap(ok, [
				{ participant: 'a', value: 10 },
				{ participant: 'a', value: 10 }
			])
		).toThrow(RangeError);
		expect(() => gap(null as unknown as ParticipantValue[], ok)).toThrow(RangeError);
	});

	it('does not mutate its input', () => {
		const values = [50, 10, 40, 20, 30];
		summarize(values);
		median(values);
		histogram(values);
		expect(values).toEqual([50, 10, 40, 20, 30]);
	});
});

// ---------------------------------------------------------------------------
// Quantiles (percentile_cont semantics)
// ---------------------------------------------------------------------------

describe('quantile / median / interquartileRange (percentile_cont)', () => {
	it('n = 0 gives null, like percentile_cont over zero rows', () => {
		expect(quantile([], 0.3)).toBeNull();
		expect(median([])).toBeNull();
		expect(interquartileRange([])).toBeNull();
		expect(mean([])).toBeNull();
	});

	it('n = 1: every quantile is the value, IQR 0', () => {
		// position p * (1 - 1) = 0 for every p
		expect(quantile([42], 0)).toBe(42);
		expect(quantile([42], 0.25)).toBe(42);
		expect(quantile([42], 1)).toBe(42);
		expect(median([42])).toBe(42);
		expect(interquartileRange([42])).toBe(0);
	});

	it('n = 2: [0, 100]', () => {
		// positions: q1 0.25*1 = 0.25 -> 0 + 100*0.25 = 25
		//            median 0.5 -> 50, q3 0.75 -> 75
		expect(quantile([0, 100], 0.25)).toBe(25);
		expect(median([100, 0])).toBe(50);
		expect(quantile([0, 100], 0.75)).toBe(75);
		expect(interquartileRange([0, 100])).toBe(50);
	});

	it('n = 3: [0, 30, 90]', () => {
		// q1: pos 0.25*2 = 0.5 -> 0 + (30-0)*0.5 = 15
		// median: pos 1 -> 30
		// q3: pos 1.5 -> 30 + (90-30)*0.5 = 60; IQR = 45
		expect(quantile([90, 0, 30], 0.25)).toBe(15);
		expect(median([90, 0, 30])).toBe(30);
		expect(quantile([90, 0, 30], 0.75)).toBe(60);
		expect(interquartileRange([90, 0, 30])).toBe(45);
	});

	it('even n = 4: [1, 2, 3, 4] matches percentile_cont (1.75, 2.5, 3.25)', () => {
		// q1: pos 0.25*3 = 0.75 -> 1 + (2-1)*0.75 = 1.75
		// median: pos 1.5 -> 2 + (3-2)*0.5 = 2.5
		// q3: pos 2.25 -> 3 + (4-3)*0.25 = 3.25; IQR = 1.5
		expect(quantile([4, 3, 2, 1], 0.25)).toBe(1.75);
		expect(median([4, 3, 2, 1])).toBe(2.5);
		expect(quantile([4, 3, 2, 1], 0.75)).toBe(3.25);
		expect(interquartileRange([1, 2, 3, 4])).toBe(1.5);
	});

	it('odd n = 5: [10, 20, 30, 40, 50], quartiles land on data points', () => {
		// q1: pos 0.25*4 = 1 -> 20; median pos 2 -> 30; q3 pos 3 -> 40
		const values = [50, 10, 40, 20, 30];
		expect(quantile(values, 0.25)).toBe(20);
		expect(median(values)).toBe(30);
		expect(quantile(values, 0.75)).toBe(40);
		expect(interquartileRange(values)).toBe(20);
	});

	it('ties: [5, 5, 5, 7]', () => {
		// sorted [5,5,5,7]; q1 pos 0.75 -> 5 + 0*0.75 = 5
		// median pos 1.5 -> 5 + 0*0.5 = 5; q3 pos 2.25 -> 5 + (7-5)*0.25 = 5.5
		expect(quantile([5, 7, 5, 5], 0.25)).toBe(5);
		expect(median([5, 7, 5, 5])).toBe(5);
		expect(quantile([5, 7, 5, 5], 0.75)).toBe(5.5);
		expect(interquartileRange([5, 7, 5, 5])).toBe(0.5);
	});

	it('all equal: every quantile is that value', () => {
		expect(quantile([63, 63, 63, 63, 63, 63], 0.1)).toBe(63);
		expect(median([63, 63, 63, 63, 63, 63])).toBe(63);
		expect(interquartileRange([63, 63, 63, 63, 63, 63])).toBe(0);
	});

	it('two extreme camps', () => {
		// [0,0,0,100,100,100]: median pos 2.5 -> 0 + 100*0.5 = 50
		// q1 pos 1.25 -> 0; q3 pos 3.75 -> 100; IQR 100
		const camps = [0, 100, 0, 100, 0, 100];
		expect(median(camps)).toBe(50);
		expect(quantile(camps, 0.25)).toBe(0);
		expect(quantile(camps, 0.75)).toBe(100);
		expect(interquartileRange(camps)).toBe(100);
	});

	it('arbitrary p interpolates between the neighbouring ranks', () => {
		// [0,10,...,100] (n = 11): pos 0.1*10 = 1 -> 10 exactly
		const tens = Array.from({ length: 11 }, (_, i) => i * 10);
		expect(quantile(tens, 0.1)).toBeCloseTo(10, 12);
		// [0, 33, 100]: pos 0.9*2 = 1.8 -> 33 + (100-33)*0.8 = 86.6
		expect(quantile([100, 0, 33], 0.9)).toBeCloseTo(86.6, 10);
		// [1,2,3,4]: pos 0.9*3 = 2.7 -> 3 + 1*0.7 = 3.7
		expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
	});

	it('rejects p outside [0, 1] like PostgreSQL', () => {
		expect(() => quantile([1, 2], -0.01)).toThrow(RangeError);
		expect(() => quantile([1, 2], 1.01)).toThrow(RangeError);
		expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
		// also for empty input: PostgreSQL checks the percentile before the rows
		expect(() => quantile([], 2)).toThrow(RangeError);
	});

	it('mean', () => {
		// (1+2+3+4)/4 = 2.5
		expect(mean([1, 2, 3, 4])).toBe(2.5);
		// (0+100+100)/3 = 66.67
		expect(mean([0, 100, 100])).toBeCloseTo(200 / 3, 12);
		expect(mean([7])).toBe(7);
	});
});

// ---------------------------------------------------------------------------
// Consensus (Tastle & Wierman)
// ---------------------------------------------------------------------------

describe('consensus (Tastle & Wierman on the 0..100 scale)', () => {
	it('n = 0 is null, n = 1 is 1', () => {
		expect(consensus([])).toBeNull();
		expect(consensus([0])).toBe(1);
		expect(consensus([73])).toBe(1);
	});

	it('all equal gives exactly 1', () => {
		expect(consensus([37, 37, 37, 37])).toBe(1);
		expect(consensus([100, 100])).toBe(1);
	});

	it('n = 2 at the extremes gives 0; n = 2 in general gives 1 + log2(1 - |a-b|/200)', () => {
		// mean 50, each |x - 50| / 100 = 0.5, log2(0.5) = -1 -> 1 - 1 = 0
		expect(consensus([0, 100])).toBe(0);
		// [40, 60]: mean 50, each deviation 10/100 = 0.1, log2(0.9) = -0.152003
		// -> 1 - 0.152003 = 0.847997
		expect(consensus([40, 60])).toBeCloseTo(0.847997, 6);
		expect(consensus([60, 40])).toBeCloseTo(1 + log2(0.9), 12);
	});

	it('two equal extreme camps give 0 for any even n', () => {
		// mean 50, every term log2(0.5) = -1 -> 0
		expect(consensus([0, 0, 100, 100])).toBe(0);
		expect(consensus([100, 0, 100, 0, 100, 0])).toBe(0);
	});

	it('n = 3: [0, 50, 100] and [0, 0, 100]', () => {
		// [0,50,100]: mean 50; terms log2(0.5) + log2(1) + log2(0.5) = -2
		// -> 1 - 2/3 = 0.333333
		expect(consensus([0, 50, 100])).toBeCloseTo(1 / 3, 12);
		// [0,0,100]: mean 33.33; two terms log2(1 - 0.3333) = log2(2/3) = -0.584963,
		// one term log2(1 - 0.6667) = log2(1/3) = -1.584963; sum -2.754888
		// -> 1 - 2.754888/3 = 0.081704 (the minimum possible for n = 3)
		expect(consensus([0, 0, 100])).toBeCloseTo(0.081704, 6);
		expect(consensus([100, 0, 100])).toBeCloseTo(0.081704, 6);
	});

	it('n = 4 with a tie: [50, 50, 50, 60]', () => {
		// mean 52.5; three deviations 2.5/100 -> log2(0.975) = -0.036526 each,
		// one 7.5/100 -> log2(0.925) = -0.112475
		// sum = -0.109578 - 0.112475 = -0.222052; / 4 = -0.055513 -> 0.944487
		expect(consensus([50, 60, 50, 50])).toBeCloseTo(0.944487, 6);
	});

	it('closer groups score higher than wider groups', () => {
		const tight = consensus([45, 50, 55]) as number;
		const wide = consensus([20, 50, 80]) as number;
		expect(tight).toBeGreaterThan(wide);
		expect(wide).toBeGreaterThan(consensus([0, 50, 100]) as number);
	});

	it('scaleMax sets the width of the scale', () => {
		// width 10: [0, 10] is the maximal split -> 0
		expect(consensus([0, 10], 10)).toBe(0);
		// width 100: mean 5, each deviation 0.05 -> 1 + log2(0.95) = 0.926
		expect(consensus([0, 10])).toBeCloseTo(0.925999, 6);
		expect(() => consensus([0, 11], 10)).toThrow(RangeError);
		expect(() => consensus([0, 1], 0)).toThrow(RangeError);
		expect(() => consensus([0, 1], -5)).toThrow(RangeError);
		expect(() => consensus([0, 1], Number.NaN)).toThrow(RangeError);
		expect(() => consensus([0, 1], Number.POSITIVE_INFINITY)).toThrow(RangeError);
	});
});

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

describe('summarize', () => {
	it('n = 0: all statistics null', () => {
		expect(summarize([])).toEqual({
			n: 0,
			median: null,
			q1: null,
			q3: null,
			iqr: null,
			min: null,
			max: null,
			mean: null,
			consensus: null
		});
	});

	it('n = 1', () => {
		expect(summarize([64])).toEqual({
			n: 1,
			median: 64,
			q1: 64,
			q3: 64,
			iqr: 0,
			min: 64,
			max: 64,
			mean: 64,
			consensus: 1
		});
	});

	it('[1, 2, 3, 4]', () => {
		const s = summarize([3, 1, 4, 2]);
		// quartiles as in the percentile_cont case above; mean 10/4 = 2.5
		expect(s).toMatchObject({ n: 4, median: 2.5, q1: 1.75, q3: 3.25, iqr: 1.5, min: 1, max: 4, mean: 2.5 });
		// consensus: mean 2.5, deviations 1.5, 0.5, 0.5, 1.5 (/100)
		// 2*log2(0.985) + 2*log2(0.995) = 2*(-0.021804) + 2*(-0.007232) = -0.058072
		// / 4 = -0.014518 -> 0.985482
		expect(s.consensus).toBeCloseTo(0.985482, 6);
	});

	it('two extreme camps', () => {
		expect(summarize([0, 100, 100, 0])).toEqual({
			n: 4,
			median: 50,
			q1: 0, // pos 0.75 -> 0 + 0*0.75
			q3: 100, // pos 2.25 -> 100 + 0*0.25
			iqr: 100,
			min: 0,
			max: 100,
			mean: 50,
			consensus: 0
		});
	});
});

// ---------------------------------------------------------------------------
// Shift
// ---------------------------------------------------------------------------

describe('shift', () => {
	it('exposes its defaults', () => {
		expect(DEFAULT_MOVE_THRESHOLD).toBe(5);
		expect(DEFAULT_SPREAD_TOLERANCE).toBe(5);
	});

	it('pairs participants present in both rounds and counts the rest', () => {
		const before = round({ a: 20, b: 40, c: 60, d: 80 });
		const after = round({ e: 10, c: 62, b: 50, a: 20 });
		const result = shift(before, after);
		// pairs in the order of `before`: a 20->20 (0), b 40->50 (+10), c 60->62 (+2)
		expect(result.pairs).toEqual([
			{ participant: 'a', before: 20, after: 20, delta: 0 },
			{ participant: 'b', before: 40, after: 50, delta: 10 },
			{ participant: 'c', before: 60, after: 62, delta: 2 }
		]);
		expect(result.n).toBe(3);
		// d only before, e only after
		expect(result.onlyBefore).toBe(1);
		expect(result.onlyAfter).toBe(1);
		// |delta| >= 5: only b
		expect(result.moved).toBe(1);
		expect(result.threshold).toBe(5);
		// (0 + 10 + 2) / 3 = 4
		expect(result.meanAbsoluteShift).toBe(4);
		// paired only: before [20,40,60] -> 40; after [20,50,62] -> 50
		expect(result.medianBefore).toBe(40);
		expect(result.medianAfter).toBe(50);
		expect(result.medianChange).toBe(10);
		// before: q1 pos 0.5 -> 20 + 20*0.5 = 30, q3 pos 1.5 -> 40 + 20*0.5 = 50 -> IQR 20
		// after:  q1 20 + 30*0.5 = 35, q3 50 + 12*0.5 = 56 -> IQR 21
		expect(result.iqrBefore).toBe(20);
		expect(result.iqrAfter).toBe(21);
		expect(result.iqrChange).toBe(1);
		// |+1| < 5 -> unchanged
		expect(result.spreadChange).toBe('unchanged');
	});

	it('converged: two camps move towards the middle', () => {
		const before = round({ p1: 0, p2: 25, p3: 75, p4: 100 });
		const after = round({ p1: 40, p2: 45, p3: 55, p4: 60 });
		const result = shift(before, after);
		// deltas +40, +20, -20, -40 -> all moved; mean |delta| = 120/4 = 30
		expect(result.moved).toBe(4);
		expect(result.meanAbsoluteShift).toBe(30);
		// medians: (25+75)/2 = 50 and (45+55)/2 = 50
		expect(result.medianBefore).toBe(50);
		expect(result.medianAfter).toBe(50);
		expect(result.medianChange).toBe(0);
		// before: q1 pos 0.75 -> 0 + 25*0.75 = 18.75, q3 pos 2.25 -> 75 + 25*0.25 = 81.25 -> 62.5
		// after:  q1 40 + 5*0.75 = 43.75, q3 55 + 5*0.25 = 56.25 -> 12.5
		expect(result.iqrBefore).toBe(62.5);
		expect(result.iqrAfter).toBe(12.5);
		expect(result.iqrChange).toBe(-50);
		expect(result.spreadChange).toBe('converged');
	});

	it('diverged: the same rounds in reverse', () => {
		const result = shift(round({ p1: 40, p2: 45, p3: 55, p4: 60 }), round({ p1: 0, p2: 25, p3: 75, p4: 100 }));
		expect(result.iqrChange).toBe(50);
		expect(result.spreadChange).toBe('diverged');
	});

	it('threshold is inclusive (|delta| >= threshold) and configurable', () => {
		// deltas: +5, -5, +4, -4, 0
		const before = round({ a: 50, b: 50, c: 50, d: 50, e: 50 });
		const after = round({ a: 55, b: 45, c: 54, d: 46, e: 50 });
		expect(shift(before, after).moved).toBe(2);
		expect(shift(before, after, { threshold: 4 }).moved).toBe(4);
		expect(shift(before, after, { threshold: 6 }).moved).toBe(0);
		// mean |delta| = (5+5+4+4+0)/5 = 3.6
		expect(shift(before, after).meanAbsoluteShift).toBeCloseTo(3.6, 12);
		expect(() => shift(before, after, { threshold: 0 })).toThrow(RangeError);
		expect(() => shift(before, after, { threshold: Number.NaN })).toThrow(RangeError);
	});

	it('spread tolerance is inclusive and configurable', () => {
		// before [40,50,60]: q1 pos 0.5 -> 45, q3 pos 1.5 -> 55, IQR 10
		// after  [45,50,55]: q1 47.5, q3 52.5, IQR 5 -> change -5
		const before = round({ a: 40, b: 50, c: 60 });
		const after = round({ a: 45, b: 50, c: 55 });
		expect(shift(before, after).iqrChange).toBe(-5);
		expect(shift(before, after).spreadChange).toBe('converged');
		expect(shift(before, after, { spreadTolerance: 6 }).spreadChange).toBe('unchanged');
		expect(shift(after, before).spreadChange).toBe('diverged');
		expect(() => shift(before, after, { spreadTolerance: -1 })).toThrow(RangeError);
	});

	it('nobody in both rounds: no pairs, nulls, and the one-time answers counted', () => {
		const result = shift(round({ a: 10, b: 20 }), round({ c: 30 }));
		expect(result).toEqual({
			pairs: [],
			n: 0,
			moved: 0,
			threshold: 5,
			meanAbsoluteShift: null,
			medianBefore: null,
			medianAfter: null,
			medianChange: null,
			iqrBefore: null,
			iqrAfter: null,
			iqrChange: null,
			spreadChange: null,
			spreadTolerance: 5,
			onlyBefore: 2,
			onlyAfter: 1
		});
		expect(shift([], []).n).toBe(0);
		expect(shift([], []).onlyBefore).toBe(0);
	});

	it('a single pair', () => {
		const result = shift(round({ a: 10, z: 90 }), round({ a: 30 }));
		// one pair, delta +20; IQR 0 on both sides -> unchanged
		expect(result.n).toBe(1);
		expect(result.moved).toBe(1);
		expect(result.meanAbsoluteShift).toBe(20);
		expect(result.medianBefore).toBe(10);
		expect(result.medianAfter).toBe(30);
		expect(result.iqrChange).toBe(0);
		expect(result.spreadChange).toBe('unchanged');
		expect(result.onlyBefore).toBe(1);
		expect(result.onlyAfter).toBe(0);
	});
});

// ---------------------------------------------------------------------------
// Histogram
// ---------------------------------------------------------------------------

describe('histogram', () => {
	it('10 bins of width 10; 100 goes in the last bin', () => {
		const bins = histogram([0, 9, 10, 55, 99, 100]);
		expect(bins).toHaveLength(10);
		// 0, 9 -> bin 0; 10 -> bin 1; 55 -> bin 5; 99, 100 -> bin 9
		expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
		expect(bins[0]).toEqual({ from: 0, to: 10, count: 2 });
		expect(bins[9]).toEqual({ from: 90, to: 100, count: 2 });
	});

	it('uneven bin width (3 bins)', () => {
		// floor(v*3/100): 33 -> 0.99 -> 0; 34 -> 1.02 -> 1; 66 -> 1.98 -> 1;
		// 67 -> 2.01 -> 2; 100 -> 3 -> clamped to 2
		const bins = histogram([33, 34, 66, 67, 100], 3);
		expect(bins.map((b) => b.count)).toEqual([1, 2, 2]);
		expect(bins[1]?.from).toBeCloseTo(100 / 3, 12);
		expect(bins[2]?.to).toBe(100);
	});

	it('one bin holds everything; empty input gives zero counts', () => {
		expect(histogram([0, 50, 100], 1)).toEqual([{ from: 0, to: 100, count: 3 }]);
		expect(histogram([]).map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
	});

	it('100 bins: each integer in its own bin, 99 and 100 share the last', () => {
		const bins = histogram([0, 1, 98, 99, 100], 100);
		expect(bins[0]?.count).toBe(1);
		expect(bins[1]?.count).toBe(1);
		expect(bins[98]?.count).toBe(1);
		expect(bins[99]?.count).toBe(2);
	});

	it('rejects invalid bin counts', () => {
		expect(() => histogram([1], 0)).toThrow(RangeError);
		expect(() => histogram([1], 2.5)).toThrow(RangeError);
		expect(() => histogram([1], 101)).toThrow(RangeError);
		expect(() => histogram([1], Number.NaN)).toThrow(RangeError);
	});
});

// ---------------------------------------------------------------------------
// Gap
// ---------------------------------------------------------------------------

describe('gap', () => {
	it('median of differences and of absolute differences, matched by participant', () => {
		const now = round({ a: 30, b: 50, c: 70, d: 10 });
		const desired = round({ a: 60, b: 40, c: 70, e: 90 });
		// a +30, b -10, c 0; d only now, e only desired
		// differences sorted [-10, 0, 30] -> median 0
		// absolute sorted [0, 10, 30] -> median 10
		expect(gap(now, desired)).toEqual({
			n: 3,
			medianDifference: 0,
			medianAbsoluteDifference: 10,
			onlyNow: 1,
			onlyDesired: 1
		});
	});

	it('even n: opposite wishes cancel in the signed median but not in the absolute one', () => {
		// a 50 -> 70 (+20), b 60 -> 20 (-40)
		// signed: (-40 + 20)/2 = -10; absolute: (20 + 40)/2 = 30
		const result = gap(round({ a: 50, b: 60 }), round({ a: 70, b: 20 }));
		expect(result.medianDifference).toBe(-10);
		expect(result.medianAbsoluteDifference).toBe(30);
	});

	it('no overlap gives nulls', () => {
		expect(gap(round({ a: 1 }), round({ b: 2 }))).toEqual({
			n: 0,
			medianDifference: null,
			medianAbsoluteDifference: null,
			onlyNow: 1,
			onlyDesired: 1
		});
	});
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe('properties', () => {
	it('median lies between min and max', () => {
		fc.assert(
			fc.property(positions, (values) => {
				const m = median(values) as number;
				expect(m).toBeGreaterThanOrEqual(Math.min(...values));
				expect(m).toBeLessThanOrEqual(Math.max(...values));
			})
		);
	});

	it('quantile is monotone in p, with q(0) = min and q(1) = max', () => {
		fc.assert(
			fc.property(positions, probability, probability, (values, a, b) => {
				const [lo, hi] = a <= b ? [a, b] : [b, a];
				expect(quantile(values, lo) as number).toBeLessThanOrEqual(quantile(values, hi) as number);
				expect(quantile(values, 0)).toBe(Math.min(...values));
				expect(quantile(values, 1)).toBe(Math.max(...values));
			})
		);
	});

	it('summary is order-independent and internally consistent', () => {
		fc.assert(
			fc.property(positions, (values) => {
				const s = summarize(values);
				expect(summarize([...values].reverse())).toEqual(s);
				expect(s.n).toBe(values.length);
				expect(s.q1 as number).toBeLessThanOrEqual(s.median as number);
				expect(s.median as number).toBeLessThanOrEqual(s.q3 as number);
				expect(s.iqr).toBe((s.q3 as number) - (s.q1 as number));
				expect(s.mean as number).toBeGreaterThanOrEqual(s.min as number);
				expect(s.mean as number).toBeLessThanOrEqual(s.max as number);
			})
		);
	});

	it('consensus is in [0, 1] and equals 1 exactly when all values are equal', () => {
		fc.assert(
			fc.property(positions, (values) => {
				const c = consensus(values) as number;
				expect(c).toBeGreaterThanOrEqual(0);
				expect(c).toBeLessThanOrEqual(1);
				const allEqual = values.every((v) => v === values[0]);
				expect(c === 1).toBe(allEqual);
			})
		);
	});

	it('consensus of all-equal groups is 1 (generated explicitly)', () => {
		fc.assert(
			fc.property(position, fc.integer({ min: 1, max: 60 }), (value, n) => {
				expect(consensus(Array.from({ length: n }, () => value))).toBe(1);
			})
		);
	});

	it('consensus is 0 for equal camps at both poles, and mirror-symmetric', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 30 }), (half) => {
				const camps = [...Array.from({ length: half }, () => 0), ...Array.from({ length: half }, () => 100)];
				expect(consensus(camps)).toBe(0);
			})
		);
		fc.assert(
			fc.property(positions, (values) => {
				const mirrored = values.map((v) => 100 - v);
				expect(consensus(mirrored) as number).toBeCloseTo(consensus(values) as number, 10);
			})
		);
	});

	it('consensus equals the Tastle & Wierman formula written out', () => {
		fc.assert(
			fc.property(positions, (values) => {
				const mu = values.reduce((s, v) => s + v, 0) / values.length;
				const expected = 1 + values.reduce((s, v) => s + log2(1 - Math.abs(v - mu) / 100), 0) / values.length;
				expect(consensus(values) as number).toBeCloseTo(Math.max(0, expected), 10);
			})
		);
	});

	it('shift of identical rounds moves nobody and leaves the spread unchanged', () => {
		fc.assert(
			fc.property(positions, (values) => {
				const r = asRound(values);
				const result = shift(r, r);
				expect(result.n).toBe(values.length);
				expect(result.moved).toBe(0);
				expect(result.meanAbsoluteShift).toBe(0);
				expect(result.medianChange).toBe(0);
				expect(result.iqrChange).toBe(0);
				expect(result.spreadChange).toBe('unchanged');
				expect(result.onlyBefore).toBe(0);
				expect(result.onlyAfter).toBe(0);
			})
		);
	});

	it('shift accounts for every answer', () => {
		fc.assert(
			fc.property(
				fc.array(fc.option(position, { nil: undefined }), { maxLength: 40 }),
				fc.array(fc.option(position, { nil: undefined }), { maxLength: 40 }),
				(a, b) => {
					// undefined = participant did not answer in that round
					const before = a.flatMap((v, i) => (v === undefined ? [] : [{ participant: `p${i}`, value: v }]));
					const after = b.flatMap((v, i) => (v === undefined ? [] : [{ participant: `p${i}`, value: v }]));
					const result = shift(before, after);
					expect(result.n + result.onlyBefore).toBe(before.length);
					expect(result.n + result.onlyAfter).toBe(after.length);
					expect(result.moved).toBeLessThanOrEqual(result.n);
					for (const pair of result.pairs) expect(pair.delta).toBe(pair.after - pair.before);
				}
			)
		);
	});

	it('histogram counts every value exactly once, in the bin whose range contains it', () => {
		fc.assert(
			fc.property(positions, fc.integer({ min: 1, max: 100 }), (values, binCount) => {
				const bins = histogram(values, binCount);
				expect(bins).toHaveLength(binCount);
				expect(bins.reduce((s, b) => s + b.count, 0)).toBe(values.length);
				for (let i = 0; i < bins.length; i++) {
					const bin = bins[i]!;
					const last = i === bins.length - 1;
					const inside = values.filter((v) => v >= bin.from && (last ? v <= bin.to : v < bin.to)).length;
					expect(bin.count).toBe(inside);
				}
			})
		);
	});

	it('gap of identical lists is zero', () => {
		fc.assert(
			fc.property(positions, (values) => {
				const r = asRound(values);
				expect(gap(r, r)).toEqual({
					n: values.length,
					medianDifference: 0,
					medianAbsoluteDifference: 0,
					onlyNow: 0,
					onlyDesired: 0
				});
			})
		);
	});
});

describe('lastPoints', () => {
	it('is the answer after the discussion where given, the first answer otherwise', async () => {
		const { lastPoints } = await import('$lib/domain/statistics');
		// Five people answered 10, 20, 20, 60, 90; two of them (a 20 and the 90) moved, to 30 and 70;
		// someone who came late answered 50 after the discussion only.
		expect(lastPoints([10, 20, 20, 60, 90], [30, 70, 50], [{ before: 20 }, { before: 90 }])).toEqual([
			10, 20, 30, 50, 60, 70
		]);
		expect(lastPoints([40, 40], [], [])).toEqual([40, 40]);
		expect(lastPoints([], [], [])).toEqual([]);
	});
});
