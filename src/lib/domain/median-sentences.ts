/**
 * The short sentences about medians, for people (the report, the phone's thank-you): without
 * the statistics module, so a page that only says them (the phone) loads little.
 * ./session-export re-exports them.
 */
import { translate, type Params } from '$lib/i18n';
import { formatNumber } from './format';
import type { Locale } from './schemas';

/**
 * The median before and after the discussion in one sentence: "De mediaan bleef 39." when it
 * did not move, "De mediaan ging van 39 naar 52." when it did. Equal means equal as printed
 * (one decimal), so a sentence never says "went from 39 to 39".
 */
export function medianSentence(before: number | null, after: number | null, locale: Locale): string {
	const t = (key: string, params?: Params) => translate(locale, `report.median.${key}`, params);
	if (before === null && after === null) return t('none');
	if (after === null) return t('beforeOnly', { before: formatNumber(before as number, locale) });
	if (before === null) return t('afterOnly', { after: formatNumber(after, locale) });
	const from = formatNumber(before, locale);
	const to = formatNumber(after, locale);
	return from === to ? t('stayed', { value: to }) : t('moved', { before: from, after: to });
}

/** One person's own shift, addressed to them: "Je bleef op 84." / "Je ging van 40 naar 55." */
export function personalShiftSentence(before: number, after: number, locale: Locale): string {
	const from = formatNumber(before, locale);
	const to = formatNumber(after, locale);
	return from === to
		? translate(locale, 'report.you.stayed', { value: to })
		: translate(locale, 'report.you.moved', { before: from, after: to });
}
