import { deserialize } from '$app/forms';

/**
 * The facilitator's notes and agreements of one round, never lost: saved while typing
 * (debounced), on every step (flush), when the page is hidden or left (a keepalive request), and
 * kept in localStorage until the server has them, so a reload or a crash of the browser brings
 * them back. The server's version check against a second presenter screen stays: a save from a
 * stale version is a conflict the facilitator resolves, never a silent overwrite.
 */
export type NotesStatus = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

export interface ServerNotes {
	roundId: string;
	notesMd: string;
	agreementsMd: string;
	version: number;
}

interface StoredDraft {
	notesMd: string;
	agreementsMd: string;
	/** The server version the draft was typed on. */
	version: number;
}

const debounceMs = 700;
const retryMs = 4000;
const storageKey = (roundId: string) => `werkplaats:notes:${roundId}`;

export class NotesDraft {
	notesMd = $state('');
	agreementsMd = $state('');
	status = $state<NotesStatus>('saved');
	/** Error key of the last refused save (translated by the page). */
	errorKey = $state<string | null>(null);

	#roundId = '';
	#version = 0;
	#saved = { notesMd: '', agreementsMd: '' };
	#timer: ReturnType<typeof setTimeout> | undefined;
	#saving: Promise<void> | null = null;
	#action: string;

	constructor(action: string, server: ServerNotes) {
		this.#action = action;
		this.#adopt(server);
		this.#restoreDraft(server);
	}

	get roundId() {
		return this.#roundId;
	}

	get dirty() {
		return this.notesMd !== this.#saved.notesMd || this.agreementsMd !== this.#saved.agreementsMd;
	}

