import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteThread, type ThreadedPglite } from '$lib/server/db/pglite-thread';
import { fromPostgresError } from '$lib/server/db/errors';

// The embedded database on its own thread (src/lib/server/db/pglite-thread.ts), as the server runs
// it: the same contract as the in-thread executor — transactions that commit or roll back as a
// whole, one at a time, PostgreSQL's error codes, LISTEN — across the thread boundary.

describe('PGlite on a thread of its own', () => {
	let db: ThreadedPglite;

	beforeAll(async () => {
		db = await openPgliteThread();
		await db.exec(`create table votes (id serial primary key, who text unique not null, value int not null check (value between 0 and 100));
		               create function announce() returns trigger language plpgsql as $$
		               begin perform pg_notify('session_events', json_build_object('who', new.who)::text); return new; end $$;
		               create trigger announce after insert on votes for each row execute function announce();`);
	});
	afterAll(async () => {
		await db?.close();
	});

	const count = async () => Number((await db.transaction((q) => q('select count(*)::int as n from votes')))[0].n);

	it('runs a transaction of several parameterised queries and returns what the work returns', async () => {
		const result = await db.transaction(async (q) => {
			await q(`select set_config('app.note', $1, true)`, ['in the transaction']);
			const [row] = await q('insert into votes (who, value) values ($1, $2) returning id, who, value', ['anna', 40]);
			const [note] = await q(`select current_setting('app.note', true) as note`);
			return { row, note: note.note };
		});
		expect(result).toEqual({ row: { id: 1, who: 'anna', value: 40 }, note: 'in the transaction' });
		// set_config(…, true) lasted as long as its transaction.
		expect(await db.transaction((q) => q(`select current_setting('app.note', true) as note`))).toEqual([{ note: '' }]);
	});

	it("passes PostgreSQL's error code across, and a failed transaction leaves nothing behind", async () => {
		const before = await count();
		const attempt = db.transaction(async (q) => {
			await q('insert into votes (who, value) values ($1, $2)', ['bram', 10]);
			await q('insert into votes (who, value) values ($1, $2)', ['anna', 20]);
		});
		await expect(attempt).rejects.toMatchObject({ code: '23505' });
		const error = await attempt.catch((e) => e);
		expect(fromPostgresError(error).status).toBe(409);
		expect(await count()).toBe(before);
		await expect(
			db.transaction((q) => q('insert into votes (who, value) values ($1, $2)', ['cas', 101]))
		).rejects.toMatchObject({ code: '23514' });
	});

	it('rolls back when the work itself throws, after queries that succeeded', async () => {
		const before = await count();
		await expect(
			db.transaction(async (q) => {
				await q('insert into votes (who, value) values ($1, $2)', ['dirk', 50]);
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		expect(await count()).toBe(before);
	});

	it('runs a batch of statements as one transaction in one message: rows per statement, all or nothing', async () => {
		const results = await db.batch([
			{ sql: `select set_config('app.note', $1, true) as note`, params: ['batch'] },
			{ sql: 'insert into votes (who, value) values ($1, $2) returning who', params: ['hans', 30] },
			{ sql: `select current_setting('app.note', true) as note` }
		]);
		expect(results).toEqual([[{ note: 'batch' }], [{ who: 'hans' }], [{ note: 'batch' }]]);
		const before = await count();
		const failing = db.batch([
			{ sql: 'insert into votes (who, value) values ($1, $2)', params: ['ida', 30] },
			{ sql: 'insert into votes (who, value) values ($1, $2)', params: ['hans', 30] }
		]);
		await expect(failing).rejects.toMatchObject({ code: '23505' });
		expect(await count()).toBe(before);
	});

	it('runs transactions one at a time: fifty concurrent read-then-write increments lose none', async () => {
		await db.exec('create table counter (n int not null); insert into counter values (0);');
		await Promise.all(
			Array.from({ length: 50 }, () =>
				db.transaction(async (q) => {
					const [{ n }] = await q('select n from counter');
					await q('update counter set n = $1', [Number(n) + 1]);
				})
			)
		);
		expect(await db.transaction((q) => q('select n from counter'))).toEqual([{ n: 50 }]);
	});

	it('delivers notifications to listeners once their transaction has committed, and none of a rolled-back one', async () => {
		const heard: string[] = [];
		await db.listen('session_events', (payload) => heard.push(JSON.parse(payload).who));
		await db.transaction((q) => q('insert into votes (who, value) values ($1, $2)', ['eva', 70]));
		await expect(
			db.transaction(async (q) => {
				await q('insert into votes (who, value) values ($1, $2)', ['fay', 70]);
				throw new Error('no');
			})
		).rejects.toThrow();
		await db.transaction((q) => q('insert into votes (who, value) values ($1, $2)', ['gus', 70]));
		await expect.poll(() => heard).toEqual(['eva', 'gus']);
	});

	it('after close, every call is refused with a clear error instead of hanging', async () => {
		const other = await openPgliteThread();
		await other.close();
		expect(other.closed).toBe(true);
		await expect(other.transaction((q) => q('select 1'))).rejects.toThrow(/database thread/);
	});
});

describe('one server per embedded data folder', () => {
	it('refuses a second process on a folder in use, and takes over a folder whose process is gone', async () => {
		const { mkdtempSync, writeFileSync, existsSync, readFileSync, rmSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const { join } = await import('node:path');
		const { spawnSync } = await import('node:child_process');
		const { lockDataDir } = await import('$lib/server/db/data-dir-lock');
		const { ConfigError } = await import('$lib/server/config');
		const dir = mkdtempSync(join(tmpdir(), 'werkplaats-lock-'));
		try {
			// A live holder: this test's parent process stands in for a running server.
			writeFileSync(join(dir, 'werkplaats.pid'), String(process.ppid));
			expect(() => lockDataDir(dir)).toThrow(ConfigError);
			expect(() => lockDataDir(dir)).toThrow(/in use by another Werkplaats process \(pid \d+\)/);
			// A holder that is gone: a process that has exited.
			const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
			writeFileSync(join(dir, 'werkplaats.pid'), gone);
			const lock = lockDataDir(dir);
			expect(readFileSync(join(dir, 'werkplaats.pid'), 'utf8')).toBe(String(process.pid));
			lock.release();
			expect(existsSync(join(dir, 'werkplaats.pid'))).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
