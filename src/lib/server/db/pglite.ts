import { PGlite } from '@electric-sql/pglite';
import type { SqlExecutor, SqlQuery } from './sql-backend';

/** The embedded default: PostgreSQL in WASM, in memory or persisted to a folder. */
export async function openPglite(dataDir?: string): Promise<SqlExecutor & { db: PGlite }> {
	const db = await PGlite.create(dataDir ? { dataDir } : {});
	return {
		name: 'pglite',
		db,
		// PGlite is one session: transactions run one at a time, and `set local` keeps each
		// request's role and claims inside its own transaction.
		transaction: (work) =>
			db.transaction((tx) => {
				const query: SqlQuery = async (sql, params) => (await tx.query<Record<string, unknown>>(sql, params)).rows;
				return work(query);
			}),
		exec: async (script) => {
			await db.transaction((tx) => tx.exec(script));
		},
		close: () => db.close()
	};
}
