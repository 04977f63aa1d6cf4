import { idOr404 } from './params';

/** The optional `?team=` of the library pages: a team's own set instead of the built-in one. */
export function teamParam(url: URL, locale: App.Locals['locale']): string | undefined {
	const value = url.searchParams.get('team');
	return value === null || value === '' ? undefined : idOr404(value, locale, 'team_not_found');
}

/** Keeps `?team=` on links between library pages. */
export const teamQuery = (teamId: string | undefined) => (teamId ? `?team=${teamId}` : '');
