import type { Locale } from '$lib/domain/schemas';
import { bundles, type BundleName } from './bundles';

/** Sent to every page: the header, the language switch, the error page and form errors. */
export const alwaysSent: BundleName[] = ['common', 'errors'];

/**
 * The message bundles each page needs beyond `alwaysSent`, by route id without its (groups). A unit test
 * (tests/unit/i18n-routes.test.ts) reads each route's code and fails when a bundle is missing
 * here, or listed without being used.
 */
export const routeBundles: Record<string, BundleName[]> = {
	'/': ['teams', 'reflections'],
	'/dilemmas': ['dilemmas'],
	'/dilemmas/[slug]': ['dilemmas', 'reflections'],
	'/dilemmas/kaarten': ['dilemmas'],
	'/doe-mee/[[code]]': ['sessions'],
	'/inloggen': ['teams'],
	'/mijn-gegevens': ['reflections'],
	'/mijn-geschiedenis/[slug]': ['reflections', 'instrument'],
	'/netwerken': ['networks'],
	'/netwerken/[networkId]': ['networks'],
	'/netwerken/[networkId]/[slug]': ['networks', 'sessionsReport', 'teamTime'],
	'/profiel': [],
	'/reflecties': ['reflections'],
	'/reflecties/[id]': ['reflections', 'instrument', 'sessions'],
	'/reflecties/nieuw': ['reflections', 'instrument', 'sessions'],
	'/registreren': ['teams'],
	'/sessie/[sessionId]': ['sessionsReport', 'networks', 'sessions', 'instrument', 'dilemmas', 'followUps'],
	'/sessies/[sessionId]/presenter': ['sessions', 'instrument', 'sessionsReport', 'networks', 'dilemmas', 'followUps'],
	'/sessies/[sessionId]/rapport': ['sessionsReport', 'networks', 'followUps', 'instrument'],
	'/teams': ['teams'],
	'/teams/[teamId]': ['teams', 'sessions', 'teamTime', 'networks', 'dilemmas', 'followUps'],
	'/teams/[teamId]/dilemmas': ['dilemmas'],
	'/teams/[teamId]/netwerk': ['networks'],
	'/teams/[teamId]/profiel': ['teamTime'],
	'/teams/[teamId]/sessies/nieuw': ['sessions', 'followUps'],
	'/teams/[teamId]/verloop': ['teamTime', 'followUps'],
	'/uitnodiging/[token]': ['teams']
};

/** A route id without its (groups): '/(site)/teams' is '/teams', as its address reads. */
export const withoutGroups = (routeId: string) => routeId.replace(/\/\([^)]+\)/g, '') || '/';

/** The messages of a route in one language, as the root layout sends them to the browser. */
export function messagesFor(routeId: string | null, locale: Locale): Record<string, string> {
	const names = [...alwaysSent, ...((routeId && routeBundles[withoutGroups(routeId)]) || [])];
	return Object.assign({}, ...names.map((name) => bundles[name][locale]));
}
