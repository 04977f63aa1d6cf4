/**
 * A fixed-window counter in memory, per key (e.g. "login:<ip>"). One server process serves a
 * team's meeting, so memory is the right place; a restart forgets, which errs on the user's side.
 */
export class RateLimiter {
	#hits = new Map<string, { count: number; resetAt: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		private readonly now: () => number = Date.now
	) {}

	/** Counts one attempt; false when the key has used up its attempts in this window. */
	attempt(key: string): boolean {
		const now = this.now();
		const entry = this.#hits.get(key);
		if (!entry || entry.resetAt <= now) {
			if (this.#hits.size > 50_000) this.#sweep(now);
			this.#hits.set(key, { count: 1, resetAt: now + this.windowMs });
			return true;
		}
		entry.count += 1;
		return entry.count <= this.limit;
	}

	/** True when the key has used up its attempts, without counting this look. */
	isBlocked(key: string): boolean {
		const entry = this.#hits.get(key);
		return !!entry && entry.resetAt > this.now() && entry.count >= this.limit;
	}

	#sweep(now: number) {
		for (const [key, entry] of this.#hits) if (entry.resetAt <= now) this.#hits.delete(key);
	}
}
