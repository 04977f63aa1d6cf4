import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { DbError } from '$lib/server/db/errors';
import { sessionIdFrom } from '$lib/server/sessions';
import { translateError } from '$lib/i18n';

/** The session state as JSON, for scripts (the live benchmark) and clients that poll. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const sessionId = sessionIdFrom(params, locals.locale);
	try {
		return json(await locals.db.call('session_state', { sessionId, lang: locals.locale }), {
			headers: { 'cache-control': 'no-store' }
		});
	} catch (cause) {
		if (cause instanceof DbError && cause.status < 500) {
			return json({ message: translateError(locals.locale, cause.key) }, { status: cause.status });
		}
		throw cause;
	}
};
