import { describe, expect, it } from 'vitest';
import { actionNames, routeTargets, targetFor } from '../fixtures/routes';
import { fuzzTargets } from '../e2e/fuzz-targets';

describe('every way into the server is fuzzed', () => {
	const targets = routeTargets();

	it('finds the actions, loads and endpoints in src/routes', () => {
		const ids = targets.map((t) => t.id);
		expect(ids).toEqual(
			expect.arrayContaining([
				'POST /teams/[teamId]?/rename',
				'POST /inloggen',
				'POST /reflecties/concept',
				'GET /sessies/[sessionId]/events',
				'GET /reflecties/[id]'
			])
		);
		expect(targets.filter((t) => t.kind === 'endpoint').length).toBeGreaterThanOrEqual(7);
		expect(targets.filter((t) => t.kind === 'action').length).toBeGreaterThanOrEqual(30);
	});

	it('every form action, page load and endpoint has a fuzz test (tests/e2e/fuzz-targets.ts)', () => {
		const missing = targets.filter((t) => !(t.id in fuzzTargets)).map((t) => `${t.id} (${t.file})`);
		expect(
			missing,
			'Not fuzzed: add a property-based test with hostile input to tests/e2e/bad-input*.e2e.ts and list it in tests/e2e/fuzz-targets.ts'
		).toEqual([]);
	});

	it('lists nothing that is not in src/routes any more', () => {
		const known = new Set(targets.map((t) => t.id));
		expect(
			Object.keys(fuzzTargets).filter((id) => !known.has(id)),
			'Listed in tests/e2e/fuzz-targets.ts but gone from src/routes'
		).toEqual([]);
	});

	it('reads the names of actions as SvelteKit does', () => {
		const source = `export const actions: Actions = {\n\t/** Reopens. */\n\treopen: ({ locals }) => x(),\n\tclose: async () => {\n\t\tconst nested: 1,\n\t},\n\tdefault: async () => {}\n};\nconst later = { other: 1 };`;
		expect(actionNames(source)).toEqual(['reopen', 'close', 'default']);
		expect(actionNames('export const load = () => ({});')).toEqual([]);
	});

	it.each([
		['POST', '/teams/7ea70000-0000-4000-8000-000000000001?/rename', 'POST /teams/[teamId]?/rename'],
		['POST', '/teams?/createTeam', 'POST /teams?/createTeam'],
		['POST', '/inloggen?next=%2Fteams', 'POST /inloggen'],
		['POST', '/doe-mee?/join', 'POST /doe-mee/[[code]]?/join'],
		['POST', '/doe-mee/ABC234?/join', 'POST /doe-mee/[[code]]?/join'],
		['GET', '/reflecties/nieuw?dilemma=x', 'GET /reflecties/nieuw'],
		['POST', '/reflecties/concept', 'POST /reflecties/concept'],
		['GET', '/reflecties/%F0%9F%98%80', 'GET /reflecties/[id]'],
		['GET', '/reflecties/x/__data.json', 'GET /reflecties/[id]'],
		['GET', '/__data.json', 'GET /'],
		['GET', '/sessies/x/rapport.csv?sep=semicolon', 'GET /sessies/[sessionId]/rapport.csv'],
		['GET', '/sessies/x/rapport', 'GET /sessies/[sessionId]/rapport'],
		['PUT', '/sessies/x/state.json', 'PUT /sessies/[sessionId]/state.json'],
		['GET', '/dilemmas/kaarten', 'GET /dilemmas/kaarten'],
		['GET', '/dilemmas/zelf-doen', 'GET /dilemmas/[slug]']
	])('%s %s reaches %s', (method, url, target) => {
		expect(targetFor(targets, method, url)).toBe(target);
	});
});
