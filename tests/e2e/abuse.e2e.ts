/**
 * Guessing join codes and passwords, over HTTP. The limits (src/lib/server/limits.ts): wrong
 * join codes per address and per person (10 per 10 minutes each), wrong passwords per address
 * (20) and per account (10). Only wrong guesses count; while a limit holds, the right guess is
 * refused too, with the same answer, so a refusal tells nothing.
 *
 * Addresses: the e2e server runs as behind a proxy (ADDRESS_HEADER=x-forwarded-for, XFF_DEPTH=1,
 * see playwright.config.ts), so each test here uses addresses of its own and the other specs,
 * which join and log in from the same machine, never meet these limits. The last test starts a
 * second server without ADDRESS_HEADER, as a default installation runs, and shows that there
 * the header buys a guesser nothing; it is served as if behind HTTPS, so it shows the Secure
 * cookie and HSTS too.
 */
import { test, expect, type APIRequestContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomInt } from 'node:crypto';
import { rmSync } from 'node:fs';
import { uniqueEmail } from './support';
import * as devalue from 'devalue';
import { dutch, pageData, password, sessionState, submit, type Outcome } from './hostile';

test.describe.configure({ timeout: 240_000 });

const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const randomCode = () => Array.from({ length: 6 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
const tooMany = dutch['errors.too_many_attempts'];

const contexts: APIRequestContext[] = [];
test.afterAll(async () => {
	await Promise.all(contexts.map((ctx) => ctx.dispose()));
});

/** A request context that comes from `address` (as the proxy would report it). */
async function from(
	playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
	baseURL: string,
	address: string,
	storageState?: object
) {
	const ctx = await playwright.request.newContext({
		baseURL,
		storageState,
		extraHTTPHeaders: { origin: baseURL, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': address }
	});
	contexts.push(ctx);
	return ctx;
}

/** Runs `task` for every item, `width` at a time, in the order they finish. */
async function pool<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < items.length) results.push(await task(items[next++]));
		})
	);
	return results;
}

/** A session with its right code, made by a facilitator from an address no test guesses from. */
async function openSession(playwright: Parameters<typeof from>[0], baseURL: string, address: string) {
	const facilitator = await from(playwright, baseURL, address);
	expect(
		(
			await submit(
				facilitator,
				'/registreren',
				{ displayName: 'Fenna Fuzz', email: uniqueEmail('abuse'), password },
				{ html: true }
			)
		).http
	).toBe(303);
	const team = await submit(facilitator, '/teams?/createTeam', { name: 'Team Gokken' }, { html: true });
	const teamId = team.location!.match(/^\/teams\/([0-9a-f-]{36})/)![1];
	const slug = ((await pageData(facilitator, `/teams/${teamId}/sessies/nieuw`)).dilemmas as { slug: string }[])[0].slug;
	const made = await submit(
		facilitator,
		`/teams/${teamId}/sessies/nieuw`,
		{ title: 'Sessie om te raden', heldOn: '2026-11-23', dilemmas: [slug] },
		{ html: true }
	);
	expect(made.http, made.body.slice(0, 300)).toBe(303);
	const sessionId = made.location!.match(/^\/sessies\/([0-9a-f-]{36})\/presenter$/)![1];
	const code = (await sessionState(facilitator, sessionId)).session.join_code as string;
	return { sessionId, code };
}

const join = (ctx: APIRequestContext, code: string, headers?: Record<string, string>) =>
	ctx
		.post('/doe-mee?/join', {
			form: { code, displayName: 'Gokker' },
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true', ...headers },
			maxRedirects: 0
		})
		.then(async (response) => {
			const json = await response.json();
			const data = typeof json.data === 'string' ? devalue.parse(json.data) : undefined;
			return {
				type: json.type as string,
				status: (json.status ?? response.status()) as number,
				location: json.location as string | undefined,
				data
			};
		});

// ---------------------------------------------------------------------------------------------

