import type { RequestHandler } from './$types';
import { toMarkdown } from '$lib/domain/session-export';
import { download, loadSessionReport } from '$lib/server/session-report';

/** The report as Markdown: title, who took part, a summary with medians and agreements, then per dilemma the spread, the shift and notes. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const report = await loadSessionReport(locals, params, url);
	return download(toMarkdown(report, locals.locale), report.session, 'md', 'text/markdown; charset=utf-8');
};
