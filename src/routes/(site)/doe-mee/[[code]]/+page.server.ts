import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { participantName } from '$lib/domain/schemas';
import { joinCode } from '$lib/domain/session-schemas';
import { DbClient } from '$lib/server/db/port';
import { DbError } from '$lib/server/db/errors';
import { actionError, parseForm } from '$lib/server/forms';
import { clientKey, joinGuessKeys, limits } from '$lib/server/limits';
import { translateError } from '$lib/i18n';

/** The open session behind a code, or null; every look-up is a guess and counts as one when wrong. */
function guess(locals: App.Locals, getClientAddress: () => string, code: string) {
	const keys = joinGuessKeys(clientKey(getClientAddress), locals.actor);
	const preview = () =>
		locals.db.call('join_preview', { code }).catch((cause) => {
			if (cause instanceof DbError && cause.status === 404) return null;
			throw cause;
		});
	return limits().joinGuesses.attempt(keys, preview, (found) => found !== null);
}

export const load: PageServerLoad = async ({ locals, params, getClientAddress }) => {
	const code = joinCode.safeParse(params.code ?? '');
	const suggestedName = locals.user?.displayName ?? '';
	if (!code.success) return { code: params.code ?? '', preview: null, suggestedName };
	// The address of this page (the QR code) shows the session's title: a guess like any other.
	const looked = await guess(locals, getClientAddress, code.data);
	if (looked.locked) error(429, translateError(locals.locale, 'too_many_attempts'));
	return { code: code.data, preview: looked.value, suggestedName };
};

export const actions: Actions = {
	join: async ({ request, locals, getClientAddress }) => {
		const { data, failure } = await parseForm(request, z.object({ code: joinCode, displayName: participantName }));
		if (failure) return failure;
		const values = { code: data.code, displayName: data.displayName };
		// Wrong codes are limited; while a limit holds, right ones are refused too (no oracle).
		const looked = await guess(locals, getClientAddress, data.code);
		if (looked.locked) return actionError(null, values, 'too_many_attempts');
		if (!looked.value) return fail(404, { values, errors: { code: 'join_code_unknown' } as Record<string, string> });
		let joined;
		try {
			// People without any identity get an anonymous one; members keep their account.
			let db = locals.db;
			if (locals.actor.kind !== 'user') {
				// A new participant from nowhere: at a script's pace, refused (see JoinBrake).
				if (!(await limits().joins.admit(clientKey(getClientAddress), data.code)))
					return actionError(null, values, 'too_many_joins');
				db = new DbClient(locals.db.backend, await locals.auth.joinAnonymously(data.displayName, locals.locale));
			}
			joined = await db.call('join_session', { code: data.code, displayName: data.displayName });
		} catch (cause) {
			return actionError(cause, values);
		}
		redirect(303, `/sessie/${joined.session_id}`);
	}
};
