import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { actionError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { teamIdFrom } from '$lib/server/params';
import { loadTeamPage } from '$lib/server/teams';
import { translateError } from '$lib/i18n';
import { fieldErrorKeys } from '$lib/i18n/error-key';
import { checkbox, dilemmaSlug, isoDate } from '$lib/domain/schemas';
import { clockMinutes, sessionTitle } from '$lib/domain/session-schemas';
import { rankAgenda } from '$lib/domain/agenda';
import { amsterdamDay } from '$lib/domain/format';

const sessionForm = z.object({
	title: sessionTitle,
	heldOn: isoDate,
	dilemmas: z.array(dilemmaSlug).min(1, { error: 'session_dilemma_count' }).max(20, { error: 'session_dilemma_count' }),
	askDesired: checkbox,
	namedMode: checkbox,
	minutes: z.array(z.union([z.literal('').transform(() => null), clockMinutes], { error: 'clock_minutes' }))
});

export const load: PageServerLoad = async (event) => {
	const { locals, url, parent } = event;
	return loadTeamPage(event, async (teamId) => {
		const [{ team }, library, facts] = await Promise.all([
			parent(),
			locals.db.call('dilemma_library', { lang: locals.locale, teamId }),
			locals.db.call('team_agenda', { teamId, lang: locals.locale })
		]);
		if (team.my_role !== 'facilitator') error(403, translateError(locals.locale, 'facilitator_only'));
		// The learning agenda: what the team's latest sessions suggest, each with its reason.
		const proposals = rankAgenda(
			facts.map((f) => ({
				slug: f.slug,
				number: f.number,
				title: f.title,
				sessionsAgo: f.sessions_ago,
				gap: f.summary?.gap ?? null,
				iqr: f.summary?.iqr ?? null,
				openFollowUps: f.open_follow_ups
			}))
		);
		return {
			proposals,
			// "Neem het voorstel over" ticks the proposal (a link, so it works without JavaScript).
			accepted: url.searchParams.has('voorstel'),
			openFollowUps: facts.reduce((sum, f) => sum + f.open_follow_ups, 0),
			dilemmas: library.dilemmas.map((d) => ({ slug: d.slug, number: d.number, title: d.title, theme: d.theme })),
			today: amsterdamDay()
		};
	});
};

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		const form = await request.formData().catch(() => null);
		if (!form) return fail(400, { error: 'invalid_input' });
		const chosen = form.getAll('dilemmas').filter((v): v is string => typeof v === 'string');
		// The facilitator may number the chosen dilemmas; unnumbered ones keep the library order.
		const orderOf = (slug: string) => {
			const n = Number(form.get(`order-${slug}`));
			return Number.isFinite(n) && n > 0 ? n : 100;
		};
		const ordered = chosen
			.map((slug, index) => ({ slug, index }))
			.sort((a, b) => orderOf(a.slug) - orderOf(b.slug) || a.index - b.index);
		const values = {
			title: String(form.get('title') ?? ''),
			heldOn: String(form.get('heldOn') ?? ''),
			askDesired: form.get('askDesired') === 'on',
			namedMode: form.get('namedMode') === 'on',
			review: form.get('review') === 'on',
			dilemmas: chosen
		};
		const parsed = sessionForm.safeParse({
			title: form.get('title') ?? '',
			heldOn: form.get('heldOn') ?? '',
			dilemmas: ordered.map((o) => o.slug),
			// Minutes per chosen dilemma, in the session's order (empty: no clock for it).
			minutes: ordered.map((o) => {
				const value = form.get(`minutes-${o.slug}`);
				return typeof value === 'string' ? value.trim() : '';
			}),
			askDesired: form.get('askDesired') ?? undefined,
			namedMode: form.get('namedMode') ?? undefined
		});
		if (!parsed.success) return fail(400, { values, errors: fieldErrorKeys(parsed.error.issues) });
		let session;
		try {
			session = await locals.db.call('create_session', {
				teamId,
				title: parsed.data.title,
				heldOn: parsed.data.heldOn,
				dilemmaSlugs: parsed.data.dilemmas,
				askDesired: parsed.data.askDesired,
				namedMode: parsed.data.namedMode
			});
			// The review of open follow-ups is offered as the first step; unticked, the session starts on its first dilemma.
			if (form.get('review') !== 'on')
				await locals.db.call('set_session_review', { sessionId: session.id, reviewing: false }).catch(() => undefined);
			if (parsed.data.minutes.some((m) => m !== null)) {
				await locals.db.call('plan_session_clock', { sessionId: session.id, minutes: parsed.data.minutes });
			}
		} catch (cause) {
			return actionError(cause);
		}
		redirect(303, `/sessies/${session.id}/presenter`);
	}
};
