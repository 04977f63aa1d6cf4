import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { checkbox, dilemmaSlug, id } from '$lib/domain/schemas';
import { interpretation, periodKind, periodStart } from '$lib/domain/network-schemas';
import { formAction } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { teamIdFrom } from '$lib/server/params';
import { loadTeamPage } from '$lib/server/teams';
import { dilemmaHeads, withHead } from '$lib/server/networks';
import { renderMarkdown } from '$lib/markdown';

/**
 * The team and its networks: whether and how it shares (facilitators choose), and "our team
 * against the network" for the year of its latest closed session, with the team's own reading of
 * each result (per dilemma and year; shown to the network only beside the team's name).
 */
export const load: PageServerLoad = async (event) => {
	const { locals, parent } = event;
	return loadTeamPage(event, async (teamId) => {
		const [{ team }, settings, heads] = await Promise.all([
			parent(),
			locals.db.call('team_network_settings', { teamId }),
			dilemmaHeads(locals)
		]);
		const comparisons = await Promise.all(
			settings
				// Give to get: the network's figures only for a team that is in and shares.
				.filter((network) => network.status === 'approved' && network.sharing)
				.map(async (network) => {
					const result = await locals.db.call('team_vs_network', { teamId, networkId: network.network_id });
					return {
						networkId: network.network_id,
						periodKind: result.period_kind ?? 'year',
						periodStart: result.period_start,
						dilemmas: result.dilemmas
							.map((d) => ({ ...withHead(d, heads), readingHtml: d.reading_md ? renderMarkdown(d.reading_md) : '' }))
							.sort((a, b) => a.number - b.number)
					};
				})
		);
		return {
			team: { id: team.id, name: team.name, isFacilitator: team.my_role === 'facilitator' },
			networks: settings.map((network) => ({
				...network,
				interpretationHtml: network.interpretation_md ? renderMarkdown(network.interpretation_md) : '',
				comparison: comparisons.find((c) => c.networkId === network.network_id) ?? null
			}))
		};
	});
};

const settingsForm = z.object({ networkId: id, sharing: checkbox, showName: checkbox });
const readingForm = z.object({
	networkId: id,
	dilemmaSlug,
	periodKind,
	periodStart,
	bodyMd: interpretation.default('')
});
const networkForm = z.object({ networkId: id });

export const actions: Actions = {
	/** Facilitators: join (sharing nothing yet), share or withdraw, name or label. */
	save: async ({ locals, params, request, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		return formAction(request, settingsForm, async (data) => {
			await locals.db.call('save_team_network', {
				teamId,
				networkId: data.networkId,
				sharing: data.sharing,
				showName: data.showName,
				// The team-level reading is retired (readings are per dilemma): keep what is stored.
				interpretationMd: null
			});
			return { saved: data.networkId };
		});
	},
	/** Facilitators: the team's reading of its result on one dilemma in one period (empty: remove). */
	reading: async ({ locals, params, request, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		return formAction(
			request,
			readingForm,
			async (data) => {
				await locals.db.call('save_network_reading', {
					teamId,
					networkId: data.networkId,
					dilemmaSlug: data.dilemmaSlug,
					periodKind: data.periodKind,
					periodStart: data.periodStart,
					bodyMd: data.bodyMd
				});
				return { readingSaved: `${data.networkId}/${data.dilemmaSlug}` };
			},
			(data) => ({ bodyMd: data.bodyMd, dilemmaSlug: data.dilemmaSlug })
		);
	},
	/** Facilitators: take the team out of a network altogether. */
	leave: async ({ locals, params, request, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		return formAction(request, networkForm, async (data) => {
			await locals.db.call('leave_network', { teamId, networkId: data.networkId });
			return { left: data.networkId };
		});
	}
};
