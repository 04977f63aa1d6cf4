import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/lib/server/redirects';

// Where a form may send someone next (login's ?next=, the language switch's redirectTo).
describe('safeNext', () => {
	it('keeps the app’s own paths', () => {
		for (const path of [
			'/',
			'/teams',
			'/teams/7ea70000-0000-4000-8000-000000000001?tab=leden',
			'/dilemmas/zelf-doen%20of'
		])
			expect(safeNext(path)).toBe(path);
	});

	it('refuses other sites, control characters and what is not a path', () => {
		for (const bad of [
			'//evil.example',
			'/\\evil.example',
			'https://evil.example/',
			'/\t/evil.example',
			'teams',
			'',
			null,
			undefined,
			'/a b'
		])
			expect(safeNext(bad, '/terug')).toBe('/terug');
	});

	it('refuses a path longer than any of the app’s: its Location header would break clients (found by the fuzz)', () => {
		expect(safeNext(`/${'x'.repeat(1999)}`)).toHaveLength(2000);
		expect(safeNext(`/${'x'.repeat(2000)}`)).toBe('/');
		expect(safeNext(`/${'x'.repeat(100_000)}`)).toBe('/');
	});
});
