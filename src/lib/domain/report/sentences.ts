/**
 * The report in sentences and cells for people: who took part, the summary row per dilemma, the
 * clock, the follow-ups and how to read it all. The report page and the Markdown export read
 * these; the plots' own sentences are in ./plot-sentences.
 */
import { lastPoints, median } from '../statistics';
import { translate } from '$lib/i18n';
import type { Locale } from '../schemas';
import { formatDate, formatNumber } from '../format';
import { medianSentence } from '../median-sentences';
import type { ExportFollowUp, ExportReport, ExportRound } from './shapes';
import { roundStatistics } from './statistics';
import { plural } from './plural';

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
	const key =
		names.length >= report.session.participant_count ? 'report.participants.named' : 'report.participants.namedSome';
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
		const after = round.after.length
			? median(
					lastPoints(
						before,
						round.after.map((point) => point.value),
						round.shift
					)
				)
			: null;
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

/** What a position is (the one wording, docs/wording.md), the desired point when asked, and the median. */
export function readingGuide(askDesired: boolean, locale: Locale): string {
	const parts = [translate(locale, 'instrument.now.explain')];
	if (askDesired) parts.push(translate(locale, 'instrument.desired.explain'));
	parts.push(translate(locale, 'report.explain.median'));
	return parts.join(' ');
}
