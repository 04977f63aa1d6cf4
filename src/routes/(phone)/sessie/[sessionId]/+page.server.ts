import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { id } from '$lib/domain/schemas';
import { optionalPositionField, positionField } from '$lib/domain/session-schemas';
import { actionError, parseForm } from '$lib/server/forms';
import { loadPhoneState, sessionIdFrom } from '$lib/server/sessions';
import { renderMarkdown } from '$lib/markdown';
import { summaryRows } from '$lib/domain/session-export';

const castForm = z.object({ roundId: id, value: positionField, desired: optionalPositionField });

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	depends('app:session');
	const sessionId = sessionIdFrom(params, locals.locale);
	if (locals.actor.kind !== 'user') redirect(303, '/doe-mee');
	const state = await loadPhoneState(locals, sessionId);
	if (!state.me && state.session.join_code) redirect(303, `/doe-mee/${state.session.join_code}`);
	// During the review of last time's follow-ups, a member's phone shows the list (RLS gives others none).
	const review =
		state.session.reviewing && state.session.review_count > 0
			? await locals.db.call('session_follow_ups', { sessionId, lang: locals.locale }).then(
					(f) => f.review,
					() => []
				)
			: [];
	return { state, review, closing: state.session.status === 'closed' ? await closingSummary(locals, sessionId) : null };
};

/**
 * What a participant takes home once the session is closed: per dilemma the team's median before
 * and after the discussion and the agreements (the same aggregates the report shows them).
 */
async function closingSummary(locals: App.Locals, sessionId: string) {
	try {
		const locale = locals.locale;
		const report = await locals.db.call('session_report', { sessionId, lang: locale });
		const rows = summaryRows(report, locale);
		return report.rounds.map((round, i) => ({
			position: round.position,
			title: round.dilemma?.title ?? '',
			answered: round.before.length > 0,
			// "De mediaan bleef 39": the report's own sentence, everyone's last point after the discussion.
			sentence: rows[i]!.sentence,
			agreementsHtml: renderMarkdown(round.agreements_md)
		}));
	} catch {
		// The thank-you still shows; the summary is a courtesy, not worth an error page.
		return null;
	}
}

export const actions: Actions = {
	/** Places or moves this participant's point; safe to retry (one row per round, person and stage). */
	cast: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, castForm);
		if (failure) return failure;
		try {
			const cast = await locals.db.call('cast_position', {
				roundId: data.roundId,
				value: data.value,
				desired: data.desired
			});
			return { cast };
		} catch (cause) {
			return actionError(cause);
		}
	}
};
