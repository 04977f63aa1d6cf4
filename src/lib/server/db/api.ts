import { z } from 'zod';
import { displayName, id, inviteToken, locale, teamName, teamRole } from '$lib/domain/schemas';
import { dilemmaFrontmatterSchema, SLUG_PATTERN } from '$lib/content/dilemma-set';
import { markdownProblem } from '$lib/markdown';

/**
 * The SQL functions the app may call, with zod schemas for their arguments (camelCase here,
 * `p_snake_case` in SQL) and for their results. A function missing here cannot be called.
 */

const timestamp = z.string();
const none = z.null().or(z.literal('')).or(z.undefined()).transform(() => null);

export const profile = z.object({ id, display_name: z.string(), locale });
export const teamSummary = z.object({
	id,
	name: z.string(),
	role: teamRole,
	member_count: z.coerce.number().int()
});
export const teamMember = z.object({
	user_id: id,
	display_name: z.string(),
	role: teamRole,
	joined_at: timestamp
});
export const invite = z.object({
	id,
	token: z.string(),
	role: teamRole,
	expires_at: timestamp,
	accepted_count: z.coerce.number().int().optional()
});
export const teamOverview = z.object({
	id,
	name: z.string(),
	created_at: timestamp,
	my_role: teamRole,
	members: z.array(teamMember),
	invites: z.array(invite)
});
export type TeamOverview = z.infer<typeof teamOverview>;

export const dilemma = z.object({
	id,
	slug: z.string(),
	lang: locale,
	number: z.coerce.number().int(),
	theme: z.string(),
	title: z.string(),
	pole_left: z.string(),
	pole_right: z.string(),
	summary: z.string(),
	body_md: z.string(),
	team_questions: z.array(z.string()),
	reflection_questions: z.array(z.string())
});
export type DilemmaRow = z.infer<typeof dilemma>;
export const dilemmaSetInfo = z.object({
	id,
	name: z.string(),
	version: z.coerce.number().int(),
	team_id: id.nullable(),
	languages: z.array(locale),
	lang: locale
});
/** A validated dilemma on its way into the database (see src/lib/content/dilemma-set.ts). */
export const importedDilemma = dilemmaFrontmatterSchema(99).extend({ language: locale, body: z.string().min(300).max(6000) });
const slug = z.string().regex(SLUG_PATTERN, { error: 'dilemma_not_found' }).max(60, { error: 'dilemma_not_found' });

export const phase = z.enum(['waiting', 'position', 'reveal', 'discuss', 'reposition', 'shift', 'done']);
export type Phase = z.infer<typeof phase>;
export const positionValue = z.coerce.number({ error: 'position_out_of_range' }).int({ error: 'position_out_of_range' }).min(0, { error: 'position_out_of_range' }).max(100, { error: 'position_out_of_range' });
const point = z.object({ value: z.number(), desired: z.number().nullable(), name: z.string().nullable() });
const pair = z.object({ before: z.number(), after: z.number(), name: z.string().nullable() });
export type Point = z.infer<typeof point>;
export type Pair = z.infer<typeof pair>;
export const joinCode = z
	.string({ error: 'join_code_unknown' })
	.trim()
	.toUpperCase()
	.regex(/^[A-HJKMNP-Z2-9]{6}$/, { error: 'join_code_unknown' });
export const participantName = z
	.string({ error: 'participant_name_length' })
	.trim()
	.min(1, { error: 'participant_name_length' })
	.max(40, { error: 'participant_name_length' });
const sessionInfo = z.object({
	id,
	team_id: id,
	title: z.string(),
	held_on: z.string(),
	status: z.enum(['open', 'closed']),
	join_code: z.string().nullable(),
	named_mode: z.boolean(),
	ask_desired: z.boolean(),
	round_count: z.coerce.number().int(),
	participant_count: z.coerce.number().int(),
	is_facilitator: z.boolean()
});

