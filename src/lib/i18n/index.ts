import { getContext, setContext } from 'svelte';
import { BROWSER } from 'esm-env';
import type { Locale } from '$lib/domain/schemas';
import { allMessages } from './bundles';
import { fillTemplate } from './template';
import { errorMessageKey } from './error-key';
import { formatNumber } from '$lib/domain/format';

/**
 * Dutch first, English second. Each feature keeps its texts in messages/<feature>.ts as
 * `{ nl: {...}, en: {...} }`; a unit test checks both languages have the same keys.
 *
 * The server holds every message. The browser holds only what the page in view needs: the root
 * layout sends those bundles, in one language, as data (./routes.ts declares which), and
 * `setI18n` reads them from there. So no message file is part of the browser's JavaScript.
 */
export type Dictionary = Record<string, string>;
export type Params = Record<string, string | number>;

export const locales = ['nl', 'en'] as const satisfies readonly Locale[];
export const defaultLocale: Locale = 'nl';

// BROWSER (esm-env) is a constant of the build: in the browser's build this is `{}`, the bundles
// import is unused and the bundler leaves every message file out. (Not `import.meta.env.SSR`:
// plain Node — Playwright specs, scripts — has no `import.meta.env`.)
export const dictionaries: Record<Locale, Dictionary> = BROWSER ? { nl: {}, en: {} } : allMessages;

/** The page's own messages in the browser (set by `setI18n`); the server never sets it. */
let pageMessages: { locale: () => Locale; messages: () => Dictionary } | undefined;

function lookup(locale: Locale, key: string): string | undefined {
	if (pageMessages && pageMessages.locale() === locale) return pageMessages.messages()[key];
	return dictionaries[locale][key] ?? dictionaries[defaultLocale][key];
}

export function translate(locale: Locale, key: string, params: Params = {}): string {
	return fillTemplate(lookup(locale, key) ?? key, params);
}

/** Translates an error key from the database port or a zod schema; unknown keys get a generic text. */
export function translateError(locale: Locale, key: string, params: Params = {}): string {
	return translate(
		locale,
		errorMessageKey(key, (full) => lookup(locale, full) !== undefined),
		params
	);
}

function translateIn(messages: Dictionary, key: string, params: Params = {}): string {
	return fillTemplate(messages[key] ?? key, params);
}

export type Translate = (key: string, params?: Params) => string;

const contextKey = Symbol('i18n');

/**
 * Set once in the root layout; per request on the server, so users never share a locale.
 * `getMessages` gives the page's messages (the root layout's data); without it (tests, server
 * code) every message is available.
 */
export function setI18n(getLocale: () => Locale, getMessages?: () => Dictionary) {
	// In the browser the sentence helpers of $lib/domain call `translate` too: point it at the page's messages.
	if (getMessages && BROWSER) pageMessages = { locale: getLocale, messages: getMessages };
	const messages = () => (getMessages ? getMessages() : dictionaries[getLocale()]);
	const i18n = {
		get locale() {
			return getLocale();
		},
		t: ((key, params) => translateIn(messages(), key, params)) as Translate,
		/** A number as the reader's language writes it. */
		num: (value: number) => formatNumber(value, getLocale()),
		error: (key: string, params?: Params) =>
			translateIn(
				messages(),
				errorMessageKey(key, (full) => full in messages()),
				params
			)
	};
	setContext(contextKey, i18n);
	return i18n;
}

export function useI18n(): ReturnType<typeof setI18n> {
	return getContext(contextKey);
}

export function pickLocale(value: string | null | undefined, acceptLanguage?: string | null): Locale {
	if (value === 'nl' || value === 'en') return value;
	// A browser that prefers English over Dutch gets English; everyone else Dutch.
	const preferred = (acceptLanguage ?? '')
		.toLowerCase()
		.split(',')
		.map((part) => part.trim().slice(0, 2));
	const en = preferred.indexOf('en');
	const nl = preferred.indexOf('nl');
	return en !== -1 && (nl === -1 || en < nl) ? 'en' : defaultLocale;
}
