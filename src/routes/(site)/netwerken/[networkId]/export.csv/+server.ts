import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { loadError } from '$lib/server/forms';
import { dilemmaHeads, networkIdFrom } from '$lib/server/networks';
import { networkCsv } from '$lib/domain/network';
import { translateError } from '$lib/i18n';

const levels = { netwerk: 'network', team: 'team' } as const;
const kinds = { kwartaal: 'quarter', jaar: 'year' } as const;
const pick = <T extends Record<string, string>>(map: T, value: string | null): T[keyof T] | null =>
	value !== null && Object.hasOwn(map, value) ? map[value as keyof T] : null;

/**
 * The network comparison for researchers, aggregates only: `?niveau=netwerk|team` and
 * `?periode=kwartaal|jaar` (`&sep=semicolon` for Excel with Dutch settings).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) error(401, translateError(locals.locale, 'not_signed_in'));
	const networkId = networkIdFrom(params, locals.locale);
	const level = pick(levels, url.searchParams.get('niveau') ?? 'netwerk');
	const kind = pick(kinds, url.searchParams.get('periode') ?? 'kwartaal');
	if (!level) error(400, translateError(locals.locale, 'invalid_input'));
	if (!kind) error(400, translateError(locals.locale, 'invalid_period'));
	try {
		const [overview, rows, heads] = await Promise.all([
			locals.db.call('network_overview', { networkId }),
			locals.db.call('network_export', { networkId, periodKind: kind, level }),
			dilemmaHeads(locals)
		]);
		const withTitles = rows.map((row) => ({ ...row, title: heads.get(row.slug)?.title ?? null }));
		const delimiter = url.searchParams.get('sep') === 'semicolon' ? ';' : ',';
		const name =
			overview.name
				.toLowerCase()
				.replace(/[^a-z0-9]+/g, '-')
				.replace(/^-|-$/g, '') || 'netwerk';
		return new Response(networkCsv(withTitles, level, kind, locals.locale, { delimiter }), {
			headers: {
				'content-type': 'text/csv; charset=utf-8; header=present',
				'content-disposition': `attachment; filename="${name}-${level}-${kind}.csv"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (cause) {
		loadError(cause, locals.locale);
	}
};
