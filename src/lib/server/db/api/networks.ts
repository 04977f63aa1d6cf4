import { z } from 'zod';
import { dilemmaSlug, id } from '$lib/domain/schemas';
import {
	exportLevel,
	interpretation,
	minContributors,
	networkDecision,
	networkStatus,
	periodKind,
	periodStart,
	teamSize
} from '$lib/domain/network-schemas';
import { count, none, type Calls } from './common';

/** Networks of teams: what a viewer sees, a team's settings and readings, the coordinator's part. */

const median = z.coerce.number();
export const networkSummary = z.object({ id, name: z.string(), is_coordinator: z.boolean(), can_view: z.boolean() });
export const networkOverview = z.object({
	id,
	name: z.string(),
	description_md: z.string(),
	min_contributors: count,
	is_coordinator: z.boolean(),
	/** False for a member of a team that shares nothing: the figures are for teams that share. */
	sees_figures: z.boolean(),
	quarters: z.array(z.string()),
	years: z.array(z.string()),
	my_teams: z.array(
		z.object({ team_id: id, name: z.string(), sharing: z.boolean(), show_name: z.boolean(), label: z.string() })
	),
	/** For coordinators: how many teams wait for a decision (null for everyone else). */
	pending_requests: count.nullable()
});
export type NetworkOverview = z.infer<typeof networkOverview>;
const spread = { median: median.nullable(), q1: median.nullable(), q3: median.nullable() };
export const networkDashboard = z.object({
	network_id: id,
	period_kind: periodKind,
	period_start: z.string(),
	team_size: teamSize.nullable(),
	min_contributors: count,
	dilemmas: z.array(
		z.object({
			slug: z.string(),
			teams: count,
			...spread,
			min: median.nullable(),
			max: median.nullable(),
			bins: z.array(count).length(10),
			mine: z.array(z.object({ team_label: z.string(), median })),
			suppressed: count
		})
	)
});
export type NetworkDashboard = z.infer<typeof networkDashboard>;
export const networkDilemma = z.object({
	network_id: id,
	slug: z.string(),
	period_kind: periodKind,
	period_start: z.string(),
	min_contributors: count,
	/** Every shown team, and their medians in ten bins of ten points (100 in the last). */
	team_count: count,
	bins: z.array(count).length(10),
	/** Every shown team up to sixty; beyond that the named ones and the caller's own. */
	teams: z.array(
		z.object({
			label: z.string(),
			name: z.string().nullable(),
			median,
			is_mine: z.boolean(),
			interpretation_md: z.string().nullable()
		})
	),
	suppressed: count,
	series: z.array(z.object({ period_start: z.string(), teams: count, ...spread, mine: median.nullable() }))
});
export type NetworkDilemma = z.infer<typeof networkDilemma>;
export const teamVsNetwork = z.object({
	network_id: id,
	period_kind: periodKind.optional(),
	period_start: z.string().nullable(),
	min_contributors: count.optional(),
	dilemmas: z.array(
		z.object({
			slug: z.string(),
			held_on: z.string(),
			contributors: count,
			median,
			unanimous: z.boolean(),
			network: z.object({ teams: count, ...spread }),
			/** The team's own reading of this result (this dilemma, this year); '' when none. */
			reading_md: z.string()
		})
	)
});
export type TeamVsNetwork = z.infer<typeof teamVsNetwork>;
export const networkExportRow = z.object({
	period_start: z.string(),
	slug: z.string(),
	teams: count.optional(),
	suppressed: count.optional(),
	// Null where every team's result for the period was held back (then only `suppressed` counts).
	median: median.nullable(),
	q1: median.nullable().optional(),
	q3: median.nullable().optional(),
	min: median.nullable().optional(),
	max: median.nullable().optional(),
	team: z.string().optional(),
	named: z.boolean().optional()
});
export type NetworkExportRow = z.infer<typeof networkExportRow>;
/** A team's reading of its result on one dilemma in one period, as saved (null: removed). */
export const networkReading = z
	.object({ slug: z.string(), period_kind: periodKind, period_start: z.string(), body_md: z.string() })
	.nullable();
export type NetworkReading = z.infer<typeof networkReading>;
/** A team's request to join a network, as its coordinators see it. */
export const networkRequest = z.object({
	team_id: id,
	name: z.string(),
	status: z.enum(['pending', 'refused']),
	requested_at: z.string().nullable(),
	decided_at: z.string().nullable()
});
export type NetworkRequest = z.infer<typeof networkRequest>;
export const teamNetworkSetting = z.object({
	network_id: id,
	name: z.string(),
	min_contributors: count,
	joined: z.boolean(),
	/** The team's request: pending until a coordinator decides; null when it never asked. */
	status: networkStatus.nullable(),
	requested_at: z.string().nullable(),
	sharing: z.boolean(),
	show_name: z.boolean(),
	label: z.string().nullable(),
	interpretation_md: z.string()
});
export type TeamNetworkSetting = z.infer<typeof teamNetworkSetting>;

export const networkCalls = {
	my_networks: { args: z.object({}), result: z.array(networkSummary) },
	network_overview: { args: z.object({ networkId: id }), result: networkOverview },
	network_dashboard: {
		args: z.object({ networkId: id, periodKind, periodStart, teamSize: teamSize.nullable() }),
		result: networkDashboard
	},
	network_dilemma: {
		args: z.object({ networkId: id, dilemmaSlug, periodKind, periodStart }),
		result: networkDilemma
	},
	team_vs_network: { args: z.object({ teamId: id, networkId: id }), result: teamVsNetwork },
	network_export: {
		args: z.object({ networkId: id, periodKind, level: exportLevel }),
		result: z.array(networkExportRow)
	},
	team_network_settings: { args: z.object({ teamId: id }), result: z.array(teamNetworkSetting) },
	save_team_network: {
		// A null reading keeps the stored team-level text (retired: readings are per dilemma now).
		args: z.object({
			teamId: id,
			networkId: id,
			sharing: z.boolean(),
			showName: z.boolean(),
			interpretationMd: interpretation.nullable()
		}),
		result: z.array(teamNetworkSetting)
	},
	save_network_reading: {
		args: z.object({ teamId: id, networkId: id, dilemmaSlug, periodKind, periodStart, bodyMd: interpretation }),
		result: networkReading
	},
	leave_network: { args: z.object({ teamId: id, networkId: id }), result: none },
	// The server itself (service_role) only: rewrites queued network aggregates, returns how many
	// keys are still queued (src/lib/server/db/network-queue.ts).
	process_network_queue: {
		args: z.object({ limit: z.number().int().min(1).max(1000) }),
		result: z.coerce.number().int().min(0)
	},
	network_requests: { args: z.object({ networkId: id }), result: z.array(networkRequest) },
	decide_network_request: {
		args: z.object({ networkId: id, teamId: id, decision: networkDecision }),
		result: z.array(networkRequest)
	},
	set_network_threshold: {
		args: z.object({ networkId: id, minContributors }),
		result: none
	}
} as const satisfies Calls;
