// Figures the benchmark scripts print.

/** The nearest-rank percentile `p` (0..100) of an ascending array; NaN when it is empty. */
export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
