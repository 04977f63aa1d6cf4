/**
 * Numbers, dates and the short sentences about medians, for people: pure, and without the
 * statistics module, so a page that only formats (the phone) loads little. ./session-export
 * re-exports all of it.
 */
import { translate, type Params } from '$lib/i18n';
import type { Locale } from './schemas';

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
