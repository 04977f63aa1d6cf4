import { loadError } from './forms';
import { idOr404 } from './params';

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
