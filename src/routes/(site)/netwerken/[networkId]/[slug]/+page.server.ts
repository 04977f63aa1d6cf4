import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { chosenPeriod, overviewAndHeads, networkIdFrom, withHead } from '$lib/server/networks';
import { periodCode, periodLabel } from '$lib/domain/network';
import { translateError } from '$lib/i18n';
import { renderMarkdown } from '$lib/markdown';

/** Beyond this many teams the page shows bins; network_dilemma then lists only named teams and the reader's own. */
const manyTeams = 60;

/** One dilemma in the network: team by team in one period, and the network over time. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireUser(locals, url);
	const networkId = networkIdFrom(params, locals.locale);
	try {
		const [overview, heads] = await overviewAndHeads(locals, networkId);
		if (!heads.has(params.slug)) error(404, translateError(locals.locale, 'dilemma_not_found'));
		const period = chosenPeriod(url, overview, locals.locale);
		if (!period) error(404, translateError(locals.locale, 'invalid_period'));
		const result = await locals.db.call('network_dilemma', {
			networkId,
			dilemmaSlug: params.slug,
			periodKind: period.kind,
			periodStart: period.start
		});
		const teamSize = url.searchParams.get('grootte');
		const teams = result.teams.map((team) => ({
			label: team.label,
			name: team.name,
			median: team.median,
			isMine: team.is_mine,
			interpretationHtml: team.interpretation_md ? renderMarkdown(team.interpretation_md) : null
		}));
		// A dot per team reads well up to a few dozen teams; beyond that the page shows the spread
		// as ten bins and lists by name only the teams that show their name, and the reader's own
		// (network_dilemma then returns only those: at 5,000 teams, not every team's row).
		const many = result.team_count > manyTeams;
		return {
			network: { id: overview.id, name: overview.name, minContributors: overview.min_contributors },
			backQuery: new URLSearchParams({
				periode: periodCode(period),
				...(teamSize ? { grootte: teamSize } : {})
			}).toString(),
			period: { ...period, label: periodLabel(period, locals.locale) },
			dilemma: withHead({ slug: params.slug }, heads),
			teamCount: result.team_count,
			// The period's median and quartiles are the network's own figures (the series has them).
			spread: many ? { ...result.series.find((p) => p.period_start === period.start), bins: result.bins } : null,
			teams,
			suppressed: result.suppressed,
			series: result.series.map((point) => ({
				label: periodLabel({ kind: period.kind, start: point.period_start }, locals.locale),
				teams: point.teams,
				median: point.median,
				q1: point.q1,
				q3: point.q3,
				mine: point.mine
			}))
		};
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
