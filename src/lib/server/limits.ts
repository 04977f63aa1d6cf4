import { GuessLimiter, RateLimiter } from './rate-limit';
import type { Actor } from './db/port';

/**
 * Brakes on guessing, in memory (one server process serves a team's meeting). The address is
 * the socket's, or, only when the operator sets adapter-node's ADDRESS_HEADER (behind a proxy),
 * the one the proxy reports; without that setting an X-Forwarded-For header changes nothing.
 */

/** Wrong passwords per address (an office Wi-Fi shares one) and per account (the email given). */
export const logInGuesses = new GuessLimiter({ ip: 20, account: 10 }, 10 * 60_000);
export const signUpLimiter = new RateLimiter(20, 60 * 60_000);
/**
 * Wrong join codes, per address and per person: a handful of typos in a room is fine, guessing
 * is not. "Per person" is the identity behind the session cookie (a member, or a participant who
 * joined before), so moving to another network brings no new guesses; a guesser who drops the
 * cookie is still limited by address. Right codes never count.
 */
export const joinGuesses = new GuessLimiter({ ip: 10, user: 10 }, 10 * 60_000);

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
	const plain = address.replace(/^\[|\]$/g, '').split('%')[0].toLowerCase();
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
