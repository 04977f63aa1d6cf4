import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { id } from '$lib/domain/schemas';
import { formAction, loadError, refusalAsFormError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { idOr404 } from '$lib/server/params';
import { loadDilemmas, loadOwnReflection, saveFromForm } from '$lib/server/reflections';

const reflectionIdFrom = (params: { id: string }, locale: App.Locals['locale']) =>
	idOr404(params.id, locale, 'reflection_not_found');

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireUser(locals, url);
	const reflectionId = reflectionIdFrom(params, locals.locale);
	const [reflection, dilemmas] = await Promise.all([loadOwnReflection(locals, reflectionId), loadDilemmas(locals)]);
	try {
		const teams = await locals.db.call('my_teams', {});
		const dilemma = dilemmas.find((d) => d.slug === reflection.dilemma_slug) ?? null;
		return {
			reflection,
			dilemma,
			teams: teams.map((team) => ({ id: team.id, name: team.name })),
			justSaved: url.searchParams.has('opgeslagen')
		};
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};

export const actions: Actions = {
	save: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const reflectionId = reflectionIdFrom(params, locals.locale);
		const { failure } = await saveFromForm(locals, request, reflectionId);
		if (failure) return failure;
		return { message: 'reflection.saved' };
	},
	share: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const reflectionId = reflectionIdFrom(params, locals.locale);
		return formAction(request, z.object({ teamId: id }), async (data) => {
			const shared = await locals.db.call('share_reflection', { reflectionId, teamId: data.teamId });
			return { message: 'reflection.share.done', team: shared.shared_team_name ?? '' };
		});
	},
	unshare: async ({ locals, params, url }) => {
		requireUser(locals, url);
		const reflectionId = reflectionIdFrom(params, locals.locale);
		return refusalAsFormError(async () => {
			await locals.db.call('unshare_reflection', { reflectionId });
			return { message: 'reflection.unshared' };
		});
	},
	delete: async ({ locals, params, url }) => {
		requireUser(locals, url);
		const reflectionId = reflectionIdFrom(params, locals.locale);
		return refusalAsFormError(async () => {
			await locals.db.call('delete_reflection', { reflectionId });
			redirect(303, '/reflecties?verwijderd');
		});
	}
};
