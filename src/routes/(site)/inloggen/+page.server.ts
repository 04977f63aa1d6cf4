import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { logInForm } from '$lib/domain/schemas';
import { actionError, parseForm } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirects';
import { limits, clientKey } from '$lib/server/limits';
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
		// Wrong passwords are limited per address and per account; a team logging in on one
		// Wi-Fi with the right ones is never refused. While a limit holds, the right password is
		// refused too, so guessing learns nothing.
		const attempt = await limits().logInGuesses.attempt(
			{ ip: clientKey(getClientAddress), account: data.email },
			() => locals.auth.logIn(data),
			(actor) => actor !== null
		);
		if (attempt.locked) return actionError(null, { email: data.email }, 'too_many_attempts');
		if (!attempt.value) return actionError(null, { email: data.email }, 'login_failed');
		redirect(303, safeNext(url.searchParams.get('next'), '/teams'));
	}
};
