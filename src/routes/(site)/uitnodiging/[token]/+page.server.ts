import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { inviteToken } from '$lib/domain/schemas';
import { actionError, loadError } from '$lib/server/forms';
import { translateError } from '$lib/i18n';

function tokenFrom(params: { token: string }, locale: App.Locals['locale']): string {
	const parsed = inviteToken.safeParse(params.token);
	if (!parsed.success) error(404, translateError(locale, 'invite_not_found'));
	return parsed.data;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const token = tokenFrom(params, locals.locale);
	try {
		const invite = await locals.db.call('invite_preview', { token });
		const myTeams = locals.user ? await locals.db.call('my_teams', {}) : [];
		return {
			invite,
			signedIn: locals.user !== null,
			anonymous: locals.actor.kind === 'user' && locals.actor.isAnonymous,
			alreadyMember: myTeams.some((team) => team.id === invite.team_id)
		};
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};

export const actions: Actions = {
	default: async ({ locals, params, url }) => {
		const token = tokenFrom(params, locals.locale);
		if (!locals.user) redirect(303, `/inloggen?next=${encodeURIComponent(url.pathname)}`);
		let joined;
		try {
			joined = await locals.db.call('accept_invite', { token });
		} catch (cause) {
			return actionError(cause);
		}
		redirect(303, `/teams/${joined.team_id}`);
	}
};
