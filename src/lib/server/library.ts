import { error } from '@sveltejs/kit';
import { id } from '$lib/domain/schemas';
import { translateError } from '$lib/i18n';

/** The optional `?team=` of the library pages: a team's own set instead of the built-in one. */
export function teamParam(url: URL, locale: App.Locals['locale']): string | undefined {
	const value = url.searchParams.get('team');
	if (value === null || value === '') return undefined;
	const parsed = id.safeParse(value);
	if (!parsed.success) error(404, translateError(locale, 'team_not_found'));
	return parsed.data;
}

/** Keeps `?team=` on links between library pages. */
export const teamQuery = (teamId: string | undefined) => (teamId ? `?team=${teamId}` : '');
