import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { id, isoDate } from '$lib/domain/schemas';
import {
	followUpBody,
	followUpNote,
	followUpOutcome,
	followUpOwnerName,
	phase,
	expectedVersion,
	roundNotes,
	roundPosition,
	stepDirection
} from '$lib/domain/session-schemas';
import { renderMarkdown } from '$lib/markdown';
import { practiceCase } from '$lib/domain/dilemma-text';
import { formAction, loadError, parseForm, refusalAsFormError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { qrSvg } from '$lib/server/qr';
import { loadSessionState, sessionIdFrom } from '$lib/server/sessions';
import { translateError } from '$lib/i18n';

export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
	depends('app:session');
	requireUser(locals, url);
	const sessionId = sessionIdFrom(params, locals.locale);
	const state = await loadSessionState(locals, sessionId);
	if (!state.session.is_facilitator) error(403, translateError(locals.locale, 'facilitator_only'));
	// Follow-ups (made here, reviewed here) and who in the team may take one up.
	const [followUps, team] = await Promise.all([
		locals.db.call('session_follow_ups', { sessionId, lang: locals.locale }),
		locals.db.call('team_overview', { teamId: state.session.team_id })
	]).catch((cause) => loadError(cause, locals.locale));
	const joinUrl = state.session.join_code ? `${url.origin}/doe-mee/${state.session.join_code}` : null;
	return {
		state,
		followUps,
		members: team.members.map((m) => ({ user_id: m.user_id, display_name: m.display_name })),
		joinUrl,
		joinHost: `${url.host}/doe-mee`,
		qr: joinUrl ? await qrSvg(joinUrl) : null,
		notesHtml: renderMarkdown(state.round.notes_md),
		agreementsHtml: renderMarkdown(state.round.agreements_md),
		caseHtml: state.round.dilemma ? renderMarkdown(practiceCase(state.round.dilemma.body_md) ?? '') : ''
	};
};

const phaseForm = z.object({ position: roundPosition, phase });
/** A step names the step the screen showed, so a double press or a retry never moves twice. */
const stepForm = z.object({
	position: roundPosition,
	phase,
	direction: stepDirection,
	confirmEmpty: z.literal('1').optional()
});
const notesForm = z.object({
	roundId: id,
	notesMd: roundNotes,
	agreementsMd: roundNotes,
	expectedVersion
});

/** A follow-up as the presenter's dialog sends it: a member, or a name typed, or nobody. */
const followUpForm = z.object({
	id,
	roundId: id,
	body: followUpBody,
	owner: z.union([z.literal(''), id], { error: 'follow_up_owner_unknown' }).optional(),
	ownerName: followUpOwnerName.optional(),
	dueOn: z.union([z.literal(''), isoDate], { error: 'invalid_date' }).optional()
});
const reviewForm = z.object({
	followUpId: id,
	outcome: z.union([z.literal(''), followUpOutcome], { error: 'invalid_input' }).optional(),
	note: followUpNote.optional()
});
const reviewingForm = z.object({ reviewing: z.enum(['on', 'off'], { error: 'invalid_input' }) });

export const actions: Actions = {
	/** Marks an agreement of a round as a follow-up (the id is the form's, so a retry saves once). */
	followUp: async ({ request, locals, url }) => {
		requireUser(locals, url);
		return formAction(
			request,
			followUpForm,
			async (data) => {
				await locals.db.call('save_follow_up', {
					id: data.id,
					roundId: data.roundId,
					body: data.body,
					ownerUserId: data.owner || null,
					ownerName: data.owner ? null : data.ownerName || null,
					dueOn: data.dueOn || null
				});
				return { followUpSaved: true };
			},
			(data) => ({ body: data.body })
		);
	},
	deleteFollowUp: async ({ request, locals, url }) => {
		requireUser(locals, url);
		return formAction(request, z.object({ followUpId: id }), async (data) => {
			await locals.db.call('delete_follow_up', { id: data.followUpId });
			return { followUpDeleted: true };
		});
	},
	/** The team's verdict on one follow-up in this session's review. */
	review: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const sessionId = sessionIdFrom(params, locals.locale);
		return formAction(request, reviewForm, async (data) => {
			await locals.db.call('review_follow_up', {
				sessionId,
				followUpId: data.followUpId,
				outcome: data.outcome || null,
				note: data.note ?? ''
			});
			return { reviewed: data.followUpId };
		});
	},
	/** Shows the review of follow-ups (on) or goes on to the dilemmas (off). */
	reviewing: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const sessionId = sessionIdFrom(params, locals.locale);
		return formAction(request, reviewingForm, async (data) => {
			await locals.db.call('set_session_review', { sessionId, reviewing: data.reviewing === 'on' });
			return { moved: true };
		});
	},
	/** Moves a round to a phase (also used to jump to another round). */
	phase: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const sessionId = sessionIdFrom(params, locals.locale);
		return formAction(request, phaseForm, async (data) => {
			await locals.db.call('set_round_phase', { sessionId, position: data.position, phase: data.phase });
			return { moved: true };
		});
	},
	/** One step forward or back from where the screen was; an empty reveal needs `confirmEmpty`. */
	step: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const sessionId = sessionIdFrom(params, locals.locale);
		return formAction(request, stepForm, async (data) => {
			const step = await locals.db.call('step_session', {
				sessionId,
				fromPosition: data.position,
				fromPhase: data.phase,
				direction: data.direction,
				confirmEmpty: data.confirmEmpty === '1'
			});
			return { moved: step.moved };
		});
	},
	notes: async ({ request, locals, url }) => {
		requireUser(locals, url);
		return formAction(
			request,
			notesForm,
			async (data) => {
				const saved = await locals.db.call('save_round_notes', {
					roundId: data.roundId,
					notesMd: data.notesMd,
					agreementsMd: data.agreementsMd,
					expectedVersion: data.expectedVersion
				});
				return { notesSaved: saved.notes_version };
			},
			// Keep what the facilitator typed: nothing written is lost on a conflict.
			(data) => ({ notesMd: data.notesMd, agreementsMd: data.agreementsMd })
		);
	},
	close: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const sessionId = sessionIdFrom(params, locals.locale);
		const { failure } = await parseForm(request, z.object({}));
		if (failure) return fail(400, { error: 'invalid_input' });
		return refusalAsFormError(async () => {
			await locals.db.call('set_session_status', { sessionId, status: 'closed' });
			redirect(303, `/sessies/${sessionId}/rapport`);
		});
	}
};
