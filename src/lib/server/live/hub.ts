import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import type postgres from 'postgres';
import { createClient, type RealtimeChannel } from '@supabase/supabase-js';
import { id } from '$lib/domain/schemas';
import { phase } from '$lib/domain/session-schemas';
import type { SqlExecutor } from '../db/sql-backend';

/**
 * Live session events: what the database announces (private.announce in the sessions migration)
 * fanned out to the screens that watch a session. Events carry no names and no values, only what
 * changed; a screen reloads what it may see.
 */

/** The channel private.announce notifies on (pg_notify) on the SQL engines. */
export const sessionEventsChannel = 'session_events';

export const liveEventKinds = ['position', 'participant', 'phase', 'notes', 'session'] as const;
export type LiveEventKind = (typeof liveEventKinds)[number];

export const liveEvent = z.object({
	session_id: id,
	kind: z.enum(liveEventKinds),
	round_id: id.optional(),
	stage: z.enum(['before', 'after']).optional(),
	// bigint from a sequence: JSON keeps it a number (well below 2^53).
	revision: z.coerce.number().int().nonnegative().optional(),
	phase: phase.optional()
});
export type LiveEvent = z.infer<typeof liveEvent>;
export type LiveListener = (event: LiveEvent) => void;

/** Where events come from. Sources that subscribe per session (Supabase) implement watch/unwatch. */
export interface LiveSource {
	/** The first listener for this session arrived. */
	watch?(sessionId: string): void;
	/** The last listener for this session left. */
	unwatch?(sessionId: string): void;
	close(): Promise<void>;
}
export type LiveSourceFactory = (hub: LiveHub) => LiveSource | Promise<LiveSource>;

export interface LiveHubOptions {
	log?: (line: string) => void;
}

/**
 * A session's listeners, filed by the kinds they asked for, so an event reaches only those who
 * want it: a vote costs its few presenters, not a pass over a thousand phones that ignore it.
 */
interface SessionListeners {
	byKind: Map<LiveEventKind, Set<LiveListener>>;
	count: number;
}

/** One per process: sessions → listeners, fed by one or more sources. */
export class LiveHub {
	#listeners = new Map<string, SessionListeners>();
	#sources: LiveSource[] = [];
	#closing = new AbortController();
	#log: (line: string) => void;
	#rejected = 0;

	/** Aborted when the hub closes (server shutdown): open streams end so clients reconnect. */
	readonly signal: AbortSignal = this.#closing.signal;

