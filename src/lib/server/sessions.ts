import { error } from '@sveltejs/kit';
import { id } from '$lib/domain/schemas';
import { translateError } from '$lib/i18n';
import { loadError } from './forms';

/** The session id from the URL, or a translated 404 for anything that is not one. */
export function sessionIdFrom(params: { sessionId: string }, locale: App.Locals['locale']): string {
	const parsed = id.safeParse(params.sessionId);
	if (!parsed.success) error(404, translateError(locale, 'session_not_found'));
	return parsed.data;
}

/** The session as this request's actor may see it; refusals become translated error pages. */
export async function loadSessionState(locals: App.Locals, sessionId: string) {
	try {
		return await locals.db.call('session_state', { sessionId, lang: locals.locale });
	} catch (cause) {
		loadError(cause, locals.locale);
	}
}
