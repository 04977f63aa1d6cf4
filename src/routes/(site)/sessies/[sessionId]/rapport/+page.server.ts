import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { renderMarkdown } from '$lib/markdown';
import { clockSentence, followUpLine, participantsText, readingGuide, summaryRows } from '$lib/domain/session-export';
import { actionError } from '$lib/server/forms';
import { sessionIdFrom } from '$lib/server/sessions';
import { loadSessionReport } from '$lib/server/session-report';

/** Notes and agreements sit under the report's h3s: their own headings start at h4. */
const TEXT_HEADINGS = { minHeadingLevel: 4 } as const;

export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
	// The live layer invalidates this when notes, phases or the session status change.
	depends('app:session');
	const report = await loadSessionReport(locals, params, url);
	const changed = url.searchParams.get('status');
	const summary = summaryRows(report, locals.locale);
	return {
		session: report.session,
		participants: participantsText(report, locals.locale),
		guide: readingGuide(report.session.ask_desired, locals.locale),
		// Only what the page shows goes to the browser: no dilemma bodies, notes as safe HTML.
		rounds: report.rounds.map((round, i) => ({
			id: round.id,
			position: round.position,
			phase: round.phase,
			dilemma: round.dilemma
				? {
						slug: round.dilemma.slug,
						title: round.dilemma.title,
						pole_left: round.dilemma.pole_left,
						pole_right: round.dilemma.pole_right
					}
				: null,
			before: round.before,
			after: round.after,
			shift: round.shift,
			summary: summary[i],
			// Every position after the discussion is also in the shift plot: on paper that plot says it all.
			afterInShift: round.after.length > 0 && round.shift.length === round.after.length,
			notesHtml: renderMarkdown(round.notes_md, TEXT_HEADINGS),
			agreementsHtml: renderMarkdown(round.agreements_md, TEXT_HEADINGS),
			time: clockSentence(round.clock, locals.locale),
			followUps: report.follow_ups.made
				.filter((f) => f.round_id === round.id)
				.map((f) => followUpLine(f, locals.locale))
		})),
		review: report.follow_ups.review.map((f) => ({
			id: f.id,
			line: followUpLine(f, locals.locale),
			dilemma: f.dilemma_title ?? f.dilemma_slug,
			outcome: f.outcome,
			note: f.note
		})),
		hasAccount: locals.user !== null,
		statusChanged: changed === 'open' || changed === 'closed' ? changed : null
	};
};

async function setStatus(locals: App.Locals, params: { sessionId: string }, url: URL, status: 'open' | 'closed') {
	const sessionId = sessionIdFrom(params, locals.locale);
	if (locals.actor.kind !== 'user') redirect(303, `/inloggen?next=${encodeURIComponent(url.pathname)}`);
	try {
		await locals.db.call('set_session_status', { sessionId, status });
	} catch (cause) {
		return actionError(cause);
	}
	redirect(303, `/sessies/${sessionId}/rapport?status=${status}`);
}

export const actions: Actions = {
	/** Reopens a closed session, so notes and agreements can be corrected in the presenter view. */
	reopen: ({ locals, params, url }) => setStatus(locals, params, url, 'open'),
	close: ({ locals, params, url }) => setStatus(locals, params, url, 'closed')
};
