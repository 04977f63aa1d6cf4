import { error } from '@sveltejs/kit';
import { id } from '$lib/domain/schemas';
import { translateError } from '$lib/i18n';

/** An id from the URL, or a translated 404 naming what was not found: never a 400 or a 500. */
export function idOr404(value: string | null | undefined, locale: App.Locals['locale'], notFoundKey: string): string {
	const parsed = id.safeParse(value);
	if (!parsed.success) error(404, translateError(locale, notFoundKey));
	return parsed.data;
}

/** The `[teamId]` of a team route. */
export const teamIdFrom = (params: { teamId: string }, locale: App.Locals['locale']) =>
	idOr404(params.teamId, locale, 'team_not_found');
