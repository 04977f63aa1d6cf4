/**
 * Issue 11 over HTTP: Markdown that would stall the renderer is refused when saved, with a
 * translated 400 (form action and autosave alike), and the pages showing the heaviest text that
 * is accepted still answer quickly. Unit-level proof of the bounds: tests/unit/markdown-budget.test.ts.
 */
import { test, expect } from '@playwright/test';
import { allMessages } from '../../src/lib/i18n/bundles';

/** The Dutch refusal as the server words it (the page's own i18n needs the app's build). */
const refusal = allMessages.nl['errors.markdown_too_complex']!;
import { MAX_MARKDOWN_LENGTH, markdownProblem } from '../../src/lib/markdown';
import { pathologicalMarkdown } from '../fixtures/pathological-markdown.js';
import { uniqueEmail } from './support';
import { pageData, password, send, sessionState, submit } from './hostile';

const slug = 'zelf-doen-of-overdragen';
const corpus = pathologicalMarkdown(MAX_MARKDOWN_LENGTH);
const refused = corpus.filter((c) => markdownProblem(c.input) !== null);
const accepted = corpus.filter((c) => markdownProblem(c.input) === null);

test('pathological reflections are refused with a translated 400; accepted heavy ones render quickly', async ({
	playwright,
	baseURL
}) => {
	test.setTimeout(120_000);
	expect(refused.length).toBeGreaterThan(0);
	expect(refused.map((c) => c.name)).toContain('nested emphasis');
	const ctx = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { origin: baseURL!, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': '198.51.100.11' }
	});
	const signedUp = await submit(
		ctx,
		'/registreren',
		{ displayName: 'Mira Budget', email: uniqueEmail('markdown'), password },
		{ html: true }
	);
	expect(signedUp.http, signedUp.body.slice(0, 300)).toBe(303);

	for (const { name, input } of refused.slice(0, 6)) {
		// The form action (the journal's Opslaan button).
		const form = await submit(ctx, '/reflecties/nieuw?/save', {
			id: crypto.randomUUID(),
			dilemmaSlug: slug,
			version: '0',
			body: input
		});
		expect(form.type, `${name}: ${form.body.slice(0, 200)}`).toBe('failure');
		expect(form.status, name).toBe(400);
		expect(form.data?.errors?.body, name).toBe('markdown_too_complex');
		// The autosave endpoint, with the message in Dutch.
		const draft = await send(ctx, 'POST', '/reflecties/concept', {
			data: JSON.stringify({
				id: crypto.randomUUID(),
				dilemmaSlug: slug,
				version: 0,
				body: input,
				value: null,
				desired: null,
				isDraft: true
			}),
			headers: { 'content-type': 'application/json' }
		});
		expect(draft.status, name).toBe(400);
		expect(JSON.parse(draft.body), name).toEqual({ error: 'markdown_too_complex', message: refusal });
	}

	// Four accepted texts at the maximum length on one dilemma (the three-second history page).
	const heaviest = accepted.slice(0, 4);
	for (const { name, input } of heaviest) {
		const saved = await submit(ctx, '/reflecties/nieuw?/save', {
			id: crypto.randomUUID(),
			dilemmaSlug: slug,
			version: '0',
			body: input
		});
		expect(saved.type, `${name}: ${saved.body.slice(0, 200)}`).toBe('redirect');
	}
	const started = Date.now();
	const history = await ctx.get(`/mijn-geschiedenis/${slug}`, { headers: { accept: 'text/html' } });
	const elapsed = Date.now() - started;
	expect(history.status()).toBe(200);
	// Generous for a busy shared machine: the renders themselves are bounded at ~25 ms each.
	expect(elapsed).toBeLessThan(2_000);
	await ctx.dispose();
});

test('pathological session notes are refused with a translated 400; the presenter and report pages stay fast', async ({
	playwright,
	baseURL
}) => {
	test.setTimeout(120_000);
	const ctx = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { origin: baseURL!, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': '198.51.100.12' }
	});
	expect(
		(
			await submit(
				ctx,
				'/registreren',
				{ displayName: 'Fenna Budget', email: uniqueEmail('notes'), password },
				{ html: true }
			)
		).http
	).toBe(303);
	const team = await submit(ctx, '/teams?/createTeam', { name: 'Team Opmaak' }, { html: true });
	const teamId = team.location!.match(/^\/teams\/([0-9a-f-]{36})/)![1];
	const slugs = ((await pageData(ctx, `/teams/${teamId}/sessies/nieuw`)).dilemmas as { slug: string }[]).map(
		(d) => d.slug
	);
	const created = await submit(
		ctx,
		`/teams/${teamId}/sessies/nieuw`,
		{ title: 'Sessie opmaak', heldOn: '2026-12-04', dilemmas: slugs.slice(0, 1) },
		{ html: true }
	);
	const sessionId = created.location!.match(/^\/sessies\/([0-9a-f-]{36})\/presenter$/)![1];
	expect((await submit(ctx, `/sessies/${sessionId}/presenter?/phase`, { position: '1', phase: 'discuss' })).type).toBe(
		'success'
	);
	const round = (await sessionState(ctx, sessionId)).round;
	const notes = (notesMd: string, agreementsMd = '') => ({
		roundId: round.id,
		notesMd,
		agreementsMd,
		expectedVersion: String(round.notes_version)
	});

	for (const { name, input } of refused.slice(0, 4)) {
		const o = await submit(ctx, `/sessies/${sessionId}/presenter?/notes`, notes(input));
		expect(o.status, name).toBe(400);
		expect(o.data?.errors?.notesMd, name).toBe('markdown_too_complex');
		const agreements = await submit(ctx, `/sessies/${sessionId}/presenter?/notes`, notes('Gewone aantekening', input));
		expect(agreements.data?.errors?.agreementsMd, name).toBe('markdown_too_complex');
	}
	// Without JavaScript: the page comes back with the message in Dutch.
	const page = await submit(ctx, `/sessies/${sessionId}/presenter?/notes`, notes(refused[0].input), { html: true });
	expect(page.http).toBe(400);
	expect(page.body).toContain(refusal.slice(0, 40));

	const heavy = accepted[0];
	const saved = await submit(ctx, `/sessies/${sessionId}/presenter?/notes`, notes(heavy.input, accepted[1].input));
	expect(saved.type, `${heavy.name}: ${saved.body.slice(0, 200)}`).toBe('success');
	for (const path of [`/sessies/${sessionId}/presenter`, `/sessies/${sessionId}/rapport`]) {
		const started = Date.now();
		const response = await ctx.get(path, { headers: { accept: 'text/html' } });
		const elapsed = Date.now() - started;
		expect(response.status(), path).toBe(200);
		expect(elapsed, path).toBeLessThan(2_000);
	}
	await ctx.dispose();
});
