import { z } from 'zod';
import { GuessLimiter, RateLimiter, TokenBuckets, type GuessLimits, type Hits } from './rate-limit';
import { SqlGuessLimiter, SqlRateLimiter, takeSharedTokens } from './shared-limits';
import { ApiGuessLimiter, ApiRateLimiter, takeApiTokens } from './limits-over-api';
import { ConfigError } from './config';
import type { Actor, Backend } from './db/port';
import type { SqlExecutor } from './db/sql-backend';

/**
 * Brakes on guessing and joining. With one server (the embedded mode) they count in memory; where
 * several servers may share a database they count there, so N servers allow what one does: on
 * PostgreSQL through the servers' own connections (shared-limits.ts), on Supabase over the Data
 * API as the server itself (limits-over-api.ts). The address is the socket's, or, only when the operator sets
 * adapter-node's ADDRESS_HEADER (behind a proxy), the one the proxy reports; without that setting
 * an X-Forwarded-For header changes nothing.
 */

const guessWindowMs = 10 * 60_000;
/** Wrong passwords per address (an office Wi-Fi shares one) and per account (the email given). */
const logInLimits = { ip: 20, account: 10 };
/** Sign-ups per address. */
const signUpLimit = 20;
const signUpWindowMs = 60 * 60_000;
/**
 * Wrong join codes, per address and per person: a handful of typos in a room is fine, guessing
 * is not. "Per person" is the identity behind the session cookie (a member, or a participant who
 * joined before), so moving to another network brings no new guesses; a guesser who drops the
 * cookie is still limited by address. Right codes never count.
 */
const joinGuessLimits = { ip: 10, user: 10 };

/** A new participant with the right code: admitted, or refused at a script's pace (JoinBrake). */
export interface JoinAdmission {
	admit(address: string, sessionKey: string): boolean | Promise<boolean>;
}

export interface Limits {
	logInGuesses: GuessLimits<keyof typeof logInLimits>;
	joinGuesses: GuessLimits<keyof typeof joinGuessLimits>;
	signUps: Hits;
	joins: JoinAdmission;
}

/**
 * New participants with the right code, per address and per session. Every anonymous join makes
 * a participant who counts in the room (and, once the session closes, towards the network's k), so
 * a script with the code must not make hundreds in a second (one made 200 in 1.3 s). A burst is
 * how many may join at once; the allowance refills in 50 seconds. The defaults let a room of 60
 * on one Wi-Fi (one address) join in a rush, and a hall of 400 on one address within a few
 * minutes; a larger event on one address raises WERKPLAATS_JOINS_PER_ADDRESS.
 */
export interface JoinLimits {
	perAddress: number;
	perSession: number;
}
export const defaultJoinLimits: JoinLimits = { perAddress: 100, perSession: 200 };
const refillSeconds = 50;

const burst = z.coerce.number().int().min(1).max(1_000_000);

/** The join limits from the environment; a value that is not a whole number stops the server. */
export function readJoinLimits(env: Record<string, string | undefined>): JoinLimits {
	const read = (name: string, fallback: number) => {
		const raw = env[name]?.trim();
		if (!raw) return fallback;
		const parsed = burst.safeParse(raw);
		if (!parsed.success) throw new ConfigError(`${name} must be a whole number from 1 to 1000000.`);
		return parsed.data;
	};
	return {
		perAddress: read('WERKPLAATS_JOINS_PER_ADDRESS', defaultJoinLimits.perAddress),
		perSession: read('WERKPLAATS_JOINS_PER_SESSION', defaultJoinLimits.perSession)
	};
}

export class JoinBrake implements JoinAdmission {
	readonly #byAddress: TokenBuckets;
	readonly #bySession: TokenBuckets;

	constructor(limits: JoinLimits = defaultJoinLimits, now: () => number = Date.now) {
		this.#byAddress = new TokenBuckets(limits.perAddress, limits.perAddress / refillSeconds, now);
		this.#bySession = new TokenBuckets(limits.perSession, limits.perSession / refillSeconds, now);
	}

