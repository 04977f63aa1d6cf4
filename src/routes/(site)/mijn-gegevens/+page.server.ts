import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { actionError, parseForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, url);
	return {};
};

const deleteForm = z.object({ confirm: z.string().max(100).optional().default('') });

export const actions: Actions = {
	deleteAccount: async ({ request, locals, url }) => {
		requireUser(locals, url);
		const { data, failure } = await parseForm(request, deleteForm);
		if (failure) return failure;
		if (data.confirm.trim() !== 'VERWIJDER') {
			return fail(400, { errors: { confirm: 'account_delete_confirm' }, values: { confirm: data.confirm } });
		}
		try {
			await locals.db.call('delete_my_account', {});
		} catch (cause) {
			return actionError(cause);
		}
		await locals.auth.logOut();
		redirect(303, '/?account=verwijderd');
	}
};
