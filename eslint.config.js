// ESLint as the `sv` template sets it up (typescript-eslint, eslint-plugin-svelte, Prettier for
// layout), with the few choices of this project written next to their reasons.
import prettier from 'eslint-config-prettier';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/',
			'tests/e2e/screenshots/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript checks undefined names itself (typescript-eslint's advice).
			'no-undef': 'off',
			// A leading underscore names what is deliberately left unused (a destructured field
			// dropped from an object, an argument a callback must accept).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }
			],
			// The app is served at the root (no kit.paths.base), so links are plain paths built
			// from ids; resolve() would add nothing.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	{
		// Tests poke at untyped answers and hostile input on purpose.
		files: ['tests/**'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			// Playwright's fixture idiom: async ({}, testInfo) => …
			'no-empty-pattern': 'off',
			// Control characters are exactly what the hostile-input tests look for.
			'no-control-regex': 'off'
		}
	}
);
