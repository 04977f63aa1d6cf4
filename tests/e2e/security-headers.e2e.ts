/**
 * Security headers on every answer the app gives: every page and endpoint (from src/routes),
 * for a member and for a visitor, their redirects, refusals, 404 and 405 pages, the page data
 * and the event stream; and the flags of the cookies it sets over plain HTTP. (Over HTTPS:
 * abuse.e2e.ts starts a server behind an https ORIGIN and checks Secure and HSTS there.)
 */
import { test, expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { routeTargets } from '../fixtures/routes';
import { uniqueEmail } from './support';
import { pageData, password, sessionState, submit } from './hostile';

const address = '198.51.100.4';

/** What every answer carries, page or not. */
function expectCommonHeaders(label: string, headers: Record<string, string>) {
	expect(headers['x-content-type-options'], label).toBe('nosniff');
	expect(headers['referrer-policy'], label).toBe('strict-origin-when-cross-origin');
	expect(headers['x-frame-options'], label).toBe('DENY');
	expect(headers['cross-origin-opener-policy'], label).toBe('same-origin');
	expect(headers['permissions-policy'], label).toBe('camera=(), microphone=(), geolocation=()');
	// Plain HTTP here: HSTS would be meaningless and is left out.
	expect(headers['strict-transport-security'], label).toBeUndefined();
	const csp = headers['content-security-policy'];
	expect(csp, `${label}: no CSP`).toBeTruthy();
	expect(directives(csp)['frame-ancestors'], label).toEqual(["'none'"]);
}

function directives(csp: string): Record<string, string[]> {
	return Object.fromEntries(
		csp
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.filter((words) => words[0])
			.map(([name, ...values]) => [name.toLowerCase(), values])
	);
}

/** A page: scripts only from here or with this answer's nonce, never inline or eval. */
function expectPageCsp(label: string, headers: Record<string, string>, body: string) {
	const csp = directives(headers['content-security-policy']);
	const scripts = csp['script-src'] ?? csp['default-src'];
	expect(scripts, label).toContain("'self'");
	expect(
		scripts.some((v) => /^'nonce-[A-Za-z0-9+/=_-]{16,}'$/.test(v) || /^'sha(256|384|512)-/.test(v)),
		`${label}: script-src without a nonce or hash`
	).toBe(true);
	for (const unsafe of [
		"'unsafe-inline'",
		"'unsafe-eval'",
		"'unsafe-hashes'",
		"'wasm-unsafe-eval'",
		'*',
		'data:',
		'http:',
		'https:'
	])
		expect(scripts, `${label}: ${unsafe} in script-src`).not.toContain(unsafe);
	expect(csp['default-src'], label).toEqual(["'self'"]);
	expect(csp['object-src'], label).toEqual(["'none'"]);
	expect(csp['base-uri'], label).toEqual(["'self'"]);
	expect(csp['form-action'], label).toEqual(["'self'"]);
	// The nonce in the header is the one the page's own inline script carries.
	const nonce = scripts.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
	if (nonce && /<script/.test(body))
		expect(body, `${label}: the page's scripts do not carry the nonce`).toContain(`nonce="${nonce}"`);
}

/** Anything but an app page (JSON, downloads, the stream, redirects, an endpoint's plain error page): no script, nothing to load. */
function expectNothingAllowed(label: string, headers: Record<string, string>, body = '') {
	const csp = directives(headers['content-security-policy']);
	expect(csp['default-src'], label).toEqual(["'none'"]);
	expect(csp['script-src'], label).toBeUndefined();
	expect(body, `${label}: a script where none may run`).not.toMatch(/<script/i);
}

async function check(label: string, response: APIResponse) {
	const headers = response.headers();
	const body = await response.text();
	const name = `${label} (${response.status()})`;
	expectCommonHeaders(name, headers);
	const appPage =
		(headers['content-type'] ?? '').startsWith('text/html') &&
		!directives(headers['content-security-policy'])['default-src']?.includes("'none'");
	if (appPage) expectPageCsp(name, headers, body);
	else expectNothingAllowed(name, headers, body);
	return { status: response.status(), headers, body, appPage };
}

test('every page, endpoint, redirect, refusal and error answers with the security headers', async ({
	playwright
}, testInfo) => {
	test.setTimeout(120_000);
	const baseURL = testInfo.project.use.baseURL!;
	const fresh = () =>
		playwright.request.newContext({
			baseURL,
			extraHTTPHeaders: { origin: baseURL, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': address }
		});
	const [member, visitor] = await Promise.all([fresh(), fresh()]);
	try {
		expect(
			(
				await submit(
					member,
					'/registreren',
					{ displayName: 'Hedda Header', email: uniqueEmail('headers'), password },
					{ html: true }
				)
			).http
		).toBe(303);
		const team = await submit(member, '/teams?/createTeam', { name: 'Team Kopregels' }, { html: true });
		const teamId = team.location!.match(/^\/teams\/([0-9a-f-]{36})/)![1];
		const slug = ((await pageData(member, `/teams/${teamId}/sessies/nieuw`)).dilemmas as { slug: string }[])[0].slug;
		const made = await submit(
			member,
			`/teams/${teamId}/sessies/nieuw`,
			{ title: 'Sessie met kopregels', heldOn: '2026-11-23', dilemmas: [slug] },
			{ html: true }
		);
		const sessionId = made.location!.match(/^\/sessies\/([0-9a-f-]{36})\/presenter$/)![1];
		const code = (await sessionState(member, sessionId)).session.join_code as string;
		const invite = (await submit(member, `/teams/${teamId}?/createInvite`, { role: 'member' })).data!
			.inviteToken as string;
		const reflectionId = crypto.randomUUID();
		expect(
			(
				await member.post('/reflecties/concept', {
					data: {
						id: reflectionId,
						dilemmaSlug: slug,
						version: 0,
						body: 'Kop',
						value: 1,
						desired: null,
						isDraft: false
					}
				})
			).status()
		).toBe(200);
		const concrete = (route: string) =>
			route
				.replace('[[code]]', code)
				.replace('[sessionId]', sessionId)
				.replace('[teamId]', teamId)
				.replace('[id]', reflectionId)
				.replace('[slug]', slug)
				.replace('[token]', invite);

		// Every GET the app has, as the member and as a visitor (who is mostly sent to log in).
		const gets = [
			...new Set(
				routeTargets()
					.filter((t) => t.method === 'GET' && !t.route.endsWith('/events'))
					.map((t) => t.route)
			)
		];
		const statuses = new Map<number, number>();
		for (const route of gets) {
			for (const [who, ctx] of [
				['member', member],
				['visitor', visitor]
			] as const) {
				const url = concrete(route);
				const page = await check(
					`${who} GET ${url}`,
					await ctx.get(url, { headers: { accept: 'text/html' }, maxRedirects: 0 })
				);
				statuses.set(page.status, (statuses.get(page.status) ?? 0) + 1);
				// Every page the member opens is an app page with the nonce policy.
				if (who === 'member' && page.status === 200 && !route.includes('.')) expect(page.appPage, url).toBe(true);
				if (!route.includes('.'))
					await check(
						`${who} GET ${url}/__data.json`,
						await ctx.get(`${url.replace(/\/$/, '')}/__data.json`, { maxRedirects: 0 })
					);
			}
		}
		// Pages, redirects and refusals were all among them.
		expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 303]));

		// Errors: unknown pages, forged ids, wrong methods, refused forms, a refused endpoint.
		const errors: [string, Promise<APIResponse>][] = [
			['404 page', visitor.get('/bestaat-niet', { headers: { accept: 'text/html' } })],
			['404 JSON', visitor.get('/bestaat-niet', { headers: { accept: 'application/json' } })],
			[
				'404 session page',
				member.get('/sessies/5eed0000-dead-4bad-8bad-00000000f00d/rapport', { headers: { accept: 'text/html' } })
			],
			['404 session state', member.get('/sessies/geen-uuid/state.json')],
			['404 stream', visitor.get(`/sessies/${sessionId}/events`)],
			['405 page', member.fetch('/teams', { method: 'PUT', headers: { accept: 'text/html' } })],
			['405 endpoint', member.fetch(`/sessies/${sessionId}/state.json`, { method: 'DELETE' })],
			[
				'400 form page',
				visitor.post('/inloggen', { form: { email: 'geen e-mail', password: '' }, headers: { accept: 'text/html' } })
			],
			[
				'form refusal as JSON (its 400 inside a 200)',
				visitor.post('/inloggen', {
					form: { email: 'geen e-mail', password: '' },
					headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
				})
			],
			['401 autosave', visitor.post('/reflecties/concept', { data: {} })],
			['401 export', visitor.get('/mijn-gegevens/export.json')],
			[
				'303 after a form',
				member.post('/taal', {
					form: { locale: 'nl', redirectTo: '/teams' },
					headers: { accept: 'text/html' },
					maxRedirects: 0
				})
			],
			['HEAD stream', member.fetch(`/sessies/${sessionId}/events`, { method: 'HEAD' })],
			[
				'oversized form',
				visitor.post('/inloggen', {
					data: 'x'.repeat(600 * 1024),
					headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }
				})
			],
			['OPTIONS page', member.fetch('/teams', { method: 'OPTIONS' })]
		];
		for (const [label, pending] of errors) {
			const answer = await check(label, await pending);
			if (label.startsWith('4')) expect(answer.status, label).toBe(Number(label.slice(0, 3)));
			if (label === 'oversized form') expect([400, 413], label).toContain(answer.status);
		}

		// The event stream itself: read its first bytes and leave.
		const controller = new AbortController();
		const cookie = (await member.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
		const stream = await fetch(`${baseURL}/sessies/${sessionId}/events`, {
			headers: { cookie, 'x-forwarded-for': address },
			signal: controller.signal
		});
		expect(stream.status).toBe(200);
		const headers = Object.fromEntries(stream.headers);
		controller.abort();
		expectCommonHeaders('event stream', headers);
		expectNothingAllowed('event stream', headers);
	} finally {
		await Promise.all([member.dispose(), visitor.dispose()]);
	}
});

