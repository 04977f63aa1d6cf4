import type { LayoutServerLoad } from './$types';
import { loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { teamIdFrom } from '$lib/server/params';
import { teamOverview } from '$lib/server/teams';

/**
 * The header of every team page: the team's name and one's role in it, loaded here once. A
 * malformed id, an unknown team and a team one is not in are the same 404 (`team_overview`
 * checks membership), before anything below renders; the pages below `await parent()`, so the
 * check runs on every navigation, also when this layout's data is not reloaded.
 */
export const load: LayoutServerLoad = async ({ locals, params, url }) => {
	requireUser(locals, url);
	const teamId = teamIdFrom(params, locals.locale);
	try {
		const team = await teamOverview(locals, teamId);
		return { team: { id: team.id, name: team.name, my_role: team.my_role } };
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
