/** The report as Markdown (`rapport.md`). */
import { translate, type Params } from '$lib/i18n';
import type { Locale } from '../schemas';
import { formatDate } from '../format';
import type { ExportReport, ExportRound } from './shapes';
import { roundStatistics } from './statistics';
import { clockSentence, followUpLine, medianCell, participantsText, readingGuide, summaryRows } from './sentences';
import { shiftSentence, spreadSentence } from './plot-sentences';

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
			const text = out
				.splice(paragraph)
				.map((part) => part.trim())
				.join(' ');
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
		const header = [
			t('report.summary.dilemma'),
			t('report.summary.before'),
			t('report.summary.after'),
			...(desired ? [t('report.summary.desired')] : [])
		];
		out.push(
			'',
			`| ${header.join(' | ')} |`,
			`| --- | ${header
				.slice(1)
				.map(() => '---:')
				.join(' | ')} |`
		);
		const rows = summaryRows(report, locale);
		report.rounds.forEach((round, i) => {
			const row = rows[i];
			const poles =
				row.poleLeft !== null && row.poleRight !== null
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
			out.push(
				`- ${markdownText(followUpLine(f, locale))} (${markdownText(f.dilemma_title ?? f.dilemma_slug)}): **${outcome}**${f.note ? ` — ${markdownText(f.note)}` : ''}`
			);
		}
	}
	if (followUps?.made.length) {
		out.push('', `## ${t('followUps.title')}`, '');
		for (const f of followUps.made)
			out.push(`- ${markdownText(followUpLine(f, locale))} (${markdownText(f.dilemma_title ?? f.dilemma_slug)})`);
	}

	for (const round of report.rounds) {
		const stats = roundStatistics(round);
		out.push('', `## ${titleOf(round)}`, '');
		if (round.dilemma) {
			out.push(
				t('report.md.scale', {
					left: markdownText(round.dilemma.pole_left),
					right: markdownText(round.dilemma.pole_right)
				}),
				''
			);
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