	/** A keystroke in either field. */
	edit(field: 'notesMd' | 'agreementsMd', value: string) {
		this[field] = value;
		this.#storeDraft();
		if (this.status === 'conflict') return;
		this.status = this.dirty ? 'pending' : 'saved';
		clearTimeout(this.#timer);
		if (this.dirty) this.#timer = setTimeout(() => void this.flush(), debounceMs);
	}

	/**
	 * The page's data changed (a live reload, a step, the other screen saved). Another round: start
	 * over with its notes. The same round at a newer version: take the other screen's text when
	 * nothing is typed here; otherwise keep typing and let the save report the conflict.
	 */
	receive(server: ServerNotes) {
		if (server.roundId !== this.#roundId) {
			void this.flush();
			clearTimeout(this.#timer);
			this.#adopt(server);
			this.#restoreDraft(server);
			return;
		}
		if (server.version <= this.#version) return;
		if (!this.dirty) this.#adopt(server);
		else if (server.notesMd === this.notesMd && server.agreementsMd === this.agreementsMd) this.#adopt(server);
	}

	/** Saves what is typed now, if anything; resolves when the server has answered. */
	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		if (this.#saving) await this.#saving;
		if (!this.dirty || this.status === 'conflict') return;
		this.#saving = this.#save().finally(() => (this.#saving = null));
		await this.#saving;
	}

	/** The page is being hidden or left: send what is not saved yet, without waiting. */
	flushOnLeave() {
		if (!this.dirty || this.status === 'conflict') return;
		this.#storeDraft();
		try {
			void fetch(this.#action, {
				method: 'POST',
				body: this.#form(),
				keepalive: true,
				headers: { 'x-sveltekit-action': 'true' }
			});
		} catch {
			// The draft in localStorage brings the text back on the next visit.
		}
	}

	/**
	 * Resolves a conflict with the text the server has now (`theirs`, from the page's fresh data):
	 * keep this screen's text over it, or take it.
	 */
	async resolve(keep: 'mine' | 'theirs', theirs: ServerNotes) {
		if (theirs.roundId !== this.#roundId) return;
		if (keep === 'theirs') {
			this.#adopt(theirs);
			return;
		}
		this.#version = theirs.version;
		this.#saved = { notesMd: theirs.notesMd, agreementsMd: theirs.agreementsMd };
		this.status = 'pending';
		await this.flush();
	}

	#form(): FormData {
		const form = new FormData();
		form.set('roundId', this.#roundId);
		form.set('notesMd', this.notesMd);
		form.set('agreementsMd', this.agreementsMd);
		form.set('expectedVersion', String(this.#version));
		return form;
	}

	async #save() {
		const sent = { notesMd: this.notesMd, agreementsMd: this.agreementsMd };
		const roundId = this.#roundId;
		this.status = 'saving';
		this.errorKey = null;
		try {
			const response = await fetch(this.#action, {
				method: 'POST',
				body: this.#form(),
				headers: { 'x-sveltekit-action': 'true' }
			});
			const result = deserialize(await response.text());
			// The page moved to another round meanwhile: this answer is about notes no longer shown.
			if (roundId !== this.#roundId) return;
			if (result.type === 'success' && typeof result.data?.notesSaved === 'number') {
				this.#version = result.data.notesSaved;
				this.#saved = sent;
				if (!this.dirty) this.#clearDraft();
				this.status = this.dirty ? 'pending' : 'saved';
				if (this.dirty) this.#timer = setTimeout(() => void this.flush(), debounceMs);
				return;
			}
			// A refusal names its key as `error`, or per field (`errors.notesMd`) when the form was invalid.
			const refusal =
				result.type === 'failure' ? [result.data?.error, ...Object.values(result.data?.errors ?? {})] : [];
			const key = refusal.find((k): k is string => typeof k === 'string') ?? 'generic';
			if (key === 'notes_conflict') {
				this.status = 'conflict';
			} else {
				this.status = 'error';
			}
			this.errorKey = key;
			// A refusal for the text itself (too long, too complex) waits for the next keystroke; anything else is tried again.
			if (this.status === 'error' && key !== 'notes_too_long' && key !== 'markdown_too_complex') this.#retry();
		} catch {
			if (roundId !== this.#roundId) return;
			// Offline for a moment: the draft is kept, and it is tried again shortly (or at the next step).
			this.status = 'error';
			this.errorKey = 'offline';
			this.#retry();
		}
	}

	#retry() {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.flush(), retryMs);
	}

	#adopt(server: ServerNotes) {
		this.#roundId = server.roundId;
		this.#version = server.version;
		this.#saved = { notesMd: server.notesMd, agreementsMd: server.agreementsMd };
		this.notesMd = server.notesMd;
		this.agreementsMd = server.agreementsMd;
		this.status = 'saved';
		this.errorKey = null;
	}

	/** A draft typed on the version the server still has (a reload before the save): take it back up. */
	#restoreDraft(server: ServerNotes) {
		const draft = this.#readDraft();
		if (!draft) return;
		if (
			draft.version !== server.version ||
			(draft.notesMd === server.notesMd && draft.agreementsMd === server.agreementsMd)
		) {
			this.#clearDraft();
			return;
		}
		this.notesMd = draft.notesMd;
		this.agreementsMd = draft.agreementsMd;
		this.status = 'pending';
		this.#timer = setTimeout(() => void this.flush(), 0);
	}

	#readDraft(): StoredDraft | null {
		try {
			const raw = globalThis.localStorage?.getItem(storageKey(this.#roundId));
			if (!raw) return null;
			const parsed = JSON.parse(raw) as Partial<StoredDraft>;
			if (
				typeof parsed.notesMd !== 'string' ||
				typeof parsed.agreementsMd !== 'string' ||
				typeof parsed.version !== 'number'
			)
				return null;
			return parsed as StoredDraft;
		} catch {
			return null;
		}
	}

	#storeDraft() {
		try {
			const draft: StoredDraft = { notesMd: this.notesMd, agreementsMd: this.agreementsMd, version: this.#version };
			globalThis.localStorage?.setItem(storageKey(this.#roundId), JSON.stringify(draft));
		} catch {
			// Private mode or a full storage: autosave still runs.
		}
	}

	#clearDraft() {
		try {
			globalThis.localStorage?.removeItem(storageKey(this.#roundId));
		} catch {
			// Nothing to clear.
		}
	}
}
