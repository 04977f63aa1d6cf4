import type { PageServerLoad } from './$types';
import { loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';

/** The networks there are, and which of them the reader may look at. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, url);
	try {
		return { networks: await locals.db.call('my_networks', {}) };
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
