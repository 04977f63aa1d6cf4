import { test, expect } from '@playwright/test';
import postgres from 'postgres';
import { adminUrl, appServer, demoSession, http, stores } from './script-lib';

// The database goes away under a running app (issue #16): a signed-in person gets a translated
// 503 page, not a silent logout, and when the database is back the same cookie works again.

const { freePort, startAppServer } = appServer;
const { checkPostgres, postgresStore } = stores;
const { httpClient, Jar } = http;
const { signInFacilitator } = demoSession;

test('a database outage is a translated 503 that keeps the person signed in, and the app recovers', async () => {
	test.setTimeout(180_000);
	await checkPostgres(adminUrl);
	const cleanup = new Set<() => Promise<unknown>>();
	const store = postgresStore(cleanup, adminUrl);
	await store.prepare();
	const database = new URL(store.env().DATABASE_URL).pathname.slice(1);
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	const server = startAppServer({ port: await freePort(), env: store.env() });
	let away = false;
	const bringBack = async () => {
		if (!away) return;
		await admin.unsafe(`alter database "${database}_away" rename to "${database}"`);
		await admin.unsafe(`alter database "${database}" allow_connections true`);
		away = false;
	};
	try {
		await server.waitUntilAnswering({ timeoutMs: 120_000 });
		const client = httpClient(server.origin);
		const fenna = new Jar();
		await signInFacilitator(client, fenna);
		const page = (jar: typeof fenna) => client.request('/teams', { jar, accept: 'text/html' });
		expect((await page(fenna)).status).toBe(200);

		// The database goes away: no new connections, the open ones ended, and then it is gone.
		await admin.unsafe(`alter database "${database}" allow_connections false`);
		await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [database]);
		await admin.unsafe(`alter database "${database}" rename to "${database}_away"`);
		away = true;

		const during = await page(fenna);
		expect(during.status).toBe(503);
		const body = await during.text();
		expect(body).toContain('De database is even niet bereikbaar. Je bent niet uitgelogd');
		expect(body).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
		// Not a logout: the session cookie was neither cleared nor replaced.
		expect(during.headers.getSetCookie().filter((c: string) => c.startsWith('wp_session='))).toEqual([]);

		await bringBack();
		// The same cookie opens the page again once the database is back (the pool reconnects).
		await expect.poll(async () => (await page(fenna)).status, { timeout: 30_000 }).toBe(200);
	} finally {
		await bringBack().catch(() => {});
		await server.stop({ graceMs: 5_000 });
		await admin.end();
		for (const task of cleanup) await task().catch(() => {});
	}
});