test('a thousand wrong join codes from one address: after ten, every guess is refused with a 429, the right code too', async ({
	playwright
}, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const { sessionId, code } = await openSession(playwright, baseURL, '203.0.113.1');
	const guesser = await from(playwright, baseURL, '203.0.113.10');
	const wrong = new Set<string>();
	while (wrong.size < 1000) {
		const guess = randomCode();
		if (guess !== code) wrong.add(guess);
	}

	// Fifty at a time, as a script would: the burst must not slip past the count.
	const started = Date.now();
	const answers = await pool([...wrong], 50, (guess) => join(guesser, guess));
	const seconds = (Date.now() - started) / 1000;
	testInfo.annotations.push({
		type: 'guesses',
		description: `1000 wrong join codes answered in ${seconds.toFixed(1)} s`
	});

	const unknown = answers.filter((a) => a.status === 404);
	const refused = answers.filter((a) => a.status === 429);
	expect(unknown.length, 'wrong codes looked up before the limit').toBe(10);
	expect(refused.length).toBe(990);
	for (const a of unknown) expect(a.data.errors.code).toBe('join_code_unknown');
	for (const a of refused) {
		expect(a.type).toBe('failure');
		expect(dutch[`errors.${a.data.error}`]).toBe(tooMany);
	}

	// No oracle: the right code gets the very same answer, by form, by the join page's address,
	// and by its data.
	const right = await join(guesser, code);
	expect([right.type, right.status, right.data.error]).toEqual(['failure', 429, 'too_many_attempts']);
	expect(right.data.values.code).toBe(code);
	const page = await guesser.get(`/doe-mee/${code}`);
	expect(page.status()).toBe(429);
	const html = await page.text();
	expect(html).toContain(tooMany);
	expect(html).not.toContain('Sessie om te raden');
	const data = await guesser.get(`/doe-mee/${code}/__data.json`);
	expect(await data.text()).not.toContain('Sessie om te raden');
	// The join page of a wrong code looks the same.
	expect((await guesser.get(`/doe-mee/${[...wrong][0]}`)).status()).toBe(429);
	// Only the address proxy appended counts (XFF_DEPTH=1): a forged address in front changes nothing.
	expect((await join(guesser, code, { 'x-forwarded-for': '198.51.100.200, 203.0.113.10' })).status).toBe(429);

	// Everyone else, the right code at once: a room next door is not slowed.
	const colleague = await from(playwright, baseURL, '203.0.113.11');
	const joined = await join(colleague, code);
	expect([joined.type, joined.location]).toEqual(['redirect', `/sessie/${sessionId}`]);
	const page2 = await colleague.get(`/doe-mee/${code}`);
	expect(await page2.text()).toContain('Sessie om te raden');
});

test('a room of phones on one address joins with the right code, however many, and typos do not lock it', async ({
	playwright
}, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const { sessionId, code } = await openSession(playwright, baseURL, '203.0.113.2');
	const phones = await Promise.all(Array.from({ length: 40 }, () => from(playwright, baseURL, '203.0.113.20')));
	// Five typos in the room, then forty phones at once with the right code.
	for (let i = 0; i < 5; i++) expect((await join(phones[i], randomCode())).status).toBe(404);
	const joined = await Promise.all(
		phones.map((phone, i) =>
			phone.post('/doe-mee?/join', {
				form: { code: code.toLowerCase(), displayName: `Telefoon ${i + 1}` },
				headers: { accept: 'text/html' },
				maxRedirects: 0
			})
		)
	);
	expect(joined.map((r) => r.status())).toEqual(Array(40).fill(303));
	expect((await sessionState(phones[0], sessionId)).session.participant_count).toBe(40);
});

