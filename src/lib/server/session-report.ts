import { redirect } from '@sveltejs/kit';
import { loadError } from './forms';
import { sessionIdFrom } from './sessions';
import { exportFilename } from '$lib/domain/session-export';

/**
 * The session report as this request's actor may see it (the database decides: the team's
 * members and the session's participants, anonymous ones included). Visitors who are not signed
 * in at all go to the login page first; refusals become translated error pages.
 */
export async function loadSessionReport(locals: App.Locals, params: { sessionId: string }, url: URL) {
	const sessionId = sessionIdFrom(params, locals.locale);
	if (locals.actor.kind !== 'user') redirect(303, `/inloggen?next=${encodeURIComponent(url.pathname + url.search)}`);
	try {
		return await locals.db.call('session_report', { sessionId, lang: locals.locale });
	} catch (cause) {
		loadError(cause, locals.locale);
	}
}

/** A download: attachment with an ASCII file name from the session title and date, never cached. */
export function download(
	body: string,
	session: { title: string; held_on: string },
	extension: 'md' | 'csv' | 'json',
	contentType: string
): Response {
	return new Response(body, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${exportFilename(session.title, session.held_on, extension)}"`,
			'cache-control': 'private, no-store'
		}
	});
}
