import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { bundles, bundleNames, type BundleName } from '$lib/i18n/bundles';
import { alwaysSent, messagesFor, routeBundles } from '$lib/i18n/routes';

/**
 * Each page receives only the message bundles ./src/lib/i18n/routes.ts declares for its route.
 * These tests read a route's code the way the bundler would follow it (the page, the layouts and
 * error page above it, its server load and actions, and every local module they import, except
 * $lib/server and $lib/i18n) and collect every message key named there.
 */
const allKeys = new Map<string, BundleName>();
for (const name of bundleNames) for (const key of Object.keys(bundles[name].nl)) allKeys.set(key, name);

function resolveImport(from: string, spec: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/')) {
		if (spec.startsWith('$lib/server/') || spec.startsWith('$lib/i18n')) return null;
		base = resolve('src/lib', spec.slice(5));
	} else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return null;
	for (const candidate of [base, `${base}.ts`, `${base}.svelte.ts`, join(base, 'index.ts')]) {
		if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	}
	return null;
}

function filesOf(entries: string[]): Set<string> {
	const seen = new Set<string>();
	const queue = entries.filter((f) => existsSync(f)).map((f) => resolve(f));
	while (queue.length) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		if (!/\.(ts|svelte)$/.test(file)) continue;
		const source = readFileSync(file, 'utf8');
		// Re-exports too (`export { x } from './y'`): the bundler follows them like imports.
		for (const match of source.matchAll(/\b(?:import|export)\s+(type\s+)?(?:[^'"]*?\bfrom\s+)?['"]([^'"]+)['"]/g)) {
			if (match[1]) continue;
			const target = resolveImport(file, match[2]);
			if (target) queue.push(target);
		}
	}
	return seen;
}

/** Message keys a file names: string literals equal to a key, and template literals by their fixed parts. */
function keysIn(source: string): Set<string> {
	const keys = new Set<string>();
	for (const match of source.matchAll(/'([^'\n]+)'|"([^"\n]+)"|`([^`]*)`/g)) {
		const text = match[1] ?? match[2] ?? match[3];
		if (match[3] !== undefined && text.includes('${')) {
			// `language.${other}` or `${prefix}.spread.${key}`: every key holding each fixed part in order.
			const parts = text.split(/\$\{[^}]*\}/);
			const pattern = new RegExp(
				`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[A-Za-z0-9_.]+')}$`
			);
			// A part must name something (`${key}.${n}` alone would match every key).
			if (!parts.some((p) => /[A-Za-z]/.test(p) && p.includes('.'))) continue;
			for (const key of allKeys.keys()) if (pattern.test(key)) keys.add(key);
		} else if (allKeys.has(text)) keys.add(text);
		// A plural's stem: 'report.participants' stands for its .one and .other forms.
		else if (allKeys.has(`${text}.one`) && allKeys.has(`${text}.other`)) keys.add(`${text}.one`).add(`${text}.other`);
	}
	return keys;
}

function pageRoutes(dir = 'src/routes'): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) found.push(...pageRoutes(path));
		else if (entry === '+page.svelte') found.push(dir);
	}
	return found;
}

const routeId = (dir: string) =>
	'/' +
	relative('src/routes', dir)
		.split('/')
		.filter((part) => part && !/^\(.*\)$/.test(part))
		.join('/');

function entriesFor(dir: string): string[] {
	const entries = ['+page.svelte', '+page.ts', '+page.server.ts'].map((f) => join(dir, f));
	for (let d = dir; d.startsWith('src/routes'); d = dirname(d)) {
		entries.push(...['+layout.svelte', '+layout.ts', '+layout.server.ts', '+error.svelte'].map((f) => join(d, f)));
	}
	return entries;
}

function neededBundles(dir: string): Set<BundleName> {
	const needed = new Set<BundleName>(alwaysSent);
	for (const file of filesOf(entriesFor(dir)))
		for (const key of keysIn(readFileSync(file, 'utf8'))) needed.add(allKeys.get(key)!);
	return needed;
}

const routes = pageRoutes().map((dir) => ({ dir, id: routeId(dir) }));

describe('messages per route', () => {
	it('finds keys the way pages use them', () => {
		expect([...keysIn("t('nav.main') + t(`language.${other}`)")].sort()).toEqual([
			'language.en',
			'language.label',
			'language.nl',
			'language.switch',
			'nav.main'
		]);
		expect([...keysIn("count(locale, 'report.points', n)")].sort()).toEqual([
			'report.points.one',
			'report.points.other'
		]);
		expect(keysIn(`t('no.such.key')`).size).toBe(0);
		expect(routes.length).toBeGreaterThan(20);
	});

	it('every page route is declared, and nothing else is', () => {
		expect(Object.keys(routeBundles).sort()).toEqual(routes.map((r) => r.id).sort());
	});

	it.each(routes)('$id gets every bundle its code names, and no other', ({ dir, id }) => {
		const declared = new Set([...alwaysSent, ...(routeBundles[id] ?? [])]);
		const needed = neededBundles(dir);
		expect(
			[...needed].filter((b) => !declared.has(b)),
			'missing'
		).toEqual([]);
		expect(
			[...declared].filter((b) => !needed.has(b)),
			'not used'
		).toEqual([]);
	});

	it('a page gets its bundles in its own language only', () => {
		const phone = messagesFor('/(phone)/sessie/[sessionId]', 'en');
		expect(phone['phone.offline']).toBe(bundles.sessions.en['phone.offline']);
		expect(phone['app.name']).toBe(bundles.common.en['app.name']);
		expect(Object.values(phone)).not.toContain(bundles.sessions.nl['phone.offline']);
		expect(Object.keys(phone).some((key) => key in bundles.reflections.nl)).toBe(false);
		// The error page, shown for unknown addresses, gets what every page gets.
		expect(Object.keys(messagesFor(null, 'nl')).sort()).toEqual(
			alwaysSent.flatMap((b) => Object.keys(bundles[b].nl)).sort()
		);
	});
});
