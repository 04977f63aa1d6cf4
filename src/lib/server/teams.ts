import type { TeamOverview } from '$lib/server/db/api';
import { loadError } from './forms';
import { requireUser } from './guards';
import { teamIdFrom } from './params';

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

/**
 * A team page's load: signed in, the team's id from the URL (a malformed one is a 404), then
 * `run`; a refusal by the database becomes a translated error page.
 */
export async function loadTeamPage<T>(
	{ locals, params, url }: { locals: App.Locals; params: { teamId: string }; url: URL },
	run: (teamId: string, user: NonNullable<App.Locals['user']>) => Promise<T>
): Promise<T> {
	const user = requireUser(locals, url);
	const teamId = teamIdFrom(params, locals.locale);
	try {
		return await run(teamId, user);
	} catch (cause) {
		loadError(cause, locals.locale);
	}
}
