import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAuthStore } from '$lib/server/auth/local-store';
import { openPostgres } from '$lib/server/db/postgres';
import { openPgliteThread, type ThreadedPglite } from '$lib/server/db/pglite-thread';
import { migrate } from '$lib/server/db/migrate';
import { SqlBackend } from '$lib/server/db/sql-backend';
import { DbClient } from '$lib/server/db/port';
import { postgresDatabase, type TestDatabase } from './harness';

// A session that ends, ends everywhere at once (issue #15). With PostgreSQL several servers
// share one database: each server here is a LocalAuthStore on its own connection pool, as the
// runtime makes it (no cookie cache). The embedded database has one server, which remembers
// cookies and forgets them as the database announces a session's end.

const email = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.test`;
const password = 'correct horse battery staple';

describe('two servers on one PostgreSQL database', () => {
	let db: TestDatabase;
	let a: LocalAuthStore;
	let b: LocalAuthStore;
	let pools: { close(): Promise<void> }[];

	beforeAll(async () => {
		db = await postgresDatabase();
		const poolA = openPostgres(db.url!, { max: 2 });
		const poolB = openPostgres(db.url!, { max: 2 });
		pools = [poolA, poolB];
		a = new LocalAuthStore(poolA);
		b = new LocalAuthStore(poolB);
	});
	afterAll(async () => {
		for (const pool of pools ?? []) await pool.close();
		await db?.close();
	});

	it('a logout on one server ends the session on the other at its very next request', async () => {
		const person = await a.signUp({ email: email('uit'), password, displayName: 'Uitlogger', locale: 'nl' });
		const token = await a.createSession(person.userId);
		const phone = await b.createSession(person.userId);
		// Both servers know both cookies, again and again (a cache would keep them now).
		for (let i = 0; i < 3; i++) expect(await b.sessionUser(token)).toMatchObject({ userId: person.userId });
		await a.endSession(token);
		expect(await b.sessionUser(token)).toBeNull();
		expect(await a.sessionUser(token)).toBeNull();
		// The person's other device is still signed in: a logout ends one session.
		expect(await a.sessionUser(phone)).toMatchObject({ userId: person.userId });
	});

	it('deleting an account on one server signs out every device on the other at once', async () => {
		const person = await a.signUp({ email: email('weg'), password, displayName: 'Vertrekker', locale: 'nl' });
		const laptop = await a.createSession(person.userId);
		const phone = await b.createSession(person.userId);
		expect(await b.sessionUser(phone)).toMatchObject({ userId: person.userId });
		await new DbClient(new SqlBackend(db.executor), {
			kind: 'user',
			userId: person.userId,
			isAnonymous: false,
			email: null
		}).call('delete_my_account', {});
		expect(await b.sessionUser(phone)).toBeNull();
		expect(await b.sessionUser(laptop)).toBeNull();
	});
});

describe('the embedded server remembers cookies and forgets an ended session before the call returns', () => {
	let database: ThreadedPglite;
	let store: LocalAuthStore;

	beforeAll(async () => {
		database = await openPgliteThread();
		await migrate(database);
		store = new LocalAuthStore(database, { cache: true });
		await store.followSessionEnds(database.listen);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('an account deleted through the API: every cached cookie of that person is refused at once', async () => {
		const person = await store.signUp({ email: email('pglite'), password, displayName: 'Ingebed', locale: 'nl' });
		const other = await store.signUp({ email: email('ander'), password, displayName: 'Ander', locale: 'nl' });
		const tokens = [await store.createSession(person.userId), await store.createSession(person.userId)];
		const theirs = await store.createSession(other.userId);
		// A store that does not follow the announcements: what a cache alone would do.
		const deaf = new LocalAuthStore(database, { cache: true });
		for (const token of [...tokens, theirs]) {
			expect(await store.sessionUser(token)).not.toBeNull();
			expect(await deaf.sessionUser(token)).not.toBeNull();
		}

		await new DbClient(new SqlBackend(database), {
			kind: 'user',
			userId: person.userId,
			isAnonymous: false,
			email: null
		}).call('delete_my_account', {});

		for (const token of tokens) expect(await store.sessionUser(token)).toBeNull();
		expect(await store.sessionUser(theirs)).toMatchObject({ userId: other.userId });
		// Without the announcement the deleted person's cookies would still open doors here.
		expect(await deaf.sessionUser(tokens[0])).toMatchObject({ userId: person.userId });
	});
});
