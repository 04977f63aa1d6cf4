/**
 * Hostile input on what bad-input.e2e.ts leaves out: the endpoints (`+server.ts`: the autosave,
 * the data export, the session's state, event stream and downloads), the reflection journal's
 * forms, deleting an account, every page load with hostile ids and query strings, and every
 * route with every HTTP method. Same rule: a 2xx/3xx or a translated 4xx, never a 500, and a
 * refused request changes nothing (read back after each). Bodies and fields are derived from
 * the zod schemas (tests/fixtures/zod-arbitrary.ts). FC_SEED=<n> replays a run.
 */
import { test, expect, type APIRequestContext } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { id as idSchema, inviteToken } from '../../src/lib/domain/schemas';
import { joinCode } from '../../src/lib/domain/session-schemas';
import { dilemmaSlug } from '../../src/lib/domain/schemas';
import { draftBody, reflectionForm } from '../../src/lib/domain/reflection-schemas';
import { routeTargets } from '../fixtures/routes';
import { hostileFrom, hostileRecord, validFrom } from '../fixtures/zod-arbitrary';
import { uniqueEmail } from './support';
import {
	dutch,
	encode,
	expectFuzzed,
	expectHandled,
	expectRefused,
	expectToLogin,
	fcOptions,
	forgedIds,
	get,
	hostile,
	long,
	pageData,
	password,
	record,
	runs,
	runsEach,
	saveHits,
	send,
	submit,
	type Fields
} from './hostile';

test.describe.configure({ timeout: Math.max(90_000, runs * 6_000) });

/** This file's own address (the e2e server trusts X-Forwarded-For as a proxy's). */
const address = '198.51.100.2';

interface Reflection {
	id: string;
	dilemma_slug: string;
	body_md: string;
	value: number | null;
	desired: number | null;
	is_draft: boolean;
	version: number;
	shared_with_team_id: string | null;
}

interface World {
	/** Rosa writes reflections; Otto is someone else with a team and a reflection of his own. */
	rosa: APIRequestContext;
	otto: APIRequestContext;
	phone: APIRequestContext;
	visitor: APIRequestContext;
	contexts: APIRequestContext[];
	fresh: () => Promise<APIRequestContext>;
	cookies: Record<'rosa' | 'phone', string>;
	teamId: string;
	ottoTeamId: string;
	sessionId: string;
	inviteToken: string;
	slugs: string[];
	reflectionId: string;
	ottoReflectionId: string;
}
let w: World;

async function signUp(ctx: APIRequestContext, displayName: string) {
	const o = await submit(ctx, '/registreren', { displayName, email: uniqueEmail('api'), password }, { html: true });
	expect(o.http, o.body.slice(0, 300)).toBe(303);
}

async function createTeam(ctx: APIRequestContext, name: string) {
	const o = await submit(ctx, '/teams?/createTeam', { name }, { html: true });
	expect(o.http).toBe(303);
	return o.location!.match(/^\/teams\/([0-9a-f-]{36})/)![1];
}

const autosave = (ctx: APIRequestContext, body: unknown, contentType = 'application/json') =>
	send(ctx, 'POST', '/reflecties/concept', {
		data: typeof body === 'string' ? body : JSON.stringify(body),
		headers: { 'content-type': contentType }
	});

/** A person's reflections as their own list page has them. */
async function reflectionsOf(ctx: APIRequestContext): Promise<Reflection[]> {
	return ((await pageData(ctx, '/reflecties')).reflections as Reflection[])
		.map(({ id, dilemma_slug, body_md, value, desired, is_draft, version, shared_with_team_id }) => ({
			id,
			dilemma_slug,
			body_md,
			value,
			desired,
			is_draft,
			version,
			shared_with_team_id
		}))
		.sort((a, b) => a.id.localeCompare(b.id));
}

type Saved = Omit<World, 'rosa' | 'otto' | 'phone' | 'visitor' | 'contexts' | 'fresh'>;

