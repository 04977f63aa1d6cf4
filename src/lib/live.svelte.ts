import { browser } from '$app/env';
import { invalidate } from '$app/navigation';

/**
 * Live updates for session pages, over the Server-Sent Events stream of
 * /sessies/[sessionId]/events. Events say only *what* changed; pages reload what they may see.
 * A dropped stream (screen lock, Wi-Fi hiccup, server restart) is reopened with backoff, and
 * every (re)open triggers a reload, since events sent in the gap are gone.
 *
 * Typical use in a page whose load calls `depends('app:session')`:
 *
 *   const live = createLiveReloader(data.state.session.id, 'app:session');
 *   $effect(() => live.close);           // or: $effect(() => createLiveReloader(id, key).close)
 *   ... {#if live.status !== 'open'} <p role="status">…</p> {/if}
 */

export type LiveKind = 'position' | 'participant' | 'phase' | 'notes' | 'session';
export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What the stream sends (data of each frame). Position frames list every revision they cover. */
export interface LiveEvent {
	session_id: string;
	kind: LiveKind;
	round_id?: string;
	stage?: 'before' | 'after';
	revision?: number;
	revisions?: number[];
	phase?: string;
}

export interface LiveOptions {
	/** Called whenever the stream (re)opens after a gap: reload the state. */
	onReconnect?: () => void;
	/** Also call onReconnect on the very first open (events between page load and open). Default true. */
	reloadOnFirstOpen?: boolean;
	/** The stream's address; default /sessies/<id>/events. */
	url?: string;
}

const kinds: readonly LiveKind[] = ['position', 'participant', 'phase', 'notes', 'session'];
const maxBackoffMs = 30_000;
/** Hidden for longer than this (screen lock, other app): reopen the stream when visible again. */
const staleAfterHiddenMs = 2_000;

export class LiveConnection {
	status = $state<LiveStatus>('connecting');
	#source: EventSource | undefined;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#attempt = 0;
	#openedOnce = false;
	#hiddenAt: number | undefined;
	#closed = false;
	#url: string;
	#onEvent: (event: LiveEvent) => void;
	#options: LiveOptions;

	constructor(sessionId: string, onEvent: (event: LiveEvent) => void, options: LiveOptions = {}) {
		this.#url = options.url ?? `/sessies/${encodeURIComponent(sessionId)}/events`;
		this.#onEvent = onEvent;
		this.#options = options;
		if (!browser || typeof EventSource === 'undefined') {
			this.status = 'closed';
			this.#closed = true;
			return;
		}
		document.addEventListener('visibilitychange', this.#onVisibility);
		window.addEventListener('online', this.reconnect);
		this.#open();
	}

	/** Stops for good (component destroyed). Safe to pass around unbound: `$effect(() => live.close)`. */
	close = (): void => {
		if (this.#closed) return;
		this.#closed = true;
		this.#teardown();
		this.status = 'closed';
		document.removeEventListener('visibilitychange', this.#onVisibility);
		window.removeEventListener('online', this.reconnect);
	};

	/** Reopens the stream now (e.g. back online); the open that follows triggers a reload. */
	reconnect = (): void => {
		if (this.#closed) return;
		this.#teardown();
		this.#attempt = 0;
		this.status = 'reconnecting';
		this.#open();
	};

	#open() {
		const source = new EventSource(this.#url);
		this.#source = source;
		source.onopen = () => {
			if (this.#source !== source) return;
			this.#attempt = 0;
			this.status = 'open';
			const first = !this.#openedOnce;
			this.#openedOnce = true;
			if (!first || (this.#options.reloadOnFirstOpen ?? true)) this.#options.onReconnect?.();
		};
		source.onerror = () => {
			if (this.#source !== source) return;
			// Our own backoff instead of the browser's fixed retry: a room of phones that lost the
			// Wi-Fi together must not come back in lockstep, and a refused stream (404) is retried too.
			this.#teardown();
			this.status = 'reconnecting';
			const delay = Math.min(maxBackoffMs, 1000 * 2 ** this.#attempt) * (0.5 + Math.random() / 2);
			this.#attempt += 1;
			this.#retry = setTimeout(() => {
				this.#retry = undefined;
				if (!this.#closed) this.#open();
			}, delay);
		};
		for (const kind of kinds) {
			source.addEventListener(kind, (message) => {
				if (this.#source !== source) return;
				let event: LiveEvent;
				try {
					event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent;
				} catch {
					return;
				}
				this.#onEvent({ ...event, kind });
			});
		}
	}

	#teardown() {
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = undefined;
		this.#source?.close();
		this.#source = undefined;
	}

	#onVisibility = () => {
		if (document.visibilityState === 'hidden') {
			this.#hiddenAt = Date.now();
			return;
		}
		const hiddenFor = this.#hiddenAt === undefined ? 0 : Date.now() - this.#hiddenAt;
		this.#hiddenAt = undefined;
		// After a screen lock the connection may be dead without the browser knowing yet.
		if (hiddenFor > staleAfterHiddenMs || this.status !== 'open') this.reconnect();
	};
}

/** Opens the live stream of a session; `onEvent` gets each event, `options.onReconnect` each (re)open. */
export function connectLive(
	sessionId: string,
	onEvent: (event: LiveEvent) => void,
	options: LiveOptions = {}
): LiveConnection {
	return new LiveConnection(sessionId, onEvent, options);
}

/**
 * Runs `task` when asked, at most once per `intervalMs`, never twice at the same time, and
 * always once more after the last request (so the final change is never skipped).
 */
export function throttle(task: () => Promise<unknown> | unknown, intervalMs: number): () => void {
	let running = false;
	let pending = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let last = -Infinity;
	const run = async () => {
		timer = undefined;
		running = true;
		pending = false;
		last = Date.now();
		try {
			await task();
		} catch {
			// A failed reload is retried by the next event or reconnect.
		} finally {
			running = false;
			if (pending) request();
		}
	};
	const request = () => {
		if (running || timer) {
			pending = true;
			return;
		}
		timer = setTimeout(run, Math.max(0, last + intervalMs - Date.now()));
	};
	return request;
}

export interface LiveReloaderOptions extends Omit<LiveOptions, 'onReconnect'> {
	/** Which events reload the page (default: all). Phones may skip 'participant', for example. */
	kinds?: readonly LiveKind[];
	/** At most one invalidate per this many ms (default 150). */
	intervalMs?: number;
	/** Also called with every event (e.g. to animate a counter before the reload lands). */
	onEvent?: (event: LiveEvent) => void;
}

/**
 * Keeps a page fresh: every relevant event and every reconnect invalidates `invalidateKey`
 * (the key the page's load `depends` on), throttled.
 */
export function createLiveReloader(
	sessionId: string,
	invalidateKey: `${string}:${string}` = 'app:session',
	options: LiveReloaderOptions = {}
): LiveConnection {
	const reload = throttle(() => invalidate(invalidateKey), options.intervalMs ?? 150);
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fixed filter, never changed
	const wanted = options.kinds ? new Set(options.kinds) : undefined;
	return connectLive(
		sessionId,
		(event) => {
			options.onEvent?.(event);
			if (!wanted || wanted.has(event.kind)) reload();
		},
		{ ...options, onReconnect: reload }
	);
}
