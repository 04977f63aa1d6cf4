/** Grouping for the library: themes in the order of their first dilemma, dilemmas by number. */
export function groupByTheme<D extends { theme: string; number: number }>(
	dilemmas: D[]
): { theme: string; dilemmas: D[] }[] {
	const groups = new Map<string, D[]>();
	for (const dilemma of [...dilemmas].sort((a, b) => a.number - b.number)) {
		const list = groups.get(dilemma.theme) ?? [];
		list.push(dilemma);
		groups.set(dilemma.theme, list);
	}
	return [...groups].map(([theme, list]) => ({ theme, dilemmas: list }));
}

/** The dilemmas before and after the given one, in number order. */
export function neighbours<D extends { slug: string; number: number }>(dilemmas: D[], slug: string) {
	const sorted = [...dilemmas].sort((a, b) => a.number - b.number);
	const index = sorted.findIndex((d) => d.slug === slug);
	return {
		previous: index > 0 ? sorted[index - 1] : null,
		next: index >= 0 && index < sorted.length - 1 ? sorted[index + 1] : null
	};
}
