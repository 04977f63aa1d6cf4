/**
 * Issue 11 over HTTP: Markdown that would stall the renderer is refused when saved, with a
 * translated 400 (form action and autosave alike), and the pages showing the heaviest text that
 * is accepted still answer quickly. Unit-level proof of the bounds: tests/unit/markdown-budget.test.ts.
 */
import { test, expect } from '@playwright/test';
import { translateError } from '../../src/lib/i18n';
import { MAX_MARKDOWN_LENGTH, markdownProblem } from '../../src/lib/markdown';
import { pathologicalMarkdown } from '../fixtures/pathological-markdown.js';
import { uniqueEmail } from './support';
import { password, send, submit } from './hostile';

const slug = 'zelf-doen-of-overdragen';
const corpus = pathologicalMarkdown(MAX_MARKDOWN_LENGTH);
const refused = corpus.filter((c) => markdownProblem(c.input) !== null);
const accepted = corpus.filter((c) => markdownProblem(c.input) === null);

test('pathological reflections are refused with a translated 400; accepted heavy ones render quickly', async ({ playwright, baseURL }) => {
	test.setTimeout(120_000);
	expect(refused.length).toBeGreaterThan(0);
	expect(refused.map((c) => c.name)).toContain('nested emphasis');
	const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL!, 'accept-language': 'nl-NL,nl;q=0.9', 'x-forwarded-for': '198.51.100.11' } });
	const signedUp = await submit(ctx, '/registreren', { displayName: 'Mira Budget', email: uniqueEmail('markdown'), password }, { html: true });
	expect(signedUp.http, signedUp.body.slice(0, 300)).toBe(303);

	for (const { name, input } of refused.slice(0, 6)) {
		// The form action (the journal's Opslaan button).
		const form = await submit(ctx, '/reflecties/nieuw?/save', { id: crypto.randomUUID(), dilemmaSlug: slug, version: '0', body: input });
		expect(form.type, `${name}: ${form.body.slice(0, 200)}`).toBe('failure');
		expect(form.status, name).toBe(400);
		expect(form.data?.errors?.body, name).toBe('markdown_too_complex');
		// The autosave endpoint, with the message in Dutch.
		const draft = await send(ctx, 'POST', '/reflecties/concept', {
			data: JSON.stringify({ id: crypto.randomUUID(), dilemmaSlug: slug, version: 0, body: input, value: null, desired: null, isDraft: true }),
			headers: { 'content-type': 'application/json' }
		});
		expect(draft.status, name).toBe(400);
		expect(JSON.parse(draft.body), name).toEqual({ error: 'markdown_too_complex', message: translateError('nl', 'markdown_too_complex') });
	}

	// The heaviest accepted texts, four of them on one dilemma (the three-second history page).
	const heaviest = accepted.slice(0, 4);
	for (const { name, input } of heaviest) {
		const saved = await submit(ctx, '/reflecties/nieuw?/save', { id: crypto.randomUUID(), dilemmaSlug: slug, version: '0', body: input });
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
