import type { Locale } from '$lib/domain/schemas';
import type { SessionState } from '../db/api';
import type { LiveEvent, LiveEventKind, LiveHub } from './hub';

/**
 * One snapshot of what a session shows its people, per step, shared by every phone that asks.
 *
 * A step (a phase change) makes every phone in the room reload at once. What they reload is the
 * same for all of them but the facilitator (who sees counts as they come in): the dilemma, the
 * rounds and, once revealed, the aggregates. So the first phone's load reads it from the
 * database and the others wait for that read; each phone then asks the database only its own
 * part (session_viewer: may it see the session, its name, its own points).
 *
 * A snapshot lives until the session announces a change phones show (a phase, the session
 * opening or closing, notes): the same events, through LISTEN on every app server, so several
 * servers each keep their own and none serves an old one. Joins and votes do not end a
 * snapshot: phones show neither the counts nor other people's points until a step reveals them.
 * The snapshot never holds anything personal (`mine`, `me` and `is_facilitator` are removed), and
 * it is only handed out after session_viewer has admitted the caller.
 */
export type SharedSessionState = Omit<SessionState, 'mine' | 'me' | 'session'> & {
	session: Omit<SessionState['session'], 'is_facilitator'>;
};

interface Entry {
	state: Promise<SharedSessionState>;
	/** The same, as the JSON bytes the phones fetch on a step: serialised and encoded once for the room. */
	json?: Promise<Uint8Array<ArrayBuffer>>;
	lastUsed: number;
}

const encoder = new TextEncoder();
const invalidatingKinds: readonly LiveEventKind[] = ['phase', 'session', 'notes'];
/** A session nobody asked about for this long is forgotten (and its event subscription ends). */
const idleMs = 10 * 60_000;
/**
 * How long a person the database admitted (session_viewer) may fetch the snapshot on a step
 * without asking the database again. A session's participants stay its participants; a member
 * removed from the team keeps seeing the room's shared view for at most this long.
 */
const admittedMs = 5 * 60_000;

export class SessionSnapshots {
	#entries = new Map<string, Entry>();
	#subscriptions = new Map<string, () => void>();
	#admitted = new Map<string, number>();
	/** The last announcement that ended a session's snapshot (each ends it once, whoever sees it first). */
	#lastStep = new Map<string, LiveEvent>();
	readonly hub: LiveHub;
	#sweep: ReturnType<typeof setInterval>;
	/** Reads from the database, for tests and the benchmark's figures. */
	reads = 0;

	constructor(hub: LiveHub) {
		this.hub = hub;
		this.#sweep = setInterval(() => this.#forgetIdle(), idleMs);
		this.#sweep.unref?.();
		hub.signal.addEventListener('abort', () => this.close(), { once: true });
	}

	/**
	 * The shared view of a session in a language, read with `read` (as the asking person, through
	 * RLS) when there is no current snapshot. A failed read is not kept.
	 */
	get(sessionId: string, lang: Locale, read: () => Promise<SessionState>): Promise<SharedSessionState> {
		// Events name a session in lower case, as the database writes it; so do the keys here.
		sessionId = sessionId.toLowerCase();
		this.#watch(sessionId);
		const key = `${sessionId}/${lang}`;
		const now = Date.now();
		const cached = this.#entries.get(key);
		if (cached) {
			cached.lastUsed = now;
			return cached.state;
		}
		this.reads += 1;
		const state = read().then(shareable);
		const entry: Entry = { state, lastUsed: now };
		this.#entries.set(key, entry);
		state.catch(() => {
			if (this.#entries.get(key) === entry) this.#entries.delete(key);
		});
		return state;
	}

	/** The snapshot as UTF-8 JSON, for the phones' light refresh on a step (see snapshot.json). */
	json(sessionId: string, lang: Locale, read: () => Promise<SessionState>): Promise<Uint8Array<ArrayBuffer>> {
		sessionId = sessionId.toLowerCase();
		const state = this.get(sessionId, lang, read);
		const entry = this.#entries.get(`${sessionId}/${lang}`);
		const encode = (value: SharedSessionState) => encoder.encode(JSON.stringify(value));
		if (!entry || entry.state !== state) return state.then(encode);
		entry.json ??= state.then(encode);
		return entry.json;
	}

	/** The database admitted this person to the session's shared view (session_viewer). */
	admit(sessionId: string, userId: string) {
		this.#admitted.set(`${sessionId.toLowerCase()}/${userId}`, Date.now() + admittedMs);
	}

	/** Whether the database admitted this person recently enough to skip asking again. */
	admitted(sessionId: string, userId: string): boolean {
		const until = this.#admitted.get(`${sessionId.toLowerCase()}/${userId}`);
		return until !== undefined && until > Date.now();
	}

	/**
	 * For a phone's event stream: resolves once the snapshot of the step `event` announced has
	 * been read (or the read failed). The stream tells its phone of the step only then, so the
	 * room's phones all find the new snapshot ready: the one database read happens before any of
	 * them asks, not while a thousand requests wait behind it (on PGlite the read holds the
	 * server's only thread).
	 */
	async readyFor(event: LiveEvent, lang: Locale, read: () => Promise<SessionState>): Promise<void> {
		const sessionId = event.session_id.toLowerCase();
		this.#stepped(sessionId, event);
		await this.get(sessionId, lang, read).catch(() => {});
	}

	/** Forgets every snapshot of the session (the next reader reads the database). */
	invalidate(sessionId: string) {
		sessionId = sessionId.toLowerCase();
		for (const key of this.#entries.keys()) if (key.startsWith(`${sessionId}/`)) this.#entries.delete(key);
	}

	close() {
		clearInterval(this.#sweep);
		for (const unsubscribe of this.#subscriptions.values()) unsubscribe();
		this.#subscriptions.clear();
		this.#entries.clear();
		this.#admitted.clear();
		this.#lastStep.clear();
	}

	#watch(sessionId: string) {
		if (this.#subscriptions.has(sessionId)) return;
		this.#subscriptions.set(
			sessionId,
			this.hub.subscribe(sessionId, (event) => this.#stepped(sessionId, event), invalidatingKinds)
		);
	}

	/** A step, once per announcement: the snapshot read before it is gone. */
	#stepped(sessionId: string, event: LiveEvent) {
		if (this.#lastStep.get(sessionId) === event) return;
		this.#lastStep.set(sessionId, event);
		this.invalidate(sessionId);
	}

	#forgetIdle() {
		const now = Date.now();
		for (const [key, until] of this.#admitted) if (until <= now) this.#admitted.delete(key);
		const cutoff = now - idleMs;
		for (const [key, entry] of this.#entries) if (entry.lastUsed < cutoff) this.#entries.delete(key);
		for (const [sessionId, unsubscribe] of this.#subscriptions) {
			if (![...this.#entries.keys()].some((key) => key.startsWith(`${sessionId}/`))) {
				unsubscribe();
				this.#subscriptions.delete(sessionId);
				this.#lastStep.delete(sessionId);
			}
		}
	}
}

/** The session state without anything that belongs to the person who read it. */
function shareable(state: SessionState): SharedSessionState {
	const { mine: _mine, me: _me, session, ...rest } = state;
	const { is_facilitator: _facilitator, ...shared } = session;
	return { ...rest, session: shared };
}
