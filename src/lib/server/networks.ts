import { error } from '@sveltejs/kit';
import type { NetworkOverview } from './db/api';
import { idOr404 } from './params';
import { translateError } from '$lib/i18n';
import {
	parsePeriodCode,
	parseTeamSize,
	periodCode,
	periodLabel,
	type Period,
	type TeamSize
} from '$lib/domain/network';

/** The `[networkId]` of a network route. */
export const networkIdFrom = (params: { networkId: string }, locale: App.Locals['locale']) =>
	idOr404(params.networkId, locale, 'network_not_found');

/** The periods a network has results for, newest first: years, then quarters. */
export function periodsOf(overview: NetworkOverview, locale: App.Locals['locale']) {
	const list = (kind: Period['kind'], starts: string[]) =>
		starts.map((start) => ({
			kind,
			start,
			code: periodCode({ kind, start }),
			label: periodLabel({ kind, start }, locale)
		}));
	return { years: list('year', overview.years), quarters: list('quarter', overview.quarters) };
}

/**
 * The period in `?periode=` (a code such as `2026` or `2026-q3`), or the newest year with results
 * when there is none. A code the network has no results for is a translated 400, not a 500.
 */
export function chosenPeriod(url: URL, overview: NetworkOverview, locale: App.Locals['locale']): Period | null {
	const code = url.searchParams.get('periode');
	if (!code) return overview.years[0] ? { kind: 'year', start: overview.years[0] } : null;
	const period = parsePeriodCode(code);
	const known = period && (period.kind === 'year' ? overview.years : overview.quarters).includes(period.start);
	if (!period || !known) error(400, translateError(locale, 'invalid_period'));
	return period;
}

/** `?grootte=klein|middel|groot`, or all sizes; anything else is a translated 400. */
export function chosenTeamSize(url: URL, locale: App.Locals['locale']): TeamSize | null {
	const value = url.searchParams.get('grootte');
	if (!value) return null;
	const size = parseTeamSize(value);
	if (!size) error(400, translateError(locale, 'invalid_team_size'));
	return size;
}

/** Title and poles per slug from the built-in set in the reader's language (slugs are stable). */
export async function dilemmaHeads(locals: App.Locals) {
	const library = await locals.db.call('dilemma_library', { lang: locals.locale });
	return new Map(
		library.dilemmas.map((d) => [
			d.slug,
			{ number: d.number, title: d.title, pole_left: d.pole_left, pole_right: d.pole_right }
		])
	);
}
/** What every page of one network starts from: its overview and the dilemmas' titles, asked at once. */
export const overviewAndHeads = (locals: App.Locals, networkId: string) =>
	Promise.all([locals.db.call('network_overview', { networkId }), dilemmaHeads(locals)]);

export type DilemmaHeads = Awaited<ReturnType<typeof dilemmaHeads>>;

/** A result row with its dilemma's title and poles; unknown slugs (a team's own set) keep the slug. */
export function withHead<T extends { slug: string }>(row: T, heads: DilemmaHeads) {
	const head = heads.get(row.slug);
	return {
		...row,
		number: head?.number ?? 99,
		title: head?.title ?? row.slug,
		pole_left: head?.pole_left ?? '0',
		pole_right: head?.pole_right ?? '100'
	};
}
