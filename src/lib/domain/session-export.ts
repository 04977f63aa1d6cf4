/**
 * The session report as text: summary sentences for the plots, and the three exports
 * (Markdown, CSV, JSON). Pure: no I/O, no clocks; the same report and locale always give the
 * same bytes. Statistics come from ./statistics, never recomputed here.
 *
 * The shapes below are the parts of `SessionReport` (src/lib/server/db/api.ts) this module
 * reads; a `SessionReport` is assignable to `ExportReport`.
 */
import {
	shift,
	summarize,
	type ShiftResult,
	type Summary
} from './statistics';
import { translate, type Params } from '$lib/i18n';
import type { Locale } from './schemas';

export interface ExportPoint {
	value: number;
	desired: number | null;
	name: string | null;
}
export interface ExportPair {
	before: number;
	after: number;
	name: string | null;
}
export interface ExportDilemma {
	slug: string;
	title: string;
	pole_left: string;
	pole_right: string;
}
export interface ExportRound {
	position: number;
	phase: string;
	dilemma: ExportDilemma | null;
	notes_md: string;
	agreements_md: string;
	before: ExportPoint[];
	after: ExportPoint[];
	shift: ExportPair[];
}
export interface ExportSession {
	title: string;
	held_on: string;
	status: 'open' | 'closed';
	named_mode: boolean;
	ask_desired: boolean;
	team_name: string | null;
	participant_count: number;
}
export interface ExportReport<R extends ExportRound = ExportRound> {
	session: ExportSession;
	rounds: R[];
}

// ---------------------------------------------------------------------------
// Statistics per round
// ---------------------------------------------------------------------------

/** `statistics.shift` without its per-pair list (the report already has the pairs). */
export type ShiftStatistics = Omit<ShiftResult, 'pairs'>;

export interface RoundStatistics {
	before: Summary;
	after: Summary;
	/** Summaries of the desired points given with the before / after positions. */
	desiredBefore: Summary;
	desiredAfter: Summary;
	shift: ShiftStatistics;
}

/**
 * `statistics.shift` over the report's (before, after) pairs. The pairs carry no identity, so
 * each gets a synthetic participant id; `onlyBefore` / `onlyAfter` are counted against the
 * round's full before / after lists (people who answered once).
 */
export function shiftOfPairs(
	pairs: readonly ExportPair[],
	beforeCount = pairs.length,
	afterCount = pairs.length
): ShiftStatistics {
	const result = shift(
		pairs.map((pair, i) => ({ participant: `p${i}`, value: pair.before })),
		pairs.map((pair, i) => ({ participant: `p${i}`, value: pair.after }))
	);
	const { pairs: _omitted, ...rest } = result;
	return {
		...rest,
		onlyBefore: Math.max(0, beforeCount - result.n),
		onlyAfter: Math.max(0, afterCount - result.n)
	};
}

export const desiredValues = (points: readonly ExportPoint[]): number[] =>
	points.flatMap((point) => (point.desired === null || point.desired === undefined ? [] : [point.desired]));

export function roundStatistics(round: ExportRound): RoundStatistics {
	return {
		before: summarize(round.before.map((point) => point.value)),
		after: summarize(round.after.map((point) => point.value)),
		desiredBefore: summarize(desiredValues(round.before)),
		desiredAfter: summarize(desiredValues(round.after)),
		shift: shiftOfPairs(round.shift, round.before.length, round.after.length)
	};
}

// ---------------------------------------------------------------------------
// Numbers, dates, sentences
// ---------------------------------------------------------------------------

const numberFormats: Record<Locale, Intl.NumberFormat> = {
	nl: new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1, useGrouping: false }),
	en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, useGrouping: false })
};

/** A statistic for people: at most one decimal, with a decimal comma in Dutch (62,5). */
export function formatNumber(value: number, locale: Locale): string {
	// -0 would print as "-0".
	return numberFormats[locale].format(value === 0 ? 0 : value);
}

