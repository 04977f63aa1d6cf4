import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';

export const load = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals }) => {
		await locals.auth.logOut();
		redirect(303, '/');
	}
};
