import postgres from 'postgres';
import type { SqlExecutor, SqlQuery } from './sql-backend';

/** A PostgreSQL server through postgres.js, for DATABASE_URL deployments and the db tests. */
export function openPostgres(url: string, options: { max?: number } = {}): SqlExecutor & { sql: postgres.Sql } {
	const sql = postgres(url, {
		max: options.max ?? 10,
		onnotice: () => {},
		// int8 arrives as a string: results are parsed with zod, which coerces where needed.
		types: {
			// As on PGlite: a string given for a json/jsonb parameter is JSON text already. postgres.js
			// would encode it again, storing a jsonb *string* ("{\"a\":1}") instead of the object.
			json: {
				to: 114,
				from: [114, 3802],
				serialize: (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)),
				parse: (raw: string) => JSON.parse(raw)
			}
		}
	});
	return {
		name: 'postgres',
		sql,
		transaction: async (work) => {
			const result = await sql.begin(async (tx) => {
				const query: SqlQuery = async (text, params) =>
					(await tx.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[])) as unknown as Record<
						string,
						unknown
					>[];
				return { value: await work(query) };
			});
			return (result as unknown as { value: Awaited<ReturnType<typeof work>> }).value;
		},
		// Pipelined: postgres.js sends the statements of a transaction that returns them as an
		// array without waiting for each answer (one round trip instead of one per statement).
		batch: async (statements) => {
			const results = await sql.begin((tx) =>
				statements.map((s) => tx.unsafe(s.sql, (s.params ?? []) as postgres.ParameterOrJSON<never>[]))
			);
			return (results as unknown as Record<string, unknown>[][]).map((rows) => [...rows]);
		},
		withLock: async (key, work) => {
			// A session-level lock on a connection of its own, held for as long as the work runs.
			const reserved = await sql.reserve();
			try {
				await reserved`select pg_advisory_lock(${key})`;
				try {
					return await work();
				} finally {
					await reserved`select pg_advisory_unlock(${key})`;
				}
			} finally {
				reserved.release();
			}
		},
		exec: async (script) => {
			await sql.begin((tx) => tx.unsafe(script));
		},
		close: () => sql.end({ timeout: 5 })
	};
}
