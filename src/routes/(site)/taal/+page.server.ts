import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { locale as localeSchema } from '$lib/domain/schemas';
import { localeCookie } from '$lib/server/locale';
import { safeNext } from '$lib/server/redirects';

export const load = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = await request.formData().catch(() => new FormData());
		const parsed = localeSchema.safeParse(form.get('locale'));
		if (parsed.success) {
			cookies.set(localeCookie, parsed.data, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
		}
		redirect(303, safeNext(form.get('redirectTo')?.toString()));
	}
};
