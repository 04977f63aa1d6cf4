/**
 * What the fuzz specs share (bad-input.e2e.ts: form actions, bad-input-api.e2e.ts: endpoints,
 * the reflection journal, methods and query strings): hostile values, requests sent the way
 * `use:enhance` or a browser without JavaScript sends them, the expectations every answer must
 * meet (a 2xx/3xx or a translated 4xx, never a 500 or a stack trace), and a record of which
 * action or endpoint each request reached, so each spec can prove it fuzzed what
 * tests/e2e/fuzz-targets.ts says it does.
 */
import { expect, type APIRequestContext, type APIResponse, type TestInfo } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as devalue from 'devalue';
import common from '../../src/lib/i18n/messages/common';
import errorMessages from '../../src/lib/i18n/messages/errors';
import teamMessages from '../../src/lib/i18n/messages/teams';
import dilemmaMessages from '../../src/lib/i18n/messages/dilemmas';
import sessionMessages from '../../src/lib/i18n/messages/sessions';
import reportMessages from '../../src/lib/i18n/messages/sessions-report';
import reflectionMessages from '../../src/lib/i18n/messages/reflections';
import teamTimeMessages from '../../src/lib/i18n/messages/team-time';
import { routeTargets, targetFor } from '../fixtures/routes';
import { fuzzTargets, type FuzzSpec } from './fuzz-targets';

export const demoTeamId = '7ea70000-0000-4000-8000-000000000001';
export const sanneId = 'd0000000-0000-4000-8000-000000000002';
/** Well-formed ids that belong to nothing. */
export const forgedIds = [
	'5eed0000-dead-4bad-8bad-00000000f00d',
	'00000000-0000-0000-0000-000000000000',
	'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'
];
export const password = 'een lange zin als wachtwoord';

export const runs = Number(process.env.FC_RUNS ?? 15);
export const fcOptions = { numRuns: runs, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
/**
 * Options for one property per choice (an action, an endpoint) that shares `total` runs out over
 * `choices` of them: each gets at least `minimumHostile`, which a random pick among them cannot
 * promise (expectFuzzed counts per target).
 */
export const runsEach = (choices: number, total = runs) => ({
	...fcOptions,
	numRuns: Math.max(minimumHostile, Math.ceil(total / choices))
});
/** How many hostile requests expectFuzzed wants each claimed target to have had. */
export const minimumHostile = 5;

export const dutch: Record<string, string> = Object.assign(
	{},
	...[
		common,
		errorMessages,
		teamMessages,
		dilemmaMessages,
		sessionMessages,
		reportMessages,
		reflectionMessages,
		teamTimeMessages
	].map((bundle) => bundle.nl)
);
export const dutchTexts = new Set(Object.values(dutch));

// ---------------------------------------------------------------------------------------------
// Hostile values

export const long = 'x'.repeat(100_001);
export const corpus = [
	'',
	' ',
	'\t\r\n ',
	long,
	'ä'.repeat(81),
	'😀'.repeat(31),
	"'; drop table app.teams; --",
	"' or '1'='1",
	'Robert"); delete from auth.users; --',
	"$1 $$ \\x00 E'\\\\'",
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'"><svg onload=alert(1)>',
	'{{7*7}} ${7*7} #{7*7}',
	'../../../etc/passwd',
	'%00%ED%A0%80%zz',
	'\u0000',
	'naam\u0000verborgen',
	'\uD800',
	'a\uDC00b\uDBFF',
	'\u202Egnp.exe',
	'\u200B\u200C\u200D',
	'\uFEFFnaam',
	'👩🏽‍⚕️🧑‍🤝‍🧑🇳🇱',
	'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
	'مرحبا بالعالم',
	'\u0001\u0007\u001b[31m\u007f',
	'null',
	'undefined',
	'NaN',
	'-1',
	'1e309',
	'0x10',
	'__proto__',
	'[object Object]',
	'nl',
	'en',
	'facilitator',
	'on',
	...forgedIds
];

/** Characters that break things more often than random ones do. */
export const nasty = fc.constantFrom(
	'\u0000',
	'\uD800',
	'\uDFFF',
	'\u202E',
	'\u200D',
	'\uFEFF',
	'😀',
	"'",
	'"',
	'<',
	'%',
	'\\',
	' ',
	'\n',
	'a',
	'é'
);
export const hostile: fc.Arbitrary<string> = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...corpus) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 90 }) },
	{ weight: 1, arbitrary: fc.string({ unit: nasty, maxLength: 70 }) }
);
/** Missing now and then (a field the form leaves out). */
export const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 6 });
export const numberish = fc.oneof(
	fc.integer().map(String),
	fc.integer({ min: -3, max: 25 }).map(String),
	fc.double().map(String),
	fc.constantFrom('', ' ', '1.5', '1e1', ' 2 ', '-0', 'Infinity', '9007199254740993', '２', '0x10', '1_000'),
	hostile
);
export const idish = (...known: string[]) =>
	fc.oneof(
		{ weight: 2, arbitrary: fc.constantFrom(...known, ...forgedIds) },
		{ weight: 1, arbitrary: fc.uuid() },
		{ weight: 2, arbitrary: hostile }
	);

