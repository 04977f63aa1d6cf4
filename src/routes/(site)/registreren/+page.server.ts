import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { signUpForm } from '$lib/domain/schemas';
import { actionError, parseForm } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirects';
import { limits, clientKey } from '$lib/server/limits';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, locals, url, getClientAddress } = event;
		const { data, failure } = await parseForm(request, signUpForm);
		if (failure) return failure;
		if (!(await limits().signUps.attempt(clientKey(getClientAddress)))) {
			return actionError(null, undefined, 'too_many_attempts');
		}
		try {
			await locals.auth.signUp({ ...data, locale: locals.locale });
		} catch (error) {
			return actionError(error, { displayName: data.displayName, email: data.email });
		}
		redirect(303, safeNext(url.searchParams.get('next'), '/teams'));
	}
};
