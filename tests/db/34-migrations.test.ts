import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '$lib/server/config';
import { checksum, migrate, migrations } from '$lib/server/db/migrate';
import { openPostgres } from '$lib/server/db/postgres';
import { asSuperuser, engines, testDatabaseUrl, type TestDatabase } from './harness';

// The migration runner (issue #16): a checksum per applied migration, a clear refusal when an
// applied file has changed, and servers starting at once on one database taking turns.

describe.each(engines)('the migration runner on %s', (_engine, open) => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const stored = async () =>
		new Map(
			(await asSuperuser(db, 'select version, sha256 from supabase_migrations.werkplaats_checksums')).map((r) => [
				String(r.version),
				String(r.sha256)
			])
		);

	it('keeps the checksum of every applied migration, and a second run applies nothing', async () => {
		const sums = await stored();
		expect(sums.size).toBe(migrations.length);
		for (const m of migrations) expect(sums.get(m.version)).toBe(checksum(m.sql));
		expect(await migrate(db.executor)).toEqual([]);
	});

	it('refuses to start when an applied migration has been edited, naming the file', async () => {
		const edited = migrations.map((m, i) => (i === 3 ? { ...m, sql: `${m.sql}\n-- an edit after it landed` } : m));
		const attempt = migrate(db.executor, edited);
		await expect(attempt).rejects.toThrow(ConfigError);
		await expect(migrate(db.executor, edited)).rejects.toThrow(
			`supabase/migrations/${migrations[3].version}_${migrations[3].name}.sql was changed after it was applied`
		);
		// Nothing was applied or recorded by the refused run.
		expect((await stored()).get(migrations[3].version)).toBe(checksum(migrations[3].sql));
	});

	it('a database migrated before checksums were kept takes its applied files as they are now', async () => {
		await asSuperuser(db, 'delete from supabase_migrations.werkplaats_checksums');
		expect(await migrate(db.executor)).toEqual([]);
		expect((await stored()).size).toBe(migrations.length);
	});
});

describe('two servers migrating one new PostgreSQL database at once', () => {
	const name = `werkplaats_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
	let url: string;

	beforeAll(async () => {
		await admin.unsafe(`create database ${name}`);
		const u = new URL(testDatabaseUrl);
		u.pathname = `/${name}`;
		url = u.toString();
	});
	afterAll(async () => {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end();
	});

	it('take turns: every migration is applied once, by one of them', async () => {
		const servers = [openPostgres(url, { max: 3 }), openPostgres(url, { max: 3 })];
		try {
			const [first, second] = await Promise.all(servers.map((server) => migrate(server)));
			expect([...first, ...second].sort()).toEqual(migrations.map((m) => m.version));
			expect(first.length === 0 || second.length === 0).toBe(true);
			const [{ n }] = await servers[0].transaction((q) =>
				q('select count(*)::int as n from supabase_migrations.schema_migrations')
			);
			expect(n).toBe(migrations.length);
		} finally {
			for (const server of servers) await server.close();
		}
	});
});
