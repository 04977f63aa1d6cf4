/**
 * Hostile input on every form action and every endpoint that takes an id. The rule of the
 * product: the answer is a 2xx/3xx or a translated 4xx, never a 500 or a stack trace, and a
 * refused request changes nothing. Requests only (no browser): fast-check mixes random strings
 * with a fixed corpus (empty, 100k characters, SQL and HTML fragments, NUL, lone surrogates,
 * RTL overrides, emoji) and with forged and foreign ids.
 *
 * Actions are called the way `use:enhance` calls them (`x-sveltekit-action`, a JSON answer with
 * `type` and `status`), and a few the way a browser without JavaScript does (rendered HTML).
 * FC_SEED=<n> replays a run.
 */
import { test, expect, type APIRequestContext } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { makeDilemmaSet, toPastedBundle } from '../fixtures/dilemma-factory';
import { uniqueEmail } from './support';
import {
	asReceived,
	demoTeamId,
	dutch,
	edgeCases,
	encode,
	expectFuzzed,
	expectHandled,
	expectRefused,
	expectToLogin,
	fcOptions,
	forgedIds,
	get,
	hostile,
	idish,
	long,
	maybe,
	numberish,
	pageData,
	password,
	runs,
	runsEach,
	saveHits,
	sanneId,
	sessionSnapshot,
	sessionState,
	submit,
	type Fields
} from './hostile';

// FC_RUNS=100 for a longer hunt: the time limit grows with it.
test.describe.configure({ timeout: Math.max(60_000, runs * 4_000) });

// ---------------------------------------------------------------------------------------------
// The world: two teams of our own (A and B) with sessions, invites and a set, the demo team's
// member Sanne, a phone that joined session A, and a visitor without any identity.

interface Session {
	id: string;
	code: string;
	roundId: string;
}
interface World {
	baseURL: string;
	contexts: APIRequestContext[];
	fresh(): Promise<APIRequestContext>;
	a: APIRequestContext;
	b: APIRequestContext;
	sanne: APIRequestContext;
	phone: APIRequestContext;
	visitor: APIRequestContext;
	userA: string;
	userB: string;
	teamA: string;
	teamB: string;
	teamAName: string;
	teamBName: string;
	sessionA: Session;
	sessionB: Session;
	closedB: Session;
	slugs: string[];
	inviteB: { id: string; token: string };
	revokedB: { id: string; token: string };
	setB: string;
}
let w: World;

async function signUp(ctx: APIRequestContext, displayName: string) {
	const o = await submit(ctx, '/registreren', { displayName, email: uniqueEmail('kwaad'), password }, { html: true });
	expect(o.http, o.body.slice(0, 500)).toBe(303);
}

async function createTeam(ctx: APIRequestContext, name: string): Promise<string> {
	const o = await submit(ctx, '/teams?/createTeam', { name }, { html: true });
	expect(o.http).toBe(303);
	return o.location!.match(/^\/teams\/([0-9a-f-]{36})/)![1];
}

async function createSession(ctx: APIRequestContext, teamId: string, title: string, slugs: string[]): Promise<Session> {
	const o = await submit(
		ctx,
		`/teams/${teamId}/sessies/nieuw`,
		{ title, heldOn: '2026-11-23', dilemmas: slugs },
		{ html: true }
	);
	expect(o.http, o.body.slice(0, 500)).toBe(303);
	const id = o.location!.match(/^\/sessies\/([0-9a-f-]{36})\/presenter$/)![1];
	const state = await sessionState(ctx, id);
	return { id, code: state.session.join_code, roundId: state.round.id };
}

async function createInvite(ctx: APIRequestContext, teamId: string) {
	const o = await submit(ctx, `/teams/${teamId}?/createInvite`, { role: 'member' });
	expect(o.type, o.body).toBe('success');
	const token: string = o.data!.inviteToken;
	const { team } = await pageData(ctx, `/teams/${teamId}`);
	return { id: team.invites.find((invite: { token: string }) => invite.token === token).id as string, token };
}

type Saved = Omit<World, 'baseURL' | 'contexts' | 'fresh' | 'a' | 'b' | 'sanne' | 'phone' | 'visitor'>;

