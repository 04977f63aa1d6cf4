import { defineConfig } from 'vitest/config';
import { sveltekit } from '@sveltejs/kit/vite';
import { contentCheck } from './src/lib/content/vite-plugin-content-check.ts';
import { requireRecentNode } from './src/lib/node-version.js';

requireRecentNode('vite (build, dev, vitest)');

export default defineConfig({
	// The dilemma texts are validated on every build: a broken file fails it with file, field and reason.
	plugins: [contentCheck(), sveltekit()],
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts'] }
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'db',
					environment: 'node',
					include: ['tests/db/**/*.test.ts'],
					// PGlite and the PostgreSQL server are shared per file; files run in parallel forks.
					testTimeout: 30_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
