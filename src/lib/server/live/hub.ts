import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { id } from '$lib/domain/schemas';
import { phase } from '$lib/domain/session-schemas';

/**
 * Live session events: what the database announces (private.announce in the sessions migration)
 * fanned out to the screens that watch a session. Events carry no names and no values, only what
 * changed; a screen reloads what it may see. The sources that feed the hub live beside it:
 * listen-sql.ts (LISTEN on PGlite or PostgreSQL) and listen-supabase.ts (Supabase Realtime).
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