test.beforeAll(async ({ playwright }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const contexts: APIRequestContext[] = [];
	type StorageState = Awaited<ReturnType<APIRequestContext['storageState']>>;
	const fresh = async (storageState?: StorageState) => {
		// An address of its own (the e2e server trusts X-Forwarded-For as a proxy's): the wrong
		// passwords and codes sent here count against this file's limits, not the other specs'.
		const ctx = await playwright.request.newContext({
			baseURL,
			storageState,
			extraHTTPHeaders: { origin: baseURL, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': '198.51.100.1' }
		});
		contexts.push(ctx);
		return ctx;
	};
	// A failed test restarts the worker and with it this hook. Sign-ups and logins are rate
	// limited per address (and the other e2e files need some too), so the world is made once per
	// run and kept in the output directory, which Playwright empties when a run starts.
	const worldFile = join(testInfo.project.outputDir, 'bad-input-world.json');
	if (existsSync(worldFile)) {
		const saved: { world: Saved; states: Record<'a' | 'b' | 'sanne' | 'phone', StorageState> } = JSON.parse(
			readFileSync(worldFile, 'utf8')
		);
		const [a, b, sanne, phone, visitor] = await Promise.all([
			fresh(saved.states.a),
			fresh(saved.states.b),
			fresh(saved.states.sanne),
			fresh(saved.states.phone),
			fresh()
		]);
		w = { ...saved.world, baseURL, contexts, fresh, a, b, sanne, phone, visitor };
		return;
	}
	const [a, b, sanne, phone, visitor] = await Promise.all([fresh(), fresh(), fresh(), fresh(), fresh()]);

	await signUp(a, 'Anna Aanval');
	await signUp(b, 'Bert Buurteam');
	// A safe `next` only: a protocol-relative one falls back to the teams page.
	const login = await submit(
		sanne,
		`/inloggen?next=${encodeURIComponent('//evil.example/teams')}`,
		{ email: 'sanne@voorbeeld.nl', password: 'werkplaats-demo' },
		{ html: true }
	);
	expect(login.http).toBe(303);
	expect(login.location).toBe('/teams');

	const teamAName = 'Team Aanval';
	const teamBName = 'Team Buurt';
	const [teamA, teamB] = await Promise.all([createTeam(a, teamAName), createTeam(b, teamBName)]);
	const userA = (await pageData(a, `/teams/${teamA}`)).me as string;
	const userB = (await pageData(b, `/teams/${teamB}`)).me as string;
	const slugs = ((await pageData(a, `/teams/${teamA}/sessies/nieuw`)).dilemmas as { slug: string }[]).map(
		(d) => d.slug
	);
	expect(slugs.length).toBeGreaterThan(3);

	const sessionA = await createSession(a, teamA, 'Sessie A', slugs.slice(0, 2));
	const sessionB = await createSession(b, teamB, 'Sessie B', slugs.slice(0, 2));
	const closedB = await createSession(b, teamB, 'Afgesloten sessie B', slugs.slice(2, 3));
	expect((await submit(b, `/sessies/${closedB.id}/presenter?/close`, {})).type).toBe('redirect');

	const inviteB = await createInvite(b, teamB);
	const revokedB = await createInvite(b, teamB);
	expect((await submit(b, `/teams/${teamB}?/revokeInvite`, { inviteId: revokedB.id })).type).toBe('success');

	const imported = await submit(b, `/teams/${teamB}/dilemmas?/confirm`, {
		name: 'Set van team B',
		language: 'nl',
		bundle: toPastedBundle(makeDilemmaSet({ languages: ['nl'], folders: false }))
	});
	expect(imported.type, imported.body.slice(0, 500)).toBe('success');
	const setB = ((await pageData(b, `/teams/${teamB}/dilemmas`)).sets as { id: string; builtin: boolean }[]).find(
		(s) => !s.builtin
	)!.id;

	const joined = await submit(
		phone,
		'/doe-mee?/join',
		{ code: sessionA.code, displayName: 'Telefoon Een' },
		{ html: true }
	);
	expect(joined.location).toBe(`/sessie/${sessionA.id}`);

	const world: Saved = {
		userA,
		userB,
		teamA,
		teamB,
		teamAName,
		teamBName,
		sessionA,
		sessionB,
		closedB,
		slugs,
		inviteB,
		revokedB,
		setB
	};
	w = { ...world, baseURL, contexts, fresh, a, b, sanne, phone, visitor };
	const states = {
		a: await a.storageState(),
		b: await b.storageState(),
		sanne: await sanne.storageState(),
		phone: await phone.storageState()
	};
	writeFileSync(worldFile, JSON.stringify({ world, states }));
});

test.afterEach(async ({}, testInfo) => {
	saveHits(testInfo, 'bad-input');
});

test.afterAll(async () => {
	await Promise.all(w?.contexts.map((ctx) => ctx.dispose()) ?? []);
});

// ---------------------------------------------------------------------------------------------

test('sign-up, log-in, log-out and language refuse hostile input without an account, a session or a redirect away', async () => {
	const visitor = await w.fresh();
	await fc.assert(
		fc.asyncProperty(
			fc.record({ displayName: maybe(hostile), email: maybe(hostile), password: maybe(hostile) }),
			async (fields) => {
				const o = await submit(visitor, '/registreren', fields);
				expectRefused(o, [400, 413, 429]);
			}
		),
		{
			...fcOptions,
			examples: [
				...edgeCases(['displayName', 'email', 'password']),
				[{ displayName: 'Geldig', email: 'geldig@voorbeeld.test', password: 'p'.repeat(201) }],
				[{ displayName: 'Geldig', email: `${'a'.repeat(250)}@voorbeeld.test`, password }],
				[{ displayName: 'Geldig', email: 'geldig\u0000@voorbeeld.test', password }],
				[{ displayName: 'Geldig', email: 'sanne@voorbeeld.nl', password: 'kort' }],
				// Valid apart from a NUL in the name, which the database refuses: no account, and a 4xx.
				[{ displayName: 'Naam\u0000nul', email: uniqueEmail('nul'), password }]
			]
		}
	);

	// The email is never a valid one here, so no attempt counts against the login limiter.
	await fc.assert(
		fc.asyncProperty(fc.record({ email: maybe(hostile), password: maybe(hostile) }), async (fields) => {
			const o = await submit(visitor, '/inloggen', fields);
			expectRefused(o, [400, 413, 429]);
		}),
		{
			...fcOptions,
			examples: [
				...edgeCases(['email', 'password']),
				[{ email: 'fenna@voorbeeld.nl', password: '' }],
				[{ email: 'fenna@voorbeeld.nl', password: 'p'.repeat(201) }]
			]
		}
	);
	// Nothing above signed the visitor in.
	expectToLogin(await submit(visitor, '/teams?/createTeam', { name: 'Niet ingelogd' }));

	await fc.assert(
		fc.asyncProperty(fc.record({ x: maybe(hostile) }), async (fields) => {
			const o = await submit(visitor, '/uitloggen', fields);
			expect(o.type, o.label).toBe('redirect');
			expect(o.location, o.label).toBe('/');
		}),
		{ ...fcOptions, numRuns: 3 }
	);

	// The language form: a cookie only for nl or en, a redirect only inside the app.
	const chooser = await w.fresh();
	await fc.assert(
		fc.asyncProperty(
			fc.record({
				locale: maybe(hostile),
				redirectTo: maybe(
					fc.oneof(
						hostile,
						hostile.map((s) => `/${s}`)
					)
				)
			}),
			async (fields) => {
				for (const html of [false, true]) {
					const o = await submit(chooser, '/taal', fields, { html });
					const location = html ? o.headers.location : o.location;
					expect(html ? o.http : o.type, o.label).toBe(html ? 303 : 'redirect');
					expect(location, o.label).toMatch(/^\/(?![/\\])/);
					expect(location, o.label).not.toMatch(/[\u0000-\u001f\u007f\\]/);
					const cookie = o.headers['set-cookie'] ?? '';
					if (fields.locale !== 'nl' && fields.locale !== 'en') expect(cookie, o.label).not.toContain('wp_locale=');
				}
			}
		),
		{
			...fcOptions,
			examples: [
				[{ locale: 'en', redirectTo: '//evil.example' }],
				[{ locale: 'en', redirectTo: '/\\evil.example' }],
				[{ locale: 'en', redirectTo: '/\t/evil.example' }],
				[{ locale: 'en', redirectTo: '/\n/evil.example' }],
				[{ locale: 'en', redirectTo: '/\r\nSet-Cookie: wp_session=x' }],
				[{ locale: 'en', redirectTo: '/teams/😀' }],
				[{ locale: 'en', redirectTo: 'https://evil.example' }],
				[{ locale: 'NL', redirectTo: '/' }]
			]
		}
	);
});

test('a hostile next parameter never turns a login into a 500 or a redirect away', async () => {
	// One attempt against the login limiter per case: a handful only.
	for (const next of ['/\n/evil.example', '/\t/evil.example', '/teams/😀', '/\r\nSet-Cookie: x=1']) {
		const ctx = await w.fresh();
		const o = await submit(
			ctx,
			`/inloggen?next=${encodeURIComponent(next)}`,
			{ email: 'nobody@voorbeeld.test', password: 'verkeerd wachtwoord' },
			{ html: true }
		);
		expect(o.http, o.label).toBe(400);
		expect(o.body).toContain(dutch['errors.login_failed']);
		// The sign-up and login pages take `next` in their load too, and pass it on to each other.
		for (const page of ['/inloggen', '/registreren']) {
			expect((await get(ctx, `${page}?next=${encodeURIComponent(next)}`)).status).toBe(200);
			expect((await pageData(ctx, `${page}?next=${encodeURIComponent(next)}`)).next, next).toBe('/');
		}
	}
});

test('creating a team refuses hostile names and stores accepted ones exactly', async () => {
	await fc.assert(
		fc.asyncProperty(fc.record({ name: maybe(hostile) }), async (fields) => {
			const before = (await pageData(w.a, '/teams')).teams as { id: string; name: string }[];
			const o = await submit(w.a, '/teams?/createTeam', fields);
			expectHandled(o);
			const after = (await pageData(w.a, '/teams')).teams as { id: string; name: string }[];
			if (o.type === 'redirect') {
				const id = o.location!.match(/^\/teams\/([0-9a-f-]{36})\?created=1$/)![1];
				expect(after.find((team) => team.id === id)?.name, o.label).toBe(asReceived(fields.name!).trim());
			} else {
				expect(after.length, `${o.label} was refused but made a team`).toBe(before.length);
			}
		}),
		{ ...fcOptions, examples: [...edgeCases(['name']), [{ name: 'Team\u0000Nul' }], [{ name: ' '.repeat(10) + 'x' }]] }
	);
	expectToLogin(await submit(w.phone, '/teams?/createTeam', { name: 'Anoniem team' }));
});

test('team actions refuse hostile, forged and foreign input and leave every team as it was', async () => {
	const team = async (ctx: APIRequestContext, id: string) => (await pageData(ctx, `/teams/${id}`)).team;
	const url = (id: string, action: string) => `/teams/${id}?/${action}`;

	// Rename: accepted names are stored exactly, refused ones change nothing.
	await fc.assert(
		fc.asyncProperty(fc.record({ name: maybe(hostile) }), async (fields) => {
			const was = (await team(w.a, w.teamA)).name;
			const o = await submit(w.a, url(w.teamA, 'rename'), fields);
			expectHandled(o);
			const now = (await team(w.a, w.teamA)).name;
			if (o.type === 'success') expect(now, o.label).toBe(asReceived(fields.name!).trim());
			else expect(now, `${o.label} was refused but renamed the team`).toBe(was);
		}),
		{ ...fcOptions, examples: [...edgeCases(['name']), [{ name: 'Team\u0000Nul' }]] }
	);
	expect((await submit(w.a, url(w.teamA, 'rename'), { name: w.teamAName })).type).toBe('success');

	const overviewB = await team(w.b, w.teamB);
	const overviewA = await team(w.a, w.teamA);
	// Invites: only the two roles; a refused one adds no invite.
	await fc.assert(
		fc.asyncProperty(
			fc.record({
				role: maybe(fc.oneof(hostile, fc.constantFrom('member', 'facilitator', 'Facilitator', 'owner', 'admin')))
			}),
			async (fields) => {
				const before = (await team(w.a, w.teamA)).invites.length;
				const o = await submit(w.a, url(w.teamA, 'createInvite'), fields);
				expectHandled(o);
				const after = (await team(w.a, w.teamA)).invites.length;
				expect(after, o.label).toBe(o.type === 'success' ? before + 1 : before);
				if (o.type === 'success') expect(['member', 'facilitator']).toContain(fields.role);
			}
		),
		{ ...fcOptions, examples: edgeCases(['role']) }
	);

	// Ids from the form: malformed, forged, and those of team B or the demo team.
	const foreignIds = [w.inviteB.id, w.userB, sanneId, w.teamB, w.sessionB.id, w.setB];
	const idsOnly = fc.record({
		inviteId: maybe(idish(...foreignIds)),
		userId: maybe(idish(...foreignIds)),
		role: maybe(fc.oneof(hostile, fc.constantFrom('member', 'facilitator')))
	});
	const knownForeign = {
		revokeInvite: [{ inviteId: w.inviteB.id }, { inviteId: w.revokedB.id }],
		removeMember: [{ userId: w.userB }, { userId: sanneId }],
		setRole: [
			{ userId: w.userB, role: 'member' },
			{ userId: sanneId, role: 'facilitator' }
		]
	};
	for (const [action, known] of Object.entries(knownForeign)) {
		await fc.assert(
			fc.asyncProperty(idsOnly, async (fields) => {
				const o = await submit(w.a, url(w.teamA, action), fields);
				// Team A has no other members and no invite of these: nothing here can succeed.
				expectRefused(o, [400, 403, 404, 409, 413]);
			}),
			{
				...runsEach(3, runs * 2),
				examples: known.map(
					(fields): [{ inviteId: string | undefined; userId: string | undefined; role: string | undefined }] => [
						{ inviteId: undefined, userId: undefined, role: undefined, ...fields }
					]
				)
			}
		);
	}
	// The team page never offers a facilitator to demote or remove themselves; a forged request
	// must not leave a team without a facilitator (a team of its own: this could end team A).
	const solo = await createTeam(w.a, 'Team Solo');
	for (const userId of [w.userA, w.userA.toUpperCase()]) {
		expectRefused(await submit(w.a, url(solo, 'setRole'), { userId, role: 'member' }), [403]);
		expectRefused(await submit(w.a, url(solo, 'removeMember'), { userId }), [403]);
	}
	const soloTeam = await team(w.a, solo);
	expect(soloTeam.my_role).toBe('facilitator');
	expect(soloTeam.members.length).toBe(1);

	// Ids in the URL: malformed and forged teams, team B (not A's) and the demo team (Sanne is only a member).
	const segment = fc.oneof(
		fc.constantFrom(w.teamB, demoTeamId, ...forgedIds),
		hostile.filter((s) => s !== '' && s !== '.' && s !== '..')
	);
	const teamActions = ['rename', 'createInvite', 'revokeInvite', 'removeMember', 'setRole', 'leave'];
	for (const action of teamActions) {
		await fc.assert(
			fc.asyncProperty(segment, async (teamId) => {
				const o = await submit(w.a, `/teams/${encode(teamId)}?/${action}`, {
					name: 'Overgenomen team',
					role: 'facilitator',
					userId: w.userA,
					inviteId: w.inviteB.id
				});
				expectRefused(o, [400, 403, 404, 413, 431]);
			}),
			runsEach(teamActions.length, runs * 2)
		);
	}
	for (const action of ['rename', 'createInvite', 'revokeInvite', 'removeMember', 'setRole']) {
		const o = await submit(w.sanne, url(demoTeamId, action), {
			name: 'Gekaapt door een lid',
			role: 'facilitator',
			userId: sanneId,
			inviteId: w.inviteB.id
		});
		expectRefused(o, [403, 404]);
		expectToLogin(await submit(w.phone, url(w.teamA, action), { name: 'Anoniem' }));
		expectToLogin(await submit(w.visitor, url(w.teamA, action), { name: 'Bezoeker' }));
	}
	expectRefused(await submit(w.sanne, url(w.teamA, 'leave'), {}), [403, 404]);
	expectRefused(await submit(w.a, url(w.teamB, 'leave'), {}), [403, 404]);
	expectRefused(await submit(w.a, url(w.teamA, 'noSuchAction'), {}), [404]);

	// Nothing changed: team B, the demo team and team A's people.
	const afterB = await team(w.b, w.teamB);
	expect(afterB.name).toBe(w.teamBName);
	expect(afterB.members).toEqual(overviewB.members);
	expect(afterB.invites).toEqual(overviewB.invites);
	expect((await team(w.a, w.teamA)).members).toEqual(overviewA.members);
	const demo = await team(w.sanne, demoTeamId);
	expect(demo.name).toBe('Wijkteam Voorbeeld');
	expect(demo.members.length).toBe(5);
	expect(demo.my_role).toBe('member');
	expect((await get(w.visitor, `/uitnodiging/${w.inviteB.token}`)).body).toContain(w.teamBName);
});

test('the dilemma import and set choice refuse hostile files, names and ids and import nothing', async () => {
	const base = `/teams/${w.teamA}/dilemmas`;
	const sets = async () => (await pageData(w.a, base)).sets as { id: string; active: boolean; builtin: boolean }[];
	const before = await sets();
	const goodBundle = toPastedBundle(makeDilemmaSet({ languages: ['nl'], folders: false, count: 3 }));

	await fc.assert(
		fc.asyncProperty(
			fc.record({
				name: maybe(hostile),
				language: maybe(fc.oneof(hostile, fc.constantFrom('nl', 'en'))),
				bundle: maybe(
					fc.oneof(
						hostile,
						hostile.map((s) => `+++ ${s}\n---\n${s}\n---\n${s}`)
					)
				)
			}),
			async (fields) => {
				for (const action of ['preview', 'confirm']) {
					const o = await submit(w.a, `${base}?/${action}`, fields);
					expectRefused(o, [400, 413]);
				}
			}
		),
		{
			...fcOptions,
			examples: [
				...edgeCases(['name', 'language', 'bundle']),
				[{ name: 'Set\u0000Nul', language: 'nl', bundle: goodBundle }],
				[{ name: 'x'.repeat(121), language: 'nl', bundle: goodBundle }],
				[{ name: 'Goede naam', language: 'de', bundle: goodBundle }],
				[{ name: 'Goede naam', language: 'nl', bundle: 'x'.repeat(400_001) }],
				[{ name: 'Goede naam', language: 'nl', bundle: goodBundle.replace('Testdilemma 1', 'Testdilemma\u0000 1') }],
				[
					{
						name: 'Goede naam',
						language: 'nl',
						bundle: goodBundle.replace('slug: testdilemma-01', "slug: x'); drop table app.dilemmas; --")
					}
				]
			]
		}
	);

	// Uploaded files: hostile names and contents, too many, empty, binary.
	const file = (name: string, text: string | Buffer) =>
		new File([typeof text === 'string' ? text : new Uint8Array(text)], name, { type: 'text/markdown' });
	await fc.assert(
		fc.asyncProperty(
			fc.array(
				fc.record({ name: hostile, text: fc.oneof(hostile, fc.constantFrom(goodBundle.split('+++ ')[1] ?? '')) }),
				{ minLength: 1, maxLength: 4 }
			),
			hostile,
			async (files, name) => {
				const form = new FormData();
				form.append('name', name);
				form.append('language', 'nl');
				for (const f of files) form.append('files', file(f.name, f.text));
				const o = await submit(w.a, `${base}?/preview`, '', { multipart: form });
				expectHandled(o);
			}
		),
		{ ...fcOptions, numRuns: 10 }
	);
	const manyFiles = new FormData();
	manyFiles.append('name', 'Veel bestanden');
	manyFiles.append('language', 'nl');
	for (let i = 0; i < 61; i++) manyFiles.append('files', file(`${i}.md`, 'tekst'));
	expectRefused(await submit(w.a, `${base}?/preview`, '', { multipart: manyFiles }), [400]);
	const binary = new FormData();
	binary.append('name', 'Binair');
	binary.append('language', 'nl');
	binary.append('files', file('\u0000.md', Buffer.from([0, 0xff, 0xfe, 0xd8, 0x00, 0xc3, 0x28, 0x1b])));
	expectRefused(await submit(w.a, `${base}?/preview`, '', { multipart: binary }), [400]);
	const huge = new FormData();
	huge.append('name', 'Te groot');
	huge.append('language', 'nl');
	huge.append('files', file('groot.md', 'x'.repeat(450_000)));
	expectRefused(await submit(w.a, `${base}?/preview`, '', { multipart: huge }), [400, 413]);
	// Past the server's body limit (512 kB) the form cannot even be read: still a translated 4xx.
	const tooBig = new FormData();
	tooBig.append('name', 'Veel te groot');
	tooBig.append('language', 'nl');
	tooBig.append('files', file('heel-groot.md', 'x'.repeat(700_000)));
	expectRefused(await submit(w.a, `${base}?/preview`, '', { multipart: tooBig }), [400, 413]);
	expectRefused(await submit(w.a, `/teams/${w.teamA}?/rename`, { name: 'x'.repeat(700_000) }), [400, 413]);

	// Choosing a set: malformed and forged ids, team B's own set.
	await fc.assert(
		fc.asyncProperty(fc.record({ setId: maybe(idish(w.setB, w.teamB, w.sessionA.id)) }), async (fields) => {
			const o = await submit(w.a, `${base}?/activate`, fields);
			expectRefused(o, [400, 404, 413]);
		}),
		{ ...fcOptions, examples: [...edgeCases(['setId']), [{ setId: w.setB }], [{ setId: w.setB.toUpperCase() }]] }
	);
	expectRefused(await submit(w.sanne, `/teams/${demoTeamId}/dilemmas?/activate`, { setId: before[0].id }), [403]);
	expectRefused(
		await submit(w.sanne, `/teams/${demoTeamId}/dilemmas?/confirm`, {
			name: 'Van een lid',
			language: 'nl',
			bundle: goodBundle
		}),
		[400, 403]
	);
	expectRefused(await submit(w.a, `/teams/${w.teamB}/dilemmas?/activate`, { setId: w.setB }), [403, 404]);
	expectToLogin(await submit(w.phone, `${base}?/activate`, { setId: before[0].id }));

	expect(await sets()).toEqual(before);
	const setsB = (await pageData(w.b, `/teams/${w.teamB}/dilemmas`)).sets as { id: string; active: boolean }[];
	expect(setsB.find((s) => s.id === w.setB)?.active).toBe(true);
});

test('a new session refuses hostile titles, dates, dilemmas and teams and stores accepted ones exactly', async () => {
	const base = `/teams/${w.teamA}/sessies/nieuw`;
	const sessions = async () =>
		(await pageData(w.a, `/teams/${w.teamA}`)).sessions as { id: string; title: string; held_on: string }[];
	const date = fc.oneof(
		fc
			.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
			.map((d) => d.toISOString().slice(0, 10)),
		fc.constantFrom(
			'2024-02-30',
			'2023-02-29',
			'0000-01-01',
			'10000-01-01',
			'2024-13-01',
			'2024-1-1',
			'2024-01-01T00:00:00Z',
			'31-12-2024'
		),
		hostile
	);
	const dilemmas = fc.oneof(
		fc.subarray(w.slugs, { minLength: 1, maxLength: 3 }),
		fc.array(fc.oneof(fc.constantFrom(...w.slugs), hostile), { maxLength: 4 }),
		fc.constant([...w.slugs, ...w.slugs].slice(0, 21)),
		fc.constant([w.slugs[0], w.slugs[0]])
	) as fc.Arbitrary<string[]>;
	const checkbox = maybe(fc.oneof(fc.constant('on'), hostile));
	await fc.assert(
		fc.asyncProperty(
			fc.record({
				title: maybe(hostile),
				heldOn: maybe(date),
				dilemmas: maybe(dilemmas),
				askDesired: checkbox,
				namedMode: checkbox,
				order: hostile
			}) as fc.Arbitrary<Fields & { order: string }>,
			async ({ order, ...fields }) => {
				const before = await sessions();
				const chosen =
					fields.dilemmas === undefined
						? []
						: typeof fields.dilemmas === 'string'
							? [fields.dilemmas]
							: fields.dilemmas;
				const orders = Object.fromEntries(chosen.map((slug) => [`order-${slug}`, order]));
				const o = await submit(w.a, base, { ...fields, ...orders });
				expectHandled(o);
				const after = await sessions();
				if (o.type === 'redirect') {
					const id = o.location!.match(/^\/sessies\/([0-9a-f-]{36})\/presenter$/)![1];
					const made = after.find((s) => s.id === id);
					expect(made?.title, o.label).toBe(asReceived(fields.title as string).trim());
					expect(made?.held_on, o.label).toBe(fields.heldOn);
				} else {
					expect(after.length, `${o.label} was refused but made a session`).toBe(before.length);
				}
			}
		),
		{
			...fcOptions,
			examples: [
				...edgeCases(['title', 'heldOn', 'dilemmas']).map(
					([f]) => [{ ...f, order: '' }] as [Fields & { order: string }]
				),
				[{ title: 'Titel\u0000nul', heldOn: '2026-01-01', dilemmas: [w.slugs[0]], order: '1' }],
				[{ title: 'Goede titel', heldOn: '2024-02-30', dilemmas: [w.slugs[0]], order: '1' }],
				[{ title: 'Goede titel', heldOn: '0000-01-01', dilemmas: [w.slugs[0]], order: '1' }],
				[{ title: 'Goede titel', heldOn: '2026-01-01', dilemmas: [w.slugs[0], w.slugs[0]], order: '1' }],
				[{ title: 'Goede titel', heldOn: '2026-01-01', dilemmas: ['bestaat-niet'], order: '1' }],
				[{ title: 'Goede titel', heldOn: '2026-01-01', dilemmas: [w.slugs[0]], askDesired: 'yes', order: '1' }]
			]
		}
	);
	const valid = { title: 'Overgenomen sessie', heldOn: '2026-01-01', dilemmas: [w.slugs[0]] };
	const countB = (await pageData(w.b, `/teams/${w.teamB}`)).sessions.length;
	expectRefused(await submit(w.a, `/teams/${w.teamB}/sessies/nieuw`, valid), [403, 404]);
	expectRefused(await submit(w.sanne, `/teams/${demoTeamId}/sessies/nieuw`, valid), [403]);
	for (const id of [...forgedIds, 'geen-uuid', '😀', long.slice(0, 5000)])
		expectRefused(await submit(w.a, `/teams/${encode(id)}/sessies/nieuw`, valid), [404]);
	expectToLogin(await submit(w.phone, base, valid));
	expect((await pageData(w.b, `/teams/${w.teamB}`)).sessions.length).toBe(countB);
	expect(
		(await pageData(w.sanne, `/teams/${demoTeamId}`)).sessions.every((s: { title: string }) => s.title !== valid.title)
	).toBe(true);
});

test('an invite is only accepted by its own well-formed token, and a refused one adds no team', async () => {
	const teamsOfA = async () => ((await pageData(w.a, '/teams')).teams as { id: string }[]).map((t) => t.id).sort();
	const before = await teamsOfA();
	await fc.assert(
		fc.asyncProperty(
			fc.oneof(
				hostile.filter((s) => s !== '' && s !== '.' && s !== '..'),
				fc.constantFrom('f'.repeat(64), w.inviteB.token.toUpperCase(), `${w.inviteB.token}0`, w.inviteB.token.slice(1))
			),
			async (token) => {
				const o = await submit(w.a, `/uitnodiging/${encode(token)}`, { token: w.inviteB.token });
				expectRefused(o, [404, 431]);
			}
		),
		fcOptions
	);
	const revoked = await submit(w.a, `/uitnodiging/${w.revokedB.token}`, {});
	expectRefused(revoked, [409]);
	expect(revoked.data?.error).toBe('invite_expired');
	expectToLogin(await submit(w.visitor, `/uitnodiging/${w.inviteB.token}`, {}));
	expectToLogin(await submit(w.phone, `/uitnodiging/${w.inviteB.token}`, {}));
	expect(await teamsOfA()).toEqual(before);
});

test('the profile refuses hostile names and languages and stores accepted ones exactly', async () => {
	const profile = async () => (await pageData(w.a, '/profiel')).profile as { display_name: string; locale: string };
	try {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					displayName: maybe(hostile),
					locale: maybe(fc.oneof(hostile, fc.constantFrom('nl', 'en', 'NL', 'de')))
				}),
				async (fields) => {
					const was = await profile();
					const o = await submit(w.a, '/profiel', fields);
					expectHandled(o);
					const now = await profile();
					if (o.type === 'success')
						expect(now, o.label).toEqual({
							...was,
							display_name: asReceived(fields.displayName!).trim(),
							locale: fields.locale
						});
					else expect(now, `${o.label} was refused but changed the profile`).toEqual(was);
				}
			),
			{
				...fcOptions,
				examples: [
					...edgeCases(['displayName', 'locale']),
					[{ displayName: 'Naam\u0000nul', locale: 'nl' }],
					[{ displayName: 'Geldig', locale: 'de' }]
				]
			}
		);
	} finally {
		// Back to Dutch: a successful English save sets the language cookie too.
		expect((await submit(w.a, '/profiel', { displayName: 'Anna Aanval', locale: 'nl' })).type).toBe('success');
	}
	expectToLogin(await submit(w.phone, '/profiel', { displayName: 'Anoniem', locale: 'nl' }));
	expectToLogin(await submit(w.visitor, '/profiel', { displayName: 'Bezoeker', locale: 'nl' }));
});

