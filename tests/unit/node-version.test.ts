import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { minimumNode, nodeIsRecentEnough } from '$lib/node-version.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
	engines: { node: string };
	devDependencies: Record<string, string>;
	dependencies: Record<string, string>;
};
const major = (range: string) => Number(/\d+/.exec(range)?.[0]);

describe('the Node that runs Werkplaats', () => {
	it('runs this test (a vitest worker) on Node 22.12 or newer', () => {
		console.info(`vitest worker on Node ${process.version} (${process.execPath})`);
		expect(nodeIsRecentEnough(process.versions.node), process.version).toBe(true);
	});

	it('is the Node 24 of the `node` devDependency where npm installed it', () => {
		const bundled = 'node_modules/.bin/node';
		if (!existsSync(bundled)) return expect(major(pkg.devDependencies.node)).toBe(24);
		const version = execFileSync(bundled, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
		expect(major(version)).toBe(major(pkg.devDependencies.node));
		// Started by npm (npm test, npx vitest), this process is that Node too.
		if (process.env.npm_lifecycle_event || process.env.npm_command) expect(process.versions.node).toBe(version);
	});

	it('agrees with package.json: engines, the `node` devDependency and @types/node', () => {
		expect(pkg.engines.node).toBe(`>=${minimumNode.replace(/\.0$/, '')}`);
		expect(major(pkg.devDependencies.node)).toBe(24);
		expect(major(pkg.devDependencies['@types/node'])).toBe(major(pkg.devDependencies.node));
		// supabase-js talks to Realtime over Node's own WebSocket (Node 22+): no `ws` transport.
		expect(pkg.dependencies.ws).toBeUndefined();
		expect(typeof WebSocket).toBe('function');
	});

	it('compares versions part by part', () => {
		expect(nodeIsRecentEnough('20.20.2')).toBe(false);
		expect(nodeIsRecentEnough('22.11.9')).toBe(false);
		expect(nodeIsRecentEnough('v22.12.0')).toBe(true);
		expect(nodeIsRecentEnough('22.17.1')).toBe(true);
		expect(nodeIsRecentEnough('24.21.0')).toBe(true);
		expect(nodeIsRecentEnough('100.0.0')).toBe(true);
	});
});
