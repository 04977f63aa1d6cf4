import { z } from 'zod';
import { dilemmaSlug, id, isoDate, locale, participantName } from '$lib/domain/schemas';
import {
	clockMinutes,
	followUpBody,
	followUpNote,
	followUpOutcome,
	followUpOwnerName,
	followUpStatus,
	joinCode,
	phase,
	position,
	expectedVersion,
	roundNotes,
	roundPosition,
	sessionStatus,
	sessionTitle,
	stepDirection
} from '$lib/domain/session-schemas';
import { dilemma } from './dilemmas';
import { count, none, timestamp, type Calls } from './common';

/** Sessions: creating and joining, the live state, positions, notes, follow-ups and the clock. */

const point = z.object({ value: z.number(), desired: z.number().nullable(), name: z.string().nullable() });
const pair = z.object({ before: z.number(), after: z.number(), name: z.string().nullable() });
export type Point = z.infer<typeof point>;
export type Pair = z.infer<typeof pair>;
const sessionInfo = z.object({
	id,
	team_id: id,
	title: z.string(),
	held_on: z.string(),
	status: sessionStatus,
	join_code: z.string().nullable(),
	named_mode: z.boolean(),
	ask_desired: z.boolean(),
	round_count: count,
	participant_count: count,
	is_facilitator: z.boolean()
});

// Follow-ups, their review in the next session, and the meeting clock (migration 20261204210000).
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
	reviews: z.array(
		z.object({
			session_id: id,
			session_title: z.string(),
			held_on: z.string(),
			outcome: followUpOutcome,
			note: z.string()
		})
	)
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
/** The caller's own answer in one stage. */
const myAnswer = z.object({ value: z.number(), desired: z.number().nullable() });
/** What the live state and the report both say of a round. */
const roundBase = z.object({
	id,
	position: z.number().int(),
	phase,
	dilemma: dilemma.nullable(),
	notes_md: z.string(),
	agreements_md: z.string()
});
export const sessionState = z.object({
	session: sessionInfo.extend({
		/** The projector shows the review of the team's open follow-ups (the first step). */
		reviewing: z.boolean(),
		review_count: count
	}),
	rounds: z.array(z.object({ position: z.number().int(), phase, title: z.string().nullable() })),
	round: roundBase.extend({
		notes_version: z.number().int(),
		counts: z.object({ before: count, after: count }),
		/** Stages whose result has been shown: no more answers there (the step over them is skipped). */
		sealed: z.object({ before: z.boolean(), after: z.boolean() }),
		before: z.array(point).nullable(),
		after: z.array(point).nullable(),
		shift: z.array(pair).nullable(),
		clock: roundClock
	}),
	mine: z.object({ before: myAnswer.optional(), after: myAnswer.optional() }),
	me: z.object({ display_name: z.string() }).nullable()
});
export type SessionState = z.infer<typeof sessionState>;
export const sessionReport = z.object({
	session: sessionInfo.omit({ join_code: true, round_count: true }).extend({ team_name: z.string().nullable() }),
	rounds: z.array(
		roundBase.extend({ before: z.array(point), after: z.array(point), shift: z.array(pair), clock: roundClock })
	),
	follow_ups: sessionFollowUps
});
export type SessionReport = z.infer<typeof sessionReport>;

export const sessionCalls = {
	create_session: {
		args: z.object({
			teamId: id,
			title: sessionTitle,
			heldOn: isoDate,
			dilemmaSlugs: z
				.array(dilemmaSlug)
				.min(1, { error: 'session_dilemma_count' })
				.max(20, { error: 'session_dilemma_count' }),
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
				status: sessionStatus,
				join_code: z.string().nullable(),
				round_count: count,
				participant_count: count
			})
		)
	},
	join_preview: {
		args: z.object({ code: joinCode }),
		result: z.object({ session_id: id, title: z.string(), team_name: z.string() })
	},
	join_session: {
		args: z.object({ code: joinCode, displayName: participantName }),
		result: z.object({ session_id: id })
	},
	/** The server itself (service role) only: an anonymous participant identity without Supabase Auth. */
	register_participant: { args: z.object({ displayName: participantName, locale }), result: id },
	session_state: { args: z.object({ sessionId: id, lang: locale }), result: sessionState },
	session_viewer: {
		args: z.object({ sessionId: id, roundId: id.nullable() }),
		result: z.object({
			is_facilitator: z.boolean(),
			status: sessionStatus,
			current_round: z.number().int(),
			me: z.object({ display_name: z.string() }).nullable(),
			mine: sessionState.shape.mine
		})
	},
	cast_position: {
		args: z.object({ roundId: id, value: position, desired: position.nullable() }),
		result: z.object({
			stage: z.enum(['before', 'after']),
			value: z.number(),
			desired: z.number().nullable(),
			revision: z.coerce.number()
		})
	},
	set_round_phase: { args: z.object({ sessionId: id, position: roundPosition, phase }), result: none },
	step_session: {
		args: z.object({
			sessionId: id,
			fromPosition: roundPosition,
			fromPhase: phase,
			direction: stepDirection,
			confirmEmpty: z.boolean()
		}),
		result: z.object({ moved: z.boolean(), position: z.number().int(), phase })
	},
	save_round_notes: {
		args: z.object({
			roundId: id,
			notesMd: roundNotes,
			agreementsMd: roundNotes,
			expectedVersion
		}),
		result: z.object({ notes_version: z.number().int() })
	},
	set_session_status: { args: z.object({ sessionId: id, status: sessionStatus }), result: none },
	session_report: { args: z.object({ sessionId: id, lang: locale }), result: sessionReport },
	save_follow_up: {
		args: z.object({
			id,
			roundId: id,
			body: followUpBody,
			ownerUserId: id.nullable(),
			ownerName: followUpOwnerName.nullable(),
			dueOn: isoDate.nullable()
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
	team_follow_ups: { args: z.object({ teamId: id, lang: locale }), result: z.array(teamFollowUp) }
} as const satisfies Calls;
