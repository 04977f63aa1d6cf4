import type { PageServerLoad } from './$types';
import { groupByTheme } from '$lib/domain/dilemmas';
import { loadError } from '$lib/server/forms';
import { teamParam } from '$lib/server/library';

export const load: PageServerLoad = async ({ locals, url }) => {
	const teamId = teamParam(url, locals.locale);
	try {
		const library = await locals.db.call('dilemma_library', { lang: locals.locale, teamId });
		return { set: library.set, themes: groupByTheme(library.dilemmas), teamId };
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
