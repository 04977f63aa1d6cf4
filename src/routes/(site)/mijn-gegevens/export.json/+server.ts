import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translateError } from '$lib/i18n';
import { loadError } from '$lib/server/forms';
import { amsterdamDay } from '$lib/domain/format';

/** Everything the app keeps about the signed-in person, as my_data_export returns it. */
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) error(401, translateError(locals.locale, 'not_signed_in'));
	let exported: unknown;
	try {
		exported = await locals.db.call('my_data_export', {});
	} catch (cause) {
		loadError(cause, locals.locale);
	}
	const day = amsterdamDay();
	return new Response(JSON.stringify(exported, null, 2) + '\n', {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="werkplaats-mijn-gegevens-${day}.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
