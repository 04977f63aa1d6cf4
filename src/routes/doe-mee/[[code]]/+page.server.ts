import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { joinCode, participantName } from '$lib/server/db/api';
import { DbClient } from '$lib/server/db/port';
import { DbError } from '$lib/server/db/errors';
import { actionError, parseForm } from '$lib/server/forms';
import { clientKey, joinGuessLimiter } from '$lib/server/limits';

export const load: PageServerLoad = async ({ locals, params }) => {
	const code = joinCode.safeParse(params.code ?? '');
	const suggestedName = locals.user?.displayName ?? '';
	if (!code.success) return { code: params.code ?? '', preview: null, suggestedName };
	const preview = await locals.db.call('join_preview', { code: code.data }).catch((cause) => {
		if (cause instanceof DbError && cause.status === 404) return null;
		throw cause;
	});
	return { code: code.data, preview, suggestedName };
};

export const actions: Actions = {
	join: async ({ request, locals, getClientAddress }) => {
		const { data, failure } = await parseForm(request, z.object({ code: joinCode, displayName: participantName }));
		if (failure) return failure;
		const values = { code: data.code, displayName: data.displayName };
		// Wrong codes are limited per address; right ones never are, so a whole room can join.
		const address = clientKey(getClientAddress);
		if (joinGuessLimiter.isBlocked(address)) return actionError(null, values, 'too_many_attempts');
		const preview = await locals.db.call('join_preview', { code: data.code }).catch((cause) => {
			if (cause instanceof DbError && cause.status === 404) return null;
			throw cause;
		});
		if (!preview) {
			joinGuessLimiter.attempt(address);
			return fail(404, { values, errors: { code: 'join_code_unknown' } as Record<string, string> });
		}
		let joined;
		try {
			// People without any identity get an anonymous one; members keep their account.
			let db = locals.db;
			if (locals.actor.kind !== 'user') {
				db = new DbClient(locals.db.backend, await locals.auth.joinAnonymously(data.displayName, locals.locale));
			}
			joined = await db.call('join_session', { code: data.code, displayName: data.displayName });
		} catch (cause) {
			return actionError(cause, values);
		}
		redirect(303, `/sessie/${joined.session_id}`);
	}
};
