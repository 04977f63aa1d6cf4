/** The statistics of one round of a report, from ../statistics: never recomputed elsewhere. */
import { shift, summarize, type ShiftResult, type Summary } from '../statistics';
import type { ExportPair, ExportPoint, ExportRound } from './shapes';

/** `statistics.shift` without its per-pair list (the report already has the pairs). */
export type ShiftStatistics = Omit<ShiftResult, 'pairs'>;

export interface RoundStatistics {
	before: Summary;
	after: Summary;
	/** Summaries of the desired points given with the before / after positions. */
	desiredBefore: Summary;
	desiredAfter: Summary;
	shift: ShiftStatistics;
}

/**
 * `statistics.shift` over the report's (before, after) pairs. The pairs carry no identity, so
 * each gets a synthetic participant id; `onlyBefore` / `onlyAfter` are counted against the
 * round's full before / after lists (people who answered once).
 */
export function shiftOfPairs(
	pairs: readonly ExportPair[],
	beforeCount = pairs.length,
	afterCount = pairs.length
): ShiftStatistics {
	const result = shift(
		pairs.map((pair, i) => ({ participant: `p${i}`, value: pair.before })),
		pairs.map((pair, i) => ({ participant: `p${i}`, value: pair.after }))
	);
	const { pairs: _omitted, ...rest } = result;
	return {
		...rest,
		onlyBefore: Math.max(0, beforeCount - result.n),
		onlyAfter: Math.max(0, afterCount - result.n)
	};
}

export const desiredValues = (points: readonly ExportPoint[]): number[] =>
	points.flatMap((point) => (point.desired === null || point.desired === undefined ? [] : [point.desired]));

export function roundStatistics(round: ExportRound): RoundStatistics {
	return {
		before: summarize(round.before.map((point) => point.value)),
		after: summarize(round.after.map((point) => point.value)),
		desiredBefore: summarize(desiredValues(round.before)),
		desiredAfter: summarize(desiredValues(round.after)),
		shift: shiftOfPairs(round.shift, round.before.length, round.after.length)
	};
}
