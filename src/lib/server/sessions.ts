import { loadError } from './forms';
import { idOr404 } from './params';
import { sessionSnapshots } from './live';
import type { SessionState } from './db/api';
import { DbError } from './db/errors';

/** The `[sessionId]` of a session route. */
export const sessionIdFrom = (params: { sessionId: string }, locale: App.Locals['locale']) =>
	idOr404(params.sessionId, locale, 'session_not_found');

/** The session as this request's actor may see it; refusals become translated error pages. */
export async function loadSessionState(locals: App.Locals, sessionId: string) {
	try {
		return await locals.db.call('session_state', { sessionId, lang: locals.locale });
	} catch (cause) {
		loadError(cause, locals.locale);
	}
}

/**
 * The session as a participant's phone sees it: the shared snapshot of the current step (one
 * database read per step for the whole room, see live/session-snapshots.ts) plus the phone's own
 * part, asked of the database each time (session_viewer), which also decides whether the
 * snapshot may be shown at all. A facilitator gets the full, fresh state.
 */
export async function loadPhoneState(locals: App.Locals, sessionId: string): Promise<SessionState> {
	const lang = locals.locale;
	const read = () => locals.db.call('session_state', { sessionId, lang });
	try {
		const snapshots = sessionSnapshots();
		for (let attempt = 0; ; attempt++) {
			const shared = await snapshots.get(sessionId, lang, read);
			const viewer = await locals.db.call('session_viewer', { sessionId, roundId: shared.round.id });
			if (viewer.is_facilitator) return await read();
			// The snapshot is behind the database (its change not yet announced here): read again, once.
			if (
				(viewer.current_round !== shared.round.position || viewer.status !== shared.session.status) &&
				attempt === 0
			) {
				snapshots.invalidate(sessionId);
				continue;
			}
			if (locals.actor.kind === 'user') snapshots.admit(sessionId, locals.actor.userId);
			return { ...shared, session: { ...shared.session, is_facilitator: false }, mine: viewer.mine, me: viewer.me };
		}
	} catch (cause) {
		loadError(cause, locals.locale);
	}
}

/**
 * The shared snapshot as JSON for a phone's refresh on a step: no database question for a person
 * admitted in the last minutes (by loadPhoneState), one light one (session_viewer) otherwise.
 * (A facilitator may fetch it too; their presenter screen reloads the full state instead.)
 */
export async function phoneSnapshotJson(locals: App.Locals, sessionId: string): Promise<Uint8Array<ArrayBuffer>> {
	if (locals.actor.kind !== 'user') throw new DbError(404, 'session_not_found');
	const snapshots = sessionSnapshots();
	const userId = locals.actor.userId;
	if (!snapshots.admitted(sessionId, userId)) {
		await locals.db.call('session_viewer', { sessionId, roundId: null });
		snapshots.admit(sessionId, userId);
	}
	return snapshots.json(sessionId, locals.locale, () =>
		locals.db.call('session_state', { sessionId, lang: locals.locale })
	);
}