// Follow-ups, their review in the next session, and the meeting clock (migration 20261204210000).
export const followUpStatus = z.enum(['open', 'done', 'partly', 'not_done', 'dropped']);
export type FollowUpStatus = z.infer<typeof followUpStatus>;
export const followUpOutcome = z.enum(['done', 'partly', 'not_done', 'dropped'], { error: 'invalid_input' });
export type FollowUpOutcome = z.infer<typeof followUpOutcome>;
export const followUp = z.object({
	id,
	team_id: id,
	session_id: id,
	round_id: id,
	dilemma_slug: z.string(),
	dilemma_title: z.string().nullable(),
	session_title: z.string(),
	held_on: z.string(),
	body: z.string(),
	owner_user_id: id.nullable(),
	/** The member's name, or the free text typed; null when nobody was named. */
	owner: z.string().nullable(),
	due_on: z.string().nullable(),
	status: followUpStatus,
	created_at: timestamp
});
export type FollowUp = z.infer<typeof followUp>;
export const reviewedFollowUp = followUp.extend({ outcome: followUpOutcome.nullable(), note: z.string() });
export type ReviewedFollowUp = z.infer<typeof reviewedFollowUp>;
export const sessionFollowUps = z.object({ made: z.array(followUp), review: z.array(reviewedFollowUp) });
export type SessionFollowUps = z.infer<typeof sessionFollowUps>;
export const teamFollowUp = followUp.extend({
	reviews: z.array(z.object({ session_id: id, session_title: z.string(), held_on: z.string(), outcome: followUpOutcome, note: z.string() }))
});
export type TeamFollowUp = z.infer<typeof teamFollowUp>;
/** A dilemma's clock: planned minutes, when it started and ended, the database's now. */
export const roundClock = z.object({
	planned_minutes: z.number().int().nullable(),
	started_at: timestamp.nullable(),
	ended_at: timestamp.nullable(),
	/** The database's now (live state only), for browsers to count from. */
	now: timestamp.optional(),
	seconds_spent: z.number().int().nullable()
});
export type RoundClock = z.infer<typeof roundClock>;
export const followUpBody = z
	.string({ error: 'follow_up_length' })
	.trim()
	.min(2, { error: 'follow_up_length' })
	.max(200, { error: 'follow_up_length' });
export const followUpOwnerName = z.string({ error: 'follow_up_owner_length' }).trim().max(60, { error: 'follow_up_owner_length' });
export const followUpNote = z.string({ error: 'follow_up_note_length' }).trim().max(300, { error: 'follow_up_note_length' });
export const clockMinutes = z.coerce
	.number({ error: 'clock_minutes' })
	.int({ error: 'clock_minutes' })
	.min(1, { error: 'clock_minutes' })
	.max(180, { error: 'clock_minutes' });
export const sessionState = z.object({
	session: sessionInfo.extend({
		/** The projector shows the review of the team's open follow-ups (the first step). */
		reviewing: z.boolean(),
		review_count: z.coerce.number().int()
	}),
	rounds: z.array(z.object({ position: z.number().int(), phase, title: z.string().nullable() })),
	round: z.object({
		id,
		position: z.number().int(),
		phase,
		dilemma: dilemma.nullable(),
		notes_md: z.string(),
		agreements_md: z.string(),
		notes_version: z.number().int(),
		counts: z.object({ before: z.coerce.number().int(), after: z.coerce.number().int() }),
		/** Stages whose result has been shown: no more answers there (the step over them is skipped). */
		sealed: z.object({ before: z.boolean(), after: z.boolean() }),
		before: z.array(point).nullable(),
		after: z.array(point).nullable(),
		shift: z.array(pair).nullable(),
		clock: roundClock
	}),
	mine: z.object({
		before: z.object({ value: z.number(), desired: z.number().nullable() }).optional(),
		after: z.object({ value: z.number(), desired: z.number().nullable() }).optional()
	}),
	me: z.object({ display_name: z.string() }).nullable()
});
export type SessionState = z.infer<typeof sessionState>;
export const sessionReport = z.object({
	session: sessionInfo.omit({ join_code: true, round_count: true }).extend({ team_name: z.string().nullable() }),
	rounds: z.array(
		z.object({
			id,
			position: z.number().int(),
			phase,
			dilemma: dilemma.nullable(),
			notes_md: z.string(),
			agreements_md: z.string(),
			before: z.array(point),
			after: z.array(point),
			shift: z.array(pair),
			clock: roundClock
		})
	),
	follow_ups: sessionFollowUps
});
export type SessionReport = z.infer<typeof sessionReport>;

