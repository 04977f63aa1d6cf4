import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '$lib/server/db/postgres';
import { DbClient, anonymousVisitor, serverItself } from '$lib/server/db/port';
import { SupabaseBackend } from '$lib/server/db/supabase';
import { apiLimits, memoryLimits, sharedLimits, type Limits } from '$lib/server/limits';
import { postgresDatabase, sqlAs, asSuperuser, expectDbError, type TestDatabase } from './harness';
import { as, createPerson } from './factories';
import { startPostgrestStandIn, type PostgrestStandIn } from './postgrest-standin';

// Several app servers on one database count their brakes there (issue #15): N servers allow what
// one does. Each "server" here is the brakes as the runtime builds them; guesses alternate between
// them, all at once. The same cases run on both ways the servers reach the database: PostgreSQL
// through their own connections (migration 20261204230000, a guess holds its keys locked while it
// is checked) and a Supabase project over the Data API as the service role (migration
// 20261205030000, a guess reserves its keys and settles them), through supabase-js against the
// PostgREST stand-in on the same PostgreSQL.

interface TwoServers {
	servers: Limits[];
	close(): Promise<void>;
}

const joinLimits = { perAddress: 100, perSession: 30 };

const setups: [string, (db: TestDatabase) => Promise<TwoServers>][] = [
	[
		'PostgreSQL, each server on its own connections',
		async (db) => {
			const pools = [openPostgres(db.url!, { max: 4 }), openPostgres(db.url!, { max: 4 })];
			return {
				servers: pools.map((pool) => sharedLimits(pool as never, joinLimits)),
				close: async () => {
					for (const pool of pools) await pool.close();
				}
			};
		}
	],
	[
		'Supabase, each server over the Data API with the service role key',
		async (db) => {
			const standIn = await startPostgrestStandIn(db);
			const settings = { url: standIn.url, publishableKey: standIn.anonKey, serviceRoleKey: standIn.serviceRoleKey };
			const backends = [new SupabaseBackend(settings), new SupabaseBackend(settings)];
			return {
				servers: backends.map((backend) => apiLimits(backend, joinLimits)),
				close: () => standIn.close()
			};
		}
	]
];

describe.each(setups)('brakes shared by two servers on one database: %s', (_name, start) => {
	let db: TestDatabase;
	let servers: Limits[];
	let two: TwoServers;

	beforeAll(async () => {
		db = await postgresDatabase();
		two = await start(db);
		servers = two.servers;
	});
	afterAll(async () => {
		await two?.close();
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
		const started = performance.now();
		const admitted = await Promise.all(
			Array.from({ length: 60 }, (_, i) => servers[i % 2].joins.admit(`198.18.0.${i}`, 'ABC234'))
		);
		const seconds = (performance.now() - started) / 1000;
		// 30 at once, and what the refill (30 per 50 s) added while the 60 were answered: one per
		// 1.7 s, however slow the machine; nothing like the 60 two servers in memory would admit.
		const count = admitted.filter(Boolean).length;
		expect(count).toBeGreaterThanOrEqual(30);
		expect(count).toBeLessThanOrEqual(30 + Math.floor(seconds * (30 / 50)));
		expect(await servers[0].joins.admit('198.18.1.1', 'OTHER2')).toBe(true);
	});

	it('the counters are the servers’ alone: no API role can read or write them', async () => {
		const person = await createPerson(db);
		for (const table of ['private.limit_windows', 'private.limit_buckets', 'private.limit_reservations']) {
			const read = await sqlAs(db, person, `select * from ${table}`);
			expect(read.error?.message).toMatch(/permission denied/);
			const write = await sqlAs(db, person, `delete from ${table}`);
			expect(write.error?.message).toMatch(/permission denied/);
		}
		expect((await asSuperuser(db, 'select count(*)::int as n from private.limit_windows'))[0].n).toBeGreaterThan(0);
	});
});

