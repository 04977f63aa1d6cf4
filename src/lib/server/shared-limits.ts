import type { SqlExecutor } from './db/sql-backend';
import { storedGuessKeys, type GuessOutcome, type GuessLimits, type Hits } from './rate-limit';

/**
 * The brakes of limits.ts counted in the database (migration 20261204230000_shared_limits.sql),
 * for several app servers on one PostgreSQL: every server sees every hit, and guesses on a key
 * are checked one at a time across all of them (the key's rows stay locked while its guess is
 * checked). They run on a small pool of their own: a guess holds one connection while its check
 * runs on the app's pool, so the two can never wait for each other.
 */

/** Wrong guesses per kind of key in a fixed window, as GuessLimiter counts them in memory. */
export class SqlGuessLimiter<Kind extends string> implements GuessLimits<Kind> {
	constructor(
		private readonly executor: SqlExecutor,
		private readonly name: string,
		private readonly limits: Record<Kind, number>,
		private readonly windowMs: number
	) {}

	attempt<T>(
		keys: Partial<Record<Kind, string>>,
		check: () => Promise<T>,
		isRight: (value: T) => boolean
	): Promise<GuessOutcome<T>> {
		const { dbKeys, limits } = storedGuessKeys(this.name, this.limits, keys);
		return this.executor.transaction(async (query) => {
			const [{ blocked }] = await query('select private.limit_claim($1::text[], $2::integer[]) as blocked', [
				dbKeys,
				limits
			]);
			if (blocked) return { locked: true } as const;
			const value = await check();
			if (!isRight(value)) {
				await query(`select private.limit_count($1::text[], $2::integer[], make_interval(secs => $3))`, [
					dbKeys,
					limits,
					this.windowMs / 1000
				]);
			}
			return { locked: false, value } as const;
		});
	}
}

/** Hits per key in a fixed window (sign-ups per address). */
export class SqlRateLimiter implements Hits {
	constructor(
		private readonly executor: SqlExecutor,
		private readonly name: string,
		readonly limit: number,
		private readonly windowMs: number
	) {}

	async attempt(key: string): Promise<boolean> {
		const [{ left }] = await this.executor.transaction((query) =>
			query(`select private.limit_count($1::text[], $2::integer[], make_interval(secs => $3)) as left`, [
				[`${this.name}:${key}`],
				[this.limit],
				this.windowMs / 1000
			])
		);
		return Number(left) >= 0;
	}
}

/** Token buckets for several keys at once (a join: its address and its session). */
export async function takeSharedTokens(
	executor: SqlExecutor,
	buckets: { key: string; burst: number; perSecond: number }[]
): Promise<boolean> {
	const [{ taken }] = await executor.transaction((query) =>
		query('select private.limit_take($1::text[], $2::float8[], $3::float8[]) as taken', [
			buckets.map((b) => b.key),
			buckets.map((b) => b.burst),
			buckets.map((b) => b.perSecond)
		])
	);
	return taken === true;
}