test('joining a session refuses hostile codes and names and stores accepted names exactly', async () => {
	const joiner = await w.fresh();
	const participants = async () => (await sessionState(w.a, w.sessionA.id)).session.participant_count as number;
	// Well-formed codes that match no open session count against a per-address limit, which the
	// other e2e files need too: only malformed codes here, plus one unknown and one closed code.
	const code = fc.oneof(
		{ weight: 1, arbitrary: fc.constantFrom(w.sessionA.code, w.sessionA.code.toLowerCase(), ` ${w.sessionA.code}\n`) },
		{ weight: 3, arbitrary: hostile.filter((s) => !/^[A-HJKMNP-Z2-9]{6}$/.test(s.trim().toUpperCase())) }
	);
	await fc.assert(
		fc.asyncProperty(fc.record({ code: maybe(code), displayName: maybe(hostile) }), async (fields) => {
			const before = await participants();
			const o = await submit(joiner, '/doe-mee?/join', fields);
			expectHandled(o);
			if (o.type === 'redirect') {
				expect(o.location, o.label).toBe(`/sessie/${w.sessionA.id}`);
				expect((await sessionState(joiner, w.sessionA.id)).me.display_name, o.label).toBe(
					asReceived(fields.displayName!).trim()
				);
			} else {
				expect(await participants(), `${o.label} was refused but added a participant`).toBe(before);
			}
		}),
		{
			...fcOptions,
			examples: [
				...edgeCases(['code', 'displayName']),
				[{ code: w.sessionA.code, displayName: 'Naam\u0000nul' }],
				[{ code: w.sessionA.code, displayName: '\u202Eemoji 👩🏽‍⚕️' }],
				[{ code: w.sessionA.code, displayName: 'x'.repeat(41) }]
			]
		}
	);
	const stranger = await w.fresh();
	for (const wrong of ['QQQQQQ', w.closedB.code]) {
		const o = await submit(stranger, '/doe-mee?/join', { code: wrong, displayName: 'Gokker' });
		expectRefused(o, [404, 429]);
	}
	// A stranger who never joined sees nothing of the session.
	expect([403, 404]).toContain((await stranger.get(`/sessies/${w.sessionA.id}/state.json`)).status());
});

