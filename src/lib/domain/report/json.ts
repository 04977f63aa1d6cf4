/** The report as JSON (`rapport.json`): the data as the database gave it, with the statistics beside it. */
import { translate } from '$lib/i18n';
import type { Locale } from '../schemas';
import type { ExportFollowUps, ExportRound, ExportSession } from './shapes';
import { roundStatistics } from './statistics';

export const JSON_EXPORT_FORMAT = 'werkplaats/session-report';
export const JSON_EXPORT_VERSION = 1;

/**
 * The report as `session_report` returned it (snake_case, as in the database), each round with
 * a `statistics` object from ./statistics (camelCase, as in that module), and `meaning`: what
 * `value` and `desired` stand for, in the report's language (docs/wording.md).
 */
export function toJsonExport<R extends ExportRound, S extends ExportSession>(
	report: { session: S; rounds: R[]; follow_ups?: ExportFollowUps },
	locale: Locale
) {
	return {
		format: JSON_EXPORT_FORMAT,
		version: JSON_EXPORT_VERSION,
		meaning: { value: translate(locale, 'report.json.value'), desired: translate(locale, 'report.json.desired') },
		session: report.session,
		rounds: report.rounds.map((round) => ({ ...round, statistics: roundStatistics(round) })),
		follow_ups: report.follow_ups ?? { made: [], review: [] }
	};
}
