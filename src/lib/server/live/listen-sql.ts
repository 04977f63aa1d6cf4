import type postgres from 'postgres';
import type { SqlExecutor } from '../db/sql-backend';
import { sessionEventsChannel, type LiveHub, type LiveSource, type LiveSourceFactory } from './hub';

// A live source on the SQL engines: the hub fed by LISTEN on the channel private.announce notifies.

/** Both PGlite executors (in this thread, db/pglite.ts, or on its own, db/pglite-thread.ts). */
type PgliteExecutor = SqlExecutor & { listen(channel: string, onNotify: (payload: string) => void): Promise<void> };
type PostgresExecutor = SqlExecutor & { sql: postgres.Sql };

const isPglite = (executor: SqlExecutor): executor is PgliteExecutor =>
	executor.name === 'pglite' && typeof (executor as Partial<PgliteExecutor>).listen === 'function';
const isPostgres = (executor: SqlExecutor): executor is PostgresExecutor =>
	executor.name === 'postgres' && 'sql' in executor && typeof (executor as PostgresExecutor).sql?.listen === 'function';

export interface SqlListenOptions {
	/**
	 * PostgreSQL only: how often the server checks its LISTEN connection by notifying itself
	 * (ms; 0 turns it off). A connection that was lost and could not be re-established is
	 * replaced, and watched sessions are told to reload.
	 */
	keepAliveMs?: number;
	log?: (line: string) => void;
}

/**
 * LISTEN session_events on PGlite or PostgreSQL (the executors from db/pglite.ts and
 * db/postgres.ts). PGlite is one session: the LISTEN shares it, and notifications arrive after
 * each commit. postgres.js keeps LISTEN on a dedicated connection of its own
 * (`sql.listen`), separate from the pool the requests use, and re-listens after a reconnect.
 */
export function listenSql(executor: SqlExecutor, options: SqlListenOptions = {}): LiveSourceFactory {
	return async (hub) => {
		if (isPglite(executor)) {
			let open = true;
			await executor.listen(sessionEventsChannel, (payload) => open && hub.publish(payload));
			// The LISTEN ends with the database; until then the hub simply stops taking events.
			return { close: async () => void (open = false) };
		}
		if (isPostgres(executor)) return listenPostgres(executor.sql, hub, options);
		throw new Error(`listenSql: cannot LISTEN on a ${executor.name} executor without its connection`);
	};
}

const pingKind = 'werkplaats_live_ping';

async function listenPostgres(sql: postgres.Sql, hub: LiveHub, options: SqlListenOptions): Promise<LiveSource> {
	const log = options.log ?? ((line: string) => console.warn(line));
	const keepAliveMs = options.keepAliveMs ?? 30_000;
	let closed = false;
	let listening: postgres.ListenMeta | undefined;
	let pingNonce: string | undefined;
	let pingAnswered = true;

	const onNotify = (payload: string) => {
		// Our own keep-alive pings share the channel; they are not session events.
		if (payload.includes(pingKind)) {
			if (pingNonce && payload.includes(pingNonce)) pingAnswered = true;
			return;
		}
		hub.publish(payload);
	};
	let listens = 0;
	const onListen = () => {
		// Called on the first LISTEN and again each time postgres.js re-listens after a reconnect:
		// whatever was announced in between is lost, so watched screens reload.
		listens += 1;
		if (listens > 1) hub.resync();
	};
	const start = async () => {
		listens = 0;
		listening = await sql.listen(sessionEventsChannel, onNotify, onListen);
	};
	await start();

	let replacing = false;
	const timer =
		keepAliveMs > 0
			? setInterval(async () => {
					if (closed || replacing) return;
					if (!pingAnswered) {
						// The previous ping never came back: the LISTEN connection is gone for good
						// (postgres.js gives up re-listening when the server was unreachable).
						replacing = true;
						log('Werkplaats live: the LISTEN connection was lost; listening again');
						try {
							await listening?.unlisten().catch(() => {});
							await start();
							hub.resync();
						} catch (error) {
							log(`Werkplaats live: LISTEN failed (${String(error)}); retrying`);
						} finally {
							replacing = false;
						}
						pingAnswered = true;
						return;
					}
					pingAnswered = false;
					pingNonce = Math.random().toString(36).slice(2);
					await sql
						.notify(sessionEventsChannel, JSON.stringify({ kind: pingKind, nonce: pingNonce }))
						// The database itself is unreachable: requests fail too; try again next time.
						.catch(() => (pingAnswered = true));
				}, keepAliveMs)
			: undefined;
	timer?.unref?.();

	return {
		close: async () => {
			closed = true;
			if (timer) clearInterval(timer);
			await listening?.unlisten().catch(() => {});
		}
	};
}
