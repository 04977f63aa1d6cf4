import type { RequestHandler } from './$types';
import { toMarkdown } from '$lib/domain/session-export';
import { download, loadSessionReport } from '$lib/server/session-report';

/** The report as Markdown: title, date, team, and per dilemma the spread, the shift, notes and agreements. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const report = await loadSessionReport(locals, params, url);
	return download(toMarkdown(report, locals.locale), report.session, 'md', 'text/markdown; charset=utf-8');
};
