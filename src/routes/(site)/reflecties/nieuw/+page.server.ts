import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { id } from '$lib/domain/schemas';
import { translateError } from '$lib/i18n';
import { loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { dilemmaSlug } from '$lib/domain/schemas';
import { loadDilemmas, saveFromForm } from '$lib/server/reflections';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, url);
	const dilemmas = await loadDilemmas(locals);
	const slugParam = url.searchParams.get('dilemma');
	if (!slugParam) return { dilemmas, dilemma: null, entryId: null };
	const slug = dilemmaSlug.safeParse(slugParam);
	const dilemma = slug.success ? dilemmas.find((d) => d.slug === slug.data) : undefined;
	if (!dilemma) error(404, translateError(locals.locale, 'dilemma_not_found'));
	// The client chooses the id of a new entry (an autosave retried cannot make two); the page
	// keeps it in its address, so a refresh finds the same entry, or its draft in localStorage.
	const idParam = id.safeParse(url.searchParams.get('id'));
	if (idParam.success) {
		try {
			const mine = await locals.db.call('my_reflections', { dilemmaSlug: dilemma.slug });
			if (mine.some((r) => r.id.toLowerCase() === idParam.data.toLowerCase()))
				redirect(303, `/reflecties/${idParam.data}`);
		} catch (cause) {
			loadError(cause, locals.locale);
		}
	}
	if (!idParam.success) {
		const next = new URL(url);
		next.searchParams.set('id', crypto.randomUUID());
		redirect(303, next.pathname + next.search);
	}
	return { dilemmas, dilemma, entryId: idParam.data };
};

export const actions: Actions = {
	save: async ({ request, locals, url }) => {
		requireUser(locals, url);
		const { saved, failure } = await saveFromForm(locals, request);
		if (failure) return failure;
		redirect(303, `/reflecties/${saved.id}?opgeslagen`);
	}
};
