/**
 * The one place numbers, dates and times are formatted for people (pages, reports and exports),
 * with the locale and the time zone named: Europe/Amsterdam. Also the short sentences about
 * medians. Pure, without zod or the statistics module, so a page that only formats (the phone)
 * loads little. ./session-export re-exports part of it.
 */
import { translate, type Params } from '$lib/i18n';
import type { Locale } from './schemas';

/** Every date and time is shown as it is in the Netherlands: on the server and in any browser alike. */
export const TIME_ZONE = 'Europe/Amsterdam';
const languageTag: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

const numberFormats: Record<Locale, Intl.NumberFormat> = {
	nl: new Intl.NumberFormat(languageTag.nl, { maximumFractionDigits: 1, useGrouping: false }),
	en: new Intl.NumberFormat(languageTag.en, { maximumFractionDigits: 1, useGrouping: false })
};

/** A statistic for people: at most one decimal, with a decimal comma in Dutch (62,5). */
export function formatNumber(value: number, locale: Locale): string {
	// -0 would print as "-0".
	return numberFormats[locale].format(value === 0 ? 0 : value);
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
/**
 * A calendar day (`2026-11-23`, read at noon UTC, so it is that day in Amsterdam too) or a moment
 * (`2026-11-23T23:30:00Z`, the day it is in Amsterdam then); null when it is neither.
 */
function toDate(value: string): Date | null {
	const date = dateOnly.test(value) ? new Date(`${value}T12:00:00Z`) : /^\d{4}-\d{2}-\d{2}[T ]/.test(value) ? new Date(value) : null;
	return date && !Number.isNaN(date.getTime()) ? date : null;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}:${JSON.stringify(options)}`;
	let found = formats.get(key);
	if (!found) formats.set(key, (found = new Intl.DateTimeFormat(languageTag[locale], { ...options, timeZone: TIME_ZONE })));
	return found;
}

/**
 * A day for people, as it is in Amsterdam: "23 november 2026" (long) or "23 nov 2026" (short).
 * Takes a calendar day or a moment; anything else is returned unchanged.
 */
export function formatDate(value: string, locale: Locale, length: 'long' | 'short' = 'long'): string {
	const date = toDate(value);
	return date ? format(locale, { day: 'numeric', month: length, year: 'numeric' }).format(date) : value;
}

/** A moment for people, day and time in Amsterdam: "23 november 2026 om 23:30". */
export function formatDateTime(value: string, locale: Locale): string {
	const date = toDate(value);
	return date ? format(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date) : value;
}

const dayParts = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE });
/** The calendar day (`2026-11-23`) a moment falls on in Amsterdam; by default today's. */
export function amsterdamDay(moment: Date | string = new Date()): string {
	const date = typeof moment === 'string' ? toDate(moment) : moment;
	if (!date) return String(moment);
	const parts = dayParts.formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
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
