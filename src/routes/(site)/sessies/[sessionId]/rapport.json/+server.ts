import type { RequestHandler } from './$types';
import { toJsonExport } from '$lib/domain/session-export';
import { download, loadSessionReport } from '$lib/server/session-report';

/** The report as session_report returned it, with the statistics of every round and what value/desired mean. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const report = await loadSessionReport(locals, params, url);
	return download(
		JSON.stringify(toJsonExport(report, locals.locale), null, 2) + '\n',
		report.session,
		'json',
		'application/json; charset=utf-8'
	);
};
