import type { PageServerLoad } from './$types';
import { loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { idOr404, teamIdFrom } from '$lib/server/params';
import type { SessionComparison, StageSummary, TeamProfile } from '$lib/server/db/api';

type ProfileRow = TeamProfile['dilemmas'][number];
type ComparedRow = SessionComparison['dilemmas'][number];

/** What one session says about the team: where it leans, disagrees, and wants to go. */
function profileView(profile: TeamProfile) {
	const shown = profile.dilemmas.filter((d): d is ProfileRow & { before: StageSummary } => d.before !== null);
	return {
		session: profile.session,
		dilemmas: profile.dilemmas,
		// Widest middle half first; ties in the order of the session.
		disagree: [...shown].sort((a, b) => b.before.iqr - a.before.iqr || a.position - b.position),
		// The learning agenda: the median distance between now and desired, largest first.
		gaps: shown
			.filter((d) => d.before.desired_n > 0 && d.before.gap_abs !== null)
			.sort((a, b) => (b.before.gap_abs ?? 0) - (a.before.gap_abs ?? 0) || a.position - b.position)
	};
}

/** Two sessions compared on the positions before the discussion (b minus a). */
function comparisonView(comparison: SessionComparison) {
	const both = comparison.dilemmas.filter(
		(d): d is ComparedRow & { median_change: number; iqr_change: number } =>
			d.median_change !== null && d.iqr_change !== null
	);
	return {
		a: comparison.a,
		b: comparison.b,
		moved: both
			.filter((d) => d.median_change !== 0)
			.sort((x, y) => Math.abs(y.median_change) - Math.abs(x.median_change)),
		converged: both.filter((d) => d.iqr_change < 0).sort((x, y) => x.iqr_change - y.iqr_change),
		diverged: both.filter((d) => d.iqr_change > 0).sort((x, y) => y.iqr_change - x.iqr_change),
		onlyOne: comparison.dilemmas
			.filter((d) => d.median_change === null || d.iqr_change === null)
			.map((d) => d.title ?? d.slug)
	};
}

export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	requireUser(locals, url);
	const teamId = teamIdFrom(params, locals.locale);
	const lang = locals.locale;
	const query = url.searchParams;
	// Ids from the query are checked before anything is asked: a malformed one is a 404, like a foreign one.
	const chosen = query.get('sessie') ? idOr404(query.get('sessie'), lang, 'session_not_found') : null;
	const compareA = query.get('a') ? idOr404(query.get('a'), lang, 'session_not_found') : null;
	const compareB = query.get('b') ? idOr404(query.get('b'), lang, 'session_not_found') : null;
	try {
		const [, sessions] = await Promise.all([parent(), locals.db.call('team_sessions', { teamId })]);
		const newestFirst = [...sessions].sort((x, y) => y.held_on.localeCompare(x.held_on));
		// By default the latest closed session (an open one is still in play), else the latest.
		const sessionId = chosen ?? (newestFirst.find((s) => s.status === 'closed') ?? newestFirst[0])?.id ?? null;
		const [profile, comparison] = await Promise.all([
			sessionId ? locals.db.call('team_profile', { teamId, sessionId, lang }) : null,
			compareA && compareB && compareA !== compareB
				? locals.db.call('compare_sessions', { teamId, sessionA: compareA, sessionB: compareB, lang })
				: null
		]);
		const olderFirst = [...newestFirst].reverse();
		return {
			sessions: newestFirst.map((s) => ({ id: s.id, title: s.title, held_on: s.held_on, status: s.status })),
			profile: profile ? profileView(profile) : null,
			comparison: comparison ? comparisonView(comparison) : null,
			compareSame: compareA !== null && compareA === compareB,
			// The form's defaults: the choice made, else the two latest sessions.
			compareDefaults: {
				a: compareA ?? olderFirst[olderFirst.length - 2]?.id ?? null,
				b: compareB ?? olderFirst[olderFirst.length - 1]?.id ?? null
			}
		};
	} catch (cause) {
		loadError(cause, lang);
	}
};
