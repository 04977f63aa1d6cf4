// The page-weight benchmark: how much JavaScript a phone and the presenter load on a cold visit.
// A built server (node build) on a fresh embedded database with demo data; the demo facilitator
// creates a session, one phone joins; each page is opened in a new browser context (empty cache)
// and every script it requests (SvelteKit's entry and each chunk) is summed.
//
// Sizes are gzip level 9 of each script body as fetched, computed here with zlib: the server
// sends brotli to Chromium when it can, so the wire size depends on the encoding negotiated;
// gzip-9 of the same bytes is a stable, comparable figure.
//
// Plain Node ESM (Node 20). Run through `npm run bench` (which builds first) or
// `node scripts/bench/page-weight.mjs` on an existing build.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { freePort, startAppServer } from '../lib/app-server.mjs';
import { createSession, joinByCode, readState, setPhase, signInFacilitator } from '../lib/demo-session.mjs';
import { httpClient, Jar, succeeded } from '../lib/http-client.mjs';

/** Budgets of issue 11 (KB = 1,000 bytes of gzip). */
export const budgets = { phone: 50, presenter: 80 };

/** A string in zod's own code that survives minification (its classes register by name). */
export const zodMarker = /\$Zod(Type|Error)\b/;

/** The launch settings of playwright.config.ts. */
export const chromiumLaunch = {
	executablePath: ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((path) => existsSync(path)),
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run'
	]
};

/**
 * Opens `url` in `page` (a fresh context, so a cold cache) and returns the scripts it loaded:
 * [{ url, bytes, gzipBytes, zod }], with totals: every script in the browser's resource timing,
 * read once the list stops growing (chunks imported during hydration count too; the page's own
 * event stream never goes quiet, so 'networkidle' cannot be the signal).
 */
export async function measureScripts(page, url) {
	const response = await page.goto(url, { waitUntil: 'load' });
	if (!response || !response.ok()) throw new Error(`${url} answered HTTP ${response?.status()}`);
	// Every script the page loaded, as the browser's resource timing lists them (module scripts,
	// preloads and the chunks hydration imports). Hydration may import further chunks: wait until
	// the list stops growing, counted in animation frames of the page rather than in time.
	const scriptUrls = () =>
		page.evaluate(() => [
			...new Set(
				performance
					.getEntriesByType('resource')
					.map((e) => e.name)
					.filter((u) => new URL(u).pathname.endsWith('.js'))
			)
		]);
	let urls = [];
	for (let seen = -1; seen !== urls.length;) {
		seen = urls.length;
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))));
		urls = await scriptUrls();
	}
	// The bodies, fetched again with the page's cookies: the same files, each gzipped here.
	const scripts = await Promise.all(
		urls.map(async (scriptUrl) => {
			const body = await (await page.request.get(scriptUrl)).body();
			return {
				url: scriptUrl,
				bytes: body.length,
				gzipBytes: gzipSync(body, { level: 9 }).length,
				zod: zodMarker.test(body.toString('utf8'))
			};
		})
	);
	const gzipBytes = scripts.reduce((sum, s) => sum + s.gzipBytes, 0);
	const bytes = scripts.reduce((sum, s) => sum + s.bytes, 0);
	return {
		scripts,
		count: scripts.length,
		bytes,
		gzipBytes,
		gzipKb: gzipBytes / 1000,
		zod: scripts.filter((s) => s.zod).map((s) => s.url)
	};
}

/** Cookies of a Jar as Playwright cookies for `origin`. */
function cookiesFor(jar, origin) {
	const header = jar.header();
	if (!header) return [];
	return header.split('; ').map((pair) => {
		const eq = pair.indexOf('=');
		return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: origin };
	});
}