test.beforeAll(async ({ playwright }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const contexts: APIRequestContext[] = [];
	type StorageState = Awaited<ReturnType<APIRequestContext['storageState']>>;
	const fresh = async (storageState?: StorageState) => {
		const ctx = await playwright.request.newContext({
			baseURL,
			storageState,
			extraHTTPHeaders: { origin: baseURL, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': address }
		});
		contexts.push(ctx);
		return ctx;
	};
	// Made once per run and kept in the output directory: a failed test restarts the worker.
	const worldFile = join(testInfo.project.outputDir, 'bad-input-api-world.json');
	if (existsSync(worldFile)) {
		const saved: { world: Saved; states: Record<'rosa' | 'otto' | 'phone', StorageState> } = JSON.parse(
			readFileSync(worldFile, 'utf8')
		);
		const [rosa, otto, phone, visitor] = await Promise.all([
			fresh(saved.states.rosa),
			fresh(saved.states.otto),
			fresh(saved.states.phone),
			fresh()
		]);
		w = { ...saved.world, rosa, otto, phone, visitor, contexts, fresh: () => fresh() };
		return;
	}
	const [rosa, otto, phone, visitor] = await Promise.all([fresh(), fresh(), fresh(), fresh()]);
	await signUp(rosa, 'Rosa Reflectie');
	await signUp(otto, 'Otto Ander');
	const [teamId, ottoTeamId] = await Promise.all([createTeam(rosa, 'Team Reflectie'), createTeam(otto, 'Team Otto')]);
	const slugs = ((await pageData(rosa, `/teams/${teamId}/sessies/nieuw`)).dilemmas as { slug: string }[]).map(
		(d) => d.slug
	);
	const made = await submit(
		rosa,
		`/teams/${teamId}/sessies/nieuw`,
		{ title: 'Sessie voor de API', heldOn: '2026-11-23', dilemmas: slugs.slice(0, 2) },
		{ html: true }
	);
	const sessionId = made.location!.match(/^\/sessies\/([0-9a-f-]{36})\/presenter$/)![1];
	const code = (await (await rosa.get(`/sessies/${sessionId}/state.json`)).json()).session.join_code as string;
	expect((await submit(phone, '/doe-mee?/join', { code, displayName: 'Telefoon API' }, { html: true })).location).toBe(
		`/sessie/${sessionId}`
	);
	const invite = await submit(rosa, `/teams/${teamId}?/createInvite`, { role: 'member' });
	const reflectionId = crypto.randomUUID();
	const ottoReflectionId = crypto.randomUUID();
	expect(
		(
			await autosave(rosa, {
				id: reflectionId,
				dilemmaSlug: slugs[0],
				version: 0,
				body: 'Mijn eerste gedachte.',
				value: 30,
				desired: null,
				isDraft: false
			})
		).status
	).toBe(200);
	expect(
		(
			await autosave(otto, {
				id: ottoReflectionId,
				dilemmaSlug: slugs[0],
				version: 0,
				body: 'Van Otto.',
				value: 60,
				desired: 70,
				isDraft: false
			})
		).status
	).toBe(200);
	const cookie = async (ctx: APIRequestContext) =>
		(await ctx.storageState()).cookies
			.filter((c) => c.name === 'wp_session')
			.map((c) => `${c.name}=${c.value}`)
			.join('; ');
	const world: Saved = {
		cookies: { rosa: await cookie(rosa), phone: await cookie(phone) },
		teamId,
		ottoTeamId,
		sessionId,
		inviteToken: invite.data!.inviteToken,
		slugs,
		reflectionId,
		ottoReflectionId
	};
	w = { ...world, rosa, otto, phone, visitor, contexts, fresh: () => fresh() };
	writeFileSync(
		worldFile,
		JSON.stringify({
			world,
			states: { rosa: await rosa.storageState(), otto: await otto.storageState(), phone: await phone.storageState() }
		})
	);
});

test.afterEach(async ({}, testInfo) => {
	saveHits(testInfo, 'bad-input-api');
});

test.afterAll(async () => {
	await Promise.all(w?.contexts.map((ctx) => ctx.dispose()) ?? []);
});

/** A refusal from a JSON endpoint: a 4xx with an error key and its Dutch text. */
function expectJsonRefusal(label: string, response: { status: number; body: string }) {
	expect(response.status, `${label}: ${response.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
	expect(response.status, label).toBeLessThan(500);
	const json = JSON.parse(response.body);
	expect(
		typeof json.message === 'string' && Object.values(dutch).includes(json.message),
		`${label}: "${json.message}" is not a Dutch text`
	).toBe(true);
	if (json.error !== undefined) expect(json.message, label).toBe(dutch[`errors.${json.error}`]);
}

// ---------------------------------------------------------------------------------------------

test('the autosave endpoint refuses hostile JSON and stores accepted drafts exactly', async () => {
	const ids = fc.oneof(
		fc.constant(w.reflectionId),
		fc.constant(w.reflectionId.toUpperCase()),
		fc.uuid(),
		fc.constant(w.ottoReflectionId)
	);
	const derive = { overrides: { id: ids, dilemmaSlug: fc.constantFrom(...w.slugs.slice(0, 3)) } };
	// One in three wholly valid, so that what is accepted is checked as often as what is refused.
	const body = fc.oneof(
		{ weight: 1, arbitrary: validFrom(draftBody, derive) as fc.Arbitrary<Record<string, unknown>> },
		{ weight: 2, arbitrary: hostileRecord(draftBody, hostile, derive) }
	);
	const ottoBefore = await reflectionsOf(w.otto);
	await fc.assert(
		fc.asyncProperty(body, fc.boolean(), async (raw, currentVersion) => {
			const before = await reflectionsOf(w.rosa);
			// With the version the entry has now (0 for a new one), a valid body can be saved.
			const fields: Record<string, unknown> = { ...raw };
			if (currentVersion && typeof fields.id === 'string')
				fields.version = before.find((r) => r.id === (fields.id as string).toLowerCase())?.version ?? 0;
			const label = `POST /reflecties/concept ${JSON.stringify(fields).slice(0, 300)}`;
			const response = await autosave(w.rosa, fields);
			const after = await reflectionsOf(w.rosa);
			if (response.status === 200) {
				const parsed = draftBody.safeParse(fields);
				expect(parsed.success, `${label} was accepted`).toBe(true);
				const saved = after.find((r) => r.id === JSON.parse(response.body).id);
				// Text is stored as UTF-8: half a surrogate pair becomes U+FFFD, everything else stays.
				expect(saved, label).toMatchObject({
					body_md: Buffer.from(parsed.data!.body).toString(),
					value: parsed.data!.value,
					desired: parsed.data!.desired,
					is_draft: parsed.data!.isDraft
				});
			} else {
				expectJsonRefusal(label, response);
				expect(after, `${label} was refused but changed a reflection`).toEqual(before);
			}
		}),
		{
			...fcOptions,
			numRuns: runs * 2,
			examples: [
				[
					{
						id: w.reflectionId,
						dilemmaSlug: w.slugs[0],
						version: 0,
						body: 'Nul\u0000teken',
						value: 1,
						desired: null,
						isDraft: true
					},
					true
				],
				[
					{
						id: w.reflectionId,
						dilemmaSlug: w.slugs[0],
						version: 0,
						body: 'Half \uD800 teken',
						value: 1,
						desired: null,
						isDraft: true
					},
					true
				],
				[
					{
						id: w.reflectionId,
						dilemmaSlug: w.slugs[0],
						version: 0,
						body: 'x'.repeat(20_001),
						value: 1,
						desired: null,
						isDraft: true
					},
					true
				],
				[
					{
						id: w.reflectionId,
						dilemmaSlug: 'bestaat-niet',
						version: 0,
						body: 'x',
						value: 1,
						desired: null,
						isDraft: true
					},
					true
				],
				[
					{
						id: w.ottoReflectionId,
						dilemmaSlug: w.slugs[0],
						version: 1,
						body: 'Overgenomen',
						value: 1,
						desired: null,
						isDraft: false
					},
					false
				],
				[
					{
						id: w.reflectionId,
						dilemmaSlug: w.slugs[0],
						version: '1',
						body: 'x',
						value: '50',
						desired: null,
						isDraft: 'false'
					},
					false
				],
				[
					{
						id: w.reflectionId,
						dilemmaSlug: w.slugs[0],
						version: 999,
						body: 'Botst',
						value: 1,
						desired: null,
						isDraft: false
					},
					false
				]
			]
		}
	);

	// Not JSON, not an object, too big, too deep, the wrong content type: refused, nothing changed.
	const before = await reflectionsOf(w.rosa);
	const raw = [
		'',
		'{',
		'null',
		'[]',
		'"tekst"',
		'1',
		'true',
		'{"id":',
		'\uFEFF{}',
		'{"__proto__":{"isDraft":false}}',
		'['.repeat(50_000),
		JSON.stringify({ body: long }),
		'x'.repeat(100_001),
		'%7B%7D'
	];
	for (const body of raw) expectJsonRefusal(`raw ${body.slice(0, 40)}`, await autosave(w.rosa, body));
	const valid = {
		id: w.reflectionId,
		dilemmaSlug: w.slugs[0],
		version: before.find((r) => r.id === w.reflectionId)!.version,
		body: 'Via een ander type',
		value: 5,
		desired: null,
		isDraft: true
	};
	for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
		// SvelteKit refuses a form-like post from another site before the endpoint runs.
		const crossSite = await send(w.rosa, 'POST', '/reflecties/concept', {
			data: JSON.stringify(valid),
			headers: { 'content-type': contentType, origin: 'https://evil.example' }
		});
		expect(crossSite.status, contentType).toBe(403);
	}
	expect(await reflectionsOf(w.rosa)).toEqual(before);
	// Without an account: the visitor and the phone (an anonymous participant) are refused.
	for (const ctx of [w.visitor, w.phone]) {
		const response = await autosave(ctx, { ...valid, id: crypto.randomUUID() });
		expect(response.status).toBe(401);
		expectJsonRefusal('no account', response);
	}
	expect(await reflectionsOf(w.otto)).toEqual(ottoBefore);
});

test('the reflection forms refuse hostile input, foreign entries and teams, and change nothing they refused', async () => {
	const ids = fc.oneof(fc.constant(w.reflectionId), fc.uuid(), fc.constant(w.ottoReflectionId));
	const slugs = fc.constantFrom(...w.slugs.slice(0, 3));
	const derive = { form: true, overrides: { id: ids, dilemmaSlug: slugs } };
	const form = fc.oneof(
		{ weight: 1, arbitrary: validFrom(reflectionForm, derive) as fc.Arbitrary<Record<string, unknown>> },
		{ weight: 2, arbitrary: hostileRecord(reflectionForm, hostile, derive) }
	);
	const ottoBefore = await reflectionsOf(w.otto);

	await fc.assert(
		fc.asyncProperty(form, fc.boolean(), fc.constantFrom('nieuw', 'own'), async (raw, currentVersion, where) => {
			const before = await reflectionsOf(w.rosa);
			const fields = { ...raw } as Fields;
			// The entry's own page saves that entry: mostly with its id, now and then with another.
			if (where === 'own' && typeof fields.id === 'string' && currentVersion) fields.id = w.reflectionId;
			if (currentVersion && typeof fields.id === 'string')
				fields.version = String(before.find((r) => r.id === (fields.id as string).toLowerCase())?.version ?? 0);
			const url = where === 'nieuw' ? '/reflecties/nieuw?/save' : `/reflecties/${w.reflectionId}?/save`;
			const o = await submit(w.rosa, url, fields);
			expectHandled(o);
			const after = await reflectionsOf(w.rosa);
			if (o.type === 'success' || o.type === 'redirect') {
				const parsed = reflectionForm.safeParse(fields);
				expect(parsed.success, `${o.label} was accepted`).toBe(true);
				const saved = after.find((r) => r.id === parsed.data!.id.toLowerCase());
				expect(saved, o.label).toMatchObject({
					body_md: parsed.data!.body,
					value: parsed.data!.value,
					desired: parsed.data!.desired,
					is_draft: false
				});
			} else {
				expect(after, `${o.label} was refused but changed a reflection`).toEqual(before);
			}
		}),
		{
			...fcOptions,
			numRuns: runs * 2,
			examples: [
				[
					{ id: w.ottoReflectionId, dilemmaSlug: w.slugs[0], version: '1', body: 'Overgenomen', value: '10' },
					false,
					'nieuw'
				],
				[
					{
						id: w.ottoReflectionId,
						dilemmaSlug: w.slugs[0],
						version: '1',
						body: 'Andere id dan het adres',
						value: '10'
					},
					false,
					'own'
				],
				[{ id: w.reflectionId, dilemmaSlug: w.slugs[0], version: '0', body: 'Nul\u0000', value: '10' }, true, 'own'],
				[
					{
						id: w.reflectionId,
						dilemmaSlug: w.slugs[0],
						version: '0',
						body: 'Wens zonder vinkje',
						value: '10',
						desired: '101'
					},
					true,
					'own'
				],
				[
					{
						id: w.reflectionId,
						dilemmaSlug: w.slugs[0],
						version: '0',
						body: 'Wens',
						value: '10',
						useDesired: 'on',
						desired: '101'
					},
					true,
					'own'
				]
			]
		}
	);

	// Sharing: only with a team of one's own; unsharing, deleting: only one's own entries.
	const teams = fc.oneof(
		fc.constantFrom(w.teamId, w.ottoTeamId, w.teamId.toUpperCase(), ...forgedIds),
		hostileFrom(idSchema, hostile, { form: true }) as fc.Arbitrary<string>
	);
	for (const action of ['share', 'unshare']) {
		await fc.assert(
			fc.asyncProperty(teams, async (teamId) => {
				const before = await reflectionsOf(w.rosa);
				const o = await submit(w.rosa, `/reflecties/${w.reflectionId}?/${action}`, { teamId });
				expectHandled(o);
				const now = (await reflectionsOf(w.rosa)).find((r) => r.id === w.reflectionId)!;
				if (o.type === 'success')
					expect(now.shared_with_team_id, o.label).toBe(action === 'share' ? teamId.toLowerCase() : null);
				else expect(await reflectionsOf(w.rosa), `${o.label} was refused but changed a reflection`).toEqual(before);
				if (action === 'share' && teamId === w.ottoTeamId) expect(o.type, o.label).not.toBe('success');
			}),
			{ ...runsEach(2), examples: action === 'share' ? [[w.ottoTeamId], [w.teamId], ['']] : [] }
		);
	}
	// Otto's entry, and ids that are nobody's (a well-formed one could be Rosa's after the autosave fuzz: not those).
	const rosas = new Set((await reflectionsOf(w.rosa)).map((r) => r.id));
	const entryIds = fc
		.oneof(
			fc.constantFrom(w.ottoReflectionId, ...forgedIds),
			hostileFrom(idSchema, hostile).filter(
				(v): v is string => typeof v === 'string' && v !== '' && v !== '.' && v !== '..'
			)
		)
		.filter((v) => !rosas.has(v.toLowerCase()));
	for (const action of ['save', 'share', 'unshare', 'delete']) {
		await fc.assert(
			fc.asyncProperty(entryIds, async (entryId) => {
				const before = await reflectionsOf(w.rosa);
				const o = await submit(w.rosa, `/reflecties/${encode(entryId)}?/${action}`, {
					id: w.ottoReflectionId,
					teamId: w.teamId,
					dilemmaSlug: w.slugs[0],
					version: '1',
					body: 'Overgenomen'
				});
				expectRefused(o, [400, 403, 404, 409, 413, 431]);
				expect(await reflectionsOf(w.rosa), o.label).toEqual(before);
			}),
			runsEach(4)
		);
	}
	for (const action of ['save', 'share', 'unshare', 'delete']) {
		expectToLogin(await submit(w.visitor, `/reflecties/${w.reflectionId}?/${action}`, { teamId: w.teamId }));
		expectToLogin(await submit(w.phone, `/reflecties/${w.reflectionId}?/${action}`, { teamId: w.teamId }));
	}
	expectToLogin(
		await submit(w.phone, '/reflecties/nieuw?/save', {
			id: crypto.randomUUID(),
			dilemmaSlug: w.slugs[0],
			version: '0',
			body: 'Anoniem'
		})
	);
	expect(await reflectionsOf(w.otto)).toEqual(ottoBefore);

	// Deleting one's own entry works once; then it is gone and a second delete is a 404.
	const doomed = crypto.randomUUID();
	expect(
		(
			await autosave(w.rosa, {
				id: doomed,
				dilemmaSlug: w.slugs[1],
				version: 0,
				body: 'Weg ermee',
				value: null,
				desired: null,
				isDraft: true
			})
		).status
	).toBe(200);
	expect((await submit(w.rosa, `/reflecties/${doomed}?/delete`, { junk: '\u0000' })).location).toBe(
		'/reflecties?verwijderd'
	);
	expectRefused(await submit(w.rosa, `/reflecties/${doomed}?/delete`, {}), [404]);
	expect((await reflectionsOf(w.rosa)).some((r) => r.id === doomed)).toBe(false);
});

test('deleting an account takes the exact word and nothing else', async () => {
	const near = [
		'verwijder',
		'VERWIJDE',
		'VERWIJDERx',
		'VERWIJDER\u0000',
		'ＶＥＲＷＩＪＤＥＲ',
		'VERWIJDER'.split('').join('\u200B'),
		'V E R W I J D E R',
		'DELETE',
		'x'.repeat(101)
	];
	await fc.assert(
		fc.asyncProperty(
			fc.record({ confirm: fc.option(fc.oneof(fc.constantFrom(...near), hostile), { nil: undefined, freq: 6 }) }),
			async (fields) => {
				const o = await submit(w.rosa, '/mijn-gegevens?/deleteAccount', fields);
				expectRefused(o, [400, 413]);
				// Still there: the profile loads.
				expect((await pageData(w.rosa, '/profiel')).profile.display_name, o.label).toBe('Rosa Reflectie');
			}
		),
		{ ...fcOptions, examples: near.map((confirm): [{ confirm: string | undefined }] => [{ confirm }]) }
	);
	expectToLogin(await submit(w.visitor, '/mijn-gegevens?/deleteAccount', { confirm: 'VERWIJDER' }));
	expectToLogin(await submit(w.phone, '/mijn-gegevens?/deleteAccount', { confirm: 'VERWIJDER' }));
	const crossSite = await submit(
		w.rosa,
		'/mijn-gegevens?/deleteAccount',
		{ confirm: 'VERWIJDER' },
		{ origin: 'https://evil.example' }
	);
	expect(crossSite.http).toBe(403);
	expect((await pageData(w.rosa, '/profiel')).profile.display_name).toBe('Rosa Reflectie');
});

test('the export, the session state and the downloads answer hostile queries and headers, and only their people', async () => {
	const query = fc.dictionary(
		fc.oneof(fc.constantFrom('sep', 'lang', 'format', '__proto__', 'x-sveltekit-invalidated'), hostile),
		hostile,
		{ maxKeys: 3 }
	);
	const header = fc.record({
		accept: fc.oneof(
			fc.constantFrom('application/json', 'text/html', '*/*', 'text/event-stream', ''),
			hostile.map((h) => h.replace(/[^\x20-\x7e]/g, ''))
		),
		'if-none-match': fc.constantFrom('"x"', '*', 'W/"0"'),
		range: fc.constantFrom('bytes=0-10', 'bytes=-1', 'bytes=x')
	});
	const endpoints = [
		'/mijn-gegevens/export.json',
		`/sessies/${w.sessionId}/state.json`,
		`/sessies/${w.sessionId}/rapport.md`,
		`/sessies/${w.sessionId}/rapport.csv`,
		`/sessies/${w.sessionId}/rapport.json`
	];
	for (const path of endpoints) {
		await fc.assert(
			fc.asyncProperty(query, header, async (params, headers) => {
				const search = Object.entries(params)
					.map(([k, v]) => `${encode(k)}=${encode(v)}`)
					.join('&');
				const url = `${path}${search ? `?${search}` : ''}`;
				const response = await send(w.rosa, 'GET', url, {
					headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''))
				});
				expect([200, 400, 414, 431], `${url}: ${response.status} ${response.body.slice(0, 200)}`).toContain(
					response.status
				);
				if (response.status !== 200) return;
				// Downloads are attachments with a plain file name, never pages.
				if (path.includes('rapport.') || path.includes('export'))
					expect(response.headers['content-disposition'], url).toMatch(/^attachment; filename="[\x20-\x7e]+"$/);
				expect(response.headers['content-type'], url).not.toMatch(/html/);
				if (path.endsWith('.json')) expect(() => JSON.parse(response.body), url).not.toThrow();
			}),
			runsEach(endpoints.length, runs * 2)
		);
	}
	// The room's shared snapshot: for the session's people (the facilitator too); everyone else is
	// told there is no such session.
	const snapshot = `/sessies/${w.sessionId}/snapshot.json`;
	await fc.assert(
		fc.asyncProperty(query, header, async (params, headers) => {
			const search = Object.entries(params)
				.map(([k, v]) => `${encode(k)}=${encode(v)}`)
				.join('&');
			const url = `${snapshot}${search ? `?${search}` : ''}`;
			const response = await send(w.phone, 'GET', url, {
				headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''))
			});
			expect([200, 400, 414, 431], `${url}: ${response.status} ${response.body.slice(0, 200)}`).toContain(
				response.status
			);
			if (response.status !== 200) return;
			const shared = JSON.parse(response.body);
			// Nothing personal in what the whole room shares.
			expect(Object.keys(shared).sort(), url).toEqual(['round', 'rounds', 'session']);
			expect(shared.session.is_facilitator, url).toBeUndefined();
		}),
		{ ...fcOptions, numRuns: Math.max(5, runs) }
	);
	expect((await send(w.rosa, 'GET', snapshot)).status).toBe(200);
	for (const ctx of [w.otto, w.visitor]) expect((await send(ctx, 'GET', snapshot)).status).toBe(404);
	for (const id of [...forgedIds, 'geen-uuid'])
		expect((await send(w.phone, 'GET', `/sessies/${encode(id)}/snapshot.json`)).status).toBe(404);

	const exported = JSON.parse((await send(w.rosa, 'GET', '/mijn-gegevens/export.json')).body);
	expect(exported.profile.display_name).toBe('Rosa Reflectie');
	expect(exported.reflections.some((r: { id: string }) => r.id === w.reflectionId)).toBe(true);
	expect(exported.reflections.some((r: { id: string }) => r.id === w.ottoReflectionId)).toBe(false);
	// The export is for account holders; the session's data for its people only.
	for (const ctx of [w.visitor, w.phone]) {
		const response = await send(ctx, 'GET', '/mijn-gegevens/export.json', { headers: { accept: 'application/json' } });
		expect(response.status).toBe(401);
		expectJsonRefusal('export without an account', response);
	}
	for (const path of endpoints.slice(1)) {
		const response = await send(w.otto, 'GET', path, { headers: { accept: 'application/json' } });
		expect([403, 404], `${path} for Otto`).toContain(response.status);
		expect((await send(w.phone, 'GET', path)).status, `${path} for the phone`).toBe(200);
	}
});

test('the event stream opens for the session’s people whatever the query and headers, and for no one else', async () => {
	const base = test.info().project.use.baseURL!;
	/** Reads the stream's first bytes with fetch (a request context would wait for the end that never comes). */
	const open = async (path: string, headers: Record<string, string>) => {
		const controller = new AbortController();
		const response = await fetch(`${base}${path}`, {
			headers: { 'x-forwarded-for': address, ...headers },
			signal: controller.signal,
			redirect: 'manual'
		});
		let first: string;
		if (response.status === 200 && response.body) {
			const reader = response.body.getReader();
			first = new TextDecoder().decode((await reader.read()).value);
		} else {
			first = await response.text();
		}
		controller.abort();
		record('GET', path, response.status);
		return { status: response.status, type: response.headers.get('content-type') ?? '', first };
	};
	const ascii = hostile.map((h) => h.replace(/[^\x20-\x7e]/g, '').slice(0, 200));
	await fc.assert(
		fc.asyncProperty(fc.constantFrom<'rosa' | 'phone'>('rosa', 'phone'), ascii, ascii, async (who, lastEventId, q) => {
			const path = `/sessies/${w.sessionId}/events?${encode('x')}=${encode(q)}`;
			const stream = await open(path, {
				cookie: w.cookies[who],
				'last-event-id': lastEventId,
				accept: 'text/event-stream'
			});
			expect(stream.status, path).toBe(200);
			expect(stream.type).toMatch(/^text\/event-stream/);
			expect(stream.first).toMatch(/^retry: 2000/);
		}),
		{ ...fcOptions, numRuns: Math.min(runs, 10) }
	);
	for (const path of [
		`/sessies/${w.sessionId}/events`,
		`/sessies/${forgedIds[0]}/events`,
		'/sessies/geen-uuid/events',
		`/sessies/${encode('\u0000')}/events`
	]) {
		const refused = await open(path, { accept: 'text/event-stream' });
		expect(refused.status, path).toBe(404);
		expect(JSON.parse(refused.first).message).toBe(dutch['errors.session_not_found']);
	}
	// HEAD answers with the headers only and holds no stream open: the next request on the same
	// connection is answered.
	for (let i = 0; i < 3; i++) {
		const head = await send(w.rosa, 'HEAD', `/sessies/${w.sessionId}/events`);
		expect(head.status).toBe(200);
		expect(head.headers['content-type']).toMatch(/^text\/event-stream/);
		expect((await send(w.rosa, 'GET', `/sessies/${w.sessionId}/state.json`)).status).toBe(200);
	}
	for (const id of [forgedIds[0], 'geen-uuid', w.sessionId.toUpperCase().replace(/-/g, ''), '%00']) {
		expect((await send(w.rosa, 'HEAD', `/sessies/${id}/events`)).status, id).toBe(404);
		expect((await send(w.otto, 'HEAD', `/sessies/${w.sessionId}/events`)).status).toBe(404);
	}
});

test('every page load answers hostile ids and query strings with a page, a redirect or a translated 4xx', async () => {
	const text = (schema: Parameters<typeof hostileFrom>[0]) =>
		hostileFrom(schema, hostile, { form: true }).filter((v): v is string => typeof v === 'string');
	const segment = (schema: Parameters<typeof hostileFrom>[0]) =>
		text(schema).filter((v) => v !== '' && v !== '.' && v !== '..');
	const anyQuery = (path: string) => fc.tuple(hostile, hostile).map(([k, v]) => `${path}?${encode(k)}=${encode(v)}`);
	// Per page: its ids and query parameters derived from their schemas, or any query at all.
	const loads: [string, fc.Arbitrary<string>][] = [
		['/', anyQuery('/')],
		['/teams', anyQuery('/teams')],
		['/profiel', anyQuery('/profiel')],
		['/mijn-gegevens', anyQuery('/mijn-gegevens')],
		['/uitloggen', anyQuery('/uitloggen')],
		['/taal', anyQuery('/taal')],
		['/inloggen', hostile.map((h) => `/inloggen?next=${encode(h)}`)],
		['/registreren', hostile.map((h) => `/registreren?next=${encode(h)}`)],
		['/reflecties', text(dilemmaSlug).map((s) => `/reflecties?dilemma=${encode(s)}`)],
		[
			'/reflecties/nieuw',
			fc
				.tuple(fc.oneof(text(dilemmaSlug), fc.constantFrom(...w.slugs.slice(0, 2))), text(idSchema))
				.map(([s, i]) => `/reflecties/nieuw?dilemma=${encode(s)}&id=${encode(i)}`)
		],
		[
			'/reflecties/[id]',
			fc.oneof(segment(idSchema), fc.constant(w.ottoReflectionId)).map((i) => `/reflecties/${encode(i)}`)
		],
		['/mijn-geschiedenis/[slug]', segment(dilemmaSlug).map((s) => `/mijn-geschiedenis/${encode(s)}`)],
		['/teams/[teamId]', fc.oneof(segment(idSchema), fc.constant(w.ottoTeamId)).map((i) => `/teams/${encode(i)}`)],
		[
			'/teams/[teamId]/dilemmas',
			fc.oneof(segment(idSchema), fc.constant(w.ottoTeamId)).map((i) => `/teams/${encode(i)}/dilemmas`)
		],
		[
			'/teams/[teamId]/sessies/nieuw',
			fc.oneof(segment(idSchema), fc.constant(w.ottoTeamId)).map((i) => `/teams/${encode(i)}/sessies/nieuw`)
		],
		[
			'/teams/[teamId]/verloop',
			fc.oneof(
				text(dilemmaSlug).map((s) => `/teams/${w.teamId}/verloop?dilemma=${encode(s)}`),
				segment(idSchema).map((i) => `/teams/${encode(i)}/verloop?dilemma=${w.slugs[0]}`)
			)
		],
		[
			'/teams/[teamId]/profiel',
			fc.oneof(
				fc
					.tuple(text(idSchema), text(idSchema), text(idSchema))
					.map(([x, a, b]) => `/teams/${w.teamId}/profiel?sessie=${encode(x)}&a=${encode(a)}&b=${encode(b)}`),
				fc.constant(`/teams/${w.teamId}/profiel?sessie=${w.sessionId}&a=${w.sessionId}&b=${w.sessionId}`),
				segment(idSchema).map((i) => `/teams/${encode(i)}/profiel`)
			)
		],
		['/dilemmas', text(idSchema).map((i) => `/dilemmas?team=${encode(i)}`)],
		[
			'/dilemmas/[slug]',
			fc.tuple(segment(dilemmaSlug), text(idSchema)).map(([s, i]) => `/dilemmas/${encode(s)}?team=${encode(i)}`)
		],
		['/dilemmas/kaarten', text(idSchema).map((i) => `/dilemmas/kaarten?team=${encode(i)}`)],
		['/doe-mee/[[code]]', segment(joinCode).map((c) => `/doe-mee/${encode(c)}`)],
		[
			'/uitnodiging/[token]',
			fc.oneof(segment(inviteToken), fc.constant(w.inviteToken)).map((t) => `/uitnodiging/${encode(t)}`)
		],
		[
			'/sessie/[sessionId]',
			fc.oneof(
				segment(idSchema).map((i) => `/sessie/${encode(i)}`),
				anyQuery(`/sessie/${w.sessionId}`)
			)
		],
		[
			'/sessies/[sessionId]/presenter',
			fc.oneof(
				segment(idSchema).map((i) => `/sessies/${encode(i)}/presenter`),
				anyQuery(`/sessies/${w.sessionId}/presenter`)
			)
		],
		[
			'/sessies/[sessionId]/rapport',
			fc.oneof(
				segment(idSchema).map((i) => `/sessies/${encode(i)}/rapport`),
				hostile.map((h) => `/sessies/${w.sessionId}/rapport?status=${encode(h)}`)
			)
		]
	];
	const messages = [
		dutch['error.notFound'],
		...Object.entries(dutch)
			.filter(([k]) => k.startsWith('errors.'))
			.map(([, v]) => v)
	];
	const escapeHtml = (text: string) =>
		text
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
			.replace(/'/g, '&#39;');
	for (const [, urls] of loads) {
		await fc.assert(
			fc.asyncProperty(
				urls,
				fc.constantFrom<'rosa' | 'visitor' | 'phone'>('rosa', 'rosa', 'visitor', 'phone'),
				fc.boolean(),
				async (url, who, data) => {
					const [path, search] = url.split('?');
					const target = data
						? `${path.replace(/\/$/, '')}/__data.json${search !== undefined ? `?${search}` : ''}`
						: url;
					const response = await get(w[who], target, data ? 'application/json' : 'text/html');
					expect(
						[200, 303, 307, 308, 400, 401, 403, 404, 414, 429, 431],
						`${who} ${target}: ${response.status}`
					).toContain(response.status);
					// A refusal on a page says why, in Dutch.
					if (!data && [401, 403, 404, 429].includes(response.status)) {
						expect(
							messages.some((m) => response.body.includes(escapeHtml(m))),
							`${who} ${target}: ${response.status} without a Dutch message`
						).toBe(true);
					}
				}
			),
			{ ...fcOptions, numRuns: Math.max(6, Math.ceil(runs / 2)) }
		);
	}
});

test('every route answers every method: the ones it has, or a 405', async () => {
	const concrete = (route: string) =>
		route
			.replace('[[code]]', 'ABC234')
			.replace('[sessionId]', w.sessionId)
			.replace('[teamId]', w.teamId)
			.replace('[id]', w.reflectionId)
			.replace('[slug]', w.slugs[0])
			.replace('[token]', w.inviteToken);
	const targets = routeTargets();
	const routes = [...new Set(targets.map((t) => t.route))];
	const has = (route: string, method: string) =>
		targets.some(
			(t) =>
				t.route === route && (t.method === method || (method === 'HEAD' && t.method === 'GET' && t.kind !== 'endpoint'))
		);
	const bodies = fc.oneof(
		fc.constant(''),
		hostile,
		fc.constant('{"role":"facilitator"}'),
		fc.constant('name=Overgenomen&confirm=VERWIJDER')
	);
	const before = await reflectionsOf(w.rosa);
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...routes),
			fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'TRACE', 'POST'),
			bodies,
			async (route, method, body) => {
				// A POST by the visitor: real actions run as nobody (and send them to the login page).
				const ctx = method === 'POST' ? w.visitor : w.rosa;
				const url = concrete(route);
				const response = await send(ctx, method, url, {
					data: body,
					headers: { 'content-type': 'application/x-www-form-urlencoded' }
				});
				const page = targets.some((t) => t.route === route && t.kind !== 'endpoint');
				if (method === 'OPTIONS' && page) {
					// SvelteKit answers a page's OPTIONS with the methods it allows, and no CORS headers.
					expect(response.status, `${method} ${url}`).toBe(204);
					expect(response.headers['access-control-allow-origin'], url).toBeUndefined();
				} else if (
					!has(route, method) &&
					!(method === 'POST' && targets.some((t) => t.route === route && t.kind === 'action'))
				) {
					expect([405, 400], `${method} ${url}: ${response.status}`).toContain(response.status);
				} else {
					expect(response.status, `${method} ${url}`).toBeLessThan(500);
				}
			}
		),
		{ ...fcOptions, numRuns: runs * 8 }
	);
	// HEAD and GET of every page and endpoint but the stream (tested above).
	for (const route of routes.filter((r) => !r.endsWith('/events'))) {
		for (const method of ['HEAD', 'GET']) {
			const response = await send(w.rosa, method, concrete(route));
			expect([200, 303, 404, 405, 429], `${method} ${route}: ${response.status}`).toContain(response.status);
		}
	}
	expect(await reflectionsOf(w.rosa)).toEqual(before);
	expect((await pageData(w.rosa, '/profiel')).profile.display_name).toBe('Rosa Reflectie');
});

test('every endpoint, reflection form and page load this file claims was sent hostile input', async ({}, testInfo) => {
	expectFuzzed(testInfo, 'bad-input-api');
});
