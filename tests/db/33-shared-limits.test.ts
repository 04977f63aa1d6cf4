import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '$lib/server/db/postgres';
import { memoryLimits, sharedLimits, type Limits } from '$lib/server/limits';
import { postgresDatabase, sqlAs, asSuperuser, type TestDatabase } from './harness';
import { createPerson } from './factories';

// Several app servers on one PostgreSQL count their brakes in the database (migration
// 20261204230000, issue #15): N servers allow what one does. Each "server" here is the brakes as
// the runtime builds them, on a pool of its own; guesses alternate between them, all at once.

describe('brakes shared by two servers on one PostgreSQL database', () => {
	let db: TestDatabase;
	let servers: Limits[];
	let pools: { close(): Promise<void> }[];

	beforeAll(async () => {
		db = await postgresDatabase();
		pools = [openPostgres(db.url!, { max: 4 }), openPostgres(db.url!, { max: 4 })];
		servers = pools.map((pool) => sharedLimits(pool as never, { perAddress: 100, perSession: 30 }));
	});
	afterAll(async () => {
		for (const pool of pools ?? []) await pool.close();
		await db?.close();
	});

	/** A code check that takes a moment, as the database look-up does, and counts its look-ups. */
	function lookUp(right: boolean) {
		const counter = { looked: 0 };
		const check = async () => {
			counter.looked += 1;
			await new Promise((resolve) => setTimeout(resolve, 2));
			return right ? { title: 'Teamdag' } : null;
		};
		return { counter, check };
	}

	it('a thousand wrong join codes from one address, spread over both servers at once: ten are looked up, the rest refused', async () => {
		const { counter, check } = lookUp(false);
		const outcomes = await Promise.all(
			Array.from({ length: 1000 }, (_, i) =>
				servers[i % 2].joinGuesses.attempt({ ip: '198.51.100.7' }, check, (found) => found !== null)
			)
		);
		expect(counter.looked).toBe(10);
		expect(outcomes.filter((o) => o.locked)).toHaveLength(990);
		// While the limit holds, the right code is refused too, on either server.
		const right = lookUp(true);
		for (const server of servers)
			expect(await server.joinGuesses.attempt({ ip: '198.51.100.7' }, right.check, (found) => found !== null)).toEqual({
				locked: true
			});
		expect(right.counter.looked).toBe(0);
	});

	it('one server alone would have allowed ten more: the same guesses counted in memory per server', async () => {
		const memory = [memoryLimits(), memoryLimits()];
		const { counter, check } = lookUp(false);
		await Promise.all(
			Array.from({ length: 1000 }, (_, i) =>
				memory[i % 2].joinGuesses.attempt({ ip: '198.51.100.8' }, check, (found) => found !== null)
			)
		);
		expect(counter.looked).toBe(20);
	});

	it('a room of forty on one address with five typos joins with the right code on both servers, none refused', async () => {
		const typo = lookUp(false);
		for (let i = 0; i < 5; i++)
			await servers[i % 2].joinGuesses.attempt({ ip: '203.0.113.40' }, typo.check, (found) => found !== null);
		const right = lookUp(true);
		const outcomes = await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				servers[i % 2].joinGuesses.attempt(
					{ ip: '203.0.113.40', user: `phone-${i}` },
					right.check,
					(found) => found !== null
				)
			)
		);
		expect(outcomes.every((o) => !o.locked)).toBe(true);
		expect(right.counter.looked).toBe(40);
	});

	it('wrong passwords per account count across servers: ten, then the right one is refused as well', async () => {
		const wrong = lookUp(false);
		await Promise.all(
			Array.from({ length: 30 }, (_, i) =>
				servers[i % 2].logInGuesses.attempt(
					{ ip: `192.0.2.${i}`, account: 'fenna@voorbeeld.nl' },
					wrong.check,
					(found) => found !== null
				)
			)
		);
		expect(wrong.counter.looked).toBe(10);
	});

	it('sign-ups per address: twenty an hour across both servers', async () => {
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) => servers[i % 2].signUps.attempt('192.0.2.200'))
		);
		expect(results.filter(Boolean)).toHaveLength(20);
	});

	it("joins into one session: the session's allowance holds across both servers", async () => {
		const admitted = await Promise.all(
			Array.from({ length: 60 }, (_, i) => servers[i % 2].joins.admit(`198.18.0.${i}`, 'ABC234'))
		);
		// 30 at once; the refill (30 per 50 s) may add one during the test, not more.
		const count = admitted.filter(Boolean).length;
		expect(count).toBeGreaterThanOrEqual(30);
		expect(count).toBeLessThanOrEqual(31);
		expect(await servers[0].joins.admit('198.18.1.1', 'OTHER2')).toBe(true);
	});

	it('the counters are the servers’ alone: no API role can read or write them', async () => {
		const person = await createPerson(db);
		for (const table of ['private.limit_windows', 'private.limit_buckets']) {
			const read = await sqlAs(db, person, `select * from ${table}`);
			expect(read.error?.message).toMatch(/permission denied/);
			const write = await sqlAs(db, person, `delete from ${table}`);
			expect(write.error?.message).toMatch(/permission denied/);
		}
		expect((await asSuperuser(db, 'select count(*)::int as n from private.limit_windows'))[0].n).toBeGreaterThan(0);
	});
});