export async function runPageWeight(options = {}, print = console.log) {
	const dataDir = await mkdtemp(join(tmpdir(), 'werkplaats-pageweight-'));
	const server = startAppServer({
		port: options.port || (await freePort()),
		env: { WERKPLAATS_DATA_DIR: dataDir, WERKPLAATS_DEMO_DATA: 'true' },
		build: options.build ?? 'build'
	});
	let browser;
	try {
		await server.waitUntilAnswering({ timeoutMs: 90_000 });
		const client = httpClient(server.origin);
		const facilitator = new Jar();
		await signInFacilitator(client, facilitator);
		const sessionId = await createSession(client, facilitator, { title: 'Paginagewicht' });
		const { session, round } = await readState(client, facilitator, sessionId);
		const phone = new Jar();
		await joinByCode(client, phone, session.join_code, 'Telefoon');

		browser = await chromium.launch(chromiumLaunch);
		const measure = async (jar, path) => {
			const context = await browser.newContext({ locale: 'nl-NL' });
			await context.addCookies(cookiesFor(jar, server.origin));
			const page = await context.newPage();
			try {
				return await measureScripts(page, server.origin + path);
			} finally {
				await context.close();
			}
		};
		const phonePage = await measure(phone, `/sessie/${sessionId}`);
		const presenterPage = await measure(facilitator, `/sessies/${sessionId}/presenter`);
		// After a reveal the phone also shows the spread, whose plot it loads only then: measured
		// too, so the figure for voting is not read as the phone's whole story.
		// A spread is shown from three answers on (fewer would single people out), so two more
		// phones answer too.
		const others = [new Jar(), new Jar()];
		for (const [i, other] of others.entries()) await joinByCode(client, other, session.join_code, `Telefoon ${i + 2}`);
		await setPhase(client, facilitator, sessionId, 1, 'position');
		for (const [i, jar] of [phone, ...others].entries()) {
			const cast = await client.action(`/sessie/${sessionId}?/cast`, {
				jar,
				form: { roundId: round.id, value: 40 + 10 * i, desired: 60 }
			});
			if (!succeeded(cast)) throw new Error(`casting failed: ${JSON.stringify(cast)}`);
		}
		await setPhase(client, facilitator, sessionId, 1, 'reveal');
		const revealedPage = await measure(phone, `/sessie/${sessionId}`);

		const kb = (n) => n.toFixed(1);
		// options.detail: every script of the phone's cold load, largest first (to see what grew).
		if (options.detail) {
			for (const script of [...phonePage.scripts].sort((x, y) => y.gzipBytes - x.gzipBytes)) {
				print(`page.phone_script: ${kb(script.gzipBytes / 1000)} KB ${new URL(script.url).pathname}`);
			}
		}
		print(`page.method: gzip level 9 (zlib) of each script body Chromium fetched on a cold load`);
		print(`page.phone_scripts: ${phonePage.count}`);
		print(`page.phone_js_raw_kb: ${kb(phonePage.bytes / 1000)}`);
		print(`page.phone_js_gz_kb: ${kb(phonePage.gzipKb)}`);
		print(`page.phone_zod_scripts: ${phonePage.zod.length}`);
		print(`page.phone_revealed_scripts: ${revealedPage.count}`);
		print(`page.phone_revealed_js_gz_kb: ${kb(revealedPage.gzipKb)}`);
		print(`page.phone_revealed_zod_scripts: ${revealedPage.zod.length}`);
		print(`page.presenter_scripts: ${presenterPage.count}`);
		print(`page.presenter_js_raw_kb: ${kb(presenterPage.bytes / 1000)}`);
		print(`page.presenter_js_gz_kb: ${kb(presenterPage.gzipKb)}`);
		print(`page.presenter_zod_scripts: ${presenterPage.zod.length}`);
		const phoneMet = phonePage.gzipKb <= budgets.phone && phonePage.zod.length === 0;
		const presenterMet = presenterPage.gzipKb <= budgets.presenter && presenterPage.zod.length === 0;
		print(`page.phone_js_target_met: ${phoneMet}`);
		print(`page.presenter_js_target_met: ${presenterMet}`);
		return {
			phone: phonePage,
			phoneRevealed: revealedPage,
			presenter: presenterPage,
			targetsMet: phoneMet && presenterMet
		};
	} catch (error) {
		print(`page.error: ${error instanceof Error ? error.message : String(error)}`);
		for (const line of server.log.slice(-20)) print(`# server: ${line}`);
		return { targetsMet: false };
	} finally {
		await browser?.close();
		await server.stop();
		await rm(dataDir, { recursive: true, force: true });
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { targetsMet } = await runPageWeight();
	process.exit(targetsMet ? 0 : 1);
}