test('cookies over plain HTTP: the session cookie is httpOnly, SameSite=Lax, for the whole site, and not Secure', async ({
	playwright
}, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const ctx: APIRequestContext = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { origin: baseURL, 'x-forwarded-for': address }
	});
	try {
		const email = uniqueEmail('koekje');
		const attributesOf = (setCookie: string | undefined, name: string) => {
			const line = (setCookie ?? '').split('\n').find((c) => c.startsWith(`${name}=`));
			expect(line, `no ${name} cookie in ${setCookie}`).toBeTruthy();
			return line!
				.split(';')
				.slice(1)
				.map((a) => a.trim().toLowerCase());
		};
		for (const [what, response] of [
			[
				'sign-up',
				await ctx.post('/registreren', {
					form: { displayName: 'Koen Koekje', email, password },
					headers: { accept: 'text/html' },
					maxRedirects: 0
				})
			],
			[
				'log-in',
				await ctx.post('/inloggen', { form: { email, password }, headers: { accept: 'text/html' }, maxRedirects: 0 })
			]
		] as const) {
			expect(response.status(), what).toBe(303);
			const attributes = attributesOf(response.headers()['set-cookie'], 'wp_session');
			expect(attributes, what).toEqual(
				expect.arrayContaining(['path=/', 'httponly', 'samesite=lax', `max-age=${30 * 24 * 3600}`])
			);
			// Over plain HTTP a Secure cookie would never come back, and nobody could stay logged in.
			expect(attributes, what).not.toContain('secure');
		}
		// Logging out clears it for the whole site.
		const out = await ctx.post('/uitloggen', { form: {}, headers: { accept: 'text/html' }, maxRedirects: 0 });
		expect(out.status()).toBe(303);
		const cleared = attributesOf(out.headers()['set-cookie'], 'wp_session');
		expect(cleared).toEqual(expect.arrayContaining(['path=/', 'max-age=0']));
		// The language cookie: not a sign-in, but httpOnly and Lax all the same.
		const language = await ctx.post('/taal', {
			form: { locale: 'en', redirectTo: '/' },
			headers: { accept: 'text/html' },
			maxRedirects: 0
		});
		expect(attributesOf(language.headers()['set-cookie'], 'wp_locale')).toEqual(
			expect.arrayContaining(['path=/', 'httponly', 'samesite=lax'])
		);
	} finally {
		await ctx.dispose();
	}
});

