/**
 * The one place numbers, dates and times are formatted for people (pages, reports and exports),
 * with the locale and the time zone named: Europe/Amsterdam. Pure, without zod, messages or the
 * statistics module, so any page may import it and load little. ./session-export re-exports
 * part of it.
 */
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
	const date = dateOnly.test(value)
		? new Date(`${value}T12:00:00Z`)
		: /^\d{4}-\d{2}-\d{2}[T ]/.test(value)
			? new Date(value)
			: null;
	return date && !Number.isNaN(date.getTime()) ? date : null;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}:${JSON.stringify(options)}`;
	let found = formats.get(key);
	if (!found)
		formats.set(key, (found = new Intl.DateTimeFormat(languageTag[locale], { ...options, timeZone: TIME_ZONE })));
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

const dayParts = new Intl.DateTimeFormat('en-GB', {
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	timeZone: TIME_ZONE
});
/** The calendar day (`2026-11-23`) a moment falls on in Amsterdam; by default today's. */
export function amsterdamDay(moment: Date | string = new Date()): string {
	const date = typeof moment === 'string' ? toDate(moment) : moment;
	if (!date) return String(moment);
	const parts = dayParts.formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
}
