import { createHash, randomBytes, scryptSync } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError } from '$lib/server/db/errors';
import { LocalAuthStore, sessionLifetimeDays } from '$lib/server/auth/local-store';
import { LocalAuthProvider, sessionCookie } from '$lib/server/auth/local';
import { hashPassword, needsRehash, verifyPassword } from '$lib/server/auth/password';
import { engines, type TestDatabase } from './harness';

/** A cookie jar with SvelteKit's Cookies interface that remembers what was set and how. */
function fakeCookies(initial: Record<string, string> = {}) {
	const jar = new Map(Object.entries(initial));
	const sets: { name: string; value: string; options: Record<string, unknown> }[] = [];
	const deletes: { name: string; options: Record<string, unknown> }[] = [];
	const cookies = {
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string, options: Record<string, unknown>) => {
			jar.set(name, value);
			sets.push({ name, value, options });
		},
		delete: (name: string, options: Record<string, unknown>) => {
			jar.delete(name);
			deletes.push({ name, options });
		},
		serialize: () => {
			throw new Error('not used');
		}
	} as unknown as Cookies;
	return { cookies, jar, sets, deletes };
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const uniqueEmail = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.test`;
const password = 'correct horse battery staple';

describe.each(engines)('local accounts on %s', (_engine, open) => {
	let db: TestDatabase;
	let store: LocalAuthStore;
	const superuser = (sql: string, params?: unknown[]) => db.executor.transaction((query) => query(sql, params));

	beforeAll(async () => {
		db = await open();
		store = new LocalAuthStore(db.executor);
	});

	afterAll(async () => {
		await db?.close();
	});

	describe('sign up and log in', () => {
		it('signs up, and the trigger creates the profile with the display name and locale', async () => {
			const email = uniqueEmail('anna');
			const user = await store.signUp({ email, password, displayName: 'Anna de Vries', locale: 'en' });
			expect(user).toEqual({ userId: expect.any(String), email, isAnonymous: false });
			const profiles = await superuser('select display_name, locale from app.profiles where id = $1', [user.userId]);
			expect(profiles).toEqual([{ display_name: 'Anna de Vries', locale: 'en' }]);
			const users = await superuser('select is_anonymous, email_confirmed_at from auth.users where id = $1', [
				user.userId
			]);
			expect(users[0].is_anonymous).toBe(false);
			expect(users[0].email_confirmed_at).not.toBeNull();
		});

		it('refuses a second account for the same email, whatever its case → 409 email_taken', async () => {
			const email = uniqueEmail('bram');
			await store.signUp({ email, password, displayName: 'Bram', locale: 'nl' });
			const again = await store
				.signUp({ email: email.toUpperCase(), password: 'another password 123', displayName: 'Bram 2', locale: 'nl' })
				.catch((e) => e);
			expect(again).toBeInstanceOf(DbError);
			expect({ status: again.status, key: again.key }).toEqual({ status: 409, key: 'email_taken' });
			const count = await superuser('select count(*)::int as n from auth.users where lower(email) = lower($1)', [
				email
			]);
			expect(count[0].n).toBe(1);
		});

		it('verifies the right password (any email case), and refuses a wrong one or an unknown email', async () => {
			const email = uniqueEmail('carla');
			const user = await store.signUp({ email, password, displayName: 'Carla', locale: 'nl' });
			expect(await store.verifyLogin(email, password)).toEqual({ userId: user.userId, email, isAnonymous: false });
			expect(await store.verifyLogin(email.toUpperCase(), password)).toMatchObject({ userId: user.userId });
			expect(await store.verifyLogin(email, password + '!')).toBeNull();
			expect(await store.verifyLogin(email, '')).toBeNull();
			expect(await store.verifyLogin(uniqueEmail('nobody'), password)).toBeNull();
			const signedIn = await superuser('select last_sign_in_at from auth.users where id = $1', [user.userId]);
			expect(signedIn[0].last_sign_in_at).not.toBeNull();
		});

		it('stores a salted scrypt hash, never the password', async () => {
			const first = await store.signUp({ email: uniqueEmail('dirk'), password, displayName: 'Dirk', locale: 'nl' });
			const second = await store.signUp({ email: uniqueEmail('eva'), password, displayName: 'Eva', locale: 'nl' });
			const rows = await superuser(
				'select id, encrypted_password from auth.users where id = any($1::uuid[]) order by id',
				[[first.userId, second.userId]]
			);
			const hashes = rows.map((r) => String(r.encrypted_password));
			for (const hash of hashes) {
				// OWASP's floor for scrypt: N = 2^17, r = 8, p = 1.
				expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/);
				expect(hash).not.toContain(password);
				expect(hash).not.toContain(Buffer.from(password).toString('base64'));
			}
			expect(hashes[0]).not.toBe(hashes[1]);
		});
	});

	describe('sessions', () => {
		it('creates a session that resolves to its user, stores only the token hash, and ends it', async () => {
			const email = uniqueEmail('femke');
			const user = await store.signUp({ email, password, displayName: 'Femke', locale: 'nl' });
			const token = await store.createSession(user.userId);
			expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
			expect(await store.sessionUser(token)).toEqual({ userId: user.userId, email, isAnonymous: false });

			const rows = await superuser(
				`select token_hash, expires_at - created_at as lifetime from auth.local_sessions where user_id = $1`,
				[user.userId]
			);
			expect(rows).toHaveLength(1);
			expect(rows[0].token_hash).toBe(sha256(token));
			const stillThere = await superuser('select 1 from auth.local_sessions where token_hash = $1', [token]);
			expect(stillThere).toHaveLength(0);

			await store.endSession(token);
			expect(await store.sessionUser(token)).toBeNull();
		});

		it('a session past its expiry resolves to nobody', async () => {
			const user = await store.signUp({ email: uniqueEmail('gijs'), password, displayName: 'Gijs', locale: 'nl' });
			const token = await store.createSession(user.userId);
			const lifetime = await superuser(
				`select extract(epoch from expires_at - now())::int as seconds from auth.local_sessions where token_hash = $1`,
				[sha256(token)]
			);
			expect(Math.abs(Number(lifetime[0].seconds) - sessionLifetimeDays * 86400)).toBeLessThan(120);
			await superuser(`update auth.local_sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [
				sha256(token)
			]);
			expect(await store.sessionUser(token)).toBeNull();
		});

		it('malformed or unknown tokens resolve to nobody', async () => {
			const user = await store.signUp({ email: uniqueEmail('hanna'), password, displayName: 'Hanna', locale: 'nl' });
			const token = await store.createSession(user.userId);
			const malformed = [
				'',
				'abc',
				token + 'A',
				token.slice(1),
				token.slice(0, 42) + '!',
				token.slice(0, 42) + '=',
				sha256(token),
				"' or 1=1 --                                ",
				randomBytes(32).toString('base64url') // well-formed, never issued
			];
			for (const bad of malformed) expect(await store.sessionUser(bad)).toBeNull();
			expect(await store.sessionUser(token)).not.toBeNull();
		});

		it('anonymous users are is_anonymous, have sessions, and cannot log in with a password', async () => {
			const guest = await store.createAnonymous('Gast 7', 'nl');
			expect(guest).toEqual({ userId: expect.any(String), email: null, isAnonymous: true });
			const rows = await superuser(
				`select u.is_anonymous, u.email, p.display_name from auth.users u
				 join app.profiles p on p.id = u.id where u.id = $1`,
				[guest.userId]
			);
			expect(rows).toEqual([{ is_anonymous: true, email: null, display_name: 'Gast 7' }]);
			const token = await store.createSession(guest.userId);
			expect(await store.sessionUser(token)).toEqual({ userId: guest.userId, email: null, isAnonymous: true });

			// Even with an email and a valid password hash on the row, an anonymous user is no account.
			const email = uniqueEmail('gast');
			await superuser('update auth.users set email = $1, encrypted_password = $2 where id = $3', [
				email,
				await hashPassword(password),
				guest.userId
			]);
			expect(await store.verifyLogin(email, password)).toBeNull();
		});
	});

	describe('hashes made with older parameters', () => {
		/** A hash as the app wrote it before (scrypt N = 2^14), made here with node:crypto itself. */
		const oldHash = (secret: string) => {
			const salt = randomBytes(16);
			const key = scryptSync(secret.normalize('NFKC'), salt, 64, { N: 2 ** 14, r: 8, p: 1 });
			return ['scrypt', 2 ** 14, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
		};
		const storedHash = async (userId: string) =>
			String(
				(await superuser('select encrypted_password from auth.users where id = $1', [userId]))[0].encrypted_password
			);

		it("still verify, and are made anew at today's parameters on the next login; a wrong password changes nothing", async () => {
			const email = uniqueEmail('oud');
			const user = await store.signUp({ email, password, displayName: 'Oud', locale: 'nl' });
			const before = oldHash(password);
			await superuser('update auth.users set encrypted_password = $1 where id = $2', [before, user.userId]);
			expect(needsRehash(before)).toBe(true);

			expect(await store.verifyLogin(email, password + '!')).toBeNull();
			expect(await storedHash(user.userId)).toBe(before);

			expect(await store.verifyLogin(email, password)).toMatchObject({ userId: user.userId });
			const after = await storedHash(user.userId);
			expect(after).toMatch(/^scrypt\$131072\$8\$1\$/);
			expect(needsRehash(after)).toBe(false);
			expect(await store.verifyLogin(email, password)).toMatchObject({ userId: user.userId });
		});

		it('refuse stored parameters no hash of ours has, instead of running them', async () => {
			const absurd = [
				'scrypt',
				2 ** 24,
				8,
				1,
				Buffer.alloc(16).toString('base64'),
				Buffer.alloc(64).toString('base64')
			].join('$');
			expect(await verifyPassword(password, absurd)).toBe(false);
			expect(needsRehash(absurd)).toBe(true);
		});
	});

	describe('LocalAuthProvider with cookies', () => {
		it('logIn sets an httpOnly, SameSite=lax session cookie, secure only on https', async () => {
			const email = uniqueEmail('ivo');
			await store.signUp({ email, password, displayName: 'Ivo', locale: 'nl' });
			const provider = new LocalAuthProvider(store);

			for (const [href, secure] of [
				['http://localhost:5173/login', false],
				['https://werkplaats.example/login', true]
			] as const) {
				const { cookies, sets } = fakeCookies();
				const actor = await provider.forRequest({ cookies, url: new URL(href) }).logIn({ email, password });
				expect(actor).toMatchObject({ kind: 'user', isAnonymous: false, email });
				expect(sets).toHaveLength(1);
				expect(sets[0].name).toBe(sessionCookie);
				expect(sets[0].options).toMatchObject({
					path: '/',
					httpOnly: true,
					sameSite: 'lax',
					secure,
					maxAge: sessionLifetimeDays * 24 * 3600
				});
				expect(await store.sessionUser(sets[0].value)).toMatchObject({ email });
			}
		});

		it('a failed login sets no cookie', async () => {
			const email = uniqueEmail('jet');
			await store.signUp({ email, password, displayName: 'Jet', locale: 'nl' });
			const { cookies, sets } = fakeCookies();
			const auth = new LocalAuthProvider(store).forRequest({ cookies, url: new URL('http://localhost/login') });
			expect(await auth.logIn({ email, password: 'wrong password!!' })).toBeNull();
			expect(sets).toHaveLength(0);
			expect(await auth.actor()).toEqual({ kind: 'anon' });
		});

		it('a new login rotates the session: the old token stops working', async () => {
			const email = uniqueEmail('kees');
			const user = await store.signUp({ email, password, displayName: 'Kees', locale: 'nl' });
			const provider = new LocalAuthProvider(store);
			const url = new URL('http://localhost/login');

			const first = fakeCookies();
			await provider.forRequest({ cookies: first.cookies, url }).logIn({ email, password });
			const oldToken = first.jar.get(sessionCookie)!;
			expect(await store.sessionUser(oldToken)).toMatchObject({ userId: user.userId });

			// The browser comes back with that cookie (or an attacker planted it) and logs in again.
			const second = fakeCookies({ [sessionCookie]: oldToken });
			await provider.forRequest({ cookies: second.cookies, url }).logIn({ email, password });
			const newToken = second.jar.get(sessionCookie)!;
			expect(newToken).toBeDefined();
			expect(newToken).not.toBe(oldToken);
			expect(await store.sessionUser(oldToken)).toBeNull();
			expect(await store.sessionUser(newToken)).toMatchObject({ userId: user.userId });

			// The next request carrying the new cookie is that user.
			const next = fakeCookies({ [sessionCookie]: newToken });
			expect(await provider.forRequest({ cookies: next.cookies, url }).actor()).toMatchObject({
				kind: 'user',
				userId: user.userId
			});
		});

		it('logOut ends the session and deletes the cookie', async () => {
			const email = uniqueEmail('lotte');
			await store.signUp({ email, password, displayName: 'Lotte', locale: 'nl' });
			const provider = new LocalAuthProvider(store);
			const url = new URL('http://localhost/');
			const login = fakeCookies();
			await provider.forRequest({ cookies: login.cookies, url }).logIn({ email, password });
			const token = login.jar.get(sessionCookie)!;

			const request = fakeCookies({ [sessionCookie]: token });
			const auth = provider.forRequest({ cookies: request.cookies, url });
			expect(await auth.actor()).toMatchObject({ kind: 'user' });
			await auth.logOut();
			expect(request.jar.has(sessionCookie)).toBe(false);
			expect(request.deletes).toEqual([{ name: sessionCookie, options: { path: '/' } }]);
			expect(await store.sessionUser(token)).toBeNull();
			expect(await auth.actor()).toEqual({ kind: 'anon' });
		});

		it('a cookie whose session is gone makes the request anonymous and is deleted', async () => {
			const request = fakeCookies({ [sessionCookie]: randomBytes(32).toString('base64url') });
			const auth = new LocalAuthProvider(store).forRequest({
				cookies: request.cookies,
				url: new URL('http://localhost/')
			});
			expect(await auth.actor()).toEqual({ kind: 'anon' });
			expect(request.deletes.map((d) => d.name)).toEqual([sessionCookie]);
		});
	});
});
