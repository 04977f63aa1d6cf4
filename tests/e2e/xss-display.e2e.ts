/**
 * The XSS corpus (tests/fixtures/xss-vectors.ts) in every place where people's own text is
 * shown: session notes and agreements (presenter, report, downloads), reflections (own pages,
 * shared on the team's course over time), display names (session participants in named mode,
 * team members), team names (team list, team page, invite and join pages), session titles,
 * and an imported dilemma set once it is in use. In Chromium, on every page: no dialog, no
 * script of ours ever runs (a flag the vectors would set stays unset, print() is never called),
 * no request leaves for another host, no CSP violation (nothing was even attempted), no event
 * handler attribute or javascript: URL in the document, and the text shows as text.
 *
 * Economical: the whole corpus goes into one note, one agreement and one reflection; the short
 * vectors are packed several to a name, and the data is made with requests, not clicks.
 */
import { test, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { xssVectors } from '../fixtures/xss-vectors';
import { makeDilemmaSet, toPastedBundle } from '../fixtures/dilemma-factory';
import { uniqueEmail } from './support';
import { pageData, password, sessionState, submit } from './hostile';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

/** This file's own address (the e2e server trusts X-Forwarded-For as a proxy's). */
const address = '198.51.100.3';

/** Vectors of our own that would set a flag if they ever ran; they go wherever the corpus goes. */
const flagVectors = [
	'<img src=x onerror="window.__xssRan=1">',
	'<svg onload=window.__xssRan=1>',
	'<script>window.__xssRan=1</script>',
	'[klik](javascript:window.__xssRan=1)',
	'<a href="javascript:window.__xssRan=1">a</a>'
];
// Control characters make the database or the import refuse the text (also safe); the unit tests
// render those through the sanitiser directly.
const corpus = [...flagVectors, ...xssVectors.filter((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v))];
/** Vectors that survive as one line of a name: no line breaks, no runs of spaces, nothing to trim. */
const oneLine = corpus.filter((v) => !/[\n\r\t]/.test(v) && v.trim() === v && !/\s{2}/.test(v));

const lf = (text: string) => text.replace(/\r\n?/g, '\n');

/** Several vectors to a value, as many as `max` characters allow. */
function pack(vectors: string[], max: number): string[] {
	const out: string[] = [];
	let current = '';
	for (const vector of vectors.filter((v) => v.length <= max)) {
		if (current && current.length + 1 + vector.length <= max) current += ` ${vector}`;
		else {
			if (current) out.push(current);
			current = vector;
		}
	}
	if (current) out.push(current);
	return out;
}

/** Runs `task` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = [];
	for (let i = 0; i < items.length; i += width)
		results.push(...(await Promise.all(items.slice(i, i + width).map((item, j) => task(item, i + j)))));
	return results;
}

interface World {
	baseURL: string;
	facilitator: APIRequestContext;
	member: APIRequestContext;
	phones: APIRequestContext[];
	visitor: APIRequestContext;
	names: {
		facilitator: string;
		member: string;
		participants: string[];
		teams: string[];
		team: string;
		importTeam: string;
		titles: string[];
	};
	teamId: string;
	importTeamId: string;
	sessionId: string;
	code: string;
	inviteToken: string;
	reflectionId: string;
	slug: string;
	notes: string;
	agreements: string;
	reflection: string;
}
let w: World;
const contexts: APIRequestContext[] = [];

test.beforeAll(async ({ playwright }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const fresh = async () => {
		const ctx = await playwright.request.newContext({
			baseURL,
			extraHTTPHeaders: { origin: baseURL, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': address }
		});
		contexts.push(ctx);
		return ctx;
	};
	const ok = (o: { http: number; type?: string; body: string; label: string }, what: string) =>
		expect(
			o.type === 'failure' || o.type === 'error' || o.http >= 400,
			`${what}: ${o.label} ${o.body.slice(0, 300)}`
		).toBe(false);

	const names60 = pack(oneLine, 60);
	const names = {
		facilitator: names60[0],
		member: names60[1],
		team: pack(oneLine, 80)[0],
		importTeam: pack(oneLine, 80)[1],
		// Every one-line vector in a team name, and in a participant's name where 40 characters allow.
		teams: pack(oneLine, 80).slice(2),
		// (Named mode refuses two participants under one name, case and outer spaces aside: of names
		// that differ only so, the first joins; every vector is in a team name anyway.)
		participants: pack(oneLine, 40).filter(
			(name, i, all) => all.findIndex((other) => other.trim().toLowerCase() === name.trim().toLowerCase()) === i
		),
		titles: pack(oneLine, 120).slice(0, 4)
	};
	// Every one-line vector is in some name, most of them in two kinds.
	expect(names.participants.length).toBeGreaterThan(100);
	expect(names.teams.length).toBeGreaterThan(150);
	const [facilitator, member, visitor] = await Promise.all([fresh(), fresh(), fresh()]);
	for (const [ctx, displayName] of [
		[facilitator, names.facilitator],
		[member, names.member]
	] as const) {
		const o = await submit(ctx, '/registreren', { displayName, email: uniqueEmail('xss'), password }, { html: true });
		expect(o.http, `sign-up as ${displayName}: ${o.body.slice(0, 300)}`).toBe(303);
	}
	const createTeam = async (name: string) => {
		const o = await submit(facilitator, '/teams?/createTeam', { name }, { html: true });
		expect(o.http, `team ${name}: ${o.body.slice(0, 300)}`).toBe(303);
		return o.location!.match(/^\/teams\/([0-9a-f-]{36})/)![1];
	};
	const teamId = await createTeam(names.team);
	const importTeamId = await createTeam(names.importTeam);
	await inBatches(names.teams, 6, createTeam);

	// The member joins the team by invite.
	const invite = await submit(facilitator, `/teams/${teamId}?/createInvite`, { role: 'member' });
	ok(invite, 'invite');
	const inviteToken = invite.data!.inviteToken as string;
	expect((await submit(member, `/uitnodiging/${inviteToken}`, {}, { html: true })).location).toMatch(
		new RegExp(`^/teams/${teamId}`)
	);

	// Sessions with vectors in their titles; the first, in named mode, gets everything else.
	const slug = ((await pageData(facilitator, `/teams/${teamId}/sessies/nieuw`)).dilemmas as { slug: string }[])[0].slug;
	const sessionIds: string[] = [];
	for (const [i, title] of names.titles.entries()) {
		const o = await submit(
			facilitator,
			`/teams/${teamId}/sessies/nieuw`,
			{ title, heldOn: `2026-0${i + 1}-15`, dilemmas: [slug], namedMode: 'on', askDesired: 'on' },
			{ html: true }
		);
		expect(o.http, `session ${title}: ${o.body.slice(0, 300)}`).toBe(303);
		sessionIds.push(o.location!.match(/^\/sessies\/([0-9a-f-]{36})\/presenter$/)![1]);
	}
	const sessionId = sessionIds[0];
	const state = await sessionState(facilitator, sessionId);
	const code = state.session.join_code as string;
	const roundId = state.round.id as string;
	const phase = async (to: string) =>
		ok(
			await submit(facilitator, `/sessies/${sessionId}/presenter?/phase`, { position: '1', phase: to }),
			`phase ${to}`
		);

	// A phone per participant name: each joins and answers, so the names show with the spread.
	await phase('position');
	const phones = await inBatches(names.participants, 6, async (displayName, i) => {
		const phone = await fresh();
		const joined = await submit(phone, '/doe-mee?/join', { code, displayName }, { html: true });
		expect(joined.location, `join as ${displayName}: ${joined.body.slice(0, 300)}`).toBe(`/sessie/${sessionId}`);
		ok(
			await submit(phone, `/sessie/${sessionId}?/cast`, {
				roundId,
				value: String(i % 101),
				desired: String((i * 7) % 101)
			}),
			`cast by ${displayName}`
		);
		return phone;
	});
	await phase('reveal');
	await phase('discuss');
	const notes = corpus.join('\n\n');
	const agreements = [...corpus].reverse().join('\n\n');
	expect(notes.length).toBeLessThanOrEqual(20_000);
	ok(
		await submit(facilitator, `/sessies/${sessionId}/presenter?/notes`, {
			roundId,
			notesMd: notes,
			agreementsMd: agreements,
			expectedVersion: String(state.round.notes_version)
		}),
		'notes'
	);
	// Back to the spread: the presenter shows the named dots and the notes, rendered.
	await phase('reveal');

	// The member's reflection, shared with the team.
	const reflectionId = crypto.randomUUID();
	const reflection = corpus.join('\n\n');
	const saved = await member.post('/reflecties/concept', {
		data: { id: reflectionId, dilemmaSlug: slug, version: 0, body: reflection, value: 40, desired: 60, isDraft: false }
	});
	expect(saved.status(), await saved.text()).toBe(200);
	ok(await submit(member, `/reflecties/${reflectionId}?/share`, { teamId }), 'share');

	w = {
		baseURL,
		facilitator,
		member,
		phones,
		visitor,
		names,
		teamId,
		importTeamId,
		sessionId,
		code,
		inviteToken,
		reflectionId,
		slug,
		notes,
		agreements,
		reflection
	};
});

test.afterAll(async () => {
	await Promise.all(contexts.map((ctx) => ctx.dispose()));
});

// ---------------------------------------------------------------------------------------------
// Watching a page

interface Watched {
	page: Page;
	context: BrowserContext;
	dialogs: string[];
	offsite: string[];
	consoleCsp: string[];
	/** Opens a page of the app and checks it; `texts` must show, as text, in its body. */
	visit(path: string, texts?: string[]): Promise<void>;
}