/** `2026-11-23` as "23 november 2026" / "23 November 2026"; anything else unchanged. */
export function formatDate(isoDate: string, locale: Locale): string {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
	const date = new Date(`${isoDate}T00:00:00Z`);
	if (Number.isNaN(date.getTime())) return isoDate;
	return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** "Mediaan 62, middelste helft tussen 40 en 75, 12 antwoorden." */
export function spreadSentence(summary: Summary, locale: Locale, counting: 'answers' | 'teams' = 'answers'): string {
	const t = (key: string, params?: Params) => translate(locale, `${counting === 'teams' ? 'network' : 'report'}.spread.${key}`, params);
	if (summary.n === 0 || summary.median === null || summary.q1 === null || summary.q3 === null) {
		return t('none');
	}
	if (summary.n === 1) return t('one', { value: formatNumber(summary.median, locale) });
	return t('many', {
		median: formatNumber(summary.median, locale),
		q1: formatNumber(summary.q1, locale),
		q3: formatNumber(summary.q3, locale),
		count: summary.n
	});
}

/**
 * What the shift of a round comes to, in a few sentences: how many moved at least the
 * threshold, the mean absolute shift, the medians, and whether the spread converged.
 */
export function shiftSentence(stats: ShiftStatistics, locale: Locale): string {
	const t = (key: string, params?: Params) => translate(locale, key, params);
	const n = (value: number) => formatNumber(value, locale);
	const parts: string[] = [];
	if (
		stats.n === 0 ||
		stats.meanAbsoluteShift === null ||
		stats.medianBefore === null ||
		stats.medianAfter === null ||
		stats.iqrBefore === null ||
		stats.iqrAfter === null ||
		stats.spreadChange === null
	) {
		parts.push(t('report.shift.none'));
	} else {
		parts.push(t('report.shift.moved', { threshold: stats.threshold, moved: stats.moved, count: stats.n }));
		parts.push(t('report.shift.mean', { mean: n(stats.meanAbsoluteShift) }));
		parts.push(t('report.shift.median', { before: n(stats.medianBefore), after: n(stats.medianAfter) }));
		parts.push(t(`report.shift.${stats.spreadChange}`, { iqrBefore: n(stats.iqrBefore), iqrAfter: n(stats.iqrAfter) }));
	}
	const once = stats.onlyBefore + stats.onlyAfter;
	if (once > 0) parts.push(t('report.shift.once', { count: once }));
	return parts.join(' ');
}

// ---------------------------------------------------------------------------
// File names
// ---------------------------------------------------------------------------

/**
 * `werkplaats-teamdag-voorjaar-2026-11-23.csv`: ASCII letters, digits and dashes only, so it is
 * safe inside a quoted Content-Disposition filename on every platform.
 */
export function exportFilename(title: string, heldOn: string, extension: 'md' | 'csv' | 'json'): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
	const date = /^\d{4}-\d{2}-\d{2}$/.test(heldOn) ? heldOn : '';
	return ['werkplaats', slug || 'sessie', date].filter(Boolean).join('-') + '.' + extension;
}

// ---------------------------------------------------------------------------
// Participants per position row (pseudonyms)
// ---------------------------------------------------------------------------

export interface PositionRow {
	round: number;
	slug: string;
	title: string;
	stage: 'before' | 'after';
	value: number;
	desired: number | null;
	participant: string;
}

