import type { PageServerLoad } from './$types';
import { neighbours } from '$lib/domain/dilemmas';
import { renderMarkdown } from '$lib/markdown';
import { loadError } from '$lib/server/forms';
import { teamParam } from '$lib/server/library';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const teamId = teamParam(url, locals.locale);
	try {
		const library = await locals.db.call('dilemma_library', { lang: locals.locale, teamId });
		const { dilemma } = await locals.db.call('dilemma_detail', { slug: params.slug, lang: locals.locale, teamId });
		const { previous, next } = neighbours(library.dilemmas, dilemma.slug);
		const link = (d: typeof previous) => (d ? { slug: d.slug, title: d.title } : null);
		return {
			set: library.set,
			dilemma,
			bodyHtml: renderMarkdown(dilemma.body_md),
			previous: link(previous),
			next: link(next),
			teamId
		};
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