test('casting a position refuses hostile values and foreign rounds and keeps the last answer', async () => {
	expect(
		(await submit(w.a, `/sessies/${w.sessionA.id}/presenter?/phase`, { position: '1', phase: 'position' })).type
	).toBe('success');
	const cast = (fields: Fields) => submit(w.phone, `/sessie/${w.sessionA.id}?/cast`, fields);
	const mine = async () => (await sessionState(w.phone, w.sessionA.id)).mine;
	expect((await cast({ roundId: w.sessionA.roundId, value: '42' })).type).toBe('success');
	const position = fc.oneof(fc.integer({ min: -5, max: 110 }).map(String), numberish);
	await fc.assert(
		fc.asyncProperty(
			fc.record({
				roundId: maybe(
					idish(w.sessionA.roundId, w.sessionA.roundId, w.sessionB.roundId, w.closedB.roundId, w.sessionA.id)
				),
				value: maybe(position),
				desired: maybe(position)
			}),
			async (fields) => {
				const was = await mine();
				const o = await cast(fields);
				expectHandled(o);
				const now = await mine();
				if (o.type === 'success') {
					expect(fields.value, o.label).toMatch(/^\s*\d+\s*$/);
					expect(now.before.value, o.label).toBe(Number(fields.value));
				} else {
					expect(now, `${o.label} was refused but changed the answer`).toEqual(was);
				}
			}
		),
		{
			...fcOptions,
			examples: [
				...edgeCases(['roundId', 'value', 'desired']),
				[{ roundId: w.sessionA.roundId, value: '' }],
				[{ roundId: w.sessionA.roundId, value: '   ' }],
				[{ roundId: w.sessionA.roundId, value: '101' }],
				[{ roundId: w.sessionA.roundId, value: '50.5' }],
				[{ roundId: w.sessionA.roundId, value: '-0' }],
				[{ roundId: w.sessionA.roundId, value: '0x10' }],
				[{ roundId: w.sessionA.roundId, value: '1e1' }],
				[{ roundId: w.sessionA.roundId, value: '50', desired: 'NaN' }],
				[{ roundId: w.sessionB.roundId, value: '50' }]
			]
		}
	);
	// Someone who is not in session B cannot vote there, nor via another session's page.
	expectRefused(
		await submit(w.phone, `/sessie/${w.sessionB.id}?/cast`, { roundId: w.sessionB.roundId, value: '10' }),
		[403, 404]
	);
	expectRefused(
		await submit(w.a, `/sessie/${w.sessionB.id}?/cast`, { roundId: w.sessionB.roundId, value: '10' }),
		[403, 404]
	);
	expectRefused(
		await submit(w.visitor, `/sessie/${w.sessionA.id}?/cast`, { roundId: w.sessionA.roundId, value: '10' }),
		[401, 403, 404]
	);
	const b = await sessionState(w.b, w.sessionB.id);
	expect(b.round.counts).toEqual({ before: 0, after: 0 });
});

