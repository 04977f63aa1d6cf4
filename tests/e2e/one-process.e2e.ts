import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

// The embedded mode is one server by design: PGlite does not lock its folder, and two processes
// on one folder would write one database and silently diverge. A second `node build` on the
// folder the test server uses (playwright.config.ts: data/e2e) refuses to start, saying why.

test('a second server on the same embedded data folder refuses to start with one sentence', async () => {
	test.setTimeout(60_000);
	const port = 4500 + (Number(process.env.E2E_PORT ?? 4173) % 100);
	const child = spawn(process.execPath, ['build'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			WERKPLAATS_DATA_DIR: 'data/e2e',
			DATABASE_URL: ''
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const [code] = await once(child, 'exit');
	expect(code, output).toBe(1);
	expect(output).toMatch(
		/Werkplaats cannot start: the embedded database in data\/e2e is in use by another Werkplaats process \(pid \d+\)/
	);
	expect(output).not.toMatch(/\n\s+at /); // no stack trace
	// And the first server is unharmed.
	const health = await fetch(`http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173)}/`);
	expect(health.status).toBe(200);
});