/** The cases every action gets besides the random ones: everything missing, empty, too long, NUL, a lone surrogate. */
export function edgeCases(keys: string[]): [Fields][] {
	const all = (value: string) => Object.fromEntries(keys.map((key) => [key, value]));
	return [[{}], [all('')], [all(long)], [all('\u0000')], [all('\uD800')]];
}

// ---------------------------------------------------------------------------------------------
// Requests

export type Fields = Record<string, string | string[] | undefined>;

/** Percent-encodes like a browser, except that a lone surrogate goes out as the invalid UTF-8 a broken client sends. */
export function encode(value: string): string {
	let out = '';
	for (let i = 0; i < value.length; i++) {
		const unit = value.charCodeAt(i);
		const next = value.charCodeAt(i + 1);
		if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
			out += encodeURIComponent(value.slice(i, i + 2));
			i++;
		} else if (unit >= 0xd800 && unit <= 0xdfff) {
			out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
				.map((b) => `%${b.toString(16).toUpperCase()}`)
				.join('');
		} else {
			out += encodeURIComponent(value[i]);
		}
	}
	return out;
}

export function encodeForm(fields: Fields): string {
	return Object.entries(fields)
		.flatMap(([key, value]) =>
			value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => `${encode(key)}=${encode(v)}`)
		)
		.join('&');
}

/** A value as the server reads it back from the form (a lone surrogate arrives as U+FFFD). */
export const asReceived = (value: string) => new URLSearchParams(`v=${encode(value)}`).get('v')!;

export const short = (value: unknown) =>
	JSON.stringify(value, (_key, v) =>
		typeof v === 'string' && v.length > 60 ? `${v.slice(0, 40)}…(${v.length} chars)` : v
	) ?? 'undefined';

export interface Outcome {
	label: string;
	http: number;
	/** The action result for enhanced requests; undefined for rendered pages and non-JSON answers. */
	type?: 'success' | 'failure' | 'redirect' | 'error';
	status: number;
	data?: Record<string, any>;
	location?: string;
	message?: string;
	body: string;
	headers: Record<string, string>;
}