async function watch(browser: Browser, as?: APIRequestContext): Promise<Watched> {
	const context = await browser.newContext({
		storageState: as ? await as.storageState() : undefined,
		extraHTTPHeaders: { 'x-forwarded-for': address },
		locale: 'nl-NL'
	});
	await context.addInitScript(() => {
		const w = window as unknown as { __xssRan?: unknown; __csp: string[] };
		w.__csp = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.__csp.push(
				`${e.violatedDirective} ${e.blockedURI} ${e.sample} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`
			)
		);
		// print() opens no dialog that Playwright sees: make it leave a trace instead.
		window.print = () => {
			w.__xssRan = 'print';
		};
	});
	const page = await context.newPage();
	const watched: Watched = { page, context, dialogs: [], offsite: [], consoleCsp: [], visit: async () => {} };
	page.on('dialog', async (dialog) => {
		watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
		await dialog.dismiss();
	});
	page.on('console', (message) => {
		if (/Content Security Policy|Refused to/i.test(message.text())) watched.consoleCsp.push(message.text());
	});
	// Vectors load from //evil.example and the like: nothing may leave for another host.
	await context.route('**/*', async (route) => {
		const url = new URL(route.request().url());
		if (url.hostname === new URL(w.baseURL).hostname || url.protocol === 'data:') return route.continue();
		watched.offsite.push(route.request().url());
		return route.abort();
	});
	watched.visit = async (path, texts = []) => {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(200);
		// Give toggle, focus, animation and hover handlers their chance.
		await page.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
		await page.mouse.move(300, 300);
		await page.mouse.move(600, 500);
		await page.keyboard.press('Tab');
		await page.waitForTimeout(250);
		const found = await page.evaluate(() => {
			const problems: string[] = [];
			const allowedInProse = new Set([
				'H2',
				'H3',
				'H4',
				'P',
				'BR',
				'HR',
				'STRONG',
				'EM',
				'DEL',
				'CODE',
				'PRE',
				'BLOCKQUOTE',
				'UL',
				'OL',
				'LI',
				'A',
				'TABLE',
				'THEAD',
				'TBODY',
				'TR',
				'TH',
				'TD'
			]);
			for (const el of document.querySelectorAll('*')) {
				for (const attribute of el.attributes) {
					if (attribute.name.toLowerCase().startsWith('on'))
						problems.push(`${el.tagName} ${attribute.name}=${attribute.value.slice(0, 60)}`);
					if (
						/^(href|src|action|formaction|xlink:href|data|srcdoc|background|poster)$/i.test(attribute.name) &&
						/^\s*(javascript|vbscript|data:text\/html)/i.test(attribute.value.replace(/[\s\u0000-\u001f]/g, ''))
					)
						problems.push(`${el.tagName} ${attribute.name}=${attribute.value.slice(0, 60)}`);
				}
				if (
					el.tagName === 'SCRIPT' &&
					!(el as HTMLScriptElement).nonce &&
					!(el as HTMLScriptElement).src.includes('/_app/')
				)
					problems.push(`script without nonce: ${el.outerHTML.slice(0, 80)}`);
				if (
					['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'APPLET', 'BASE', 'FORM'].includes(el.tagName) &&
					el.closest('.prose')
				)
					problems.push(`${el.tagName} in rendered Markdown`);
				if (['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'APPLET', 'BASE'].includes(el.tagName)) problems.push(el.tagName);
				if (el.tagName === 'META' && el.getAttribute('http-equiv'))
					problems.push(`meta http-equiv=${el.getAttribute('http-equiv')}`);
			}
			for (const prose of document.querySelectorAll('.prose, .round__text')) {
				for (const el of prose.querySelectorAll('*'))
					if (!allowedInProse.has(el.tagName)) problems.push(`<${el.tagName.toLowerCase()}> in rendered Markdown`);
			}
			const state = window as unknown as { __xssRan?: unknown; __csp: string[] };
			return { problems, ran: state.__xssRan ?? null, csp: state.__csp, text: document.body.textContent ?? '' };
		});
		expect(found.problems, `${path}: active content in the page`).toEqual([]);
		expect(found.ran, `${path}: a vector ran`).toBeNull();
		expect(found.csp, `${path}: CSP violations`).toEqual([]);
		expect(watched.consoleCsp, `${path}: CSP messages`).toEqual([]);
		expect(watched.dialogs, `${path}: dialogs`).toEqual([]);
		expect(watched.offsite, `${path}: requests to other hosts`).toEqual([]);
		const missing = texts.filter((text) => !found.text.includes(text));
		expect(missing, `${path}: not shown as text`).toEqual([]);
	};
	return watched;
}

// ---------------------------------------------------------------------------------------------

test('notes and agreements: on the presenter, in the report and in the downloads', async ({ browser }) => {
	const facilitator = await watch(browser, w.facilitator);
	// Rendered Markdown shows raw HTML as text: the flag vectors stand there, letter for letter.
	const shownAsText = [
		'<img src=x onerror="window.__xssRan=1">',
		'<svg onload=window.__xssRan=1>',
		'<script>window.__xssRan=1</script>',
		'<script>alert(1)</script>'
	];
	// The shift shows the notes and agreements rendered beside it.
	expect(
		(await submit(w.facilitator, `/sessies/${w.sessionId}/presenter?/phase`, { position: '1', phase: 'shift' })).type
	).toBe('success');
	await facilitator.visit(`/sessies/${w.sessionId}/presenter`, shownAsText);
	await expect(facilitator.page.locator('.rendered-notes .prose')).toHaveCount(2);
	await facilitator.visit(`/sessies/${w.sessionId}/rapport`, shownAsText);
	await expect(facilitator.page.locator('.round__text')).toHaveCount(2);
	// The discussion phase shows the notes in their text fields, as typed.
	await facilitator.page.goto(`/sessies/${w.sessionId}/presenter`);
	expect(
		(await submit(w.facilitator, `/sessies/${w.sessionId}/presenter?/phase`, { position: '1', phase: 'discuss' })).type
	).toBe('success');
	await facilitator.visit(`/sessies/${w.sessionId}/presenter`);
	// (A text field reads every line break as LF.)
	await expect(facilitator.page.locator('#notesMd')).toHaveValue(lf(w.notes));
	await expect(facilitator.page.locator('#agreementsMd')).toHaveValue(lf(w.agreements));
	expect(
		(await submit(w.facilitator, `/sessies/${w.sessionId}/presenter?/phase`, { position: '1', phase: 'reveal' })).type
	).toBe('success');
	await facilitator.context.close();

	// Downloads carry the text as it was written, as attachments no browser renders or runs.
	for (const [extension, type] of [
		['md', /^text\/markdown/],
		['json', /^application\/json/],
		['csv', /^text\/csv/]
	] as const) {
		const response = await w.facilitator.get(`/sessies/${w.sessionId}/rapport.${extension}`);
		expect(response.status()).toBe(200);
		const headers = response.headers();
		expect(headers['content-type']).toMatch(type);
		expect(headers['content-disposition']).toMatch(/^attachment; /);
		expect(headers['x-content-type-options']).toBe('nosniff');
		expect(headers['content-security-policy']).toMatch(/default-src 'none'/);
		const body = await response.text();
		if (extension === 'md')
			for (const vector of [...flagVectors, '<script>alert(1)</script>']) expect(body).toContain(vector);
		if (extension === 'json') {
			const round = JSON.parse(body).rounds[0];
			expect([round.notes_md, round.agreements_md]).toEqual([w.notes, w.agreements]);
		}
		// The names are data in every download too (named mode): never cut or altered.
		if (extension !== 'md')
			for (const name of w.names.participants.slice(0, 5))
				expect(body).toContain(
					extension === 'json'
						? JSON.stringify(name).slice(1, -1)
						: name.includes('"')
							? name.replace(/"/g, '""')
							: name
				);
	}
});

test('display names: participants in named mode on the presenter and in the report, members on the team page', async ({
	browser
}) => {
	const facilitator = await watch(browser, w.facilitator);
	await facilitator.visit(`/sessies/${w.sessionId}/presenter`, w.names.participants);
	await facilitator.visit(`/sessies/${w.sessionId}/rapport`, w.names.participants);
	await facilitator.visit(`/teams/${w.teamId}`, [w.names.facilitator, w.names.member, w.names.team, ...w.names.titles]);
	await facilitator.visit('/profiel');
	await expect(facilitator.page.getByLabel('Naam zoals collega’s je zien')).toHaveValue(w.names.facilitator);
	// More names on the member list: the facilitator goes by each in turn.
	for (const displayName of pack(oneLine, 60).slice(2, 12)) {
		expect((await submit(w.facilitator, '/profiel', { displayName, locale: 'nl' })).type, displayName).toBe('success');
		await facilitator.visit(`/teams/${w.teamId}`, [displayName]);
	}
	expect((await submit(w.facilitator, '/profiel', { displayName: w.names.facilitator, locale: 'nl' })).type).toBe(
		'success'
	);
	await facilitator.context.close();

	// A phone sees its own session and name, and the report of what it took part in.
	const phone = await watch(browser, w.phones[0]);
	await phone.visit(`/sessie/${w.sessionId}`, [w.names.titles[0]]);
	await phone.visit(`/sessies/${w.sessionId}/rapport`, [w.names.titles[0], w.names.team]);
	await phone.context.close();
});

test('team names: the team list, the team page, the invite page and the join page', async ({ browser }) => {
	const facilitator = await watch(browser, w.facilitator);
	await facilitator.visit('/teams', [w.names.team, w.names.importTeam, ...w.names.teams]);
	await facilitator.visit('/', [w.names.team]);
	await facilitator.visit(`/teams/${w.importTeamId}`, [w.names.importTeam]);
	await facilitator.context.close();

	const visitor = await watch(browser);
	await visitor.visit(`/uitnodiging/${w.inviteToken}`, [w.names.team]);
	await visitor.visit(`/doe-mee/${w.code}`, [w.names.team, w.names.titles[0]]);
	await visitor.context.close();
});

test('reflections: the author’s own pages, and shared on the team’s course over time', async ({ browser }) => {
	const shownAsText = ['<img src=x onerror="window.__xssRan=1">', '<script>window.__xssRan=1</script>'];
	const member = await watch(browser, w.member);
	await member.visit(`/reflecties/${w.reflectionId}`);
	await expect(member.page.getByLabel('Je reflectie')).toHaveValue(lf(w.reflection));
	await member.visit('/reflecties', [w.names.team, flagVectors[0]]);
	await member.visit(`/mijn-geschiedenis/${w.slug}`, shownAsText);
	await member.context.close();

	const facilitator = await watch(browser, w.facilitator);
	await facilitator.visit(`/teams/${w.teamId}/verloop?dilemma=${w.slug}`, [w.names.member, ...shownAsText]);
	await facilitator.context.close();
});

test('an imported dilemma set, once in use: the library, a dilemma’s page and the team’s sets', async ({ browser }) => {
	// The corpus spread over the twenty bodies, short vectors in titles, poles, summaries and prompts.
	const filler = 'Dit is gewone tekst om de minimale lengte van de tekst te halen. '.repeat(5);
	const perBody = Math.ceil(corpus.length / 20);
	const short = (max: number) => oneLine.filter((v) => v.length <= max && v.length >= 3);
	const titles = short(80);
	const poles = short(58);
	const summaries = pack(short(280), 280).filter((s) => s.length >= 20);
	const files = makeDilemmaSet({
		languages: ['nl'],
		folders: false,
		editBody: (_body, { number }) =>
			`${filler}\n\n${corpus.slice((number - 1) * perBody, number * perBody).join('\n\n')}\n\n${filler}`,
		editFrontmatter: (fm, { number }) => ({
			...fm,
			title: titles[number % titles.length],
			// Two poles must differ, also in case: each gets its own prefix.
			pole_left: `L ${poles[(2 * number) % poles.length]}`,
			pole_right: `R ${poles[(2 * number + 1) % poles.length]}`,
			summary: summaries[number % summaries.length],
			team_questions: [flagVectors[number % flagVectors.length], 'Wat vinden we hiervan?', 'Wat doen we ermee?']
		})
	});
	const imported = await submit(w.facilitator, `/teams/${w.importTeamId}/dilemmas?/confirm`, {
		name: pack(short(120), 120)[0],
		language: 'nl',
		bundle: toPastedBundle(files)
	});
	expect(imported.type, imported.body.slice(0, 1000)).toBe('success');
	const library = await pageData(w.facilitator, `/dilemmas?team=${w.importTeamId}`);
	const dilemmas = (
		library.themes as { dilemmas: { slug: string; title: string; pole_left: string; number: number }[] }[]
	)
		.flatMap((theme) => theme.dilemmas)
		.sort((a, b) => a.number - b.number);
	expect(dilemmas.length).toBe(20);

	const facilitator = await watch(browser, w.facilitator);
	await facilitator.visit(
		`/dilemmas?team=${w.importTeamId}`,
		dilemmas.map((d) => d.title)
	);
	await facilitator.visit(`/dilemmas/${dilemmas[0].slug}?team=${w.importTeamId}`, [
		dilemmas[0].title,
		dilemmas[0].pole_left
	]);
	await facilitator.visit(`/dilemmas/${dilemmas[1].slug}?team=${w.importTeamId}`, [dilemmas[1].title]);
	await facilitator.visit(`/teams/${w.importTeamId}/dilemmas`);
	await facilitator.visit(`/dilemmas/kaarten?team=${w.importTeamId}`, [dilemmas[0].title]);

	// A session on that set: the presenter's dilemma, poles and prompts.
	const made = await submit(
		w.facilitator,
		`/teams/${w.importTeamId}/sessies/nieuw`,
		{ title: 'Sessie op de eigen set', heldOn: '2026-06-01', dilemmas: [dilemmas[0].slug, dilemmas[1].slug] },
		{ html: true }
	);
	const sessionId = made.location!.match(/^\/sessies\/([0-9a-f-]{36})\/presenter$/)![1];
	await facilitator.visit(`/sessies/${sessionId}/presenter`, [dilemmas[0].title, dilemmas[0].pole_left]);
	expect(
		(await submit(w.facilitator, `/sessies/${sessionId}/presenter?/phase`, { position: '1', phase: 'discuss' })).type
	).toBe('success');
	await facilitator.visit(`/sessies/${sessionId}/presenter`, [dilemmas[0].title, flagVectors[1]]);
	await facilitator.context.close();
});
