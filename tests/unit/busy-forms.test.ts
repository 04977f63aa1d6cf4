import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every .svelte and .ts file under src. */
function sources(dir = 'src'): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) return sources(path);
		return /\.(svelte|ts)$/.test(entry) ? [path] : [];
	});
}

describe('a form at work shows it (src/lib/enhance.ts)', () => {
	const files = sources().map((path) => ({ path, text: readFileSync(path, 'utf8') }));

	it('every enhanced form uses the enhance that shows it busy, not SvelteKit’s own', () => {
		const enhanced = files.filter((f) => f.path.endsWith('.svelte') && /use:enhance(Each)?\b/.test(f.text));
		expect(enhanced.length).toBeGreaterThan(15);
		const kitsOwn = files.filter(
			(f) =>
				f.path !== join('src', 'lib', 'enhance.ts') &&
				/import\s*\{[^}]*\benhance\b[^}]*\}\s*from\s*'\$app\/forms'/.test(f.text)
		);
		expect(kitsOwn.map((f) => f.path)).toEqual([]);
		const unimported = enhanced.filter((f) => !/from '\$lib\/enhance'/.test(f.text));
		expect(unimported.map((f) => f.path)).toEqual([]);
	});

	it('the root layout shows forms that leave the page busy, and the navigation indicator', () => {
		const root = readFileSync('src/routes/+layout.svelte', 'utf8');
		expect(root).toContain('showNativeSubmits()');
		expect(root).toContain('<NavigationProgress />');
	});
});