/** "at fn (/srv/app/x.js:1:2)", "TypeError: …", file paths: what a leaked stack trace looks like. */
export const leaks = [
	/^\s*at .*[/\\]\S*:\d+:\d+\)?\s*$/m,
	/\b[A-Z][A-Za-z]*Error: /,
	/(?:^|[\s"'(])Error: /,
	/node_modules[/\\]/,
	new RegExp(process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
	/\bbuild\/server\//
];

export function expectNoLeak(label: string, status: number, body: string) {
	expect(status, `${label}: a server error`).toBeLessThan(500);
	for (const leak of leaks) expect(body, `${label}: a stack trace or file path in the answer`).not.toMatch(leak);
}

export interface SubmitOptions {
	/** Post the way a browser without JavaScript does and get the rendered page. */
	html?: boolean;
	contentType?: string;
	multipart?: FormData;
	origin?: string;
}

export async function submit(
	ctx: APIRequestContext,
	url: string,
	fields: Fields | string,
	options: SubmitOptions = {}
): Promise<Outcome> {
	const headers: Record<string, string> = options.html
		? { accept: 'text/html' }
		: { accept: 'application/json', 'x-sveltekit-action': 'true' };
	if (options.origin) headers.origin = options.origin;
	let response: APIResponse;
	if (options.multipart) {
		response = await ctx.post(url, { multipart: options.multipart, headers, maxRedirects: 0 });
	} else {
		headers['content-type'] = options.contentType ?? 'application/x-www-form-urlencoded';
		response = await ctx.post(url, {
			data: typeof fields === 'string' ? fields : encodeForm(fields),
			headers,
			maxRedirects: 0
		});
	}
	const label = `POST ${url.slice(0, 200)} ${short(options.multipart ? '(multipart)' : fields)}`;
	const body = await response.text();
	const http = response.status();
	const responseHeaders = response.headers();
	expectNoLeak(label, http, body);
	if (options.html || !responseHeaders['content-type']?.includes('application/json')) {
		record('POST', url, http);
		return { label, http, status: http, body, location: responseHeaders.location, headers: responseHeaders };
	}
	const json = JSON.parse(body);
	record('POST', url, json.status ?? http);
	return {
		label,
		http,
		type: json.type,
		status: json.status ?? http,
		data: typeof json.data === 'string' ? devalue.parse(json.data) : undefined,
		location: json.location,
		message: json.error?.message ?? json.message,
		body,
		headers: responseHeaders
	};
}

export async function get(ctx: APIRequestContext, url: string, accept = 'text/html') {
	const response = await ctx.get(url, { headers: { accept }, maxRedirects: 0 });
	const body = await response.text();
	expectNoLeak(`GET ${url.slice(0, 200)}`, response.status(), body);
	record('GET', url, response.status());
	return { status: response.status(), body, headers: response.headers() };
}

/** A failure must carry at least one message, and every key in it must have a Dutch text. */
export function expectTranslatedFailure(o: Outcome) {
	expect(o.status, o.label).toBeGreaterThanOrEqual(400);
	expect(o.status, o.label).toBeLessThan(500);
	const data = o.data ?? {};
	const keys = [data.error, ...Object.values(data.errors ?? {})]
		.filter((key) => typeof key === 'string')
		.map((key) => `errors.${key}`);
	if (typeof data.message === 'string') keys.push(data.message);
	const problems: unknown[] = Array.isArray(data.problems) ? data.problems : [];
	expect(keys.length + problems.length, `${o.label}: a failure without a message: ${short(data)}`).toBeGreaterThan(0);
	for (const key of keys) expect(dutch[key], `${o.label}: no Dutch text for ${key}`).toBeTruthy();
	for (const problem of problems) expect(typeof problem === 'string' && problem.length > 0, o.label).toBe(true);
	expect(data.values?.password, `${o.label}: a password sent back`).toBeUndefined();
}

/**
 * Refusals below the app (a malformed URI, a request line too long for Node) never reach an
 * action and get no JSON answer: a 4xx is all that can be asked of them.
 */
export const protocolRefusals = [400, 414, 431];

/** Any answer but a server error; refusals translated. */
export function expectHandled(o: Outcome) {
	if (o.type === undefined)
		return expect(protocolRefusals, `${o.label}: ${o.http} ${o.body.slice(0, 300)}`).toContain(o.http);
	if (o.type === 'failure') return expectTranslatedFailure(o);
	if (o.type === 'error') {
		expect(o.status, o.label).toBeGreaterThanOrEqual(400);
		expect(o.status, o.label).toBeLessThan(500);
		expect(dutchTexts.has(o.message ?? ''), `${o.label}: the error "${o.message}" is not a Dutch text`).toBe(true);
		return;
	}
	expect(['success', 'redirect'], `${o.label}: unexpected answer ${o.body.slice(0, 300)}`).toContain(o.type);
}

export function expectRefused(o: Outcome, statuses?: number[]) {
	expect(['failure', 'error', undefined], `${o.label} should have been refused: ${o.body.slice(0, 300)}`).toContain(
		o.type
	);
	expectHandled(o);
	if (statuses && o.type !== undefined) expect(statuses, `${o.label}: status ${o.status}`).toContain(o.status);
}

export function expectToLogin(o: Outcome) {
	expect(o.type, o.label).toBe('redirect');
	expect(o.location, o.label).toMatch(/^\/inloggen\?next=/);
}

/** The data of a page as its load functions returned it (SvelteKit's __data.json). */
export async function pageData(ctx: APIRequestContext, path: string): Promise<Record<string, any>> {
	const [pathname, query] = path.split('?');
	const url = `${pathname.replace(/\/$/, '')}/__data.json${query ? `?${query}` : ''}`;
	const response = await ctx.get(url);
	expect(response.status(), url).toBe(200);
	record('GET', url, 200);
	const json = await response.json();
	expect(json.type, `${url}: ${short(json)}`).toBe('data');
	return Object.assign(
		{},
		...json.nodes
			.filter((node: { type?: string } | null) => node?.type === 'data')
			.map((node: { data: unknown[] }) => devalue.unflatten(node.data))
	);
}

export async function sessionState(ctx: APIRequestContext, sessionId: string) {
	const response = await ctx.get(`/sessies/${sessionId}/state.json`);
	expect(response.status()).toBe(200);
	return response.json();
}

/** What a refused presenter action must leave as it was. */
export const sessionSnapshot = (state: any) =>
	JSON.stringify({
		status: state.session.status,
		rounds: state.rounds,
		position: state.round.position,
		phase: state.round.phase,
		notes: [state.round.notes_md, state.round.agreements_md, state.round.notes_version]
	});

// ---------------------------------------------------------------------------------------------
// Which action or endpoint each request reached

const targets = routeTargets();
const hits = new Map<string, { sent: number; refused: number }>();

/** Counts a request against the action, load or endpoint it reached (see tests/fixtures/routes.ts). */
export function record(method: string, url: string, status: number) {
	const target = targetFor(targets, method, url);
	if (!target) return;
	const hit = hits.get(target) ?? { sent: 0, refused: 0 };
	hit.sent += 1;
	if (status >= 400 && status < 500) hit.refused += 1;
	hits.set(target, hit);
}

/** Any method, any body; the answer must not be a 5xx or leak a stack trace. */
export async function send(
	ctx: APIRequestContext,
	method: string,
	url: string,
	options: { data?: string | Buffer; headers?: Record<string, string> } = {}
) {
	const response = await ctx.fetch(url, {
		method,
		data: options.data,
		headers: options.headers,
		maxRedirects: 0,
		timeout: 30_000
	});
	const body = method === 'HEAD' ? '' : await response.text();
	expectNoLeak(`${method} ${url.slice(0, 200)}`, response.status(), body);
	record(method, url, response.status());
	return { status: response.status(), body, headers: response.headers() };
}

const hitsFile = (testInfo: TestInfo, spec: FuzzSpec) => join(testInfo.project.outputDir, `fuzz-hits-${spec}.json`);

/**
 * Adds this worker's record to the spec's file in the output directory (emptied when a run
 * starts); a failed test restarts the worker, and the record must survive that.
 */
export function saveHits(testInfo: TestInfo, spec: FuzzSpec) {
	const file = hitsFile(testInfo, spec);
	const saved: Record<string, { sent: number; refused: number }> = existsSync(file)
		? JSON.parse(readFileSync(file, 'utf8'))
		: {};
	for (const [target, hit] of hits) {
		const was = saved[target] ?? { sent: 0, refused: 0 };
		saved[target] = { sent: was.sent + hit.sent, refused: was.refused + hit.refused };
	}
	hits.clear();
	writeFileSync(file, JSON.stringify(saved, null, 1));
}

/** Every target the spec claims got hostile requests: at least `minimum`, and refusals where something can be refused. */
export function expectFuzzed(testInfo: TestInfo, spec: FuzzSpec, minimum = minimumHostile) {
	saveHits(testInfo, spec);
	const saved: Record<string, { sent: number; refused: number }> = JSON.parse(
		readFileSync(hitsFile(testInfo, spec), 'utf8')
	);
	const claimed = Object.entries(fuzzTargets)
		.filter(([, file]) => file === spec)
		.map(([target]) => target);
	const missing = claimed.filter(
		(target) =>
			(saved[target]?.sent ?? 0) < minimum || (!target.startsWith('GET ') && (saved[target]?.refused ?? 0) === 0)
	);
	expect(
		missing.map((target) => `${target}: ${saved[target]?.sent ?? 0} requests, ${saved[target]?.refused ?? 0} refused`),
		`tests/e2e/fuzz-targets.ts says ${spec}.e2e.ts fuzzes these, but this run sent them fewer than ${minimum} hostile requests (or none it refused). Run the whole file, or fuzz them.`
	).toEqual([]);
}
