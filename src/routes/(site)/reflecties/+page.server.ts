import type { PageServerLoad } from './$types';
import { loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { loadDilemmas } from '$lib/server/reflections';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, url);
	const filter = url.searchParams.get('dilemma') || undefined;
	const dilemmas = await loadDilemmas(locals);
	try {
		const reflections = await locals.db.call('my_reflections', { dilemmaSlug: filter });
		return { reflections, dilemmas, filter: filter ?? '', deleted: url.searchParams.has('verwijderd') };
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