test('the presenter refuses hostile phases, positions, notes and foreign sessions and changes nothing it refused', async () => {
	const base = `/sessies/${w.sessionA.id}/presenter`;
	const state = () => sessionState(w.a, w.sessionA.id);
	const phase = fc.oneof(
		fc.constantFrom('waiting', 'position', 'reveal', 'discuss', 'reposition', 'shift', 'done', 'DONE', 'closed'),
		hostile
	);
	const position = fc.oneof(fc.integer({ min: -2, max: 22 }).map(String), numberish);

	await fc.assert(
		fc.asyncProperty(fc.record({ position: maybe(position), phase: maybe(phase) }), async (fields) => {
			const was = await state();
			const o = await submit(w.a, `${base}?/phase`, fields);
			expectHandled(o);
			const now = await state();
			if (o.type === 'success') {
				const target = now.rounds.find((r: { position: number }) => r.position === Number(fields.position));
				expect(target?.phase, o.label).toBe(fields.phase);
			} else {
				expect(sessionSnapshot(now), `${o.label} was refused but changed the session`).toBe(sessionSnapshot(was));
			}
		}),
		{
			...fcOptions,
			examples: [
				...edgeCases(['position', 'phase']),
				[{ position: '3', phase: 'position' }],
				[{ position: '1.5', phase: 'reveal' }],
				[{ position: '1', phase: 'done; drop table x' }]
			]
		}
	);

	// A step names the step it leaves; a step from anywhere but where the session is changes nothing.
	const direction = fc.oneof(fc.constantFrom('forward', 'back', 'FORWARD', 'sideways'), hostile);
	await fc.assert(
		fc.asyncProperty(
			fc.record({
				position: maybe(position),
				phase: maybe(phase),
				direction: maybe(direction),
				confirmEmpty: maybe(fc.oneof(fc.constant('1'), hostile))
			}),
			async (fields) => {
				const was = await state();
				const o = await submit(w.a, `${base}?/step`, fields);
				expectHandled(o);
				const now = await state();
				// (The phase must match exactly; the position may be written " 1" and still match.)
				const stale = fields.phase !== was.round.phase;
				if (o.type !== 'success' || stale)
					expect(sessionSnapshot(now), `${o.label} was refused or stale but changed the session`).toBe(
						sessionSnapshot(was)
					);
			}
		),
		// The last round has no step after 'done', the first none before 'waiting'; an empty reveal asks first.
		{
			...fcOptions,
			examples: [
				...edgeCases(['position', 'phase', 'direction']),
				[{ position: '2', phase: 'done', direction: 'forward' }],
				[{ position: '1', phase: 'waiting', direction: 'back' }],
				[{ position: '20', phase: 'shift', direction: 'forward' }]
			]
		}
	);

	// Notes: accepted ones stored exactly; refused ones (too long, stale version, other rounds) change nothing.
	expect((await submit(w.a, `${base}?/phase`, { position: '1', phase: 'discuss' })).type).toBe('success');
	const roundId = (await state()).round.id as string;
	await fc.assert(
		fc.asyncProperty(
			fc.record({
				roundId: maybe(idish(roundId, roundId, roundId, w.sessionB.roundId, w.sessionA.id)),
				notesMd: maybe(fc.oneof(hostile, fc.constant('n'.repeat(20_001)))),
				agreementsMd: maybe(hostile),
				expectedVersion: maybe(numberish)
			}),
			fc.boolean(),
			async (fields, currentVersion) => {
				const was = await state();
				const sent = currentVersion ? { ...fields, expectedVersion: String(was.round.notes_version) } : fields;
				const o = await submit(w.a, `${base}?/notes`, sent);
				expectHandled(o);
				const now = await state();
				if (o.type === 'success') {
					expect([now.round.notes_md, now.round.agreements_md], o.label).toEqual([
						asReceived(sent.notesMd!),
						asReceived(sent.agreementsMd!)
					]);
				} else {
					expect(sessionSnapshot(now), `${o.label} was refused but changed the notes`).toBe(sessionSnapshot(was));
					// What the facilitator typed comes back with a refusal it can be fixed after.
					if (o.type === 'failure' && o.status !== 413 && typeof sent.notesMd === 'string' && o.data?.values)
						expect(o.data.values.notesMd, o.label).toBe(asReceived(sent.notesMd));
				}
			}
		),
		{
			...fcOptions,
			examples: [
				[{ roundId, notesMd: 'Nul\u0000teken', agreementsMd: '', expectedVersion: '0' }, true],
				[{ roundId, notesMd: 'a', agreementsMd: 'b', expectedVersion: '999' }, false],
				[{ roundId, notesMd: 'a', agreementsMd: 'b', expectedVersion: '-1' }, false],
				[
					{ roundId: w.sessionB.roundId, notesMd: 'In een andere sessie', agreementsMd: '', expectedVersion: '0' },
					false
				]
			]
		}
	);

	// Foreign and forged sessions, the phone (a participant), Sanne (no part of it), a visitor.
	const actions = {
		phase: { position: '1', phase: 'done' },
		step: { position: '1', phase: 'waiting', direction: 'forward' },
		notes: { roundId: w.sessionB.roundId, notesMd: 'x', agreementsMd: 'y', expectedVersion: '0' },
		close: {}
	};
	const snapshotB = sessionSnapshot(await sessionState(w.b, w.sessionB.id));
	for (const [action, fields] of Object.entries(actions)) {
		expectRefused(await submit(w.a, `/sessies/${w.sessionB.id}/presenter?/${action}`, fields), [403, 404]);
		for (const id of [...forgedIds, 'geen-uuid', '%00', '😀'])
			expectRefused(await submit(w.a, `/sessies/${encode(id)}/presenter?/${action}`, fields), [403, 404]);
		expectToLogin(await submit(w.phone, `${base}?/${action}`, fields));
		expectToLogin(await submit(w.visitor, `${base}?/${action}`, fields));
		expectRefused(await submit(w.sanne, `/sessies/${w.sessionB.id}/presenter?/${action}`, fields), [403, 404]);
	}
	expect(sessionSnapshot(await sessionState(w.b, w.sessionB.id))).toBe(snapshotB);

	// The report's reopen and close: only the session's facilitators.
	for (const action of ['close', 'reopen']) {
		expectRefused(await submit(w.a, `/sessies/${w.sessionB.id}/rapport?/${action}`, { x: long }), [403, 404]);
		expectRefused(await submit(w.phone, `/sessies/${w.sessionA.id}/rapport?/${action}`, {}), [403, 404]);
		expectRefused(await submit(w.sanne, `/sessies/${w.sessionA.id}/rapport?/${action}`, {}), [403, 404]);
		for (const id of [...forgedIds, 'geen-uuid', '\u202E'])
			expectRefused(await submit(w.a, `/sessies/${encode(id)}/rapport?/${action}`, {}), [404]);
		expectToLogin(await submit(w.visitor, `/sessies/${w.sessionA.id}/rapport?/${action}`, {}));
	}
	expect((await state()).session.status).toBe('open');
	expect((await sessionState(w.b, w.closedB.id)).session.status).toBe('closed');
	expect(sessionSnapshot(await sessionState(w.b, w.sessionB.id))).toBe(snapshotB);

	// Close with junk in the body still closes (there is nothing to refuse), and reopening works.
	const closed = await submit(w.a, `${base}?/close`, { junk: '\u0000', more: long.slice(0, 1000) });
	expect(closed.location).toBe(`/sessies/${w.sessionA.id}/rapport`);
	expect((await state()).session.status).toBe('closed');
	expectRefused(
		await submit(w.phone, `/sessie/${w.sessionA.id}?/cast`, { roundId: w.sessionA.roundId, value: '5' }),
		[409]
	);
	expect((await submit(w.a, `/sessies/${w.sessionA.id}/rapport?/reopen`, { junk: '<script>' })).location).toBe(
		`/sessies/${w.sessionA.id}/rapport?status=open`
	);
	expect((await state()).session.status).toBe('open');
});

