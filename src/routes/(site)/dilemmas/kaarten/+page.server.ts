import type { PageServerLoad } from './$types';
import { loadError } from '$lib/server/forms';
import { teamParam, teamQuery } from '$lib/server/library';
import { qrSvg } from '$lib/server/qr';

export const load: PageServerLoad = async ({ locals, url }) => {
	const teamId = teamParam(url, locals.locale);
	try {
		const library = await locals.db.call('dilemma_library', { lang: locals.locale, teamId });
		const cards = await Promise.all(
			library.dilemmas.map(async (dilemma) => {
				const link = `${url.origin}/dilemmas/${dilemma.slug}${teamQuery(teamId)}`;
				return { dilemma, link, qr: await qrSvg(link) };
			})
		);
		return { set: library.set, cards, teamId };
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