	/** Counts one new participant; false (and nothing counted) when the address or the session is at its limit. */
	admit(address: string, sessionKey: string): boolean {
		return TokenBuckets.takeAll([
			[this.#byAddress, address],
			[this.#bySession, sessionKey]
		]);
	}
}

/** Every brake in this process's memory: one server. */
export function memoryLimits(joinLimits: JoinLimits = defaultJoinLimits): Limits {
	return {
		logInGuesses: new GuessLimiter(logInLimits, guessWindowMs),
		joinGuesses: new GuessLimiter(joinGuessLimits, guessWindowMs),
		signUps: new RateLimiter(signUpLimit, signUpWindowMs),
		joins: new JoinBrake(joinLimits)
	};
}

/** A join takes a token from its address's bucket and from its session's. */
function joinBuckets(limits: JoinLimits, address: string, sessionKey: string) {
	return [
		{ key: `join:ip:${address}`, burst: limits.perAddress, perSecond: limits.perAddress / refillSeconds },
		{ key: `join:session:${sessionKey}`, burst: limits.perSession, perSecond: limits.perSession / refillSeconds }
	];
}

/** Every brake counted in PostgreSQL, shared by all servers on it (`executor`: a small pool of their own). */
export function sharedLimits(executor: SqlExecutor, joinLimits: JoinLimits = defaultJoinLimits): Limits {
	return {
		logInGuesses: new SqlGuessLimiter(executor, 'login', logInLimits, guessWindowMs),
		joinGuesses: new SqlGuessLimiter(executor, 'join-code', joinGuessLimits, guessWindowMs),
		signUps: new SqlRateLimiter(executor, 'sign-up', signUpLimit, signUpWindowMs),
		joins: { admit: (address, sessionKey) => takeSharedTokens(executor, joinBuckets(joinLimits, address, sessionKey)) }
	};
}

/**
 * Every brake counted in the database over the Data API, as the server itself: all servers on one
 * Supabase project share them (limits-over-api.ts).
 */
export function apiLimits(backend: Backend, joinLimits: JoinLimits = defaultJoinLimits): Limits {
	return {
		logInGuesses: new ApiGuessLimiter(backend, 'login', logInLimits, guessWindowMs),
		joinGuesses: new ApiGuessLimiter(backend, 'join-code', joinGuessLimits, guessWindowMs),
		signUps: new ApiRateLimiter(backend, 'sign-up', signUpLimit, signUpWindowMs),
		joins: { admit: (address, sessionKey) => takeApiTokens(backend, joinBuckets(joinLimits, address, sessionKey)) }
	};
}

let current: Limits = memoryLimits();
/** The runtime sets the brakes once it knows the backend (runtime.ts). */
export function configureLimits(limits: Limits): void {
	current = limits;
}
export function limits(): Limits {
	return current;
}

/** The keys a join-code guess counts against. */
export function joinGuessKeys(address: string, actor: Actor): { ip: string; user?: string } {
	return actor.kind === 'user' ? { ip: address, user: actor.userId } : { ip: address };
}

/** The client's address as a limiter key: IPv4 as it is, IPv6 by its /64 (one household or phone). */
export function clientKey(getClientAddress: () => string): string {
	let address: string;
	try {
		address = getClientAddress();
	} catch {
		// ADDRESS_HEADER is set but the proxy did not send it: all such requests share one key.
		return 'unknown';
	}
	return addressKey(address);
}

export function addressKey(address: string): string {
	const trimmed = address.trim().slice(0, 100);
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
	if (mapped) return mapped[1];
	if (!trimmed.includes(':')) return trimmed;
	return ipv6Prefix64(trimmed) ?? trimmed;
}

/** The first four groups of an IPv6 address ("2001:db8:0:1::/64"), or null when it is not one. */
function ipv6Prefix64(address: string): string | null {
	const plain = address
		.replace(/^\[|\]$/g, '')
		.split('%')[0]
		.toLowerCase();
	const halves = plain.split('::');
	if (halves.length > 2) return null;
	const groups = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
	const head = groups(halves[0]);
	const tail = halves.length === 2 ? groups(halves[1]) : [];
	const missing = 8 - head.length - tail.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
	const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
	if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
	return `${all
		.slice(0, 4)
		.map((g) => parseInt(g, 16).toString(16))
		.join(':')}::/64`;
}
