/**
 * Hostile input on the network pages: the team's network settings (join, share, name, leave),
 * the team's reading of one result (per dilemma and period), the coordinator's threshold and decisions on requests, the dashboard's filters, one dilemma across teams, the
 * research export and the page loads. Same rule as the other fuzz specs: a 2xx/3xx or a
 * translated 4xx, never a 500, and a refused request changes nothing (read back after each).
 * A team of its own (Nora's), so the demo network's teams are left as they are.
 */
import { test, expect, type APIRequestContext } from '@playwright/test';
import fc from 'fast-check';
import { id as idSchema } from '../../src/lib/domain/schemas';
import { interpretation } from '../../src/lib/domain/network-schemas';
import { hostileFrom } from '../fixtures/zod-arbitrary';
import { uniqueEmail } from './support';
import {
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
	runs,
	saveHits,
	submit
} from './hostile';

test.describe.configure({ timeout: Math.max(90_000, runs * 6_000) });

/** This file's own address (the e2e server trusts X-Forwarded-For as a proxy's). */
const address = '198.51.100.3';
const networkId = '4e770000-0000-4000-8000-000000000001';

let nora: APIRequestContext;
let visitor: APIRequestContext;
let teamId: string;

test.beforeAll(async ({ playwright }, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const fresh = () =>
		playwright.request.newContext({
			baseURL,
			extraHTTPHeaders: { origin: baseURL, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': address }
		});
	[nora, visitor] = await Promise.all([fresh(), fresh()]);
	const signedUp = await submit(
		nora,
		'/registreren',
		{ displayName: 'Nora Netwerk', email: uniqueEmail('netwerk'), password },
		{ html: true }
	);
	expect(signedUp.http).toBe(303);
	const made = await submit(nora, '/teams?/createTeam', { name: 'Team Netwerk' }, { html: true });
	teamId = made.location!.match(/^\/teams\/([0-9a-f-]{36})/)![1];
	// Signed up, sharing nothing: the settings the hostile requests must leave alone.
	const joined = await submit(nora, `/teams/${teamId}/netwerk?/save`, { networkId });
	expect(joined.type).toBe('success');
});

test.afterEach(async ({}, testInfo) => {
	saveHits(testInfo, 'bad-input-network');
});

test.afterAll(async () => {
	await Promise.all([nora?.dispose(), visitor?.dispose()]);
});

const settingsOf = async () => (await pageData(nora, `/teams/${teamId}/netwerk`)).networks as unknown[];
/** The settings but the label, which moves on by design whenever an accepted save hides the name. */
const settingsButLabel = async () =>
	((await settingsOf()) as { label: unknown }[]).map(({ label: _label, ...rest }) => rest);

// The settings form no longer carries a reading (readings are per dilemma): a reading sent along
// anyway is ignored, hostile or not, and must not change the stored text.
test('the team’s network settings refuse hostile ids and flags, ignore a stray reading, and change nothing they refused', async () => {
	const before = await settingsButLabel();
	const flag = fc.oneof(fc.constant(undefined), fc.constant('on'), hostile);
	const networkIds = fc.oneof(
		fc.constantFrom(...forgedIds),
		fc.constant(networkId),
		hostileFrom(idSchema, hostile, { form: true }).map((v) => (typeof v === 'string' ? v : String(v ?? '')))
	);
	const readings = fc.oneof(fc.constant(long), fc.constant('x'.repeat(2001)), hostile);
	await fc.assert(
		fc.asyncProperty(networkIds, flag, flag, readings, async (network, sharing, showName, reading) => {
			const o = await submit(nora, `/teams/${teamId}/netwerk?/save`, {
				networkId: network,
				sharing,
				showName,
				interpretationMd: reading
			});
			expectHandled(o);
			if (o.type !== 'success') expect(await settingsButLabel()).toEqual(before);
			else await submit(nora, `/teams/${teamId}/netwerk?/save`, { networkId });
		}),
		fcOptions
	);
	// Some that must be refused whatever else: a reading too long, a checkbox that is not one.
	for (const fields of [
		{ networkId, sharing: 'ja', interpretationMd: '' },
		{ networkId, showName: 'true' },
		{ networkId: forgedIds[0], interpretationMd: '' },
		{ networkId: 'Team Netwerk', interpretationMd: '' }
	]) {
		expectRefused(await submit(nora, `/teams/${teamId}/netwerk?/save`, fields), [400, 404, 413]);
	}
	// Another team's settings, through this team's form or the other's: never.
	expectRefused(
		await submit(nora, `/teams/7ea70000-0000-4000-8000-000000000001/netwerk?/save`, {
			networkId,
			sharing: 'on',
			interpretationMd: ''
		}),
		[404]
	);
	expectToLogin(
		await submit(visitor, `/teams/${teamId}/netwerk?/save`, { networkId, sharing: 'on', interpretationMd: '' })
	);
	expect(await settingsButLabel()).toEqual(before);
});

test('a reading of one result refuses hostile ids, slugs, periods and texts, and saves nothing it refused', async () => {
	const before = await settingsOf();
	const networkIds = fc.oneof(fc.constantFrom(...forgedIds), fc.constant(networkId), hostile);
	const slugs = fc.oneof(
		fc.constantFrom('zelf-doen-of-overdragen', 'bestaat-niet', 'Zelf Doen', 'a'.repeat(61)),
		hostile
	);
	const kinds = fc.oneof(fc.constantFrom('year', 'quarter', 'month'), hostile);
	const starts = fc.oneof(fc.constantFrom('2026-01-01', '2026-02-01', '2026-13-01', '26-01-01'), hostile);
	const bodies = fc.oneof(fc.constant(long), fc.constant('x'.repeat(2001)), fc.constant('Een duiding.'), hostile);
	await fc.assert(
		fc.asyncProperty(
			networkIds,
			slugs,
			kinds,
			starts,
			bodies,
			async (network, dilemmaSlug, periodKind, periodStart, bodyMd) => {
				// Nora's team has no closed session, so there is no result to read beside: every one is refused.
				const o = await submit(nora, `/teams/${teamId}/netwerk?/reading`, {
					networkId: network,
					dilemmaSlug,
					periodKind,
					periodStart,
					bodyMd
				});
				expectRefused(o, [400, 403, 404, 413]);
			}
		),
		fcOptions
	);
	for (const fields of [
		{
			networkId,
			dilemmaSlug: 'zelf-doen-of-overdragen',
			periodKind: 'year',
			periodStart: '2026-01-01',
			bodyMd: 'x'.repeat(2001)
		},
		{
			networkId,
			dilemmaSlug: 'zelf-doen-of-overdragen',
			periodKind: 'year',
			periodStart: '2026-02-01',
			bodyMd: 'Duiding'
		},
		{ networkId, dilemmaSlug: '../etc', periodKind: 'year', periodStart: '2026-01-01', bodyMd: 'Duiding' },
		{
			networkId,
			dilemmaSlug: 'zelf-doen-of-overdragen',
			periodKind: 'year',
			periodStart: '2026-01-01',
			bodyMd: 'Geen resultaat'
		}
	]) {
		expectRefused(await submit(nora, `/teams/${teamId}/netwerk?/reading`, fields), [400, 404]);
	}
	// Another team's reading, through its own page: never (Nora is not in the demo team).
	expectRefused(
		await submit(nora, `/teams/7ea70000-0000-4000-8000-000000000001/netwerk?/reading`, {
			networkId,
			dilemmaSlug: 'optreden-of-terugtreden',
			periodKind: 'year',
			periodStart: '2026-01-01',
			bodyMd: 'Gekaapt'
		}),
		[404]
	);
	expectToLogin(
		await submit(visitor, `/teams/${teamId}/netwerk?/reading`, {
			networkId,
			dilemmaSlug: 'zelf-doen-of-overdragen',
			periodKind: 'year',
			periodStart: '2026-01-01',
			bodyMd: 'x'
		})
	);
	expect(await settingsOf()).toEqual(before);
});

test('leaving refuses hostile and foreign network ids and leaves the team where it was', async () => {
	const before = await settingsOf();
	const ids = fc.oneof(
		fc.constantFrom(...forgedIds),
		hostileFrom(idSchema, hostile, { form: true }).map((v) => (typeof v === 'string' ? v : String(v ?? ''))),
		hostile
	);
	await fc.assert(
		fc.asyncProperty(ids, async (network) => {
			const o = await submit(nora, `/teams/${teamId}/netwerk?/leave`, { networkId: network });
			expectRefused(o, [400, 404, 413]);
		}),
		fcOptions
	);
	expect(await settingsOf()).toEqual(before);
});

test('only a coordinator sets the threshold: hostile values and other people are refused, k stays', async () => {
	// Nora's team waits to be let in, so it reads k from its own settings, not the network's page.
	const k = async () =>
		((await settingsOf()) as { network_id: string; min_contributors: number }[]).find((n) => n.network_id === networkId)
			?.min_contributors;
	const before = await k();
	const values = fc.oneof(fc.constantFrom('2', '3', '101', '-1', '5.5', '1e3', '', '0x10'), hostile);
	await fc.assert(
		fc.asyncProperty(values, async (value) => {
			expectRefused(
				await submit(nora, `/netwerken/${networkId}?/threshold`, { minContributors: value }),
				[400, 404, 413]
			);
		}),
		fcOptions
	);
	expectRefused(await submit(nora, `/netwerken/${forgedIds[0]}?/threshold`, { minContributors: '3' }), [404]);
	expect(await k()).toBe(before);
});

test('only a coordinator decides on requests: hostile team ids and decisions are refused, and Nora cannot let her own team in', async () => {
	const before = await settingsOf();
	const teams = fc.oneof(
		fc.constantFrom(...forgedIds, teamId),
		hostileFrom(idSchema, hostile, { form: true }).map((v) => (typeof v === 'string' ? v : String(v ?? '')))
	);
	const decisions = fc.oneof(fc.constantFrom('approve', 'refuse', 'APPROVE', ''), hostile);
	await fc.assert(
		fc.asyncProperty(teams, decisions, async (team, decision) => {
			expectRefused(await submit(nora, `/netwerken/${networkId}?/decide`, { teamId: team, decision }), [400, 404, 413]);
		}),
		fcOptions
	);
	expectRefused(await submit(nora, `/netwerken/${networkId}?/decide`, { teamId, decision: 'approve' }), [404]);
	expectRefused(await submit(nora, `/netwerken/${forgedIds[0]}?/decide`, { teamId, decision: 'approve' }), [404]);
	expectToLogin(await submit(visitor, `/netwerken/${networkId}?/decide`, { teamId, decision: 'approve' }));
	expect(await settingsOf()).toEqual(before);
	expect(
		((await settingsOf()) as { network_id: string; status: string }[]).find((n) => n.network_id === networkId)?.status
	).toBe('pending');
});

test('the dashboard, a dilemma across teams, the export and the team page answer hostile ids and queries', async () => {
	const allowed = [200, 303, 307, 400, 401, 403, 404, 414, 429, 431];
	const segment = fc.oneof(
		fc.constantFrom(...forgedIds, networkId),
		hostile.filter((h) => h !== '' && h !== '.' && h !== '..')
	);
	const loads: fc.Arbitrary<string>[] = [
		fc.tuple(hostile, hostile).map(([k, v]) => `/netwerken?${encode(k)}=${encode(v)}`),
		segment.map((s) => `/netwerken/${encode(s)}`),
		fc
			.tuple(
				fc.oneof(fc.constantFrom('2026', '2025-q3', '2026-q9', '1999'), hostile),
				fc.oneof(fc.constantFrom('klein', 'middel', 'groot', 'enorm'), hostile)
			)
			.map(([p, g]) => `/netwerken/${networkId}?periode=${encode(p)}&grootte=${encode(g)}`),
		fc
			.tuple(
				fc.oneof(
					fc.constant('zelf-doen-of-overdragen'),
					hostile.filter((h) => h !== '' && h !== '.' && h !== '..')
				),
				hostile
			)
			.map(([slug, p]) => `/netwerken/${networkId}/${encode(slug)}?periode=${encode(p)}`),
		fc
			.tuple(
				fc.oneof(fc.constantFrom('netwerk', 'team'), hostile),
				fc.oneof(fc.constantFrom('kwartaal', 'jaar'), hostile),
				hostile
			)
			.map(
				([n, p, sep]) =>
					`/netwerken/${networkId}/export.csv?niveau=${encode(n)}&periode=${encode(p)}&sep=${encode(sep)}`
			),
		segment.map((s) => `/teams/${encode(s)}/netwerk`)
	];
	for (const urls of loads) {
		await fc.assert(
			fc.asyncProperty(urls, fc.constantFrom<'nora' | 'visitor'>('nora', 'nora', 'visitor'), async (url, who) => {
				const response = await get(who === 'nora' ? nora : visitor, url);
				expect(allowed, `${who} ${url}: ${response.status}`).toContain(response.status);
			}),
			fcOptions
		);
	}
});

test('every network action, load and endpoint this file claims was sent hostile input', async ({}, testInfo) => {
	expectFuzzed(testInfo, 'bad-input-network');
});

// The reading's schema is the one the action uses: a change there shows up here.
test('the reading schema refuses what the test above treats as too long', () => {
	expect(interpretation.safeParse('x'.repeat(2001)).success).toBe(false);
	expect(interpretation.safeParse('x'.repeat(2000)).success).toBe(true);
});
