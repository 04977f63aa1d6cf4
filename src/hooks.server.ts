import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { env } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { ConfigError, readConfig } from '$lib/server/config';
import { startRuntime, type Runtime } from '$lib/server/runtime';
import { DbClient } from '$lib/server/db/port';
import { isDatabaseOutage } from '$lib/server/db/errors';
import { pickLocale, translate, translateError } from '$lib/i18n';
import { localeCookie } from '$lib/server/locale';
import { provideLiveHub } from '$lib/server/live';
import { configureLimits, readJoinLimits } from '$lib/server/limits';
import { requireRecentNode } from '$lib/node-version.js';

let runtime: Runtime;

export const init: ServerInit = async () => {
	requireRecentNode('the server');
	console.log(`Werkplaats: Node ${process.version}`);
	try {
		runtime = await startRuntime(readConfig({ ...env, ...publicEnv }), console.log, {
			joinLimits: readJoinLimits(env)
		});
		configureLimits(runtime.limits);
		provideLiveHub(runtime.live);
		// adapter-node emits this once the server has closed. Close the database too: PGlite's own
		// timers would otherwise keep the process alive (and a clean close is safer for its files).
		process.once('sveltekit:shutdown', () => {
			runtime.close().catch((error) => console.error('Werkplaats: closing the database failed', error));
		});
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(`Werkplaats cannot start: ${error.message} See .env.example.`);
			process.exit(1);
		}
		throw error;
	}
};

/** Who is asking, and the database port bound to them. */
const identify: Handle = async ({ event, resolve }) => {
	event.locals.auth = runtime.auth.forRequest(event);
	try {
		event.locals.actor = await event.locals.auth.actor();
	} catch (cause) {
		// The cookie could not be read because the database is away: say so, and keep the cookie
		// (treating the person as a visitor would look like a logout).
		if (isDatabaseOutage(cause)) error(503, translateError(event.locals.locale, 'database_unavailable'));
		throw cause;
	}
	event.locals.db = new DbClient(runtime.backend, event.locals.actor);
	event.locals.user = null;
	const actor = event.locals.actor;
	if (actor.kind === 'user' && !actor.isAnonymous) {
		const profile = await event.locals.db.call('my_profile', {}).catch(() => null);
		if (profile)
			event.locals.user = { id: actor.userId, email: actor.email ?? null, displayName: profile.display_name };
	}
	return resolve(event);
};

/** Dutch unless the person chose English (cookie) or their browser prefers it. */
const localize: Handle = async ({ event, resolve }) => {
	event.locals.locale = pickLocale(event.cookies.get(localeCookie), event.request.headers.get('accept-language'));
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
};

/**
 * Pages get SvelteKit's nonce-based CSP (svelte.config.js); everything else (downloads, JSON,
 * the event stream, redirects, and the plain error page of an endpoint) gets one that allows no
 * script and nothing to load, in case a browser is ever talked into rendering it. Inline styles
 * keep that error page readable.
 */
const nothingAllowed =
	"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!response.headers.has('content-security-policy')) response.headers.set('content-security-policy', nothingAllowed);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('cross-origin-opener-policy', 'same-origin');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	// Only where the app itself is reached over HTTPS (ORIGIN or PROTOCOL_HEADER says so).
	if (event.url.protocol === 'https:') response.headers.set('strict-transport-security', 'max-age=31536000');
	return response;
};

export const handle = sequence(securityHeaders, localize, identify);

/** Unexpected errors: logged in full with a reference, shown as one translated sentence. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const locale = pickLocale(event.cookies.get(localeCookie), event.request.headers.get('accept-language'));
	if (status === 404) return { message: translate(locale, 'error.notFound') };
	// SvelteKit's own refusals (405, 413, 415, a malformed request) come in English: say it as a refused form would.
	if (status < 500) return { message: translateError(locale, status === 413 ? 'form_too_large' : 'invalid_input') };
	const id = crypto.randomUUID().slice(0, 8);
	if (isDatabaseOutage(error)) {
		console.error(`[${id}] ${event.request.method} ${event.url.pathname}: the database is unavailable`);
		return { message: translateError(locale, 'database_unavailable'), id };
	}
	console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: translate(locale, 'errors.internal'), id };
};
