// Seeded randomness, so a run's choices (the kill point, the votes, the notes) can be repeated
// with --seed. Timings still differ from run to run; the checks do not depend on them.

/** mulberry32: a small, fast 32-bit generator; returns floats in [0, 1). */
export function seededRandom(seed) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	/** A whole number from lo to hi, both included. */
	next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
	return next;
}

/**
 * `count` positions (value and desired, 0–100) that all differ, so that a stored pair tells which
 * of a phone's requests wrote it.
 */
export function distinctPositions(random, count) {
	const seen = new Set();
	const plan = [];
	while (plan.length < count) {
		const value = random.int(0, 100);
		const desired = random.int(0, 100);
		const key = value * 101 + desired;
		if (seen.has(key)) continue;
		seen.add(key);
		plan.push({ value, desired });
	}
	return plan;
}

const words = [
	'wijk',
	'casus',
	'regie',
	'overdragen',
	'zelf doen',
	'gezin',
	'huisarts',
	'school',
	'buurt',
	'vertrouwen',
	'afspraak',
	'terugtreden',
	'optreden',
	'toegang',
	'specialist',
	'generalist',
	'wachtlijst',
	'eigen kracht'
];

/** The text of notes save `seq`: Markdown of varying length, unique per save. */
export function notesFor(random, seq) {
	const lines = Array.from(
		{ length: random.int(1, 40) },
		() => `- ${Array.from({ length: random.int(3, 12) }, () => words[random.int(0, words.length - 1)]).join(' ')}`
	);
	return {
		notesMd: `## Gesprek, opslag ${seq}\n\n${lines.join('\n')}\n`,
		agreementsMd: `1. Afspraak ${seq}: ${words[random.int(0, words.length - 1)]}\n`
	};
}