// The reflection journal, a person's own history, the team over time and "my data"
// (migration 20261123160000). Aggregates are percentile_cont, as in $lib/domain/statistics.
/** Saved Markdown must render within the renderer's work budget (issue 11): else a 400 with this key. */
export const renderableMarkdown = (md: string) => markdownProblem(md) === null;
const tooComplex = { error: 'markdown_too_complex' } as const;
export const reflectionBody = z
	.string({ error: 'reflection_too_long' })
	.max(20000, { error: 'reflection_too_long' })
	.refine(renderableMarkdown, tooComplex);
export const reflection = z.object({
	id,
	dilemma_slug: z.string(),
	set_id: id.nullable(),
	body_md: z.string(),
	value: z.number().int().nullable(),
	desired: z.number().int().nullable(),
	is_draft: z.boolean(),
	shared_with_team_id: id.nullable(),
	shared_team_name: z.string().nullable(),
	shared_at: timestamp.nullable(),
	version: z.number().int(),
	created_at: timestamp,
	updated_at: timestamp
});
export type Reflection = z.infer<typeof reflection>;
export const sharedReflection = z.object({
	id,
	dilemma_slug: z.string(),
	author_name: z.string(),
	mine: z.boolean(),
	body_md: z.string(),
	value: z.number().int().nullable(),
	desired: z.number().int().nullable(),
	shared_at: timestamp,
	created_at: timestamp,
	updated_at: timestamp
});
export type SharedReflection = z.infer<typeof sharedReflection>;
/** One round at one stage: null in the results below when hidden (not revealed) or nobody answered. */
export const stageSummary = z.object({
	n: z.coerce.number().int(),
	median: z.number(),
	q1: z.number(),
	q3: z.number(),
	iqr: z.number(),
	desired_n: z.coerce.number().int(),
	desired_median: z.number().nullable(),
	/** Median of (desired - value) over those who gave both; positive = wants to move right. */
	gap: z.number().nullable(),
	gap_abs: z.number().nullable()
});
export type StageSummary = z.infer<typeof stageSummary>;
/** What the learning agenda ranks, per dilemma of the team's set (team_agenda). */
export const agendaFacts = z.object({
	slug: z.string(),
	number: z.coerce.number().int(),
	title: z.string(),
	last_held_on: z.string().nullable(),
	sessions_ago: z.coerce.number().int().nullable(),
	summary: stageSummary.nullable(),
	open_follow_ups: z.coerce.number().int()
});
export type AgendaFacts = z.infer<typeof agendaFacts>;
const stages = { before: stageSummary.nullable(), after: stageSummary.nullable() };
const sessionHead = z.object({
	id,
	title: z.string(),
	held_on: z.string(),
	status: z.enum(['open', 'closed']),
	ask_desired: z.boolean()
});
export const trendPoint = z.object({
	session_id: id,
	title: z.string(),
	held_on: z.string(),
	status: z.enum(['open', 'closed']),
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
const dilemmaHead = { title: z.string().nullable(), pole_left: z.string().nullable(), pole_right: z.string().nullable() };
export const teamProfile = z.object({
	session: sessionHead,
	dilemmas: z.array(z.object({ round_id: id, position: z.number().int(), slug: z.string(), phase, ...dilemmaHead, ...stages }))
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
	memberships: z.array(z.object({ team_id: id, team_name: z.string().nullable(), role: teamRole, joined_at: timestamp })),
	teams_created: z.array(z.object({ id, name: z.string(), created_at: timestamp })),
	sessions_created: z.array(z.object({ id, team_id: id, title: z.string(), held_on: z.string(), created_at: timestamp })),
	invites_created: z.array(
		z.object({
			id,
			team_id: id,
			role: teamRole,
			created_at: timestamp,
			expires_at: timestamp,
			revoked_at: timestamp.nullable(),
			accepted_count: z.coerce.number().int()
		})
	),
	dilemma_sets_created: z.array(
		z.object({ id, team_id: id.nullable(), name: z.string(), version: z.coerce.number().int(), created_at: timestamp })
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

// --- networks -------------------------------------------------------------------------------------
export const periodKind = z.enum(['quarter', 'year'], { error: 'invalid_period' });
export type PeriodKind = z.infer<typeof periodKind>;
export const teamSize = z.enum(['small', 'medium', 'large'], { error: 'invalid_team_size' });
export type TeamSize = z.infer<typeof teamSize>;
export const isoDay = z.iso.date({ error: 'invalid_period' });
const count = z.coerce.number().int();
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
	my_teams: z.array(z.object({ team_id: id, name: z.string(), sharing: z.boolean(), show_name: z.boolean(), label: z.string() })),
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
		z.object({ label: z.string(), name: z.string().nullable(), median, is_mine: z.boolean(), interpretation_md: z.string().nullable() })
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
export const interpretation = z
	.string({ error: 'interpretation_too_long' })
	.max(2000, { error: 'interpretation_too_long' })
	.refine(renderableMarkdown, tooComplex);
/** A team's reading of its result on one dilemma in one period, as saved (null: removed). */
export const networkReading = z
	.object({ slug: z.string(), period_kind: periodKind, period_start: z.string(), body_md: z.string() })
	.nullable();
export type NetworkReading = z.infer<typeof networkReading>;
export const networkStatus = z.enum(['pending', 'approved', 'refused']);
export type NetworkStatus = z.infer<typeof networkStatus>;
/** A team's request to join a network, as its coordinators see it. */
export const networkRequest = z.object({
	team_id: id,
	name: z.string(),
	status: z.enum(['pending', 'refused']),
	requested_at: z.string().nullable(),
	decided_at: z.string().nullable()
});
export type NetworkRequest = z.infer<typeof networkRequest>;
export const networkDecision = z.enum(['approve', 'refuse'], { error: 'invalid_input' });
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

export const api = {
	my_networks: { args: z.object({}), result: z.array(networkSummary) },
	network_overview: { args: z.object({ networkId: id }), result: networkOverview },
	network_dashboard: {
		args: z.object({ networkId: id, periodKind, periodStart: isoDay, teamSize: teamSize.nullable() }),
		result: networkDashboard
	},
	network_dilemma: {
		args: z.object({ networkId: id, dilemmaSlug: slug, periodKind, periodStart: isoDay }),
		result: networkDilemma
	},
	team_vs_network: { args: z.object({ teamId: id, networkId: id }), result: teamVsNetwork },
	network_export: {
		args: z.object({ networkId: id, periodKind, level: z.enum(['network', 'team'], { error: 'invalid_input' }) }),
		result: z.array(networkExportRow)
	},
	team_network_settings: { args: z.object({ teamId: id }), result: z.array(teamNetworkSetting) },
	save_team_network: {
		// A null reading keeps the stored team-level text (retired: readings are per dilemma now).
		args: z.object({ teamId: id, networkId: id, sharing: z.boolean(), showName: z.boolean(), interpretationMd: interpretation.nullable() }),
		result: z.array(teamNetworkSetting)
	},
	save_network_reading: {
		args: z.object({ teamId: id, networkId: id, dilemmaSlug: slug, periodKind, periodStart: isoDay, bodyMd: interpretation }),
		result: networkReading
	},
	leave_network: { args: z.object({ teamId: id, networkId: id }), result: none },
	// The server itself (service_role) only: rewrites queued network aggregates, returns how many
	// keys are still queued (src/lib/server/db/network-queue.ts).
	process_network_queue: { args: z.object({ limit: z.number().int().min(1).max(1000) }), result: z.coerce.number().int().min(0) },
	network_requests: { args: z.object({ networkId: id }), result: z.array(networkRequest) },
	decide_network_request: {
		args: z.object({ networkId: id, teamId: id, decision: networkDecision }),
		result: z.array(networkRequest)
	},
	set_network_threshold: {
		args: z.object({
			networkId: id,
			minContributors: z.coerce.number({ error: 'invalid_threshold' }).int({ error: 'invalid_threshold' }).min(3, { error: 'invalid_threshold' }).max(100, { error: 'invalid_threshold' })
		}),
		result: none
	},
	save_reflection: {
		args: z.object({
			id,
			dilemmaSlug: slug,
			bodyMd: reflectionBody,
			value: positionValue.nullable(),
			desired: positionValue.nullable(),
			isDraft: z.boolean(),
			expectedVersion: z.coerce.number().int().min(0),
			setId: id.optional()
		}),
		result: reflection
	},
	delete_reflection: { args: z.object({ reflectionId: id }), result: none },
	share_reflection: { args: z.object({ reflectionId: id, teamId: id }), result: reflection },
	unshare_reflection: { args: z.object({ reflectionId: id }), result: reflection },
	my_reflections: { args: z.object({ dilemmaSlug: slug.optional() }), result: z.array(reflection) },
	team_shared_reflections: { args: z.object({ teamId: id, dilemmaSlug: slug }), result: z.array(sharedReflection) },
	my_history: { args: z.object({ dilemmaSlug: slug }), result: z.array(historyItem) },
	team_trend: { args: z.object({ teamId: id, dilemmaSlug: slug }), result: z.array(trendPoint) },
	team_profile: { args: z.object({ teamId: id, sessionId: id, lang: locale }), result: teamProfile },
	compare_sessions: { args: z.object({ teamId: id, sessionA: id, sessionB: id, lang: locale }), result: sessionComparison },
	my_data_export: { args: z.object({}), result: dataExport },
	delete_my_account: { args: z.object({}), result: none },
	my_profile: { args: z.object({}), result: profile.nullable() },
	update_profile: { args: z.object({ displayName, locale }), result: profile },
	create_team: { args: z.object({ name: teamName }), result: z.object({ id, name: z.string() }) },
	rename_team: { args: z.object({ teamId: id, name: teamName }), result: z.object({ id, name: z.string() }) },
	my_teams: { args: z.object({}), result: z.array(teamSummary) },
	team_overview: { args: z.object({ teamId: id }), result: teamOverview },
	create_invite: { args: z.object({ teamId: id, role: teamRole }), result: invite },
	revoke_invite: { args: z.object({ inviteId: id }), result: none },
	invite_preview: {
		args: z.object({ token: inviteToken }),
		result: z.object({ team_id: id, team_name: z.string(), role: teamRole, valid: z.boolean() })
	},
	accept_invite: { args: z.object({ token: inviteToken }), result: z.object({ team_id: id }) },
	leave_team: { args: z.object({ teamId: id }), result: none },
	remove_member: { args: z.object({ teamId: id, userId: id }), result: none },
	set_member_role: { args: z.object({ teamId: id, userId: id, role: teamRole }), result: none },
	dilemma_library: {
		args: z.object({ lang: locale, teamId: id.optional() }),
		result: z.object({ set: dilemmaSetInfo, dilemmas: z.array(dilemma) })
	},
	dilemma_detail: {
		args: z.object({ slug, lang: locale, teamId: id.optional() }),
		result: z.object({ set: dilemmaSetInfo, dilemma })
	},
	import_dilemma_set: {
		args: z.object({
			teamId: id.nullable(),
			name: z.string().trim().min(2, { error: 'set_name_length' }).max(120, { error: 'set_name_length' }),
			fingerprint: z.string().regex(/^[a-f0-9]{64}$/),
			dilemmas: z.array(importedDilemma).min(1).max(200)
		}),
		result: z.object({ id, version: z.coerce.number().int(), created: z.boolean() })
	},
	team_dilemma_sets: {
		args: z.object({ teamId: id }),
		result: z.array(
			z.object({
				id,
				name: z.string(),
				version: z.coerce.number().int(),
				builtin: z.boolean(),
				languages: z.array(locale),
				created_at: timestamp,
				active: z.boolean(),
				dilemma_count: z.coerce.number().int()
			})
		)
	},
	activate_dilemma_set: { args: z.object({ teamId: id, setId: id }), result: none },
	create_session: {
		args: z.object({
			teamId: id,
			title: z.string().trim().min(2, { error: 'session_title_length' }).max(120, { error: 'session_title_length' }),
			heldOn: z.iso.date({ error: 'invalid_date' }),
			dilemmaSlugs: z.array(z.string().regex(SLUG_PATTERN).max(60)).min(1, { error: 'session_dilemma_count' }).max(20, { error: 'session_dilemma_count' }),
			askDesired: z.boolean(),
			namedMode: z.boolean()
		}),
		result: z.object({ id, join_code: z.string() })
	},
	team_sessions: {
		args: z.object({ teamId: id }),
		result: z.array(
			z.object({
				id,
				title: z.string(),
				held_on: z.string(),
				status: z.enum(['open', 'closed']),
				join_code: z.string().nullable(),
				round_count: z.coerce.number().int(),
				participant_count: z.coerce.number().int()
			})
		)
	},
	join_preview: {
		args: z.object({ code: joinCode }),
		result: z.object({ session_id: id, title: z.string(), team_name: z.string() })
	},
	join_session: { args: z.object({ code: joinCode, displayName: participantName }), result: z.object({ session_id: id }) },
	/** The server itself (service role) only: an anonymous participant identity without Supabase Auth. */
	register_participant: { args: z.object({ displayName: participantName, locale }), result: id },
	session_state: { args: z.object({ sessionId: id, lang: locale }), result: sessionState },
	session_viewer: {
		args: z.object({ sessionId: id, roundId: id.nullable() }),
		result: z.object({
			is_facilitator: z.boolean(),
			status: z.enum(['open', 'closed']),
			current_round: z.number().int(),
			me: z.object({ display_name: z.string() }).nullable(),
			mine: sessionState.shape.mine
		})
	},
	cast_position: {
		args: z.object({ roundId: id, value: positionValue, desired: positionValue.nullable() }),
		result: z.object({ stage: z.enum(['before', 'after']), value: z.number(), desired: z.number().nullable(), revision: z.coerce.number() })
	},
	set_round_phase: { args: z.object({ sessionId: id, position: z.number().int().min(1).max(20), phase }), result: none },
	step_session: {
		args: z.object({
			sessionId: id,
			fromPosition: z.number().int().min(1).max(20),
			fromPhase: phase,
			direction: z.enum(['forward', 'back']),
			confirmEmpty: z.boolean()
		}),
		result: z.object({ moved: z.boolean(), position: z.number().int(), phase })
	},
	save_round_notes: {
		args: z.object({
			roundId: id,
			notesMd: z.string().max(20000, { error: 'notes_too_long' }),
			agreementsMd: z.string().max(20000, { error: 'notes_too_long' }),
			expectedVersion: z.coerce.number().int().min(0)
		}),
		result: z.object({ notes_version: z.number().int() })
	},
	set_session_status: { args: z.object({ sessionId: id, status: z.enum(['open', 'closed']) }), result: none },
	session_report: { args: z.object({ sessionId: id, lang: locale }), result: sessionReport },
	save_follow_up: {
		args: z.object({
			id,
			roundId: id,
			body: followUpBody,
			ownerUserId: id.nullable(),
			ownerName: followUpOwnerName.nullable(),
			dueOn: z.iso.date({ error: 'invalid_date' }).nullable()
		}),
		result: followUp
	},
	delete_follow_up: { args: z.object({ id }), result: none },
	review_follow_up: {
		args: z.object({ sessionId: id, followUpId: id, outcome: followUpOutcome.nullable(), note: followUpNote }),
		result: z.object({ follow_up_id: id, outcome: followUpOutcome.nullable(), note: z.string() })
	},
	set_session_review: { args: z.object({ sessionId: id, reviewing: z.boolean() }), result: none },
	plan_session_clock: {
		args: z.object({ sessionId: id, minutes: z.array(clockMinutes.nullable()).max(20, { error: 'clock_minutes' }) }),
		result: none
	},
	session_follow_ups: { args: z.object({ sessionId: id, lang: locale }), result: sessionFollowUps },
	team_follow_ups: { args: z.object({ teamId: id, lang: locale }), result: z.array(teamFollowUp) },
	team_agenda: { args: z.object({ teamId: id, lang: locale }), result: z.array(agendaFacts) }
} as const satisfies Record<string, { args: z.ZodObject; result: z.ZodType }>;

export type ApiFunction = keyof typeof api;
export type ApiArgs<F extends ApiFunction> = z.input<(typeof api)[F]['args']>;
export type ApiResult<F extends ApiFunction> = z.output<(typeof api)[F]['result']>;
