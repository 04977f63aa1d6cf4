import { describe, expect, it } from 'vitest';
import { RateLimiter } from '$lib/server/rate-limit';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
	let now = start;
	return {
		now: () => now,
		advance: (ms: number) => {
			now += ms;
		}
	};
}

const attempts = (limiter: RateLimiter, key: string, n: number) => Array.from({ length: n }, () => limiter.attempt(key));

describe('RateLimiter', () => {
	it('allows `limit` attempts per window, then refuses', () => {
		const clock = manualClock();
		const limiter = new RateLimiter(3, 60_000, clock.now);
		expect(attempts(limiter, 'login:10.0.0.1', 5)).toEqual([true, true, true, false, false]);
	});

	it('counts each key on its own', () => {
		const clock = manualClock();
		const limiter = new RateLimiter(2, 60_000, clock.now);
		expect(attempts(limiter, 'login:10.0.0.1', 3)).toEqual([true, true, false]);
		expect(attempts(limiter, 'login:10.0.0.2', 2)).toEqual([true, true]);
		expect(attempts(limiter, 'join:10.0.0.1', 1)).toEqual([true]);
	});

	it('is a fixed window: it opens again exactly when the window that began with the first attempt ends', () => {
		const clock = manualClock();
		const limiter = new RateLimiter(2, 60_000, clock.now);
		expect(attempts(limiter, 'k', 2)).toEqual([true, true]);
		clock.advance(59_999);
		// Refused attempts late in the window do not push the window further out.
		expect(attempts(limiter, 'k', 3)).toEqual([false, false, false]);
		clock.advance(1);
		expect(attempts(limiter, 'k', 3)).toEqual([true, true, false]);
	});

	it('a fresh window starts a fresh count', () => {
		const clock = manualClock();
		const limiter = new RateLimiter(1, 1_000, clock.now);
		expect(limiter.attempt('k')).toBe(true);
		clock.advance(5_000);
		expect(limiter.attempt('k')).toBe(true);
		clock.advance(999);
		expect(limiter.attempt('k')).toBe(false);
		clock.advance(1);
		expect(limiter.attempt('k')).toBe(true);
	});

	it('sweeping expired keys when the map is large keeps the live ones counting', () => {
		const clock = manualClock();
		const limiter = new RateLimiter(1, 1_000, clock.now);
		for (let i = 0; i <= 50_000; i++) limiter.attempt(`old:${i}`);
		clock.advance(500);
		expect(limiter.attempt('hot')).toBe(true); // window until +1500
		clock.advance(500); // every old:* window has ended; 'hot' still runs
		expect(limiter.attempt('new')).toBe(true); // more than 50,000 keys: sweeps the expired ones
		expect(limiter.attempt('hot')).toBe(false);
		expect(limiter.attempt('old:1')).toBe(true);
		expect(limiter.attempt('old:1')).toBe(false);
	});
});
