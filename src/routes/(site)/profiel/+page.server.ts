import type { Actions, PageServerLoad } from './$types';
import { profileForm } from '$lib/domain/schemas';
import { actionError, parseForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { localeCookie } from '$lib/server/locale';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const profile = await locals.db.call('my_profile', {});
	return { profile, email: user.email };
};

export const actions: Actions = {
	default: async ({ request, locals, url, cookies }) => {
		requireUser(locals, url);
		const { data, failure } = await parseForm(request, profileForm);
		if (failure) return failure;
		try {
			await locals.db.call('update_profile', { displayName: data.displayName, locale: data.locale });
		} catch (cause) {
			return actionError(cause, { displayName: data.displayName });
		}
		cookies.set(localeCookie, data.locale, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
		return { saved: true };
	}
};
