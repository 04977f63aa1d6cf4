import { z } from 'zod';
import { id } from '$lib/domain/schemas';
import { networkDecision } from '$lib/domain/network-schemas';
import type { NetworkRequest } from '$lib/server/db/api';
import type { Actions, PageServerLoad } from './$types';
import { formAction, loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import {
	chosenPeriod,
	overviewAndHeads,
	chosenTeamSize,
	networkIdFrom,
	periodsOf,
	withHead
} from '$lib/server/networks';
import { agreementRanking, periodCode, periodLabel, teamSizeParam } from '$lib/domain/network';
import { renderMarkdown } from '$lib/markdown';
import { amsterdamDay } from '$lib/domain/format';

/** The calendar day of a moment, in the Netherlands (where the networks are). */
const dayInAmsterdam = (moment: string | null) => (moment ? amsterdamDay(moment) : null);
const requestView = (r: NetworkRequest) => ({
	teamId: r.team_id,
	name: r.name,
	status: r.status,
	requestedOn: dayInAmsterdam(r.requested_at),
	decidedOn: dayInAmsterdam(r.decided_at)
});

/**
 * The network dashboard: per dilemma the spread of team medians in one period. Coordinators also
 * decide here who is let in; a member of a team that shares nothing sees why there are no figures.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireUser(locals, url);
	const networkId = networkIdFrom(params, locals.locale);
	try {
		const [overview, heads] = await overviewAndHeads(locals, networkId);
		const requests = overview.is_coordinator
			? (await locals.db.call('network_requests', { networkId })).map(requestView)
			: [];
		const period = chosenPeriod(url, overview, locals.locale);
		const teamSize = chosenTeamSize(url, locals.locale);
		const dashboard = period
			? await locals.db.call('network_dashboard', {
					networkId,
					periodKind: period.kind,
					periodStart: period.start,
					teamSize
				})
			: null;
		const dilemmas = (dashboard?.dilemmas ?? []).map((d) => withHead(d, heads)).sort((a, b) => a.number - b.number);
		return {
			network: {
				id: overview.id,
				name: overview.name,
				descriptionHtml: renderMarkdown(overview.description_md),
				minContributors: overview.min_contributors,
				isCoordinator: overview.is_coordinator,
				seesFigures: overview.sees_figures,
				myTeams: overview.my_teams
			},
			requests,
			periods: periodsOf(overview, locals.locale),
			period: period && { ...period, code: periodCode(period), label: periodLabel(period, locals.locale) },
			teamSize: teamSizeParam(teamSize),
			dilemmas,
			ranking: agreementRanking(dilemmas)
		};
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};

const thresholdForm = z.object({ minContributors: z.string() });
const decisionForm = z.object({ teamId: id, decision: networkDecision });

export const actions: Actions = {
	/** Coordinators: the smallest number of people behind a team's result (k, at least 3). */
	threshold: async ({ locals, params, request, url }) => {
		requireUser(locals, url);
		const networkId = networkIdFrom(params, locals.locale);
		return formAction(
			request,
			thresholdForm,
			async (data) => {
				await locals.db.call('set_network_threshold', { networkId, minContributors: data.minContributors });
				return { saved: true };
			},
			(data) => ({ minContributors: data.minContributors })
		);
	},
	/** Coordinators: let a team that asked to join in, or refuse it. */
	decide: async ({ locals, params, request, url }) => {
		requireUser(locals, url);
		const networkId = networkIdFrom(params, locals.locale);
		return formAction(request, decisionForm, async (data) => {
			await locals.db.call('decide_network_request', { networkId, teamId: data.teamId, decision: data.decision });
			return { decided: data.decision };
		});
	}
};
