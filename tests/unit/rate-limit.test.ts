import { describe, expect, it, vi } from 'vitest';
import { GuessLimiter, RateLimiter } from '$lib/server/rate-limit';
import { addressKey, clientKey, joinGuessKeys } from '$lib/server/limits';
import { anonymousVisitor } from '$lib/server/db/port';

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

const attempts = (limiter: RateLimiter, key: string, n: number) =>
	Array.from({ length: n }, () => limiter.attempt(key));

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

describe('GuessLimiter', () => {
	const wrong = async () => false;
	const right = async () => true;
	const isRight = (value: boolean) => value;

	it('counts only wrong guesses: right ones pass however many there are', async () => {
		const limiter = new GuessLimiter({ ip: 3 }, 60_000, manualClock().now);
		for (let i = 0; i < 100; i++)
			expect(await limiter.attempt({ ip: '10.0.0.1' }, right, isRight)).toEqual({ locked: false, value: true });
		expect(limiter.isLocked('ip', '10.0.0.1')).toBe(false);
	});

	it('after `limit` wrong guesses refuses every guess, the right one too, without checking it', async () => {
		const limiter = new GuessLimiter({ ip: 3 }, 60_000, manualClock().now);
		const outcomes = [];
		for (let i = 0; i < 5; i++) outcomes.push(await limiter.attempt({ ip: '10.0.0.1' }, wrong, isRight));
		expect(outcomes).toEqual([...Array(3).fill({ locked: false, value: false }), { locked: true }, { locked: true }]);
		const check = vi.fn(right);
		expect(await limiter.attempt({ ip: '10.0.0.1' }, check, isRight)).toEqual({ locked: true });
		expect(check).not.toHaveBeenCalled();
		// Another address is not affected.
		expect(await limiter.attempt({ ip: '10.0.0.2' }, right, isRight)).toEqual({ locked: false, value: true });
	});

	it('has a limit per kind of key, and a guess counts against every key it names', async () => {
		const limiter = new GuessLimiter({ ip: 4, account: 2 }, 60_000, manualClock().now);
		// One account from ever new addresses: the account's limit holds.
		expect(await limiter.attempt({ ip: 'a', account: 'x@voorbeeld.nl' }, wrong, isRight)).toEqual({
			locked: false,
			value: false
		});
		expect(await limiter.attempt({ ip: 'b', account: 'x@voorbeeld.nl' }, wrong, isRight)).toEqual({
			locked: false,
			value: false
		});
		expect(await limiter.attempt({ ip: 'c', account: 'x@voorbeeld.nl' }, right, isRight)).toEqual({ locked: true });
		// Address a has one wrong guess; three more accounts and it is locked for all of them.
		for (const account of ['p', 'q', 'r'])
			expect((await limiter.attempt({ ip: 'a', account }, wrong, isRight)).locked).toBe(false);
		expect(await limiter.attempt({ ip: 'a', account: 's' }, right, isRight)).toEqual({ locked: true });
		// A kind left out does not apply.
		expect(await limiter.attempt({ ip: 'd' }, right, isRight)).toEqual({ locked: false, value: true });
		expect(await limiter.attempt({ ip: 'd', account: undefined }, right, isRight)).toEqual({
			locked: false,
			value: true
		});
	});

	it('a burst of parallel wrong guesses checks exactly `limit` of them', async () => {
		const limiter = new GuessLimiter({ ip: 10, user: 10 }, 60_000, manualClock().now);
		let checked = 0;
		let running = 0;
		let mostAtOnce = 0;
		const slowWrong = async () => {
			checked += 1;
			running += 1;
			mostAtOnce = Math.max(mostAtOnce, running);
			await new Promise((resolve) => setTimeout(resolve, 1));
			running -= 1;
			return false;
		};
		const outcomes = await Promise.all(
			Array.from({ length: 1000 }, (_, i) =>
				limiter.attempt({ ip: '10.0.0.1', user: i % 2 ? 'u1' : undefined }, slowWrong, isRight)
			)
		);
		expect(checked).toBe(10);
		expect(mostAtOnce).toBe(1);
		expect(outcomes.filter((o) => o.locked)).toHaveLength(990);
	});

	it('opens again when the window of the first wrong guess ends', async () => {
		const clock = manualClock();
		const limiter = new GuessLimiter({ ip: 2 }, 60_000, clock.now);
		await limiter.attempt({ ip: 'k' }, wrong, isRight);
		clock.advance(30_000);
		await limiter.attempt({ ip: 'k' }, wrong, isRight);
		expect(await limiter.attempt({ ip: 'k' }, right, isRight)).toEqual({ locked: true });
		clock.advance(30_000);
		expect(await limiter.attempt({ ip: 'k' }, right, isRight)).toEqual({ locked: false, value: true });
	});

	it('a check that fails counts for nothing and does not hold up the next guess', async () => {
		const limiter = new GuessLimiter({ ip: 1 }, 60_000, manualClock().now);
		await expect(
			limiter.attempt({ ip: 'k' }, async () => Promise.reject(new Error('database down')), isRight)
		).rejects.toThrow('database down');
		expect(await limiter.attempt({ ip: 'k' }, right, isRight)).toEqual({ locked: false, value: true });
		expect(limiter.isLocked('ip', 'k')).toBe(false);
	});
});

describe('limiter keys', () => {
	it('a join guess counts against the address, and against the person when there is a session', () => {
		expect(joinGuessKeys('10.0.0.1', anonymousVisitor)).toEqual({ ip: '10.0.0.1' });
		expect(joinGuessKeys('10.0.0.1', { kind: 'user', userId: 'u1', isAnonymous: true })).toEqual({
			ip: '10.0.0.1',
			user: 'u1'
		});
	});

	it.each([
		['203.0.113.7', '203.0.113.7'],
		['::ffff:203.0.113.7', '203.0.113.7'],
		['::FFFF:127.0.0.1', '127.0.0.1'],
		['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
		['2001:db8:85a3:8d3::1', '2001:db8:85a3:8d3::/64'],
		['2001:0DB8:0000:0001:ffff::2', '2001:db8:0:1::/64'],
		['2001:db8::1', '2001:db8:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
		['[2001:db8:1:2::3]', '2001:db8:1:2::/64'],
		['niet:een:adres', 'niet:een:adres'],
		['1::2::3', '1::2::3'],
		[` ${'x'.repeat(500)} `, 'x'.repeat(100)]
	])('the key of %j is %j', (address, key) => {
		expect(addressKey(address)).toBe(key);
	});

	it('every address of one /64 shares a key; the next /64 does not', () => {
		expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
		expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
	});

	it('an address the server cannot tell (ADDRESS_HEADER set, header missing) is one shared key', () => {
		expect(
			clientKey(() => {
				throw new Error('Address header was specified with ADDRESS_HEADER=x-forwarded-for but is absent from request');
			})
		).toBe('unknown');
		expect(clientKey(() => '::ffff:10.1.2.3')).toBe('10.1.2.3');
	});
});
