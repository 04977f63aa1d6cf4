import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm ci` refuses a lock file in which a package's optional dependency has no entry. That
// happens when the registry mirror lacks some platform builds of a version (it did for
// rollup 4.68.7): `npm install` quietly leaves them out, and CI then fails on a clean
// checkout. This test catches it before CI does.
type LockEntry = { optionalDependencies?: Record<string, string> };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
	packages: Record<string, LockEntry>;
};

/** Node resolution: look in the package's own node_modules, then in each ancestor's. */
function resolves(fromPath: string, name: string): boolean {
	let base = fromPath;
	for (;;) {
		const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
		if (candidate in lock.packages) return true;
		if (!base) return false;
		const parent = base.lastIndexOf('/node_modules/');
		base = parent === -1 ? '' : base.slice(0, parent);
	}
}

describe('package-lock.json', () => {
	it('has an entry for every optional dependency, so npm ci accepts it', () => {
		const missing: string[] = [];
		for (const [path, entry] of Object.entries(lock.packages)) {
			for (const name of Object.keys(entry.optionalDependencies ?? {})) {
				if (!resolves(path, name)) missing.push(`${path || '(root)'} → ${name}`);
			}
		}
		expect(missing).toEqual([]);
	});
});
