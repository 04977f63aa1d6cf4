import { z } from 'zod';
import { dilemmaSlug, id, locale, teamRole } from '$lib/domain/schemas';
import { followUpOutcome, followUpStatus, phase, sessionStatus } from '$lib/domain/session-schemas';
import { reflection } from './reflections';
import { count, none, timestamp, type Calls } from './common';

/**
 * A person's own history, the team over time, the learning agenda and "my data" (migration
 * 20261123160000). Aggregates are percentile_cont, as in $lib/domain/statistics.
 */

/** One round at one stage: null in the results below when hidden (not revealed) or nobody answered. */
export const stageSummary = z.object({
	n: count,
	median: z.number(),
	q1: z.number(),
	q3: z.number(),
	iqr: z.number(),
	desired_n: count,
	desired_median: z.number().nullable(),
	/** Median of (desired - value) over those who gave both; positive = wants to move right. */
	gap: z.number().nullable(),
	gap_abs: z.number().nullable()
});
export type StageSummary = z.infer<typeof stageSummary>;
/** What the learning agenda ranks, per dilemma of the team's set (team_agenda). */
export const agendaFacts = z.object({
	slug: z.string(),
	number: count,
	title: z.string(),
	last_held_on: z.string().nullable(),
	sessions_ago: count.nullable(),
	summary: stageSummary.nullable(),
	open_follow_ups: count
});
export type AgendaFacts = z.infer<typeof agendaFacts>;
const stages = { before: stageSummary.nullable(), after: stageSummary.nullable() };
const sessionHead = z.object({
	id,
	title: z.string(),
	held_on: z.string(),
	status: sessionStatus,
	ask_desired: z.boolean()
});
export const trendPoint = z.object({
	session_id: id,
	title: z.string(),
	held_on: z.string(),
	status: sessionStatus,
	round_id: id,
	...stages
});
export type TrendPoint = z.infer<typeof trendPoint>;
export const historyItem = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('position'),
		on: z.string(),
		session_id: id,
		session_title: z.string(),
		round_id: id,
		stage: z.enum(['before', 'after']),
		value: z.number().int(),
		desired: z.number().int().nullable(),
		updated_at: timestamp
	}),
	z.object({
		kind: z.literal('reflection'),
		on: z.string(),
		id,
		value: z.number().int().nullable(),
		desired: z.number().int().nullable(),
		body_md: z.string(),
		shared_with_team_id: id.nullable(),
		created_at: timestamp,
		updated_at: timestamp
	})
]);
export type HistoryItem = z.infer<typeof historyItem>;
const dilemmaHead = {
	title: z.string().nullable(),
	pole_left: z.string().nullable(),
	pole_right: z.string().nullable()
};
export const teamProfile = z.object({
	session: sessionHead,
	dilemmas: z.array(
		z.object({ round_id: id, position: z.number().int(), slug: z.string(), phase, ...dilemmaHead, ...stages })
	)
});
export type TeamProfile = z.infer<typeof teamProfile>;
const comparedRound = z.object({ round_id: id, ...stages }).nullable();
export const sessionComparison = z.object({
	a: sessionHead,
	b: sessionHead,
	dilemmas: z.array(
		z.object({
			slug: z.string(),
			...dilemmaHead,
			a: comparedRound,
			b: comparedRound,
			median_change: z.number().nullable(),
			iqr_change: z.number().nullable()
		})
	)
});
export type SessionComparison = z.infer<typeof sessionComparison>;
/** Everything stored about the caller; loose, so a field the database adds is never dropped. */
export const dataExport = z.looseObject({
	format: z.literal('werkplaats-export/1'),
	exported_at: timestamp,
	account: z
		.object({
			id,
			email: z.string().nullable(),
			is_anonymous: z.boolean(),
			created_at: timestamp,
			last_sign_in_at: timestamp.nullable(),
			user_metadata: z.record(z.string(), z.unknown())
		})
		.nullable(),
	profile: z.object({ id, display_name: z.string(), locale, created_at: timestamp }).nullable(),
	memberships: z.array(
		z.object({ team_id: id, team_name: z.string().nullable(), role: teamRole, joined_at: timestamp })
	),
	teams_created: z.array(z.object({ id, name: z.string(), created_at: timestamp })),
	sessions_created: z.array(
		z.object({ id, team_id: id, title: z.string(), held_on: z.string(), created_at: timestamp })
	),
	invites_created: z.array(
		z.object({
			id,
			team_id: id,
			role: teamRole,
			created_at: timestamp,
			expires_at: timestamp,
			revoked_at: timestamp.nullable(),
			accepted_count: count
		})
	),
	dilemma_sets_created: z.array(
		z.object({ id, team_id: id.nullable(), name: z.string(), version: count, created_at: timestamp })
	),
	session_participations: z.array(
		z.object({
			session_id: id,
			session_title: z.string().nullable(),
			held_on: z.string().nullable(),
			display_name: z.string(),
			joined_at: timestamp
		})
	),
	positions: z.array(
		z.object({
			session_id: id,
			session_title: z.string(),
			held_on: z.string(),
			round_id: id,
			dilemma_slug: z.string(),
			stage: z.enum(['before', 'after']),
			value: z.number().int(),
			desired: z.number().int().nullable(),
			updated_at: timestamp
		})
	),
	reflections: z.array(reflection),
	follow_ups: z.array(
		z.object({
			id,
			team_id: id,
			session_id: id,
			dilemma_slug: z.string(),
			body: z.string(),
			owner_name: z.string().nullable(),
			due_on: z.string().nullable(),
			status: followUpStatus,
			created_at: timestamp,
			i_wrote_it: z.boolean().nullable(),
			i_take_it_up: z.boolean().nullable(),
			reviews: z.array(z.object({ session_id: id, outcome: followUpOutcome, note: z.string(), reviewed_at: timestamp }))
		})
	)
});
export type DataExport = z.infer<typeof dataExport>;

export const historyCalls = {
	my_history: { args: z.object({ dilemmaSlug }), result: z.array(historyItem) },
	team_trend: { args: z.object({ teamId: id, dilemmaSlug }), result: z.array(trendPoint) },
	team_profile: { args: z.object({ teamId: id, sessionId: id, lang: locale }), result: teamProfile },
	compare_sessions: {
		args: z.object({ teamId: id, sessionA: id, sessionB: id, lang: locale }),
		result: sessionComparison
	},
	my_data_export: { args: z.object({}), result: dataExport },
	delete_my_account: { args: z.object({}), result: none },
	team_agenda: { args: z.object({ teamId: id, lang: locale }), result: z.array(agendaFacts) }
} as const satisfies Calls;
