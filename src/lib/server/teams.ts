import type { TeamOverview } from '$lib/server/db/api';

const asked = new WeakMap<App.Locals, Map<string, Promise<TeamOverview>>>();

/**
 * `team_overview` once per request: the team layout needs it for every team page's header, the
 * team page for its members and invites, and both loads run side by side in one request.
 * Keyed by the request's `locals`, so nothing outlives the request or crosses to another user.
 */
export function teamOverview(locals: App.Locals, teamId: string): Promise<TeamOverview> {
	let mine = asked.get(locals);
	if (!mine) asked.set(locals, (mine = new Map()));
	let overview = mine.get(teamId);
	if (!overview) mine.set(teamId, (overview = locals.db.call('team_overview', { teamId })));
	return overview;
}
