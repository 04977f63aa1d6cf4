import type { RequestHandler } from './$types';
import { followUpsCsv, toCsv } from '$lib/domain/session-export';
import { download, loadSessionReport } from '$lib/server/session-report';

/**
 * One row per position (see positionRows in session-export.ts for how participants are labelled).
 * `?sep=semicolon` gives ';' between fields, which Excel expects with Dutch regional settings.
 * `?inhoud=vervolgafspraken` gives the follow-ups instead (reviewed here, made here).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const report = await loadSessionReport(locals, params, url);
	const delimiter = url.searchParams.get('sep') === 'semicolon' ? ';' : ',';
	if (url.searchParams.get('inhoud') === 'vervolgafspraken') {
		return download(
			followUpsCsv(report.follow_ups, locals.locale, { delimiter }),
			report.session,
			'csv',
			'text/csv; charset=utf-8; header=present'
		);
	}
	return download(
		toCsv(report, locals.locale, { delimiter }),
		report.session,
		'csv',
		'text/csv; charset=utf-8; header=present'
	);
};
