import { RateLimiter } from './rate-limit';

/** Brakes on guessing: per client address, generous enough for a team on one office Wi-Fi. */
export const logInLimiter = new RateLimiter(20, 10 * 60_000);
export const signUpLimiter = new RateLimiter(20, 60 * 60_000);
/** Wrong join codes per address: a handful of typos is fine, guessing is not. */
export const joinGuessLimiter = new RateLimiter(10, 10 * 60_000);

export function clientKey(getClientAddress: () => string): string {
	try {
		return getClientAddress();
	} catch {
		return 'unknown';
	}
}
