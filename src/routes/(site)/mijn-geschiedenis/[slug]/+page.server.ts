import type { PageServerLoad } from './$types';
import { loadError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { renderMarkdown } from '$lib/markdown';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireUser(locals, url);
	try {
		const [{ dilemma }, history] = await Promise.all([
			locals.db.call('dilemma_detail', { slug: params.slug, lang: locals.locale }),
			locals.db.call('my_history', { dilemmaSlug: params.slug })
		]);
		// Markdown is rendered here, on the server, by the one renderer.
		const items = history.map((item) =>
			item.kind === 'reflection' ? { ...item, html: renderMarkdown(item.body_md) } : item
		);
		return {
			dilemma: {
				slug: dilemma.slug,
				title: dilemma.title,
				pole_left: dilemma.pole_left,
				pole_right: dilemma.pole_right
			},
			items
		};
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
