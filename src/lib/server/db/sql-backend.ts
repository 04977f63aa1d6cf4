import type { Actor, Backend } from './port';
import { claimsFor } from './port';
import { fromPostgresError } from './errors';

export type Row = Record<string, unknown>;
export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Row[]>;

/** The little a SQL engine must offer: transactions with parameterised queries, and scripts. */
export interface SqlExecutor {
	readonly name: 'pglite' | 'postgres';
	transaction<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
	/**
	 * Optional: statements known in advance, run as one transaction in one go; each one's rows.
	 * Where the engine is a message away (PGlite on its thread), this is one round trip instead of
	 * one per statement, and the database never waits for this thread between them.
	 */
	batch?(statements: Statement[]): Promise<Row[][]>;
	/**
	 * Optional: runs `work` while holding a database-wide lock (PostgreSQL's advisory lock), for
	 * what several servers on one database must not do at once. PGlite has one server by design.
	 */
	withLock?<T>(key: number, work: () => Promise<T>): Promise<T>;
	/** Runs a multi-statement script without parameters in one transaction (migrations, seed). */
	exec(script: string): Promise<void>;
	close(): Promise<void>;
}

export type Statement = { sql: string; params?: unknown[] };

/**
 * Statements known in advance, as one transaction: in one go where the executor can (its batch),
 * else one after the other. Returns each statement's rows.
 */
export function runStatements(executor: SqlExecutor, statements: Statement[]): Promise<Row[][]> {
	if (executor.batch) return executor.batch(statements);
	return executor.transaction(async (query) => {
		const results: Row[][] = [];
		for (const statement of statements) results.push(await query(statement.sql, statement.params));
		return results;
	});
}

const apiRoles = { anon: 'anon', user: 'authenticated', service: 'service_role' } as const;
const identifier = /^[a-z_][a-z0-9_]*$/;

/**
 * Runs API functions the way PostgREST does: one transaction per call, `set local role` to the
 * caller's API role and `request.jwt.claims` to their claims, then `select public.fn(p => $1)`.
 * Parameter types come from the catalog (PostgREST's schema cache does the same).
 */
export class SqlBackend implements Backend {
	readonly name: 'pglite' | 'postgres';
	readonly canActAsServer = true;
	#signatures = new Map<string, Map<string, string>>();

	constructor(readonly executor: SqlExecutor) {
		this.name = executor.name;
	}

	async rpc(fn: string, args: Record<string, unknown>, actor: Actor): Promise<unknown> {
		if (!identifier.test(fn)) throw new Error(`Not an API function name: ${fn}`);
		const types = await this.#signature(fn);
		const names = Object.keys(args);
		for (const name of names) {
			if (!types.has(name)) throw new Error(`public.${fn} has no parameter ${name}`);
		}
		const call = names.map((name, i) => `${name} => $${i + 1}::${types.get(name)}`).join(', ');
		const params = names.map((name) => toParam(args[name], types.get(name)!));
		// set_config('role', …, true) is `set local role`: one statement for role and claims.
		const identify = {
			sql: `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`,
			params: [apiRoles[actor.kind], JSON.stringify(claimsFor(actor))]
		};
		const invoke = { sql: `select public.${fn}(${call}) as result`, params };
		try {
			const [, rows] = await runStatements(this.executor, [identify, invoke]);
			return rows[0]?.result ?? null;
		} catch (error) {
			throw fromPostgresError(error as { code?: unknown; message?: unknown });
		}
	}

	async #signature(fn: string): Promise<Map<string, string>> {
		const cached = this.#signatures.get(fn);
		if (cached) return cached;
		const rows = await this.executor.transaction((query) =>
			query(
				`select a.name, format_type(a.type, null) as type
				 from pg_proc p
				 cross join lateral unnest(coalesce(p.proargnames, '{}'::text[]), p.proargtypes::oid[])
				   as a(name, type)
				 where p.pronamespace = 'public'::regnamespace and p.proname = $1`,
				[fn]
			)
		);
		const exists = await this.executor.transaction((query) =>
			query(`select 1 from pg_proc where pronamespace = 'public'::regnamespace and proname = $1`, [fn])
		);
		if (exists.length === 0) throw new Error(`No API function public.${fn}`);
		const types = new Map(rows.map((r) => [String(r.name), String(r.type)]));
		this.#signatures.set(fn, types);
		return types;
	}

	close() {
		return this.executor.close();
	}
}

function toParam(value: unknown, type: string): unknown {
	if (value === null) return null;
	if (type === 'jsonb' || type === 'json') return JSON.stringify(value);
	if (value instanceof Date) return value.toISOString();
	return value;
}