/**
 * One row per position, with a participant label: the name in named mode, otherwise a
 * pseudonym "Deelnemer n".
 *
 * Why the pseudonyms are built this way (honesty about what the data can say):
 * - In anonymous mode `session_report` gives, per round, the before list and the after list
 *   without identity, plus the (before, after) pairs of the people who answered both. Those
 *   pairs are the only link between a before row and an after row.
 * - A before row and an after row share a pseudonym only when one pair claims them both: for
 *   each pair we take the first unclaimed before row with exactly the pair's before value and
 *   the first unclaimed after row with exactly its after value. As values match exactly, the
 *   linked (before, after) values in the CSV are precisely the true pairs. What the data cannot
 *   settle: when several rows share a value, which of them is linked is arbitrary, so their
 *   `desired` column may belong to another person with the same value.
 * - Rows no pair claims (people who answered only before or only after) get a pseudonym of
 *   their own, even if in reality that person also has a row in the other stage.
 * - Pseudonyms are numbered through the whole export and never reused across rounds: nothing
 *   links the people of one round to those of another in anonymous mode, so "Deelnemer 3" in
 *   round 2 would falsely suggest the same person as in round 1. Hence there are usually more
 *   pseudonyms than participants.
 * - In named mode a row carries its display name (linked rows get the pair's name). Display
 *   names are not unique; two people called "Anne" cannot be told apart. A row without a name
 *   (the participant record is gone) falls back to a pseudonym.
 * Within a round the rows keep the report's order: before rows, then after rows, each by value.
 */
