import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqlExecutor, SqlQuery } from './sql-backend';

/**
 * The embedded database on a thread of its own. PGlite is PostgreSQL compiled to WebAssembly and
 * runs synchronously wherever it lives: in the server's main thread every query held up every
 * HTTP request, so a room's votes queued behind each other's SQL and behind each other's HTTP
 * work (measured: HTTP votes at 0.4 of PGlite's in-process ceiling). On a worker thread the
 * database works while the main thread parses, answers and streams, on the machine's second core.
 *
 * The same SqlExecutor as db/pglite.ts: transactions with parameterised queries (each query one
 * message to the thread and one back), scripts, LISTEN, close. Transactions still run one at a
 * time (PGlite is one session); their queries and commits happen on the thread in order.
 */

/** Runs inside the worker: plain JavaScript (a string, so no bundler touches it). */
const threadSource = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglitePath);
let db;
const transactions = new Map();
const post = (message) => parentPort.postMessage(message);
const fail = (id, error) => post({ id, ok: false, error: {
  message: String(error && error.message || error), code: error && error.code,
  detail: error && error.detail, hint: error && error.hint, constraint: error && error.constraint } });

/** One transaction, kept open until the main thread ends it; its queries arrive one by one. */
function begin(id, tx) {
  const inbox = [];
  let wake = null;
  transactions.set(tx, { deliver(message) { inbox.push(message); if (wake) { wake(); wake = null; } } });
  const next = () => inbox.length ? Promise.resolve(inbox.shift()) : new Promise((r) => { wake = r; }).then(() => inbox.shift());
  let end;
  db.transaction(async (t) => {
    post({ id, ok: true });
    for (;;) {
      const message = await next();
      if (message.op === 'end') {
        end = message;
        if (!message.commit) await t.rollback();
        return;
      }
      try {
        const result = await t.query(message.sql, message.params);
        post({ id: message.id, ok: true, rows: result.rows });
      } catch (error) {
        fail(message.id, error);
      }
    }
  }).then(
    () => { transactions.delete(tx); post({ id: end.id, ok: true }); },
    (error) => { transactions.delete(tx); if (end) fail(end.id, error); else fail(id, error); }
  );
}

parentPort.on('message', async (message) => {
  const { id, op } = message;
  try {
    if (op === 'open') {
      db = await PGlite.create(workerData.dataDir ? { dataDir: workerData.dataDir } : {});
      post({ id, ok: true });
    } else if (op === 'begin') {
      begin(id, message.tx);
    } else if (op === 'query' || op === 'end') {
      const transaction = transactions.get(message.tx);
      if (!transaction) throw new Error('no open transaction ' + message.tx);
      transaction.deliver(message);
    } else if (op === 'batch') {
      const results = await db.transaction(async (t) => {
        const rows = [];
        for (const statement of message.statements) rows.push((await t.query(statement.sql, statement.params)).rows);
        return rows;
      });
      post({ id, ok: true, results });
    } else if (op === 'exec') {
      await db.transaction((t) => t.exec(message.script));
      post({ id, ok: true });
    } else if (op === 'listen') {
      await db.listen(message.channel, (payload) => post({ notify: message.channel, payload }));
      post({ id, ok: true });
    } else if (op === 'close') {
      if (!db.closed) await db.close();
      post({ id, ok: true });
    }
  } catch (error) {
    fail(id, error);
  }
});
`;

type Reply =
	| { id: number; ok: true; rows?: Record<string, unknown>[]; results?: Record<string, unknown>[][] }
	| { id: number; ok: false; error: Record<string, unknown> };
type Notification = { notify: string; payload: string };

export type ThreadedPglite = SqlExecutor & {
	batch: NonNullable<SqlExecutor['batch']>;
	/** LISTEN on a channel; each notification's payload reaches `onNotify`. */
	listen(channel: string, onNotify: (payload: string) => void): Promise<void>;
	readonly closed: boolean;
};

export async function openPgliteThread(
	dataDir?: string,
	options: { onClose?: () => void } = {}
): Promise<ThreadedPglite> {
	const pglitePath = createRequire(import.meta.url).resolve('@electric-sql/pglite');
	const worker = new Worker(threadSource, { eval: true, workerData: { dataDir, pglitePath } });
	const pending = new Map<number, { resolve: (reply: Reply & { ok: true }) => void; reject: (error: Error) => void }>();
	const listeners = new Map<string, Set<(payload: string) => void>>();
	let nextId = 1;
	let nextTransaction = 1;
	let closed = false;
	let crashed: Error | undefined;

	worker.on('message', (message: Reply | Notification) => {
		if ('notify' in message) {
			for (const listener of listeners.get(message.notify) ?? []) listener(message.payload);
			return;
		}
		const waiting = pending.get(message.id);
		if (!waiting) return;
		pending.delete(message.id);
		if (message.ok) waiting.resolve(message);
		// Shaped as PGlite's and postgres.js's errors are (code, message, …) for fromPostgresError.
		else waiting.reject(Object.assign(new Error(String(message.error.message)), message.error));
	});
	const stop = (error: Error) => {
		crashed = error;
		for (const waiting of pending.values()) waiting.reject(error);
		pending.clear();
	};
	worker.on('error', stop);
	worker.on('exit', (code) => {
		if (!closed) stop(new Error(`the database thread stopped (exit code ${code})`));
	});

	const call = (message: Record<string, unknown>) =>
		new Promise<Reply & { ok: true }>((resolve, reject) => {
			if (crashed) return reject(crashed);
			if (closed) return reject(new Error('the database thread is closed'));
			const id = nextId++;
			pending.set(id, { resolve, reject });
			worker.postMessage({ ...message, id });
		});

	await call({ op: 'open' });

	return {
		name: 'pglite',
		async transaction(work) {
			const tx = nextTransaction++;
			await call({ op: 'begin', tx });
			const query: SqlQuery = async (sql, params) => (await call({ op: 'query', tx, sql, params })).rows ?? [];
			let result;
			try {
				result = await work(query);
			} catch (error) {
				await call({ op: 'end', tx, commit: false }).catch(() => {});
				throw error;
			}
			await call({ op: 'end', tx, commit: true });
			return result;
		},
		async batch(statements) {
			return (await call({ op: 'batch', statements })).results ?? [];
		},
		async exec(script) {
			await call({ op: 'exec', script });
		},
		async listen(channel, onNotify) {
			let set = listeners.get(channel);
			if (!set) {
				listeners.set(channel, (set = new Set()));
				await call({ op: 'listen', channel });
			}
			set.add(onNotify);
		},
		get closed() {
			return closed;
		},
		async close() {
			if (closed) return;
			try {
				await call({ op: 'close' });
			} finally {
				closed = true;
				await worker.terminate();
				options.onClose?.();
			}
		}
	};
}
