import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openPglite } from '$lib/server/db/pglite';
import { openPostgres } from '$lib/server/db/postgres';
import { migrate } from '$lib/server/db/migrate';
import { SqlBackend, type SqlExecutor } from '$lib/server/db/sql-backend';

/**
 * The db tests run every case on both engines: PGlite (PostgreSQL 18 in WASM, the embedded
 * default) and Debian's PostgreSQL 15 server, because features differ between the two.
 */
export const testDatabaseUrl =
	process.env.TEST_DATABASE_URL ?? 'postgres://werkplaats:werkplaats@127.0.0.1:5432/postgres';

export interface TestDatabase {
	engine: 'pglite' | 'postgres';
	executor: SqlExecutor;
	backend: SqlBackend;
	close(): Promise<void>;
}

export async function pgliteDatabase(): Promise<TestDatabase> {
	const executor = await openPglite();
	await migrate(executor);
	return { engine: 'pglite', executor, backend: new SqlBackend(executor), close: () => executor.close() };
}

/** A new, migrated database on the server, dropped again on close. */
export async function postgresDatabase(): Promise<TestDatabase> {
	const name = `werkplaats_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(testDatabaseUrl);
	url.pathname = `/${name}`;
	const executor = openPostgres(url.toString(), { max: 4 });
	await migrate(executor);
	return {
		engine: 'postgres',
		executor,
		backend: new SqlBackend(executor),
		close: async () => {
			await executor.close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

export const engines = [
	['pglite', pgliteDatabase],
	['postgres', postgresDatabase]
] as const;
