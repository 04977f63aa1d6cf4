/**
 * A room that scales: a join, a vote or a note is news for the presenter only; phones hear of the
 * steps and fetch the room's shared snapshot, never reloading their page for someone else's join.
 * A phone that lost its stream while others joined and voted catches up to what the presenter
 * shows.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { allMessages as dictionaries } from '../../src/lib/i18n/bundles';
import { demoFacilitator, demoTeamId, signedInPerson } from './support';
import { castOverHttp, joinOnPhone, joinOverHttp } from './room';

const nl = dictionaries.nl;

/** Reads a session's event stream as one phone (its cookie) until a frame of `until` arrives. */
async function framesUntil(
	baseURL: string,
	sessionId: string,
	cookie: string,
	until: string,
	act: () => Promise<void>
) {
	const abort = new AbortController();
	const response = await fetch(`${baseURL}/sessies/${sessionId}/events`, {
		headers: { cookie, accept: 'text/event-stream' },
		signal: abort.signal
	});
	expect(response.status).toBe(200);
	const kinds: string[] = [];
	const reader = (async () => {
		const decoder = new TextDecoder();
		let buffer = '';
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
			buffer += decoder.decode(chunk, { stream: true });
			for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
				const kind = /^event: (.+)$/m.exec(buffer.slice(0, end))?.[1];
				buffer = buffer.slice(end + 2);
				if (kind) kinds.push(kind);
				if (kind === until) return;
			}
		}
	})();
	await act();
	await reader;
	abort.abort();
	return kinds;
}

test('joins and votes make no phone reload; a phone that was offline catches up with the presenter', async ({
	browser,
	playwright
}, testInfo) => {
	test.setTimeout(180_000);
	const baseURL = testInfo.project.use.baseURL!;
	const facilitator = await signedInPerson(browser, demoFacilitator, 'nl');
	const made = await facilitator.page.request.post(`/teams/${demoTeamId}/sessies/nieuw`, {
		form: { title: 'Een zaal vol telefoons', heldOn: '2026-12-08', dilemmas: 'zelf-doen-of-overdragen' },
		headers: { origin: baseURL, 'x-sveltekit-action': 'true' }
	});
	const sessionId = /\/sessies\/([0-9a-f-]{36})\/presenter/.exec((await made.json()).location ?? '')![1];
	const state = async () => (await facilitator.page.request.get(`/sessies/${sessionId}/state.json`)).json();
	const code = (await state()).session.join_code as string;
	const step = async (phase: string, confirmEmpty = false) => {
		const response = await facilitator.page.request.post(`/sessies/${sessionId}/presenter?/step`, {
			form: { position: '1', phase, direction: 'forward', ...(confirmEmpty ? { confirmEmpty: '1' } : {}) },
			headers: { origin: baseURL, 'x-sveltekit-action': 'true' }
		});
		expect((await response.json()).type).toBe('success');
	};

	// Two phones in browsers: one keeps its stream, one will lose it.
	const phones: Page[] = [];
	for (const name of ['Anne', 'Bram']) {
		const page = await joinOnPhone(browser, code, name);
		await expect(page.getByText(nl['phone.intro'])).toBeVisible();
		phones.push(page);
	}
	const [anne, bram] = phones;
	const pageReloads: string[] = [];
	anne.on('request', (request) => {
		if (request.url().includes('__data.json')) pageReloads.push(request.url());
	});
	const anneCookie = (await anne.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

	// Ten people join and the facilitator opens positions: Anne's own stream carries the step only.
	const room: APIRequestContext[] = [];
	const kinds = await framesUntil(baseURL, sessionId, anneCookie, 'phase', async () => {
		for (let i = 0; i < 10; i++) {
			const person = await playwright.request.newContext({
				baseURL,
				extraHTTPHeaders: { origin: baseURL, 'accept-language': 'nl-NL' }
			});
			await joinOverHttp(person, code, `Zaal ${i + 1}`);
			room.push(person);
		}
		await expect.poll(async () => (await state()).session.participant_count).toBe(12);
		await step('waiting');
	});
	expect(kinds).toEqual(['phase']);
	await expect(anne.getByLabel(nl['instrument.now.question'])).toBeVisible();
	// The step came as the shared snapshot: Anne's page did not reload for it, nor for the joins.
	expect(pageReloads).toEqual([]);

	// Bram loses the Wi-Fi; meanwhile the room votes and the facilitator reveals the spread.
	await bram.context().setOffline(true);
	const roundId = (await state()).round.id as string;
	for (const [i, person] of room.entries()) await castOverHttp(person, sessionId, roundId, 10 + i * 7);
	await step('position');
	const shown = await state();
	expect(shown.round.phase).toBe('reveal');
	expect(shown.round.before).toHaveLength(10);
	await expect(anne.getByText(nl['phone.lookAtScreen'])).toBeVisible();

	// Back online, Bram's phone catches up by itself to what the presenter shows: the spread of ten.
	await bram.context().setOffline(false);
	await expect(bram.getByText(nl['phone.lookAtScreen'])).toBeVisible();
	await expect(bram.locator('figure svg[role="img"]')).toHaveAttribute('aria-label', /10 antwoorden/);
	await expect(anne.locator('figure svg[role="img"]')).toHaveAttribute('aria-label', /10 antwoorden/);

	await facilitator.context.close();
	for (const page of phones) await page.context().close();
	for (const person of room) await person.dispose();
});

test('one person holds a handful of event streams at most: a new one closes the oldest', async ({
	browser
}, testInfo) => {
	const baseURL = testInfo.project.use.baseURL!;
	const facilitator = await signedInPerson(browser, demoFacilitator, 'nl');
	const made = await facilitator.page.request.post(`/teams/${demoTeamId}/sessies/nieuw`, {
		form: { title: 'Veel stromen', heldOn: '2026-12-08', dilemmas: 'zelf-doen-of-overdragen' },
		headers: { origin: baseURL, 'x-sveltekit-action': 'true' }
	});
	const sessionId = /\/sessies\/([0-9a-f-]{36})\/presenter/.exec((await made.json()).location ?? '')![1];
	const cookie = (await facilitator.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	const streams = await Promise.all(
		Array.from({ length: 6 }, async () => {
			const response = await fetch(`${baseURL}/sessies/${sessionId}/events`, {
				headers: { cookie, accept: 'text/event-stream' }
			});
			expect(response.status).toBe(200);
			return response;
		})
	);
	/** Reads a stream until the server closes it (true) or it carries a step (false: still open). */
	const closedByServer = async (response: Response) => {
		const decoder = new TextDecoder();
		let text = '';
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
			text += decoder.decode(chunk, { stream: true });
			if (text.includes('event: phase')) return false;
		}
		return true;
	};
	const outcomes = streams.map((response) => closedByServer(response));
	// A step after all six opened: open streams carry it, closed ones have ended before it.
	const step = await facilitator.page.request.post(`/sessies/${sessionId}/presenter?/step`, {
		form: { position: '1', phase: 'waiting', direction: 'forward' },
		headers: { origin: baseURL, 'x-sveltekit-action': 'true' }
	});
	expect((await step.json()).type).toBe('success');
	// Six opened one after another: the two oldest were closed by the server, four stay open.
	expect((await Promise.all(outcomes)).filter(Boolean)).toHaveLength(2);
	for (const response of streams) await response.body?.cancel().catch(() => {});
	await facilitator.context.close();
});