test('follow-ups, their review and the review step refuse hostile input with a translated 4xx and change nothing they refused', async () => {
	const base = `/sessies/${w.sessionA.id}/presenter`;
	const state = () => sessionState(w.a, w.sessionA.id);
	const roundId = (await state()).round.id as string;
	const date = fc.oneof(fc.constantFrom('2027-01-15', '2027-02-30', '15-01-2027', ''), hostile);
	await fc.assert(
		fc.asyncProperty(
			fc.record({
				id: maybe(idish(w.sessionA.id, roundId)),
				roundId: maybe(idish(roundId, roundId, w.sessionB.roundId)),
				body: maybe(fc.oneof(hostile, fc.constant('b'.repeat(201)), fc.constant('Wie belt de huisarts?'))),
				owner: maybe(idish(sanneId)),
				ownerName: maybe(fc.oneof(hostile, fc.constant('n'.repeat(61)))),
				dueOn: maybe(date)
			}),
			async (fields) => {
				const o = await submit(w.a, `${base}?/followUp`, fields);
				expectHandled(o);
			}
		),
		{
			...fcOptions,
			examples: [
				...edgeCases(['id', 'roundId', 'body']),
				[{ id: forgedIds[0], roundId: w.sessionB.roundId, body: 'In een andere sessie' }]
			]
		}
	);
	const was = sessionSnapshot(await state());
	for (const [action, arbitrary] of [
		[
			'review',
			fc.record({
				followUpId: maybe(idish(roundId)),
				outcome: maybe(fc.oneof(fc.constantFrom('done', 'partly', 'not_done', 'dropped', 'DONE'), hostile)),
				note: maybe(fc.oneof(hostile, fc.constant('n'.repeat(301))))
			})
		],
		['reviewing', fc.record({ reviewing: maybe(fc.oneof(fc.constantFrom('on', 'off', 'true'), hostile)) })],
		['deleteFollowUp', fc.record({ followUpId: maybe(idish(roundId, forgedIds[0])) })]
	] as const) {
		await fc.assert(
			fc.asyncProperty(arbitrary as fc.Arbitrary<Fields>, async (fields) => {
				const o = await submit(w.a, `${base}?/${action}`, fields);
				expectHandled(o);
			}),
			{ ...fcOptions, examples: [[{}]] }
		);
		for (const id of [...forgedIds, 'geen-uuid'])
			expectRefused(
				await submit(w.a, `/sessies/${encode(id)}/presenter?/${action}`, { followUpId: forgedIds[0], reviewing: 'on' }),
				[403, 404]
			);
		expectToLogin(await submit(w.phone, `${base}?/${action}`, { followUpId: forgedIds[0], reviewing: 'on' }));
		expectToLogin(await submit(w.visitor, `${base}?/${action}`, { followUpId: forgedIds[0], reviewing: 'on' }));
	}
	// No follow-ups to review in this session: the review step cannot be switched on, nothing moved.
	expect(sessionSnapshot(await state())).toBe(was);
	expectRefused(
		await submit(w.sanne, `/sessies/${w.sessionB.id}/presenter?/followUp`, {
			id: forgedIds[1],
			roundId: w.sessionB.roundId,
			body: 'Ingeslopen'
		}),
		[403, 404]
	);
});