export function positionRows(report: ExportReport, locale: Locale): PositionRow[] {
	let counter = 0;
	const pseudonym = () => translate(locale, 'report.participant', { n: ++counter });
	const rows: PositionRow[] = [];

	for (const round of report.rounds) {
		const slug = round.dilemma?.slug ?? '';
		const title = round.dilemma?.title ?? '';
		const afterOfBefore = new Map<number, number>();
		const claimedAfter = new Set<number>();
		for (const pair of round.shift) {
			const sameName = (point: ExportPoint) => pair.name === null || point.name === null || point.name === pair.name;
			const b = round.before.findIndex((point, i) => !afterOfBefore.has(i) && point.value === pair.before && sameName(point));
			const a = round.after.findIndex((point, i) => !claimedAfter.has(i) && point.value === pair.after && sameName(point));
			// Inconsistent input (a pair without matching rows): leave the rows unlinked rather than guess.
			if (b === -1 || a === -1) continue;
			afterOfBefore.set(b, a);
			claimedAfter.add(a);
		}

		const labelOfAfter = new Map<number, string>();
		round.before.forEach((point, i) => {
			const label = point.name ?? pseudonym();
			const a = afterOfBefore.get(i);
			if (a !== undefined) labelOfAfter.set(a, label);
			rows.push({ round: round.position, slug, title, stage: 'before', value: point.value, desired: point.desired ?? null, participant: label });
		});
		round.after.forEach((point, i) => {
			const label = labelOfAfter.get(i) ?? point.name ?? pseudonym();
			rows.push({ round: round.position, slug, title, stage: 'after', value: point.value, desired: point.desired ?? null, participant: label });
		});
	}
	return rows;
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

export const CSV_BOM = '\uFEFF';
export const CSV_NEWLINE = '\r\n';

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would read as a formula (starting with
 * = + - @, a tab or a carriage return) gets a leading single quote first; then fields with
 * the delimiter, a quote or a line break are quoted, with quotes doubled. Numbers are written
 * as they are (positions are 0..100, never negative, so never formula-like).
 */
export function csvField(value: string | number | null | undefined, delimiter: ',' | ';' = ','): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let text = value;
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	if (text.includes(delimiter) || /["\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
	return text;
}

export interface CsvOptions {
	/** ',' (RFC 4180, the default) or ';' (what Excel expects with Dutch regional settings). */
	delimiter?: ',' | ';';
}

/**
 * All positions of the session as CSV: UTF-8 with a byte order mark (so Excel reads é and ’),
 * CRLF line ends, a header row in the report's language, one row per position; see
 * `positionRows` for the participant column.
 */
export function toCsv(report: ExportReport, locale: Locale, options: CsvOptions = {}): string {
	const delimiter = options.delimiter ?? ',';
	const t = (key: string) => translate(locale, key);
	const line = (fields: (string | number | null)[]) => fields.map((field) => csvField(field, delimiter)).join(delimiter);
	const header = line(
		['round', 'dilemma', 'title', 'stage', 'value', 'desired', 'participant'].map((column) => t(`report.csv.${column}`))
	);
	const body = positionRows(report, locale).map((row) =>
		line([row.round, row.slug, row.title, t(`report.csv.${row.stage}`), row.value, row.desired, row.participant])
	);
	return CSV_BOM + [header, ...body].map((record) => record + CSV_NEWLINE).join('');
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

/**
 * Plain text (a title, a pole, a team name) for use inside a Markdown line: one line, and the
 * characters that would start emphasis, links, code, HTML or tables escaped.
 */
export function markdownText(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/[\\`*_[\]<>|~]/g, (ch) => `\\${ch}`);
}

/**
 * The report as Markdown: title, team, date, then per dilemma the poles, the spread before and
 * after (median and middle half), the shift, notes and agreements. Notes and agreements are
 * Markdown already and are included as written.
 */
export function toMarkdown(report: ExportReport, locale: Locale): string {
	const t = (key: string, params?: Params) => translate(locale, key, params);
	const { session } = report;
	const out: string[] = [];
	out.push(`# ${markdownText(session.title)}`, '');
	if (session.team_name) out.push(`- ${t('report.meta.team')}: ${markdownText(session.team_name)}`);
	out.push(`- ${t('report.meta.date')}: ${formatDate(session.held_on, locale)}`);
	out.push(`- ${t('report.meta.participants')}: ${session.participant_count}`);
	out.push(`- ${t('report.meta.status')}: ${t(`report.status.${session.status}`)}`);
	out.push(`- ${t('report.meta.mode')}: ${t(session.named_mode ? 'report.mode.named' : 'report.mode.anonymous')}`);

	for (const round of report.rounds) {
		const stats = roundStatistics(round);
		const heading = round.dilemma ? markdownText(round.dilemma.title) : t('report.round', { position: round.position });
		out.push('', `## ${round.position}. ${heading}`, '');
		if (round.dilemma) {
			out.push(t('report.md.scale', { left: markdownText(round.dilemma.pole_left), right: markdownText(round.dilemma.pole_right) }), '');
		} else {
			out.push(t('report.dilemmaMissing'), '');
		}
		if (round.before.length === 0 && round.after.length === 0) {
			out.push(t('report.notRevealed'));
		} else {
			out.push(`- ${t('report.before')}: ${spreadSentence(stats.before, locale)}`);
			if (stats.desiredBefore.n > 0) {
				out.push(`  - ${t('report.spread.desired', { summary: spreadSentence(stats.desiredBefore, locale) })}`);
			}
			if (round.after.length > 0) {
				out.push(`- ${t('report.after')}: ${spreadSentence(stats.after, locale)}`);
				if (stats.desiredAfter.n > 0) {
					out.push(`  - ${t('report.spread.desired', { summary: spreadSentence(stats.desiredAfter, locale) })}`);
				}
			}
			if (round.shift.length > 0 || round.after.length > 0) {
				out.push(`- ${t('report.shift')}: ${shiftSentence(stats.shift, locale)}`);
			}
		}
		for (const [key, text] of [
			['report.notes', round.notes_md],
			['report.agreements', round.agreements_md]
		] as const) {
			const body = text.replace(/\r\n?/g, '\n').trim();
			if (body) out.push('', `### ${t(key)}`, '', body);
		}
	}
	out.push('', '---', '', t('report.md.generatedBy'), '');
	return out.join('\n');
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

export const JSON_EXPORT_FORMAT = 'werkplaats/session-report';
export const JSON_EXPORT_VERSION = 1;

/**
 * The report as `session_report` returned it (snake_case, as in the database), each round with
 * a `statistics` object from ./statistics (camelCase, as in that module).
 */
export function toJsonExport<R extends ExportRound, S extends ExportSession>(report: { session: S; rounds: R[] }) {
	return {
		format: JSON_EXPORT_FORMAT,
		version: JSON_EXPORT_VERSION,
		session: report.session,
		rounds: report.rounds.map((round) => ({ ...round, statistics: roundStatistics(round) }))
	};
}