test('a script with the right code cannot fill a session: joins beyond its allowance are refused with a 429, from any number of addresses', async ({
	playwright
}, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const { sessionId, code } = await openSession(playwright, baseURL, '203.0.113.3');
	// Issue #13 saw 200 joins in 1.3 s. Here 260, each from an address of its own (so only the
	// session's own brake can hold them): 200 at once, then 4 a second (src/lib/server/limits.ts).
	const started = Date.now();
	const outcomes = await pool(
		Array.from({ length: 260 }, (_, i) => i),
		20,
		async (i) => {
			const phone = await from(playwright, baseURL, `198.18.${Math.floor(i / 200)}.${(i % 200) + 1}`);
			return { phone, ...(await join(phone, code)) };
		}
	);
	const seconds = (Date.now() - started) / 1000;
	const refused = outcomes.filter((o) => o.status === 429);
	const joined = outcomes.filter((o) => o.type === 'redirect');
	expect(joined.length + refused.length).toBe(260);
	expect(joined.length).toBeGreaterThanOrEqual(200);
	expect(joined.length).toBeLessThanOrEqual(200 + Math.ceil(seconds * 4) + 1);
	expect(refused[0].data).toMatchObject({ error: 'too_many_joins', values: { code } });
	expect(dutch['errors.too_many_joins']).toMatch(/Wacht/);
	// The presenter's count is exactly who got in, so a room sees strangers arrive.
	expect((await sessionState(joined[0].phone, sessionId)).session.participant_count).toBe(joined.length);
});

test('per person: the identity behind the session cookie takes its wrong guesses to every address', async ({
	playwright
}, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const { sessionId, code } = await openSession(playwright, baseURL, '203.0.113.3');
	const phone = await from(playwright, baseURL, '203.0.113.30');
	expect((await join(phone, code)).location).toBe(`/sessie/${sessionId}`);
	expect((await phone.storageState()).cookies.map((c) => c.name)).toContain('wp_session');

	// Ten wrong codes with that cookie, each from another network: no address reaches its limit, the person does.
	for (let i = 0; i < 10; i++)
		expect((await join(phone, randomCode(), { 'x-forwarded-for': `203.0.113.${40 + i}` })).status).toBe(404);
	const eleventh = await join(phone, code, { 'x-forwarded-for': '203.0.113.60' });
	expect([eleventh.status, eleventh.data.error]).toEqual([429, 'too_many_attempts']);
	// The same network without that cookie is a new visitor and may join.
	const other = await from(playwright, baseURL, '203.0.113.60');
	expect((await join(other, code)).location).toBe(`/sessie/${sessionId}`);
});

test('wrong passwords: refused per account after ten and per address after twenty, the right password too', async ({
	playwright
}, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const email = uniqueEmail('slot');
	const other = uniqueEmail('vrij');
	const signer = await from(playwright, baseURL, '203.0.113.70');
	for (const [address, displayName] of [
		[email, 'Slot Eigenaar'],
		[other, 'Vrije Collega']
	]) {
		expect((await submit(signer, '/registreren', { displayName, email: address, password }, { html: true })).http).toBe(
			303
		);
	}
	const logIn = async (ctx: APIRequestContext, as: string, pass: string): Promise<Outcome & { cookie?: string }> => {
		const o = await submit(ctx, '/inloggen', { email: as, password: pass }, { html: true });
		return { ...o, cookie: o.headers['set-cookie'] };
	};

	// Per account: ten wrong passwords from ten addresses; then the right one is refused as well.
	for (let i = 0; i < 10; i++) {
		const ctx = await from(playwright, baseURL, `203.0.113.${100 + i}`);
		const o = await logIn(ctx, email, `fout wachtwoord ${i}`);
		expect(o.http, o.label).toBe(400);
		expect(o.body).toContain(dutch['errors.login_failed']);
	}
	const locked = await logIn(await from(playwright, baseURL, '203.0.113.120'), email, password);
	expect(locked.http).toBe(429);
	expect(locked.body).toContain(tooMany);
	expect(locked.cookie ?? '').not.toContain('wp_session=');
	// The account in capitals is the same account.
	expect((await logIn(await from(playwright, baseURL, '203.0.113.121'), email.toUpperCase(), password)).http).toBe(429);
	// Another account from that address logs in.
	const free = await logIn(await from(playwright, baseURL, '203.0.113.120'), other, password);
	expect(free.http).toBe(303);
	expect(free.cookie).toMatch(/wp_session=[A-Za-z0-9_-]{43}/);

	// Per address: forty wrong passwords at once for forty unknown accounts; twenty are checked.
	const guesser = await from(playwright, baseURL, '203.0.113.130');
	const answers = await Promise.all(
		Array.from({ length: 40 }, (_, i) =>
			guesser
				.post('/inloggen', {
					form: { email: `niemand-${i}-${email}`, password: 'raden is zinloos' },
					headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
				})
				.then(async (r) => (await r.json()).status as number)
		)
	);
	expect(answers.filter((s) => s === 400)).toHaveLength(20);
	expect(answers.filter((s) => s === 429)).toHaveLength(20);
	const right = await logIn(guesser, other, password);
	expect(right.http).toBe(429);
	expect(right.body).toContain(tooMany);
});

