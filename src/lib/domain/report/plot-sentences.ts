/**
 * The sentences under the plots, also in the Markdown export: the spread of a stage's answers
 * (SpreadPlot) and the shift of a round (ShiftPlot). Apart from the rest of the report's
 * sentences so the plots carry only what they say.
 */
import type { Summary } from '../statistics';
import { translate, type Params } from '$lib/i18n';
import type { Locale } from '../schemas';
import { formatNumber } from '../format';
import { medianSentence } from '../median-sentences';
import type { ShiftStatistics } from './statistics';
import { plural } from './plural';

/** "punt" after a number that reads as 1, "punten" otherwise. */
function pointsWord(formatted: string, locale: Locale): string {
	return translate(locale, formatted === '1' ? 'report.points.one' : 'report.points.other');
}

/** "Mediaan 62, middelste helft tussen 40 en 75, 12 antwoorden." */
export function spreadSentence(summary: Summary, locale: Locale, counting: 'answers' | 'teams' = 'answers'): string {
	const t = (key: string, params?: Params) =>
		translate(locale, `${counting === 'teams' ? 'network' : 'report'}.spread.${key}`, params);
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
				? stats.moved === 1
					? 'single'
					: 'singleStill'
				: stats.moved === 0
					? 'none'
					: stats.moved === 1
						? 'one'
						: stats.moved === stats.n
							? 'all'
							: 'some';
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