test('endpoints that take an id in the URL answer malformed, forged and foreign ids with a 404, never a 500', async () => {
	const ids = fc.oneof(
		fc.constantFrom(...forgedIds, w.sessionB.id, w.teamB),
		hostile.filter((s) => s !== '' && s !== '.' && s !== '..')
	);
	const sessionPaths = [
		'state.json',
		'snapshot.json',
		'events',
		'rapport.md',
		'rapport.csv',
		'rapport.json',
		'rapport',
		'presenter'
	];
	await fc.assert(
		fc.asyncProperty(ids, async (raw) => {
			const id = encode(raw);
			for (const path of sessionPaths) {
				const response = await get(
					w.a,
					`/sessies/${id}/${path}`,
					path.includes('.') || path === 'events' ? 'application/json' : 'text/html'
				);
				expect([400, 404, 414, 431], `/sessies/${raw}/${path}: ${response.status}`).toContain(response.status);
				if (response.status === 404 && path !== 'events' && path !== 'state.json')
					expect(response.body).toContain(dutch['errors.session_not_found']);
			}
			for (const url of [
				`/sessie/${id}`,
				`/teams/${id}`,
				`/teams/${id}/dilemmas`,
				`/teams/${id}/sessies/nieuw`,
				`/uitnodiging/${id}`,
				`/dilemmas/${id}`,
				`/dilemmas?team=${id}`,
				`/dilemmas/${w.slugs[0]}?team=${id}`,
				`/dilemmas/kaarten?team=${id}`
			]) {
				const response = await get(w.a, url);
				expect([400, 404, 414, 431], `${url.slice(0, 200)}: ${response.status}`).toContain(response.status);
			}
			const join = await get(w.a, `/doe-mee/${id}`);
			expect([200, 400, 404, 414, 429, 431]).toContain(join.status);
		}),
		{
			...fcOptions,
			examples: [
				['geen-uuid'],
				[`${w.sessionA.id}x`],
				[w.sessionA.id.toUpperCase().replace(/-/g, '')],
				['../teams'],
				['%2e%2e'],
				['\u0000']
			]
		}
	);
	// Foreign data: a phone of session A and a member of another team see nothing of session B or team B.
	for (const path of sessionPaths) {
		for (const ctx of [w.phone, w.a]) {
			const response = await get(ctx, `/sessies/${w.sessionB.id}/${path}`);
			// The phone has no account: the presenter view sends it to the login page first.
			if (response.status === 303) expect(response.headers.location, path).toMatch(/^\/inloggen\?next=/);
			else expect([403, 404], `${path}: ${response.status}`).toContain(response.status);
		}
	}
	for (const url of [`/teams/${w.teamB}`, `/dilemmas?team=${w.teamB}`, `/teams/${w.teamB}/dilemmas`])
		expect((await get(w.a, url)).status).toBe(404);
	// A visitor is sent to the login page for the reports, a 404 for the live data.
	expect((await get(w.visitor, `/sessies/${w.sessionA.id}/rapport.csv`)).status).toBe(303);
	expect([403, 404]).toContain(
		(await get(w.visitor, `/sessies/${w.sessionA.id}/state.json`, 'application/json')).status
	);
	expect((await get(w.visitor, `/sessies/${w.sessionA.id}/events`, 'application/json')).status).toBe(404);
	// A hostile separator is ignored, not echoed.
	for (const sep of ['semicolon', '\u0000', 'x'.repeat(5000), '%ED%A0%80']) {
		const response = await get(w.a, `/sessies/${w.sessionA.id}/rapport.csv?sep=${encodeURIComponent(sep)}`);
		expect(response.status).toBe(200);
		expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"$/);
	}
});

