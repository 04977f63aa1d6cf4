import { PGlite } from '@electric-sql/pglite';
import type { SqlExecutor, SqlQuery } from './sql-backend';

/**
 * PostgreSQL in WASM in this thread, in memory or persisted to a folder: for tests and scripts.
 * The server runs it on a thread of its own (db/pglite-thread.ts).
 */
export async function openPglite(
	dataDir?: string
): Promise<SqlExecutor & { db: PGlite; listen(channel: string, onNotify: (payload: string) => void): Promise<void> }> {
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
		listen: async (channel, onNotify) => {
			await db.listen(channel, onNotify);
		},
		exec: async (script) => {
			await db.transaction((tx) => tx.exec(script));
		},
		close: () => db.close()
	};
}
