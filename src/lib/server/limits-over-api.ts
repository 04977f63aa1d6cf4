import { DbClient, serverItself, type Backend } from './db/port';
import { KeyedQueues, storedGuessKeys, type GuessOutcome, type GuessLimits, type Hits } from './rate-limit';

/**
 * The brakes of limits.ts counted in the database over the Data API (migration 20261205030000),
 * for several app servers on one Supabase project: every server sees every hit. No transaction
 * can span two API calls, so a guess cannot hold its keys locked while it is checked, as on
 * PostgreSQL (shared-limits.ts). Instead it reserves its keys, is checked, and settles: open
 * reservations count against the limit, so parallel guesses on all servers together never look up
 * more than the limit allows; a right guess then costs nothing. Within one server the guesses on a
 * key still go one at a time, so a room arriving with the right code meets at most one open
 * reservation per server and is never refused for its own crowd.
 */

/** How long a reservation counts when its server stops before settling it. */
const holdSeconds = 30;
/** How long a guess waits for other servers' open reservations on its keys before it is refused. */
const busyPatienceMs = 5_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ApiGuessLimiter<Kind extends string> implements GuessLimits<Kind> {
	readonly #server: DbClient;
	readonly #queues = new KeyedQueues();

	constructor(
		backend: Backend,
		private readonly name: string,
		private readonly limits: Record<Kind, number>,
		private readonly windowMs: number
	) {
		this.#server = new DbClient(backend, serverItself);
	}

	attempt<T>(
		keys: Partial<Record<Kind, string>>,
		check: () => Promise<T>,
		isRight: (value: T) => boolean
	): Promise<GuessOutcome<T>> {
		const { dbKeys, limits } = storedGuessKeys(this.name, this.limits, keys);
		return this.#queues.run(dbKeys, async () => {
			const reservation = await this.#reserve(dbKeys, limits);
			if (!reservation) return { locked: true } as const;
			let value: T;
			try {
				value = await check();
			} catch (error) {
				// A check that throws counts for nothing.
				await this.#settle(reservation, false);
				throw error;
			}
			await this.#settle(reservation, !isRight(value));
			return { locked: false, value } as const;
		});
	}

	/** The reservation's id, or null when a key is blocked (or stays busy past our patience). */
	async #reserve(keys: string[], limits: number[]): Promise<string | null> {
		const giveUpAt = Date.now() + busyPatienceMs;
		for (let round = 1; ; round++) {
			const answer = await this.#server.call('limit_reserve', { keys, limits, holdSeconds });
			if (answer.state === 'reserved') return answer.reservation;
			if (answer.state === 'blocked' || Date.now() >= giveUpAt) return null;
			// Busy: guesses on other servers are being checked and may use up what is left. Their
			// answers take tens of milliseconds; ask again after a short, spread pause.
			await pause(Math.min(200, 10 * round) + Math.random() * 10);
		}
	}

	async #settle(reservation: string, wrong: boolean): Promise<void> {
		try {
			await this.#server.call('limit_settle', { reservation, wrong, windowSeconds: this.windowMs / 1000 });
		} catch (error) {
			// The check has answered; the person gets that answer. The reservation lapses by itself
			// (a wrong guess then goes uncounted, which errs on the user's side).
			console.error('limits: settling a guess failed', error);
		}
	}
}

/** Hits per key in a fixed window (sign-ups per address). */
export class ApiRateLimiter implements Hits {
	readonly #server: DbClient;

	constructor(
		backend: Backend,
		private readonly name: string,
		readonly limit: number,
		private readonly windowMs: number
	) {
		this.#server = new DbClient(backend, serverItself);
	}

	async attempt(key: string): Promise<boolean> {
		const left = await this.#server.call('limit_hit', {
			keys: [`${this.name}:${key}`],
			limits: [this.limit],
			windowSeconds: this.windowMs / 1000
		});
		return left >= 0;
	}
}

/** Token buckets for several keys at once (a join: its address and its session). */
export function takeApiTokens(
	backend: Backend,
	buckets: { key: string; burst: number; perSecond: number }[]
): Promise<boolean> {
	return new DbClient(backend, serverItself).call('limit_take', {
		keys: buckets.map((b) => b.key),
		bursts: buckets.map((b) => b.burst),
		rates: buckets.map((b) => b.perSecond)
	});
}

/** Clears passed windows, full buckets and lapsed reservations (every server, now and then). */
export function sweepApiLimits(backend: Backend): Promise<null> {
	return new DbClient(backend, serverItself).call('limit_sweep', {});
}
