import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { requireRecentNode } from './src/lib/node-version.js';

requireRecentNode('Playwright');

// Debian's Chromium where it is installed (CI and the build machines); Playwright's own elsewhere.
const debianChromium = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((path) => existsSync(path));
// E2E_PORT lets two checkouts (git worktrees) run their browser tests side by side.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 2,
	retries: 0,
	reporter: [['list']],
	outputDir: 'test-results',
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		locale: 'nl-NL',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: debianChromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		// A fresh embedded database for every run: the tests start where a new user starts.
		command: `node -e "require('fs').rmSync('data/e2e',{recursive:true,force:true})" && npm run build && node build`,
		port,
		timeout: 240_000,
		reuseExistingServer: false,
		// As behind a proxy (adapter-node's ADDRESS_HEADER): a spec that needs rate limits of its
		// own sends its own X-Forwarded-For; requests without one share the key "unknown". Without
		// ADDRESS_HEADER (the default) the server ignores the header, see tests/e2e/abuse.e2e.ts.
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			WERKPLAATS_DATA_DIR: 'data/e2e',
			ORIGIN: `http://127.0.0.1:${port}`,
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1',
			// Most specs join from the one shared key "unknown", together far faster than a room
			// would: the per-address join brake is lifted here (tests/unit/join-brake.test.ts holds
			// it); the per-session one keeps its default, proved over HTTP in abuse.e2e.ts.
			WERKPLAATS_JOINS_PER_ADDRESS: '100000'
		},
		stdout: 'ignore'
	}
});
