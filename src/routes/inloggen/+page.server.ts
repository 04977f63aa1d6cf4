import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { logInForm } from '$lib/domain/schemas';
import { actionError, parseForm } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirects';
import { logInLimiter, clientKey } from '$lib/server/limits';
import { demoAccounts, demoPassword } from '$lib/server/demo';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return {
		next: safeNext(url.searchParams.get('next')),
		demo: { email: demoAccounts[0].email, password: demoPassword }
	};
};

export const actions: Actions = {
	default: async ({ request, locals, url, getClientAddress }) => {
		const { data, failure } = await parseForm(request, logInForm);
		if (failure) return failure;
		// Limited per address and per account, so one room's Wi-Fi does not lock out the team.
		const address = clientKey(getClientAddress);
		if (!logInLimiter.attempt(`ip:${address}`) || !logInLimiter.attempt(`email:${data.email}`)) {
			return actionError(null, { email: data.email }, 'too_many_attempts');
		}
		const actor = await locals.auth.logIn(data);
		if (!actor) return actionError(null, { email: data.email }, 'login_failed');
		redirect(303, safeNext(url.searchParams.get('next'), '/teams'));
	}
};