describe('brakes over the Data API: what only a reservation can get wrong', () => {
	let db: TestDatabase;
	let standIn: PostgrestStandIn;
	let backend: SupabaseBackend;

	beforeAll(async () => {
		db = await postgresDatabase();
		standIn = await startPostgrestStandIn(db);
		backend = new SupabaseBackend({
			url: standIn.url,
			publishableKey: standIn.anonKey,
			serviceRoleKey: standIn.serviceRoleKey
		});
	});
	afterAll(async () => {
		await standIn?.close();
		await db?.close();
	});

	const server = () => new DbClient(backend, serverItself);
	const keys = (address: string) => [`join-code:ip:${address}`];

	it('a right guess costs nothing: a hundred right codes in a row, then ten wrong ones are still looked up', async () => {
		const limits = apiLimits(backend);
		let looked = 0;
		const check = (right: boolean) => async () => {
			looked += 1;
			return right ? { title: 'Teamdag' } : null;
		};
		for (let i = 0; i < 100; i++) {
			const outcome = await limits.joinGuesses.attempt({ ip: '198.51.100.60' }, check(true), (v) => v !== null);
			expect(outcome.locked).toBe(false);
		}
		for (let i = 0; i < 11; i++)
			await limits.joinGuesses.attempt({ ip: '198.51.100.60' }, check(false), (v) => v !== null);
		expect(looked).toBe(110);
		expect(await asSuperuser(db, 'select count(*)::int as n from private.limit_reservations')).toEqual([{ n: 0 }]);
	});

	it('a check that throws counts for nothing and leaves no open reservation', async () => {
		const limits = apiLimits(backend);
		for (let i = 0; i < 15; i++) {
			await expect(
				limits.joinGuesses.attempt(
					{ ip: '198.51.100.61' },
					() => Promise.reject(new Error('database away')),
					() => false
				)
			).rejects.toThrow('database away');
		}
		const outcome = await limits.joinGuesses.attempt(
			{ ip: '198.51.100.61' },
			async () => null,
			(v) => v !== null
		);
		expect(outcome).toEqual({ locked: false, value: null });
		expect(await asSuperuser(db, 'select count(*)::int as n from private.limit_reservations')).toEqual([{ n: 0 }]);
	});

	it('open reservations count until settled: a server that stopped mid-check holds its share until its reservations lapse', async () => {
		// A server reserved ten guesses on this address and stopped before settling them.
		for (let i = 0; i < 10; i++)
			expect(
				(await server().call('limit_reserve', { keys: keys('198.51.100.62'), limits: [10], holdSeconds: 30 })).state
			).toBe('reserved');
		const answer = await server().call('limit_reserve', { keys: keys('198.51.100.62'), limits: [10], holdSeconds: 30 });
		expect(answer).toEqual({ state: 'busy', reservation: null });
		// Once they lapse (made so here, rather than waiting thirty seconds) the address may guess again.
		await asSuperuser(db, `update private.limit_reservations set expires_at = now() - interval '1 second'`);
		const after = await server().call('limit_reserve', { keys: keys('198.51.100.62'), limits: [10], holdSeconds: 30 });
		expect(after.state).toBe('reserved');
	});

	it('settling counts on the keys that were reserved, not on keys the caller names later', async () => {
		const reserved = await server().call('limit_reserve', {
			keys: keys('198.51.100.63'),
			limits: [10],
			holdSeconds: 30
		});
		if (reserved.state !== 'reserved') throw new Error('expected a reservation');
		await server().call('limit_settle', { reservation: reserved.reservation, wrong: true, windowSeconds: 600 });
		await server().call('limit_settle', { reservation: reserved.reservation, wrong: true, windowSeconds: 600 });
		expect(
			await asSuperuser(db, `select hits from private.limit_windows where key = $1`, [keys('198.51.100.63')[0]])
		).toEqual([{ hits: 1 }]);
	});

	it('only the server itself may call them: a visitor and a signed-in person are refused, nothing counted', async () => {
		const person = await createPerson(db);
		const before = await asSuperuser(db, 'select count(*)::int as n from private.limit_windows');
		for (const client of [new DbClient(backend, anonymousVisitor), as(db, person)]) {
			await expectDbError(
				client.call('limit_reserve', { keys: ['join-code:ip:x'], limits: [10], holdSeconds: 30 }),
				403,
				'forbidden'
			);
			await expectDbError(
				client.call('limit_hit', { keys: ['sign-up:x'], limits: [20], windowSeconds: 60 }),
				403,
				'forbidden'
			);
			await expectDbError(
				client.call('limit_take', { keys: ['join:ip:x'], bursts: [100], rates: [2] }),
				403,
				'forbidden'
			);
			await expectDbError(
				client.call('limit_settle', {
					reservation: '00000000-0000-4000-8000-000000000000',
					wrong: false,
					windowSeconds: 60
				}),
				403,
				'forbidden'
			);
			await expectDbError(client.call('limit_sweep', {}), 403, 'forbidden');
		}
		expect(await asSuperuser(db, 'select count(*)::int as n from private.limit_windows')).toEqual(before);
	});

	it('the sweep clears lapsed reservations an hour on', async () => {
		await asSuperuser(
			db,
			`insert into private.limit_reservations values (gen_random_uuid(), 'join-code:ip:old', now() - interval '2 hours')`
		);
		await server().call('limit_sweep', {});
		expect(
			await asSuperuser(db, `select count(*)::int as n from private.limit_reservations where key = 'join-code:ip:old'`)
		).toEqual([{ n: 0 }]);
	});
});
