import { test, expect } from '@playwright/test';
import { adminUrl, appServer, demoSession, http, stores } from './script-lib';

const { freePort, startAppServer } = appServer;
const { checkPostgres, postgresStore } = stores;
const { find, httpClient, Jar } = http;
const { createSession, joinByCode, readState, setPhase, signInFacilitator } = demoSession;

// Two app servers on one PostgreSQL database, as behind a load balancer (issue #15): a session
// with its phones spread over both, round robin. Every vote reaches a presenter on the other
// server, wrong join codes are limited as if by one server, and a logout on one counts on the
// other at the next request.

/** Reads a Server-Sent Events stream, handing each `position` frame's revisions to `onRevisions`. */
async function followPositions(
	url: string,
	cookie: string,
	onRevisions: (revisions: number[]) => void,
	signal: AbortSignal
) {
	const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal });
	expect(response.status).toBe(200);
	void (async () => {
		const decoder = new TextDecoder();
		let buffer = '';
		try {
			for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
				buffer += decoder.decode(chunk, { stream: true });
				let end;
				while ((end = buffer.indexOf('\n\n')) !== -1) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					if (!block.includes('event: position')) continue;
					const data = block
						.split('\n')
						.find((line) => line.startsWith('data:'))
						?.slice(5);
					if (data) onRevisions(JSON.parse(data).revisions ?? []);
				}
			}
		} catch {
			// The test ended the stream.
		}
	})();
}

test('two servers on one PostgreSQL behave as one: votes, guess limits and logouts cross between them', async () => {
	test.setTimeout(240_000);
	await checkPostgres(adminUrl);
	const cleanup = new Set<() => Promise<unknown>>();
	const store = postgresStore(cleanup, adminUrl);
	await store.prepare();
	const servers: any[] = [];
	const streams = new AbortController();
	try {
		// One at a time: the first applies the migrations and the demo data, the second finds them.
		for (let i = 0; i < 2; i++) {
			const server = startAppServer({ port: await freePort(), env: store.env() });
			servers.push(server);
			await server.waitUntilAnswering({ timeoutMs: 120_000 });
		}
		const [a, b] = servers.map((server) => httpClient(server.origin));

		// The facilitator works on A; a presenter screen is open on each server.
		const facilitator = new Jar();
		await signInFacilitator(a, facilitator);
		const sessionId = await createSession(a, facilitator, { title: 'Twee servers', askDesired: false });
		const state = await readState(a, facilitator, sessionId);
		const seen = [new Set<number>(), new Set<number>()];
		for (const [i, server] of servers.entries()) {
			await followPositions(
				`${server.origin}/sessies/${sessionId}/events`,
				facilitator.header(),
				(revisions) => revisions.forEach((r) => seen[i].add(r)),
				streams.signal
			);
		}

		// Eight phones, round robin over the two servers; the facilitator opens the vote on B.
		const phones = Array.from({ length: 8 }, () => new Jar());
		for (const [i, phone] of phones.entries())
			await joinByCode([a, b][i % 2], phone, state.session.join_code, `Telefoon ${i + 1}`);
		await setPhase(b, facilitator, sessionId, 1, 'position');
		const revisions: number[] = [];
		for (const [i, phone] of phones.entries()) {
			const result = await [a, b][i % 2].action(`/sessie/${sessionId}?/cast`, {
				jar: phone,
				form: { roundId: state.round.id, value: 10 * i }
			});
			expect(result.type, JSON.stringify(result)).toBe('success');
			revisions.push(Number(find(result.data, 'revision')));
		}
		expect(revisions.every(Number.isFinite)).toBe(true);
		// Every vote, cast on either server, reaches the presenter on each.
		for (const server of [0, 1]) await expect.poll(() => revisions.filter((r) => !seen[server].has(r))).toEqual([]);
		expect((await readState(b, facilitator, sessionId)).round.counts.before).toBe(8);

		// A thousand wrong join codes from one address, alternating between the servers, all at
		// once: ten are looked up (404), every other one is refused (429), as one server would.
		const statuses = await Promise.all(
			Array.from({ length: 1000 }, (_, i) =>
				[a, b][i % 2]
					.action('/doe-mee?/join', { form: { code: 'QQQQQ' + 'ABCDEFGHJK'[i % 10], displayName: 'Gokker' } })
					.then((r: { status: number }) => r.status)
			)
		);
		expect(statuses.filter((s) => s === 404)).toHaveLength(10);
		expect(statuses.filter((s) => s === 429)).toHaveLength(990);

		// A logout on A ends the session on B at the very next request.
		expect((await b.request('/teams', { jar: facilitator })).status).toBe(200);
		const stale = facilitator.header();
		const loggedOut = await a.action('/uitloggen', { jar: facilitator, form: { x: '' } });
		expect(loggedOut).toMatchObject({ type: 'redirect', location: '/' });
		const after = await fetch(`${servers[1].origin}/teams`, { headers: { cookie: stale }, redirect: 'manual' });
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toMatch(/^\/inloggen/);
	} finally {
		streams.abort();
		await Promise.all(servers.map((server) => server.stop({ graceMs: 5_000 })));
		for (const task of cleanup) await task().catch(() => {});
	}
});
