import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { expect } from 'vitest';
import { openPglite } from '$lib/server/db/pglite';
import { openPostgres } from '$lib/server/db/postgres';
import { migrate } from '$lib/server/db/migrate';
import { SqlBackend, type Row, type SqlExecutor } from '$lib/server/db/sql-backend';
import { claimsFor, type Actor } from '$lib/server/db/port';
import { DbError } from '$lib/server/db/errors';

/**
 * The db tests run every case on both engines: PGlite (PostgreSQL 18 in WASM, the embedded
 * default) and Debian's PostgreSQL 15 server, because features differ between the two.
 */
export const testDatabaseUrl =
	process.env.TEST_DATABASE_URL ?? 'postgres://werkplaats:werkplaats@127.0.0.1:5432/postgres';

/** One statement's answer: its rows, and how many rows it returned or changed. */
export interface StatementResult {
	rows: Row[];
	rowCount: number;
}
export type CountingQuery = (sql: string, params?: unknown[]) => Promise<StatementResult>;

export interface TestDatabase {
	engine: 'pglite' | 'postgres';
	/** The database's own URL (PostgreSQL only): for a second connection, as another client makes. */
	url?: string;
	/** The server's own connection (a superuser): sets up and inspects data past RLS. */
	executor: SqlExecutor;
	backend: SqlBackend;
	/** Like executor.transaction, but each statement also reports its row count (for sqlAs). */
	transaction<T>(work: (query: CountingQuery) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

export async function pgliteDatabase(): Promise<TestDatabase> {
	const executor = await openPglite();
	await migrate(executor);
	return {
		engine: 'pglite',
		executor,
		backend: new SqlBackend(executor),
		transaction: (work) =>
			executor.db.transaction((tx) =>
				work(async (sql, params) => {
					const result = await tx.query<Row>(sql, params);
					return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
				})
			),
		close: () => executor.close()
	};
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
		url: url.toString(),
		executor,
		backend: new SqlBackend(executor),
		transaction: async (work) => {
			const result = await executor.sql.begin(async (tx) => ({
				value: await work(async (sql, params) => {
					const rows = await tx.unsafe(sql, (params ?? []) as postgres.ParameterOrJSON<never>[]);
					return { rows: [...rows] as Row[], rowCount: rows.count ?? rows.length };
				})
			}));
			return (result as unknown as { value: Awaited<ReturnType<typeof work>> }).value;
		},
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

/** What a statement run by sqlAs came to: rows and row count, or the PostgreSQL error. */
export interface SqlOutcome extends StatementResult {
	error?: { code: string; message: string };
}

/**
 * Runs one SQL statement as an actor would reach the database through PostgREST: in its own
 * transaction, after `set local role` and `request.jwt.claims`, exactly as SqlBackend does.
 * A PostgreSQL error is returned (and the transaction rolled back), not thrown.
 */
export async function sqlAs(db: TestDatabase, actor: Actor, sql: string, params: unknown[] = []): Promise<SqlOutcome> {
	try {
		return await db.transaction(async (query) => {
			await query(`set local role ${actor.kind === 'anon' ? 'anon' : 'authenticated'}`);
			await query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claimsFor(actor))]);
			return await query(sql, params);
		});
	} catch (error) {
		const { code, message } = error as { code?: unknown; message?: unknown };
		if (typeof code !== 'string') throw error;
		return { rows: [], rowCount: 0, error: { code, message: String(message) } };
	}
}

/** Runs one statement as the server's own (superuser) connection, past RLS. */
export async function asSuperuser(db: TestDatabase, sql: string, params: unknown[] = []): Promise<Row[]> {
	return db.executor.transaction((query) => query(sql, params));
}

/** Runs a public SQL function through the backend without the app's zod checks: raw input. */
export async function rawCall(
	db: TestDatabase,
	actor: Actor,
	fn: string,
	args: Record<string, unknown>
): Promise<unknown> {
	return db.backend.rpc(fn, args, actor);
}

/** Asserts that a call fails with exactly this DbError status and message key. */
export async function expectDbError(call: Promise<unknown>, status: DbError['status'], key: string): Promise<void> {
	const error = await call.then(
		(value) => ({ resolved: value }),
		(error: unknown) => error
	);
	expect(error).toBeInstanceOf(DbError);
	expect({ status: (error as DbError).status, key: (error as DbError).key }).toEqual({ status, key });
}

/** Asserts that a sqlAs statement failed with this SQLSTATE and a message matching the pattern. */
export function expectSqlError(outcome: SqlOutcome, code: string, message: RegExp): void {
	expect(outcome.error, `expected SQLSTATE ${code}, got ${outcome.rowCount} row(s)`).toBeDefined();
	expect(outcome.error!.code).toBe(code);
	expect(outcome.error!.message).toMatch(message);
}

/** The RLS refusal of a new row (insert, or an update whose result leaves the policy). */
export const rlsViolation = /new row violates row-level security policy/;
/** The refusal of a role that holds no privilege for the statement at all. */
export const permissionDenied = (table: string) => new RegExp(`permission denied for table ${table}`);

const rollback = Symbol('rollback');

/**
 * Runs work in a transaction that is always rolled back, and returns what the work returned:
 * for attempts whose effect is inspected and then undone, so no attempt can disturb the next.
 */
export async function rolledBack<T>(db: TestDatabase, work: (query: CountingQuery) => Promise<T>): Promise<T> {
	let value: T;
	try {
		await db.transaction(async (query) => {
			value = await work(query);
			throw rollback;
		});
	} catch (error) {
		if (error !== rollback) throw error;
	}
	return value!;
}
