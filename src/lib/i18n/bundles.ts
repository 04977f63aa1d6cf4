import common from './messages/common';
import errors from './messages/errors';
import teams from './messages/teams';
import dilemmas from './messages/dilemmas';
import sessions from './messages/sessions';
import sessionsReport from './messages/sessions-report';
import teamTime from './messages/team-time';
import reflections from './messages/reflections';
import networks from './messages/networks';
import instrument from './messages/instrument';
import followUps from './messages/follow-ups';

/**
 * Every message file of the app, by name. Only the server imports this module: a page receives
 * the bundles it needs as data (see ./routes.ts and the root +layout.server.ts).
 */
export const bundles = {
	common,
	errors,
	teams,
	dilemmas,
	sessions,
	sessionsReport,
	teamTime,
	reflections,
	networks,
	instrument,
	followUps
};
export type BundleName = keyof typeof bundles;
export const bundleNames = Object.keys(bundles) as BundleName[];

type Locale = 'nl' | 'en';
function merge(locale: Locale): Record<string, string> {
	return Object.assign({}, ...Object.values(bundles).map((bundle) => bundle[locale]));
}
/** Every message in each language (pure: unused in the browser's build, so dropped there). */
export const allMessages: Record<Locale, Record<string, string>> = {
	nl: /* @__PURE__ */ merge('nl'),
	en: /* @__PURE__ */ merge('en')
};
