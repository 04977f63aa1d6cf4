import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dictionaries, pickLocale, translate, translateError } from '$lib/i18n';
import { bundles as bundlesByName } from '$lib/i18n/bundles';

const bundles = Object.values(bundlesByName);

describe('i18n', () => {
	it('every bundle has the same keys in Dutch and English, none of them empty', () => {
		for (const bundle of bundles) {
			expect(Object.keys(bundle.en).sort()).toEqual(Object.keys(bundle.nl).sort());
			for (const locale of ['nl', 'en'] as const) {
				for (const [key, text] of Object.entries(bundle[locale])) expect(text.trim(), key).not.toBe('');
			}
		}
	});

	it('no key is defined twice across bundles (a later one would silently win)', () => {
		const seen = new Map<string, number>();
		for (const bundle of bundles) for (const key of Object.keys(bundle.nl)) seen.set(key, (seen.get(key) ?? 0) + 1);
		expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
	});

	it('every message file is registered', () => {
		const files = readdirSync('src/lib/i18n/messages').filter((f) => f.endsWith('.ts'));
		const index = readFileSync('src/lib/i18n/bundles.ts', 'utf8');
		for (const file of files) expect(index, file).toContain(`./messages/${file.replace(/\.ts$/, '')}'`);
		expect(bundles.length).toBe(files.length);
	});

	it('every error key raised by the SQL migrations has a translation', () => {
		const sql = readdirSync('supabase/migrations')
			.map((f) => readFileSync(`supabase/migrations/${f}`, 'utf8'))
			.join('\n');
		const keys = new Set([...sql.matchAll(/raise exception '([a-z_]+)'/g)].map((m) => m[1]));
		expect(keys.size).toBeGreaterThan(20);
		const missing = [...keys].filter(
			(key) => !(`errors.${key}` in dictionaries.nl) || !(`errors.${key}` in dictionaries.en)
		);
		expect(missing).toEqual([]);
	});

	it('fills parameters and falls back to a generic error text for unknown keys', () => {
		expect(translate('nl', 'home.welcome', { name: 'Fenna' })).toBe('Welkom, Fenna');
		expect(translate('en', 'home.welcome', { name: 'Fenna' })).toBe('Welcome, Fenna');
		expect(translateError('nl', 'does_not_exist')).toBe(dictionaries.nl['errors.generic']);
	});

	it('chooses Dutch unless a cookie or the browser prefers English', () => {
		expect(pickLocale(undefined, undefined)).toBe('nl');
		expect(pickLocale(undefined, 'en-GB,en;q=0.9')).toBe('en');
		expect(pickLocale(undefined, 'nl-NL,en;q=0.8')).toBe('nl');
		expect(pickLocale('nl', 'en-US')).toBe('nl');
		expect(pickLocale('xx', 'de-DE')).toBe('nl');
	});
});
