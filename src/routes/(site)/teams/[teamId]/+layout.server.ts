import type { LayoutServerLoad } from './$types';
import { loadTeamPage, teamOverview } from '$lib/server/teams';

/**
 * The header of every team page: the team's name and one's role in it, loaded here once. A
 * malformed id, an unknown team and a team one is not in are the same 404 (`team_overview`
 * checks membership), before anything below renders; the pages below `await parent()`, so the
 * check runs on every navigation, also when this layout's data is not reloaded.
 */
export const load: LayoutServerLoad = async (event) => {
	const { locals } = event;
	return loadTeamPage(event, async (teamId) => {
		const team = await teamOverview(locals, teamId);
		return { team: { id: team.id, name: team.name, my_role: team.my_role } };
	});
};
