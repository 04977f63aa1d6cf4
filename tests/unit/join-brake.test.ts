import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/server/config';
import { JoinBrake, defaultJoinLimits, readJoinLimits } from '../../src/lib/server/limits';

// Joining with the right code (issue #13: "200 joins in 1.3 s from one address"): a room on one
// Wi-Fi is never refused, a script is held to a human pace. A clock we move by hand.
function clock() {
	let t = 1_000_000;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('JoinBrake', () => {
	it('lets a room of 60 on one address join within ten seconds, without a refusal', () => {
		const time = clock();
		const brake = new JoinBrake(defaultJoinLimits, time.now);
		const refused = Array.from({ length: 60 }, () => (time.advance(160), brake.admit('10.0.0.1', 'ABC234'))).filter(
			(ok) => !ok
		);
		expect(refused).toHaveLength(0);
	});

	it('refuses a script: of 200 joins in 1.3 s from one address, only the burst and its trickle get in', () => {
		const time = clock();
		const brake = new JoinBrake(defaultJoinLimits, time.now);
		const admitted = Array.from({ length: 200 }, () => (time.advance(6.5), brake.admit('10.0.0.1', 'ABC234'))).filter(
			Boolean
		);
		// 100 at once, then 2 a second: 2.6 more in 1.3 s.
		expect(admitted.length).toBe(102);
		// The allowance comes back at 2 a second, not all at once.
		time.advance(10_000);
		const later = Array.from({ length: 50 }, () => brake.admit('10.0.0.1', 'ABC234')).filter(Boolean);
		expect(later.length).toBe(20);
	});

	it('a hall of 400 on one address joins in under four minutes at a steady arrival', () => {
		const time = clock();
		const brake = new JoinBrake(defaultJoinLimits, time.now);
		let refused = 0;
		for (let i = 0; i < 400; i++) {
			time.advance(500); // two a second, for 200 s
			if (!brake.admit('192.0.2.7', 'HAL234')) refused += 1;
		}
		expect(refused).toBe(0);
	});

	it('bounds one session however many addresses a script uses, and other sessions are not affected', () => {
		const time = clock();
		const brake = new JoinBrake(defaultJoinLimits, time.now);
		const admitted = Array.from({ length: 300 }, (_, i) => brake.admit(`198.51.100.${i}`, 'ABC234')).filter(Boolean);
		expect(admitted.length).toBe(defaultJoinLimits.perSession);
		expect(brake.admit('198.51.100.250', 'XYZ789')).toBe(true);
	});

	it('a refusal by one key takes nothing from the other', () => {
		const time = clock();
		const brake = new JoinBrake({ perAddress: 2, perSession: 100 }, time.now);
		expect([brake.admit('a', 'S1'), brake.admit('a', 'S1'), brake.admit('a', 'S1')]).toEqual([true, true, false]);
		// 'a' was refused for its address: the session's allowance was not spent by the refusal.
		const others = Array.from({ length: 98 }, (_, i) => brake.admit(`b${i}`, 'S1')).filter(Boolean);
		expect(others.length).toBe(98);
		expect(brake.admit('c', 'S1')).toBe(false);
	});
});

describe('readJoinLimits', () => {
	it('takes the defaults, whole numbers from the environment, and refuses anything else with one sentence', () => {
		expect(readJoinLimits({})).toEqual(defaultJoinLimits);
		expect(readJoinLimits({ WERKPLAATS_JOINS_PER_ADDRESS: ' 1500 ', WERKPLAATS_JOINS_PER_SESSION: '2000' })).toEqual({
			perAddress: 1500,
			perSession: 2000
		});
		for (const bad of ['0', '-5', '1.5', 'veel', '1e9']) {
			expect(() => readJoinLimits({ WERKPLAATS_JOINS_PER_ADDRESS: bad })).toThrow(ConfigError);
		}
	});
});