	constructor(options: LiveHubOptions = {}) {
		this.#log = options.log ?? ((line) => console.warn(line));
		// Every open event stream listens here (a room of 30 phones, 200 in the benchmark): that
		// many listeners is the design, not the leak Node's default warning at 11 suspects.
		setMaxListeners(0, this.#closing.signal);
	}

	/** Starts a source; sessions already watched are announced to it. */
	async attach(factory: LiveSourceFactory): Promise<void> {
		const source = await factory(this);
		if (this.signal.aborted) {
			await source.close();
			return;
		}
		this.#sources.push(source);
		for (const sessionId of this.#listeners.keys()) source.watch?.(sessionId);
	}

	/**
	 * Calls the listener with the session's events (of `kinds` only, when given) until the
	 * returned function is called.
	 */
	subscribe(sessionId: string, listener: LiveListener, kinds: Iterable<LiveEventKind> = liveEventKinds): () => void {
		let listeners = this.#listeners.get(sessionId);
		if (!listeners) {
			listeners = { byKind: new Map(), count: 0 };
			this.#listeners.set(sessionId, listeners);
			for (const source of this.#sources) source.watch?.(sessionId);
		}
		// The same function may subscribe twice; each subscription is its own entry.
		const entry: LiveListener = (event) => listener(event);
		const wanted = [...new Set(kinds)];
		for (const kind of wanted) {
			let set = listeners.byKind.get(kind);
			if (!set) listeners.byKind.set(kind, (set = new Set()));
			set.add(entry);
		}
		listeners.count += 1;
		let active = true;
		return () => {
			if (!active) return;
			active = false;
			const current = this.#listeners.get(sessionId);
			if (!current) return;
			for (const kind of wanted) current.byKind.get(kind)?.delete(entry);
			current.count -= 1;
			if (current.count === 0) {
				this.#listeners.delete(sessionId);
				for (const source of this.#sources) source.unwatch?.(sessionId);
			}
		};
	}

	/**
	 * Delivers one announcement (JSON text from pg_notify, or an object from Realtime) to the
	 * session's listeners. Malformed payloads are dropped; returns whether the event was valid.
	 * `expectedSessionId` guards sources that are scoped to one session (a Realtime topic).
	 */
	publish(payload: unknown, expectedSessionId?: string): boolean {
		let value = payload;
		if (typeof payload === 'string') {
			try {
				value = JSON.parse(payload);
			} catch {
				value = undefined;
			}
		}
		const parsed = liveEvent.safeParse(value);
		if (!parsed.success || (expectedSessionId && parsed.data.session_id !== expectedSessionId)) {
			// Logged sparingly: a misbehaving producer must not flood the log.
			this.#rejected += 1;
			if (this.#rejected <= 5 || this.#rejected % 1000 === 0) {
				this.#log(`Werkplaats live: ignored a malformed session event (${this.#rejected} so far)`);
			}
			return false;
		}
		this.#deliver(parsed.data);
		return true;
	}

	/**
	 * After a gap in a source (a dropped LISTEN connection, a Realtime rejoin) events may have been
	 * missed: every watched session (or just this one) gets a `session` event, so screens reload.
	 */
	resync(sessionId?: string): void {
		const ids = sessionId ? [sessionId] : [...this.#listeners.keys()];
		for (const id of ids) this.#deliver({ session_id: id, kind: 'session' });
	}

	/** How many sessions are watched and by how many listeners (diagnostics and tests). */
	get stats(): { sessions: number; listeners: number } {
		let listeners = 0;
		for (const session of this.#listeners.values()) listeners += session.count;
		return { sessions: this.#listeners.size, listeners };
	}

	/** Stops the sources and ends every subscription (their streams watch `signal`). */
	async close(): Promise<void> {
		if (this.signal.aborted) return;
		this.#closing.abort();
		const sources = this.#sources.splice(0);
		this.#listeners.clear();
		await Promise.allSettled(sources.map((source) => source.close()));
	}

	#deliver(event: LiveEvent) {
		const listeners = this.#listeners.get(event.session_id)?.byKind.get(event.kind);
		if (!listeners) return;
		for (const listener of listeners) {
			try {
				listener(event);
			} catch (error) {
				this.#log(`Werkplaats live: a listener failed: ${String(error)}`);
			}
		}
	}
}

// Sources --------------------------------------------------------------------------------------

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

export interface SupabaseLiveSettings {
	url: string;
	/** Realtime authorises private channels by RLS on realtime.messages: the service role passes. */
	serviceRoleKey: string;
	log?: (line: string) => void;
}

/**
 * Supabase: the server joins the private Realtime topic `session:<id>` (the broadcasts
 * private.announce sends with realtime.send) for each watched session, lazily: on the first
 * listener, and leaves it when the last one goes.
 */
export function listenSupabase(settings: SupabaseLiveSettings): LiveSourceFactory {
	return async (hub) => {
		const log = settings.log ?? ((line: string) => console.warn(line));
		const client = createClient(settings.url, settings.serviceRoleKey, {
			auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false }
		});
		// Left to itself, supabase-js fetches the token while the socket opens, and the first join
		// can go out without it. A JWT service key is set up front, so every join carries it; a
		// new-style secret key (sb_secret_…, not a JWT) travels as the connection's apikey only.
		if (/^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(settings.serviceRoleKey)) await client.realtime.setAuth(settings.serviceRoleKey);
		const channels = new Map<string, RealtimeChannel>();

		return {
			watch(sessionId) {
				if (channels.has(sessionId)) return;
				const channel = client
					.channel(`session:${sessionId}`, { config: { private: true } })
					.on('broadcast', { event: '*' }, (message) => hub.publish(message.payload, sessionId));
				channels.set(sessionId, channel);
				channel.subscribe((status, error) => {
					if (channels.get(sessionId) !== channel) return;
					if (status === 'SUBSCRIBED') {
						// Joined (or re-joined after a drop): anything announced before is not replayed,
						// and the stream may have opened before the join; the screens reload.
						hub.resync(sessionId);
					} else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') {
						log(`Werkplaats live: Realtime topic session:${sessionId} ${status}${error ? `: ${error.message}` : ''}`);
					}
				});
			},
			unwatch(sessionId) {
				const channel = channels.get(sessionId);
				channels.delete(sessionId);
				if (channel) void client.removeChannel(channel).catch(() => {});
			},
			async close() {
				channels.clear();
				await client.removeAllChannels().catch(() => []);
				client.realtime.disconnect();
			}
		};
	};
}
