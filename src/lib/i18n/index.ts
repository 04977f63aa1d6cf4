import { getContext, setContext } from 'svelte';
import type { Locale } from '$lib/domain/schemas';
import common from './messages/common';
import errors from './messages/errors';
import teams from './messages/teams';
import dilemmas from './messages/dilemmas';
import { fillTemplate } from './template';
import sessions from './messages/sessions';
import sessionsReport from './messages/sessions-report';
import teamTime from './messages/team-time';
import reflections from './messages/reflections';
import networks from './messages/networks';
import instrument from './messages/instrument';

/**
 * Dutch first, English second. Each feature keeps its texts in messages/<feature>.ts as
 * `{ nl: {...}, en: {...} }`; a unit test checks both languages have the same keys.
 */
export const bundles = [common, errors, teams, dilemmas, sessions, sessionsReport, teamTime, reflections, networks, instrument];
export type Dictionary = Record<string, string>;
export type Params = Record<string, string | number>;

export const locales = ['nl', 'en'] as const satisfies readonly Locale[];
export const defaultLocale: Locale = 'nl';

function merge(locale: Locale): Dictionary {
	return Object.assign({}, ...bundles.map((bundle) => bundle[locale]));
}
export const dictionaries: Record<Locale, Dictionary> = { nl: merge('nl'), en: merge('en') };

export function translate(locale: Locale, key: string, params: Params = {}): string {
	const text = dictionaries[locale][key] ?? dictionaries[defaultLocale][key] ?? key;
	return fillTemplate(text, params);
}

/** Translates an error key from the database port or a zod schema; unknown keys get a generic text. */
export function translateError(locale: Locale, key: string, params: Params = {}): string {
	const full = `errors.${key}`;
	return full in dictionaries[locale] ? translate(locale, full, params) : translate(locale, 'errors.generic');
}

export type Translate = (key: string, params?: Params) => string;

const contextKey = Symbol('i18n');

/** Set once in the root layout; per request on the server, so users never share a locale. */
export function setI18n(getLocale: () => Locale) {
	const i18n = {
		get locale() {
			return getLocale();
		},
		t: ((key, params) => translate(getLocale(), key, params)) as Translate,
		error: (key: string, params?: Params) => translateError(getLocale(), key, params)
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
	const preferred = (acceptLanguage ?? '').toLowerCase().split(',').map((part) => part.trim().slice(0, 2));
	const en = preferred.indexOf('en');
	const nl = preferred.indexOf('nl');
	return en !== -1 && (nl === -1 || en < nl) ? 'en' : defaultLocale;
}
