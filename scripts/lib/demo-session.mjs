// A live session run the way the UI runs it, as the demo facilitator and phones that join by
// code: the same form actions the pages post to (/inloggen, /teams/…/sessies/nieuw, /doe-mee,
// /sessies/…/presenter?/phase, /sessie/…?/cast, /sessies/…/presenter?/notes).
import { succeeded } from './http-client.mjs';

/** Seeded at start-up whenever demo data is on (see src/lib/server/demo.ts). */
export const demo = {
	email: 'fenna@voorbeeld.nl',
	password: 'werkplaats-demo',
	teamId: '7ea70000-0000-4000-8000-000000000001',
	dilemmas: ['zelf-doen-of-overdragen', 'optreden-of-terugtreden']
};

/** Signs the demo facilitator in; the jar then holds their session cookie. */
export async function signInFacilitator(client, jar) {
	const result = await client.action('/inloggen', { jar, form: { email: demo.email, password: demo.password } });
	if (!succeeded(result) || !jar.has('wp_session')) throw new Error(`sign-in failed: ${JSON.stringify(result)}`);
}

/** Creates a session for the demo team and returns its id (from the redirect to the presenter). */
export async function createSession(client, jar, { title, askDesired = true }) {
	const form = { title, heldOn: new Date().toISOString().slice(0, 10), dilemmas: demo.dilemmas };
	if (askDesired) form.askDesired = 'on';
	const result = await client.action(`/teams/${demo.teamId}/sessies/nieuw`, { jar, form });
	const sessionId = String(result.location ?? '').match(/\/sessies\/([0-9a-f-]{36})\/presenter/)?.[1];
	if (!sessionId) throw new Error(`creating the session failed: ${JSON.stringify(result)}`);
	return sessionId;
}

/** The session as the jar's owner may see it (state.json: what the pages reload on events). */
export async function readState(client, jar, sessionId) {
	const response = await client.request(`/sessies/${sessionId}/state.json`, { jar, accept: 'application/json' });
	if (!response.ok) throw new Error(`state.json answered HTTP ${response.status}`);
	return response.json();
}

/** A phone joins by code under a display name: an anonymous participant with its own cookie. */
export async function joinByCode(client, jar, code, displayName) {
	const result = await client.action('/doe-mee?/join', { jar, form: { code, displayName } });
	if (!succeeded(result) || !jar.has('wp_session')) {
		throw new Error(`joining failed: ${result.type} ${result.status} ${JSON.stringify(result.data)}`);
	}
}

/** The facilitator moves round `position` to `phase` (the presenter's big button). */
export async function setPhase(client, jar, sessionId, position, phase) {
	const result = await client.action(`/sessies/${sessionId}/presenter?/phase`, { jar, form: { position, phase } });
	if (!succeeded(result)) throw new Error(`moving round ${position} to ${phase} failed: ${JSON.stringify(result)}`);
}
