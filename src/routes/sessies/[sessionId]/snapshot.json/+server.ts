import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { DbError } from '$lib/server/db/errors';
import { phoneSnapshotJson, sessionIdFrom } from '$lib/server/sessions';
import { translateError } from '$lib/i18n';

/**
 * What a session shows its people at this step, shared by the whole room (see
 * live/session-snapshots.ts): a phone fetches it when the facilitator takes a step, instead of
 * reloading its whole page. The phone's own points stay what its last full load gave it.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const sessionId = sessionIdFrom(params, locals.locale);
	try {
		const body = await phoneSnapshotJson(locals, sessionId);
		return new Response(body, {
			headers: {
				'content-type': 'application/json; charset=utf-8',
				'content-length': String(body.byteLength),
				'cache-control': 'private, no-store'
			}
		});
	} catch (cause) {
		if (cause instanceof DbError && cause.status < 500) {
			// Not a session, not theirs, not signed in: the same answer.
			return json({ message: translateError(locals.locale, 'session_not_found') }, { status: 404 });
		}
		throw cause;
	}
};
