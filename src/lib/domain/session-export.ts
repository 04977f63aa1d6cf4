/**
 * The session report as text: summary sentences for the plots, and the three exports
 * (Markdown, CSV, JSON). Pure: no I/O, no clocks; the same report and locale always give the
 * same bytes. Statistics come from ./statistics, never recomputed here.
 *
 * The shapes below are the parts of `SessionReport` (src/lib/server/db/api.ts) this module
 * reads; a `SessionReport` is assignable to `ExportReport`.
 */
import {
	lastPoints,
	median,
	shift,
	summarize,
	type ShiftResult,
	type Summary
} from './statistics';
import { translate, type Params } from '$lib/i18n';
import type { Locale } from './schemas';
import { formatDate, formatNumber } from './format';
import { medianSentence } from './median-sentences';

// Formatting and the sentences a phone needs live in ./format (no statistics, so light in a browser).
export { formatDate, formatNumber } from './format';
export { medianSentence, personalShiftSentence } from './median-sentences';

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
	/** The meeting clock: minutes planned, seconds spent once the dilemma is done. */
	clock?: { planned_minutes: number | null; seconds_spent: number | null };
}
export interface ExportFollowUp {
	round_id: string;
	dilemma_slug: string;
	dilemma_title: string | null;
	session_title: string;
	held_on: string;
	body: string;
	owner: string | null;
	due_on: string | null;
	status: string;
}
export interface ExportFollowUps {
	made: ExportFollowUp[];
	review: (ExportFollowUp & { outcome: string | null; note: string })[];
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
	/** Members of the team only (others get empty lists). */
	follow_ups?: ExportFollowUps;
}

/** "Tijd: 18 van 20 min", or null when the dilemma had no clock and no time was measured. */
export function clockSentence(clock: ExportRound['clock'], locale: Locale): string | null {
	if (!clock || clock.seconds_spent === null) return null;
	const spent = Math.round(clock.seconds_spent / 60);
	return clock.planned_minutes
		? translate(locale, 'clock.spentPlanned', { spent, planned: clock.planned_minutes })
		: translate(locale, 'clock.spent', { spent });
}

/** One line about a follow-up: the sentence, who, by when (plain text). */
export function followUpLine(item: ExportFollowUp, locale: Locale): string {
	const parts = [item.body];
	if (item.owner) parts.push(translate(locale, 'followUps.owner', { owner: item.owner }));
	if (item.due_on) parts.push(translate(locale, 'followUps.due', { date: formatDate(item.due_on, locale) }));
	return parts.join(' · ');
}

/** The follow-ups as CSV (`rapport.csv?inhoud=vervolgafspraken`): those reviewed in the session, then those made in it. */
export function followUpsCsv(followUps: ExportFollowUps, locale: Locale, options: CsvOptions = {}): string {
	const delimiter = options.delimiter ?? ',';
	const line = (fields: (string | number | null)[]) => fields.map((field) => csvField(field, delimiter)).join(delimiter);
	const header = line(['kind', 'session', 'held_on', 'dilemma', 'follow_up', 'owner', 'due_on', 'status', 'note']);
	const rows = [
		...followUps.review.map((f) => line(['review', f.session_title, f.held_on, f.dilemma_slug, f.body, f.owner, f.due_on, f.outcome ?? '', f.note])),
		...followUps.made.map((f) => line(['made', f.session_title, f.held_on, f.dilemma_slug, f.body, f.owner, f.due_on, f.status, '']))
	];
	void locale;
	return CSV_BOM + [header, ...rows].map((record) => record + CSV_NEWLINE).join('');
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

/** `report.<key>.one` for 1, `report.<key>.other` otherwise (Dutch and English need no more forms). */
function plural(locale: Locale, key: string, count: number, params: Params = {}): string {
	return translate(locale, `${key}.${count === 1 ? 'one' : 'other'}`, { count, ...params });
}

/** "punt" after a number that reads as 1, "punten" otherwise. */
function pointsWord(formatted: string, locale: Locale): string {
	return translate(locale, formatted === '1' ? 'report.points.one' : 'report.points.other');
}

/** "Mediaan 62, middelste helft tussen 40 en 75, 12 antwoorden." */
export function spreadSentence(summary: Summary, locale: Locale, counting: 'answers' | 'teams' = 'answers'): string {
	const t = (key: string, params?: Params) => translate(locale, `${counting === 'teams' ? 'network' : 'report'}.spread.${key}`, params);
	if (summary.n === 0 || summary.median === null || summary.q1 === null || summary.q3 === null) {
		return t('none');
	}
	if (summary.n === 1) return t('one', { value: formatNumber(summary.median, locale) });
	const params = {
		median: formatNumber(summary.median, locale),
		q1: formatNumber(summary.q1, locale),
		q3: formatNumber(summary.q3, locale),
		count: summary.n
	};
	// "between 40 and 40" says nothing; the network's texts (messages/networks.ts) have no such variant yet.
	return t(counting === 'answers' && params.q1 === params.q3 ? 'narrow' : 'many', params);
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
		const counts = { threshold: stats.threshold, moved: stats.moved, count: stats.n };
		const movedKey =
			stats.n === 1
				? stats.moved === 1 ? 'single' : 'singleStill'
				: stats.moved === 0 ? 'none' : stats.moved === 1 ? 'one' : stats.moved === stats.n ? 'all' : 'some';
		parts.push(t(`report.shift.moved.${movedKey}`, counts));
		const mean = n(stats.meanAbsoluteShift);
		parts.push(t('report.shift.mean', { mean, points: pointsWord(mean, locale) }));
		parts.push(medianSentence(stats.medianBefore, stats.medianAfter, locale));
		const iqrBefore = n(stats.iqrBefore);
		const iqrAfter = n(stats.iqrAfter);
		const spreadKey = stats.spreadChange === 'unchanged' && iqrBefore === iqrAfter ? 'same' : stats.spreadChange;
		parts.push(t(`report.shift.${spreadKey}`, { iqrBefore, iqrAfter, points: pointsWord(iqrAfter, locale) }));
	}
	const once = stats.onlyBefore + stats.onlyAfter;
	if (once > 0) parts.push(plural(locale, 'report.shift.once', once));
	return parts.join(' ');
}