test('malformed bodies, wrong content types and cross-site posts get a 4xx on every form action', async () => {
	const targets: [APIRequestContext, string][] = [
		[w.visitor, '/registreren'],
		[w.visitor, '/inloggen'],
		[w.visitor, '/taal'],
		[w.visitor, '/uitloggen'],
		[w.a, '/teams?/createTeam'],
		...['rename', 'createInvite', 'revokeInvite', 'removeMember', 'setRole'].map((a): [APIRequestContext, string] => [
			w.a,
			`/teams/${w.teamA}?/${a}`
		]),
		...['preview', 'confirm', 'activate'].map((a): [APIRequestContext, string] => [
			w.a,
			`/teams/${w.teamA}/dilemmas?/${a}`
		]),
		[w.a, `/teams/${w.teamA}/sessies/nieuw`],
		[w.a, '/profiel'],
		[w.visitor, '/doe-mee?/join'],
		[w.phone, `/sessie/${w.sessionA.id}?/cast`],
		...['phase', 'step', 'notes'].map((a): [APIRequestContext, string] => [
			w.a,
			`/sessies/${w.sessionA.id}/presenter?/${a}`
		])
	];
	const bodies: { body: string; contentType: string }[] = [
		{
			body: 'name=%ZZ&%E0%A4=%ED%A0%80&&=&x&role=%C0%AF&displayName=%',
			contentType: 'application/x-www-form-urlencoded'
		},
		{
			body: '--nope\r\ncontent-disposition: form-data; name="name"\r\n\r\nx',
			contentType: 'multipart/form-data; boundary=elders'
		},
		{ body: 'garbage', contentType: 'multipart/form-data' },
		{ body: 'name=x', contentType: 'text/plain' },
		{ body: '{"name":"Via JSON","role":"facilitator"}', contentType: 'application/json' },
		{ body: '', contentType: 'application/x-www-form-urlencoded' }
	];
	for (const [ctx, url] of targets) {
		for (const [index, { body, contentType }] of bodies.entries()) {
			const o = await submit(ctx, url, body, { contentType });
			// The language form and logging out read what they can and always go back; SvelteKit itself refuses JSON.
			if ((url === '/taal' || url === '/uitloggen') && o.type === 'redirect') expect(o.location, o.label).toBe('/');
			// Broken percent-encoding still reads as text (`%ZZ` is a fine team name): any 2xx, 3xx or translated 4xx.
			else if (index === 0) expectHandled(o);
			else expectRefused(o);
		}
		// SvelteKit refuses a form posted from another site before any action runs.
		const crossSite = await submit(ctx, url, { name: 'Van elders' }, { origin: 'https://evil.example' });
		expect(crossSite.http, crossSite.label).toBe(403);
	}
	// The first body renames team A to `%ZZ`, legitimately: back to its name.
	expect((await submit(w.a, `/teams/${w.teamA}?/rename`, { name: w.teamAName })).type).toBe('success');
});

test('a form posted without JavaScript shows the refusal in Dutch on the page', async () => {
	const page = async (ctx: APIRequestContext, url: string, fields: Fields, text: string, status = 400) => {
		const o = await submit(ctx, url, fields, { html: true });
		expect(o.http, o.label).toBe(status);
		expect(o.body, `${o.label}: "${text}" not on the page`).toContain(text);
	};
	await page(w.visitor, '/registreren', {}, dutch['errors.display_name_length']);
	await page(
		w.visitor,
		'/registreren',
		{ displayName: 'Geldig', email: 'x@voorbeeld.test', password: long },
		dutch['errors.form_too_large'],
		413
	);
	await page(w.visitor, '/inloggen', { email: 'geen e-mail', password: '' }, dutch['errors.invalid_email']);
	await page(w.a, '/teams?/createTeam', { name: 'x' }, dutch['errors.team_name_length']);
	await page(w.a, `/teams/${w.teamA}?/rename`, { name: 'x'.repeat(81) }, dutch['errors.team_name_length']);
	await page(w.a, `/teams/${w.teamA}?/rename`, { name: long }, dutch['errors.form_too_large'], 413);
	await page(
		w.a,
		`/teams/${w.teamA}?/setRole`,
		{ userId: sanneId, role: 'member' },
		dutch['errors.member_not_found'],
		404
	);
	await page(
		w.a,
		`/teams/${w.teamA}/dilemmas?/preview`,
		{ name: 'Set', language: 'nl', bundle: '' },
		dutch['dilemmas.import.nothing']
	);
	await page(
		w.a,
		`/teams/${w.teamA}/dilemmas?/activate`,
		{ setId: w.setB },
		dutch['errors.dilemma_set_not_found'],
		404
	);
	await page(
		w.a,
		`/teams/${w.teamA}/sessies/nieuw`,
		{ title: 'Geen dilemma’s', heldOn: '2026-01-01' },
		dutch['errors.session_dilemma_count']
	);
	await page(
		w.a,
		`/teams/${w.teamA}/sessies/nieuw`,
		{ title: 'Rare datum', heldOn: '2026-02-30', dilemmas: [w.slugs[0]] },
		dutch['errors.invalid_date']
	);
	await page(w.a, '/profiel', { displayName: '', locale: 'nl' }, dutch['errors.display_name_length']);
	await page(w.a, '/profiel', { displayName: 'Anna Aanval', locale: 'de' }, dutch['errors.invalid_locale']);
	await page(w.a, `/uitnodiging/${w.revokedB.token}`, {}, dutch['errors.invite_expired'], 409);
	await page(w.visitor, '/doe-mee?/join', { code: '', displayName: 'Iemand' }, dutch['errors.join_code_unknown']);
	await page(
		w.visitor,
		'/doe-mee?/join',
		{ code: w.sessionA.code, displayName: 'x'.repeat(41) },
		dutch['errors.participant_name_length']
	);

	// Any phase: a value out of range is refused before the round is looked at. (Not 'position':
	// the fuzz above may have revealed round 1, and a revealed stage stays closed.)
	expect(
		(await submit(w.a, `/sessies/${w.sessionA.id}/presenter?/phase`, { position: '1', phase: 'reveal' })).type
	).toBe('success');
	await page(
		w.phone,
		`/sessie/${w.sessionA.id}?/cast`,
		{ roundId: w.sessionA.roundId, value: '101' },
		dutch['errors.position_out_of_range']
	);
	await page(
		w.phone,
		`/sessie/${w.sessionA.id}?/cast`,
		{ roundId: w.sessionA.roundId, value: '' },
		dutch['errors.position_out_of_range']
	);

	// The facilitator's long notes: refused with a message, and the text is still in the form.
	expect(
		(await submit(w.a, `/sessies/${w.sessionA.id}/presenter?/phase`, { position: '1', phase: 'discuss' })).type
	).toBe('success');
	const round = (await sessionState(w.a, w.sessionA.id)).round;
	const notes = `Lange aantekeningen ${'n'.repeat(20_001)}`;
	await page(
		w.a,
		`/sessies/${w.sessionA.id}/presenter?/notes`,
		{ roundId: round.id, notesMd: notes, agreementsMd: 'afspraak', expectedVersion: String(round.notes_version) },
		dutch['errors.notes_too_long']
	);
	await page(
		w.a,
		`/sessies/${w.sessionA.id}/presenter?/notes`,
		{ roundId: round.id, notesMd: notes, agreementsMd: 'afspraak', expectedVersion: String(round.notes_version) },
		notes
	);
	await page(
		w.a,
		`/sessies/${w.sessionA.id}/presenter?/notes`,
		{ roundId: round.id, notesMd: 'Botst', agreementsMd: '', expectedVersion: String(round.notes_version + 7) },
		dutch['errors.notes_conflict'].slice(0, 40),
		409
	);
	// A refused step on the presenter screen says why, whatever the phase.
	expect(
		(await submit(w.a, `/sessies/${w.sessionA.id}/presenter?/phase`, { position: '1', phase: 'reveal' })).type
	).toBe('success');
	await page(
		w.a,
		`/sessies/${w.sessionA.id}/presenter?/phase`,
		{ position: '7', phase: 'reveal' },
		dutch['errors.round_not_found'],
		404
	);
});

test('every form action this file claims was sent hostile input', async ({}, testInfo) => {
	expectFuzzed(testInfo, 'bad-input');
});
