import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	teams: locals.user ? await locals.db.call('my_teams', {}) : []
});