// ---------------------------------------------------------------------------
// The summary: participants, medians per dilemma
// ---------------------------------------------------------------------------

/** "Anne, Bram en Kim" / "Anne, Bram and Kim". */
export function joinList(items: readonly string[], locale: Locale): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} ${translate(locale, 'report.list.and')} ${items[items.length - 1]}`;
}

/**
 * The names that occur in the report's positions, each once, sorted. Only named sessions carry
 * names (session_report leaves them out in anonymous mode); people who joined but never chose a
 * position are not in the report, so this list can be shorter than `participant_count`.
 */
export function participantNames(report: ExportReport, locale: Locale): string[] {
	if (!report.session.named_mode) return [];
	const names = new Set<string>();
	for (const round of report.rounds) {
		for (const point of [...round.before, ...round.after, ...round.shift]) if (point.name) names.add(point.name);
	}
	return [...names].sort(new Intl.Collator(locale === 'nl' ? 'nl-NL' : 'en-GB').compare);
}

/**
 * Who took part: "4 deelnemers" in anonymous mode; in named mode also the names ("4 deelnemers:
 * Anne, Bram, Kim en Mark", or "5 deelnemers, onder wie ..." when not everyone chose a position).
 */
export function participantsText(report: ExportReport, locale: Locale): string {
	const count = plural(locale, 'report.participants', report.session.participant_count);
	const names = participantNames(report, locale);
	if (names.length === 0) return count;
	const key = names.length >= report.session.participant_count ? 'report.participants.named' : 'report.participants.namedSome';
	return translate(locale, key, { count, names: joinList(names, locale) });
}

export interface SummaryRow {
	position: number;
	title: string | null;
	poleLeft: string | null;
	poleRight: string | null;
	/** Medians before the discussion, and of everyone's last point after it (null: nobody, or not revealed). */
	before: number | null;
	after: number | null;
	/** Median of the desired points, before and after (null when none were given). */
	desiredBefore: number | null;
	desiredAfter: number | null;
	/** "De mediaan bleef 39." and its kin, see medianSentence. */
	sentence: string;
}

/** One row per dilemma for the report's first page and the Markdown summary. */
export function summaryRows(report: ExportReport, locale: Locale): SummaryRow[] {
	return report.rounds.map((round) => {
		const stats = roundStatistics(round);
		// After the discussion, once anyone re-positioned: everyone's last point (who did not
		// re-position stayed put). Nobody re-positioned: there is no "after" to speak of.
		const before = round.before.map((point) => point.value);
		const after = round.after.length ? median(lastPoints(before, round.after.map((point) => point.value), round.shift)) : null;
		return {
			position: round.position,
			title: round.dilemma?.title ?? null,
			poleLeft: round.dilemma?.pole_left ?? null,
			poleRight: round.dilemma?.pole_right ?? null,
			before: stats.before.median,
			after,
			desiredBefore: stats.desiredBefore.median,
			desiredAfter: stats.desiredAfter.median,
			sentence: medianSentence(stats.before.median, after, locale)
		};
	});
}

/** A median cell: "39", or "55 → 60" for desired points given both times with different medians. */
export function medianCell(first: number | null, second: number | null, locale: Locale): string | null {
	if (first === null && second === null) return null;
	if (first === null || second === null) return formatNumber((first ?? second) as number, locale);
	const a = formatNumber(first, locale);
	const b = formatNumber(second, locale);
	return a === b ? a : `${a} → ${b}`;
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

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
/** Blockquote markers, then at most one list marker: what may stand before a heading in a container. */
const CONTAINER_PREFIX = /^(?: {0,3}>[ \t]?)*(?: {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]+)?/;
const ATX_HEADING = /^( {0,3})(#{1,6})(?=[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;

/**
 * Markdown with every heading `levels` deeper (capped at `######`), so notes written with `#`
 * and `##` sit below the export's own headings. ATX headings (also inside block quotes and list
 * items) get more `#`s; setext headings (a line underlined with === or ---) become ATX headings.
 * Fenced code is left alone, as are `#hashtags` and thematic breaks. Everything else is kept
 * byte for byte. Line-based rather than a full parser: tests/unit/session-export.test.ts checks
 * it against marked's lexer.
 */
