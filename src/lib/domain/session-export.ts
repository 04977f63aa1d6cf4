/**
 * The session report as text: summary sentences for the plots, and the three exports
 * (Markdown, CSV, JSON). Pure: no I/O, no clocks; the same report and locale always give the
 * same bytes. Statistics come from ./statistics, never recomputed here.
 *
 * The one import path for the report's users; the parts live in ./report:
 * - shapes.ts: the parts of `SessionReport` read here;
 * - statistics.ts: the statistics of a round;
 * - plot-sentences.ts: the sentences under the plots (spread, shift);
 * - sentences.ts: the other sentences, summary rows and cells for people;
 * - csv.ts, markdown.ts, json.ts: the three exports (CSV fields themselves in ../csv.ts);
 * - filename.ts: the downloads' file names.
 * Numbers and dates live in ./format, the sentences a phone needs in ./median-sentences (no
 * statistics, so light in a browser).
 */
export { formatDate, formatNumber } from './format';
export { medianSentence, personalShiftSentence } from './median-sentences';
export type {
	ExportDilemma,
	ExportFollowUp,
	ExportFollowUps,
	ExportPair,
	ExportPoint,
	ExportReport,
	ExportRound,
	ExportSession
} from './report/shapes';
export {
	desiredValues,
	roundStatistics,
	shiftOfPairs,
	type RoundStatistics,
	type ShiftStatistics
} from './report/statistics';
export {
	clockSentence,
	followUpLine,
	joinList,
	medianCell,
	participantNames,
	participantsText,
	readingGuide,
	summaryRows,
	type SummaryRow
} from './report/sentences';
export { shiftSentence, spreadSentence } from './report/plot-sentences';
export { CSV_BOM, CSV_NEWLINE, csvField, type CsvOptions } from './csv';
export { followUpsCsv, positionRows, toCsv, type PositionRow } from './report/csv';
export { demoteMarkdownHeadings, markdownText, toMarkdown } from './report/markdown';
export { JSON_EXPORT_FORMAT, JSON_EXPORT_VERSION, toJsonExport } from './report/json';
export { exportFilename } from './report/filename';
