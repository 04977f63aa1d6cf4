import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createTeamForm } from '$lib/domain/schemas';
import { actionError, parseForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, url);
	return { teams: await locals.db.call('my_teams', {}) };
};

export const actions: Actions = {
	createTeam: async ({ request, locals, url }) => {
		requireUser(locals, url);
		const { data, failure } = await parseForm(request, createTeamForm);
		if (failure) return failure;
		let team;
		try {
			team = await locals.db.call('create_team', { name: data.name });
		} catch (error) {
			return actionError(error, { name: data.name });
		}
		redirect(303, `/teams/${team.id}?created=1`);
	}
};