export function demoteMarkdownHeadings(markdown: string, levels: number): string {
	const deeper = (depth: number) => '#'.repeat(Math.min(6, depth + levels));
	const out: string[] = [];
	let fence: { char: string; length: number } | null = null;
	/** Index in `out` where the current plain paragraph began (a setext heading's text), or -1. */
	let paragraph = -1;
	/** Inside a block quote or list item until the next blank line: no setext heading can start there. */
	let inContainer = false;
	for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
		if (fence) {
			out.push(line);
			const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
			if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
			continue;
		}
		const open = FENCE_OPEN.exec(line);
		if (open) {
			fence = { char: open[1][0], length: open[1].length };
			paragraph = -1;
			out.push(line);
			continue;
		}
		if (line.trim() === '') {
			paragraph = -1;
			inContainer = false;
			out.push(line);
			continue;
		}
		const prefix = CONTAINER_PREFIX.exec(line)?.[0] ?? '';
		const rest = line.slice(prefix.length);
		const atx = ATX_HEADING.exec(rest);
		if (atx) {
			out.push(prefix + atx[1] + deeper(atx[2].length) + rest.slice(atx[0].length));
			paragraph = -1;
			continue;
		}
		const underline = SETEXT_UNDERLINE.exec(line);
		if (underline && paragraph !== -1) {
			const text = out.splice(paragraph).map((part) => part.trim()).join(' ');
			out.push(`${deeper(underline[1][0] === '=' ? 1 : 2)} ${text}`);
			paragraph = -1;
			continue;
		}
		if (prefix !== '') inContainer = true;
		else if (paragraph === -1 && !inContainer && !/^ {4}|^\t/.test(line) && !underline) paragraph = out.length;
		out.push(line);
	}
	return out.join('\n');
}

/**
 * The report as Markdown, in the order of the page: title and who took part; a summary with the
 * median of every dilemma before and after and all agreements; then per dilemma the poles, the
 * spread before and after, the shift and the notes. Notes and agreements are Markdown already
 * and are included as written, their headings demoted below the export's own (`####` and lower).
 */
