import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { teamIdFrom } from '$lib/server/params';
import { translateError } from '$lib/i18n';
import { renderMarkdown } from '$lib/markdown';

/** One dilemma over time: the team's positions per session, and the reflections shared with it. */
export const load: PageServerLoad = async ({ locals, params, url, parent }) => {
	requireUser(locals, url);
	const teamId = teamIdFrom(params, locals.locale);
	const lang = locals.locale;
	const wanted = url.searchParams.get('dilemma');
	try {
		const [, library] = await Promise.all([parent(), locals.db.call('dilemma_library', { lang, teamId })]);
		const dilemmas = library.dilemmas.map((d) => ({
			slug: d.slug,
			number: d.number,
			title: d.title,
			pole_left: d.pole_left,
			pole_right: d.pole_right
		}));
		const base = { dilemmas };
		if (!wanted) return { ...base, dilemma: null, trend: [], shared: [], followUps: [] };
		// Only a dilemma of the team's set: anything else (a typo, a forged slug) is a 404.
		const dilemma = dilemmas.find((d) => d.slug === wanted);
		if (!dilemma) error(404, translateError(lang, 'dilemma_not_found'));
		const [trend, shared, followUps] = await Promise.all([
			locals.db.call('team_trend', { teamId, dilemmaSlug: dilemma.slug }),
			locals.db.call('team_shared_reflections', { teamId, dilemmaSlug: dilemma.slug }),
			locals.db.call('team_follow_ups', { teamId, lang })
		]);
		return {
			...base,
			dilemma,
			trend,
			// The follow-ups on this dilemma, each with how the team judged it at later sessions.
			followUps: followUps.filter((f) => f.dilemma_slug === dilemma.slug),
			shared: shared.map((r) => ({
				id: r.id,
				author_name: r.author_name,
				mine: r.mine,
				value: r.value,
				desired: r.desired,
				shared_at: r.shared_at,
				bodyHtml: renderMarkdown(r.body_md)
			}))
		};
	} catch (cause) {
		loadError(cause, lang);
	}
};