test('answers made before the app’s hooks run carry no headers of ours, and nothing of anyone else’s', async ({
	playwright
}, testInfo) => {
	// SvelteKit refuses a cross-site form post before the hooks, and adapter-node serves the
	// static files itself: neither reaches hooks.server.ts. Each is a fixed text or one of our
	// own files, so there is nothing to inject and nothing to frame; this test keeps it that way.
	const baseURL = testInfo.project.use.baseURL!;
	const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'x-forwarded-for': address } });
	try {
		const crossSite = await ctx.post('/teams?/createTeam', {
			form: { name: '<script>alert(1)</script>' },
			headers: { origin: 'https://evil.example', accept: 'text/html' }
		});
		expect(crossSite.status()).toBe(403);
		// (No content type at all: a browser would sniff this one fixed sentence as text.)
		expect(crossSite.headers()['content-type'] ?? 'text/plain').toMatch(/^text\/plain/);
		expect(await crossSite.text()).toBe('Cross-site POST form submissions are forbidden');

		for (const [path, type] of [
			['/robots.txt', /^text\/plain/],
			['/favicon.svg', /^image\/svg\+xml/]
		] as const) {
			const response = await ctx.get(path);
			expect(response.status(), path).toBe(200);
			expect(response.headers()['content-type'], path).toMatch(type);
			// One of our own files, unchanged by any request.
			expect(await response.text(), path).not.toMatch(/<script|on\w+=/i);
		}
	} finally {
		await ctx.dispose();
	}
});