export function toMarkdown(report: ExportReport, locale: Locale): string {
	const t = (key: string, params?: Params) => translate(locale, key, params);
	const { session } = report;
	const text = (markdown: string) => demoteMarkdownHeadings(markdown.replace(/\r\n?/g, '\n').trim(), 3);
	const titleOf = (round: ExportRound) =>
		`${round.position}. ${round.dilemma ? markdownText(round.dilemma.title) : t('report.round', { position: round.position })}`;
	const out: string[] = [];
	out.push(`# ${markdownText(session.title)}`, '');
	if (session.team_name) out.push(`- ${t('report.meta.team')}: ${markdownText(session.team_name)}`);
	out.push(`- ${t('report.meta.date')}: ${formatDate(session.held_on, locale)}`);
	out.push(`- ${t('report.meta.participants')}: ${markdownText(participantsText(report, locale))}`);
	out.push(`- ${t('report.meta.status')}: ${t(`report.status.${session.status}`)}`);
	out.push(`- ${t('report.meta.mode')}: ${t(session.named_mode ? 'report.mode.named' : 'report.mode.anonymous')}`);

	out.push('', `## ${t('report.summary.title')}`, '', readingGuide(session.ask_desired, locale));
	if (report.rounds.length > 0) {
		const desired = session.ask_desired;
		const header = [t('report.summary.dilemma'), t('report.summary.before'), t('report.summary.after'), ...(desired ? [t('report.summary.desired')] : [])];
		out.push('', `| ${header.join(' | ')} |`, `| --- | ${header.slice(1).map(() => '---:').join(' | ')} |`);
		const rows = summaryRows(report, locale);
		report.rounds.forEach((round, i) => {
			const row = rows[i];
			const poles = row.poleLeft !== null && row.poleRight !== null
				? ` (${t('report.summary.poles', { left: markdownText(row.poleLeft), right: markdownText(row.poleRight) })})`
				: '';
			const cell = (value: string | null) => value ?? '–';
			const cells = [
				titleOf(round) + poles,
				cell(medianCell(row.before, null, locale)),
				cell(medianCell(row.after, null, locale)),
				...(desired ? [cell(medianCell(row.desiredBefore, row.desiredAfter, locale))] : [])
			];
			out.push(`| ${cells.join(' | ')} |`);
		});
	}
	out.push('', `## ${t('report.summary.agreements')}`);
	const withAgreements = report.rounds.filter((round) => round.agreements_md.trim() !== '');
	if (withAgreements.length === 0) out.push('', t('report.summary.noAgreements'));
	for (const round of withAgreements) out.push('', `### ${titleOf(round)}`, '', text(round.agreements_md));
	const followUps = report.follow_ups;
	if (followUps?.review.length) {
		out.push('', `## ${t('review.reportTitle')}`, '');
		for (const f of followUps.review) {
			const outcome = f.outcome ? t(`followUps.status.${f.outcome}`) : t('review.notReviewed');
			out.push(`- ${markdownText(followUpLine(f, locale))} (${markdownText(f.dilemma_title ?? f.dilemma_slug)}): **${outcome}**${f.note ? ` — ${markdownText(f.note)}` : ''}`);
		}
	}
	if (followUps?.made.length) {
		out.push('', `## ${t('followUps.title')}`, '');
		for (const f of followUps.made) out.push(`- ${markdownText(followUpLine(f, locale))} (${markdownText(f.dilemma_title ?? f.dilemma_slug)})`);
	}

	for (const round of report.rounds) {
		const stats = roundStatistics(round);
		out.push('', `## ${titleOf(round)}`, '');
		if (round.dilemma) {
			out.push(t('report.md.scale', { left: markdownText(round.dilemma.pole_left), right: markdownText(round.dilemma.pole_right) }), '');
		} else {
			out.push(t('report.dilemmaMissing'), '');
		}
		if (round.before.length === 0 && round.after.length === 0) {
			out.push(t('report.notRevealed'));
		} else {
			out.push(`- ${t('report.summary.before')}: ${spreadSentence(stats.before, locale)}`);
			if (stats.desiredBefore.n > 0) {
				out.push(`  - ${t('report.spread.desired', { summary: spreadSentence(stats.desiredBefore, locale) })}`);
			}
			if (round.after.length > 0) {
				out.push(`- ${t('report.summary.after')}: ${spreadSentence(stats.after, locale)}`);
				if (stats.desiredAfter.n > 0) {
					out.push(`  - ${t('report.spread.desired', { summary: spreadSentence(stats.desiredAfter, locale) })}`);
				}
			}
			if (round.shift.length > 0 || round.after.length > 0) {
				out.push(`- ${t('report.shift')}: ${shiftSentence(stats.shift, locale)}`);
			}
		}
		const time = clockSentence(round.clock, locale);
		if (time) out.push(`- ${time}`);
		const notes = text(round.notes_md);
		if (notes) out.push('', `### ${t('report.notes')}`, '', notes);
	}
	out.push('', '---', '', t('report.md.generatedBy'), '');
	return out.join('\n');
}

/** What a position is (the one wording, docs/wording.md), the desired point when asked, and the median. */
export function readingGuide(askDesired: boolean, locale: Locale): string {
	const parts = [translate(locale, 'instrument.now.explain')];
	if (askDesired) parts.push(translate(locale, 'instrument.desired.explain'));
	parts.push(translate(locale, 'report.explain.median'));
	return parts.join(' ');
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

export const JSON_EXPORT_FORMAT = 'werkplaats/session-report';
export const JSON_EXPORT_VERSION = 1;

/**
 * The report as `session_report` returned it (snake_case, as in the database), each round with
 * a `statistics` object from ./statistics (camelCase, as in that module), and `meaning`: what
 * `value` and `desired` stand for, in the report's language (docs/wording.md).
 */
export function toJsonExport<R extends ExportRound, S extends ExportSession>(report: { session: S; rounds: R[]; follow_ups?: ExportFollowUps }, locale: Locale) {
	return {
		format: JSON_EXPORT_FORMAT,
		version: JSON_EXPORT_VERSION,
		meaning: { value: translate(locale, 'report.json.value'), desired: translate(locale, 'report.json.desired') },
		session: report.session,
		rounds: report.rounds.map((round) => ({ ...round, statistics: roundStatistics(round) })),
		follow_ups: report.follow_ups ?? { made: [], review: [] }
	};
}
