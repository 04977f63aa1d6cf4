/**
 * A fixed-window counter in memory, per key (e.g. "login:<ip>"). One server process serves a
 * team's meeting, so memory is the right place; a restart forgets, which errs on the user's side.
 */
/** Hits per key: false once the key has used up its limit (in memory, or shared-limits.ts). */
export interface Hits {
	attempt(key: string): boolean | Promise<boolean>;
}

export type GuessOutcome<T> = { locked: true } | { locked: false; value: T };

/** Wrong guesses per kind of key (in memory, GuessLimiter; in the database, shared-limits.ts). */
export interface GuessLimits<Kind extends string> {
	attempt<T>(
		keys: Partial<Record<Kind, string>>,
		check: () => Promise<T>,
		isRight: (value: T) => boolean
	): Promise<GuessOutcome<T>>;
}

export class RateLimiter implements Hits {
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

/**
 * Limits wrong guesses (join codes, passwords), per kind of key (an address, an account), each
 * kind with its own limit. Only wrong guesses count, so a room of people with the right code or
 * password is never slowed; once a key has used up its wrong guesses, every guess on it is
 * refused, the right one too, so a refusal tells nothing about the guess. Guesses on one key are
 * checked one at a time: a burst of parallel requests cannot slip past the count while the first
 * ones are still being checked.
 */
export class GuessLimiter<Kind extends string> implements GuessLimits<Kind> {
	readonly #wrong: Record<Kind, RateLimiter>;
	readonly #queues = new KeyedQueues();

	constructor(limits: Record<Kind, number>, windowMs: number, now: () => number = Date.now) {
		this.#wrong = Object.fromEntries(
			Object.entries<number>(limits).map(([kind, limit]) => [kind, new RateLimiter(limit, windowMs, now)])
		) as Record<Kind, RateLimiter>;
	}

	/**
	 * Runs `check` unless one of the keys is locked, and counts a wrong guess (as `isRight` judges
	 * the result) against every key. A check that throws counts for nothing. Kinds left undefined
	 * do not apply to this guess.
	 */
	attempt<T>(
		keys: Partial<Record<Kind, string>>,
		check: () => Promise<T>,
		isRight: (value: T) => boolean
	): Promise<GuessOutcome<T>> {
		const applied = appliedKeys(keys);
		const guarded = async (): Promise<GuessOutcome<T>> => {
			if (applied.some(([kind, key]) => this.#wrong[kind].isBlocked(key))) return { locked: true };
			const value = await check();
			if (!isRight(value)) for (const [kind, key] of applied) this.#wrong[kind].attempt(key);
			return { locked: false, value };
		};
		return this.#queues.run(
			applied.map(([kind, key]) => `${kind}:${key}`),
			guarded
		);
	}

	/** True when this key has used up its wrong guesses in the current window. */
	isLocked(kind: Kind, key: string): boolean {
		return this.#wrong[kind].isBlocked(key);
	}
}

/** The kinds of key that apply to a guess, with their keys, in one fixed order of kinds. */
export function appliedKeys<Kind extends string>(keys: Partial<Record<Kind, string>>): [Kind, string][] {
	return (Object.entries(keys) as [Kind, string | undefined][])
		.filter((entry): entry is [Kind, string] => typeof entry[1] === 'string')
		.sort(([a], [b]) => a.localeCompare(b));
}

/**
 * A guess's keys as the database stores them ("join-code:ip:198.51.100.7"), in the one order of
 * kinds, each with its kind's limit: for the brakes counted in the database (shared-limits.ts,
 * limits-over-api.ts).
 */
export function storedGuessKeys<Kind extends string>(
	name: string,
	perKind: Record<Kind, number>,
	keys: Partial<Record<Kind, string>>
): { dbKeys: string[]; limits: number[] } {
	const applied = appliedKeys(keys);
	return {
		dbKeys: applied.map(([kind, key]) => `${name}:${kind}:${key}`),
		limits: applied.map(([kind]) => perKind[kind])
	};
}

/** Tasks that run one at a time per key, in this process. */
export class KeyedQueues {
	readonly #tails = new Map<string, Promise<unknown>>();

	/**
	 * Runs `task` once it has the turn on every key. Keys are queued for in the order given, so
	 * callers that give them in one fixed order never wait on each other's keys crosswise.
	 */
	run<R>(keys: string[], task: () => Promise<R>): Promise<R> {
		const inTurn = keys.reduceRight<() => Promise<R>>((inner, key) => () => this.#oneAtATime(key, inner), task);
		return inTurn();
	}

	#oneAtATime<R>(key: string, task: () => Promise<R>): Promise<R> {
		const previous = this.#tails.get(key) ?? Promise.resolve();
		const result = previous.then(task);
		const tail = result.then(
			() => undefined,
			() => undefined
		);
		this.#tails.set(key, tail);
		void tail.then(() => {
			if (this.#tails.get(key) === tail) this.#tails.delete(key);
		});
		return result;
	}
}

/**
 * A token bucket per key: up to `burst` at once, refilled at `perSecond`. Unlike a fixed window
 * it tells a crowd from a script by pace: a room that arrives over a minute never runs dry, a
 * loop that fires hundreds in a second does, and then gets the refill rate and no more.
 */
export class TokenBuckets {
	#buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		readonly burst: number,
		readonly perSecond: number,
		private readonly now: () => number = Date.now
	) {}

	/** The tokens this key would have now (a key never seen has a full bucket). */
	#level(key: string, now: number): number {
		const bucket = this.#buckets.get(key);
		if (!bucket) return this.burst;
		return Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
	}

	/** Whether every key has a token now; takes one from each only when all of them do. */
	static takeAll(entries: [TokenBuckets, string][]): boolean {
		const levels = entries.map(([buckets, key]) => buckets.#level(key, buckets.now()));
		if (levels.some((level) => level < 1)) return false;
		entries.forEach(([buckets, key], i) => buckets.#set(key, levels[i] - 1));
		return true;
	}

	#set(key: string, tokens: number) {
		const now = this.now();
		if (this.#buckets.size > 50_000) {
			// Full buckets carry no information: forget them.
			for (const [k] of this.#buckets) if (this.#level(k, now) >= this.burst) this.#buckets.delete(k);
		}
		this.#buckets.set(key, { tokens, at: now });
	}
}