// ---------------------------------------------------------------------------------------------
// A server as installed by default (no ADDRESS_HEADER), served as if behind HTTPS.

/** Starts the built app (build/, made by the Playwright webServer) on a port of this worktree's range. */
async function startServer(port: number, env: Record<string, string>) {
	const dataDir = `data/e2e-abuse-${port}`;
	rmSync(dataDir, { recursive: true, force: true });
	const clean = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) =>
				![
					'ADDRESS_HEADER',
					'XFF_DEPTH',
					'PROTOCOL_HEADER',
					'HOST_HEADER',
					'ORIGIN',
					'DATABASE_URL',
					'PUBLIC_SUPABASE_URL',
					'PUBLIC_SUPABASE_ANON_KEY'
				].includes(key)
		)
	);
	const child: ChildProcess = spawn(process.execPath, ['build'], {
		env: {
			...clean,
			PORT: String(port),
			HOST: '127.0.0.1',
			WERKPLAATS_DATA_DIR: dataDir,
			WERKPLAATS_DEMO_DATA: 'false',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (chunk) => (log += chunk));
	child.stderr!.on('data', (chunk) => (log += chunk));
	const stop = async () => {
		if (child.exitCode === null) {
			child.kill('SIGTERM');
			await once(child, 'exit');
		}
		rmSync(dataDir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the second server stopped: ${log}`);
		const up = await fetch(`http://127.0.0.1:${port}/dilemmas`).then(
			(r) => r.status === 200,
			() => false
		);
		if (up) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`the second server did not start within 3 minutes: ${log}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return { url: `http://127.0.0.1:${port}`, stop };
}

test('without ADDRESS_HEADER an X-Forwarded-For header changes nothing; behind HTTPS the session cookie is Secure', async () => {
	const port = 4400 + (Number(process.env.E2E_PORT ?? 4173) % 100);
	const origin = 'https://werkplaats.test';
	const server = await startServer(port, { ORIGIN: origin });
	try {
		const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
			fetch(`${server.url}${path}`, {
				method: 'POST',
				body: new URLSearchParams(form),
				headers: { origin, accept: 'application/json', 'x-sveltekit-action': 'true', ...headers },
				redirect: 'manual'
			});

		const signUp = await fetch(`${server.url}/registreren`, {
			method: 'POST',
			body: new URLSearchParams({ displayName: 'Hannah Https', email: uniqueEmail('https'), password }),
			headers: { origin, accept: 'text/html' },
			redirect: 'manual'
		});
		expect(signUp.status).toBe(303);
		const cookie = signUp.headers.getSetCookie().find((c) => c.startsWith('wp_session='))!;
		expect(cookie).toMatch(/^wp_session=[A-Za-z0-9_-]{43};/);
		const attributes = cookie
			.split(';')
			.slice(1)
			.map((a) => a.trim().toLowerCase());
		expect(attributes).toEqual(
			expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax', `max-age=${30 * 24 * 3600}`])
		);
		expect(signUp.headers.get('strict-transport-security')).toBe('max-age=31536000');

		// Eleven wrong codes, each claiming another address: all count against the one socket address.
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) {
			const response = await post(
				'/doe-mee?/join',
				{ code: randomCode(), displayName: 'Vervalser' },
				{ 'x-forwarded-for': `198.51.100.${i + 1}` }
			);
			statuses.push((await response.json()).status);
		}
		expect(statuses).toEqual([...Array(10).fill(404), 429]);
	} finally {
		await server.stop();
	}
});
