import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { authCookieOptions } from '$lib/server/auth/cookies';
import { LocalAuthProvider, sessionCookie } from '$lib/server/auth/local';
import type { LocalAuthStore } from '$lib/server/auth/local-store';

type SetCall = { name: string; value: string; options: Record<string, unknown> };

/** A cookie jar that records what the provider sets. */
function jar(initial: Record<string, string> = {}) {
	const values = new Map(Object.entries(initial));
	const sets: SetCall[] = [];
	const cookies = {
		get: (name: string) => values.get(name),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string, options: Record<string, unknown>) => {
			sets.push({ name, value, options });
			values.set(name, value);
		},
		delete: (name: string) => void values.delete(name),
		serialize: () => ''
	} as unknown as Cookies;
	return { cookies, sets };
}

/** The store as far as signing in needs it: one account, sessions as counters. */
function fakeStore(): LocalAuthStore {
	let n = 0;
	const user = { userId: 'u1', email: 'anna@voorbeeld.test', isAnonymous: false };
	return {
		verifyLogin: async (_email: string, password: string) => (password === 'goed wachtwoord' ? user : null),
		signUp: async () => user,
		createAnonymous: async () => ({ ...user, email: null, isAnonymous: true }),
		createSession: async () => `token-${++n}`.padEnd(43, 'x'),
		endSession: async () => undefined,
		sessionUser: async () => null
	} as unknown as LocalAuthStore;
}

describe('the options of sign-in cookies', () => {
	it('are httpOnly, SameSite=Lax, for the whole site, and Secure over HTTPS', () => {
		expect(authCookieOptions(new URL('https://werkplaats.example.nl/inloggen'))).toEqual({
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: true
		});
	});

	it.each(['http://localhost:3000/inloggen', 'http://127.0.0.1:4173/doe-mee', 'http://werkplaats.local/'])(
		'are not Secure over plain HTTP (%s), or the cookie would never come back',
		(address) => {
			expect(authCookieOptions(new URL(address))).toEqual({
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure: false
			});
		}
	);
});

describe('the local session cookie', () => {
	const provider = new LocalAuthProvider(fakeStore());

	it.each([
		['https://werkplaats.example.nl', true],
		['http://127.0.0.1:4173', false]
	])(
		'on %s: logging in, signing up and joining set wp_session httpOnly, Lax, path /, secure=%s',
		async (origin, secure) => {
			for (const signIn of [
				(auth: ReturnType<LocalAuthProvider['forRequest']>) =>
					auth.logIn({ email: 'anna@voorbeeld.test', password: 'goed wachtwoord' }),
				(auth: ReturnType<LocalAuthProvider['forRequest']>) =>
					auth.signUp({ email: 'anna@voorbeeld.test', password: 'goed wachtwoord', displayName: 'Anna', locale: 'nl' }),
				(auth: ReturnType<LocalAuthProvider['forRequest']>) => auth.joinAnonymously('Telefoon', 'nl')
			]) {
				const { cookies, sets } = jar({ [sessionCookie]: 'een oude sessie die vervalt'.padEnd(43, 'x') });
				await signIn(provider.forRequest({ cookies, url: new URL(`${origin}/inloggen`) }));
				expect(sets).toHaveLength(1);
				expect(sets[0].name).toBe('wp_session');
				expect(sets[0].value).not.toContain('oude');
				expect(sets[0].options).toEqual({ path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 30 * 24 * 3600 });
			}
		}
	);

	it('a wrong password sets no cookie', async () => {
		const { cookies, sets } = jar();
		expect(
			await provider
				.forRequest({ cookies, url: new URL('https://werkplaats.example.nl/') })
				.logIn({ email: 'anna@voorbeeld.test', password: 'fout' })
		).toBeNull();
		expect(sets).toEqual([]);
	});
});

describe('the Supabase session cookies', () => {
	it('override @supabase/ssr defaults: httpOnly, Lax, path /, Secure over HTTPS, keeping its expiry', async () => {
		vi.resetModules();
		const seen: {
			cookieOptions?: unknown;
			setAll?: (list: { name: string; value: string; options: Record<string, unknown> }[]) => void;
		} = {};
		vi.doMock('@supabase/ssr', () => ({
			createServerClient: (
				_url: string,
				_key: string,
				options: { cookieOptions: unknown; cookies: { setAll: typeof seen.setAll } }
			) => {
				seen.cookieOptions = options.cookieOptions;
				seen.setAll = options.cookies.setAll;
				return { auth: {} };
			}
		}));
		const { SupabaseAuthProvider } = await import('$lib/server/auth/supabase');
		const provider = new SupabaseAuthProvider({ url: 'https://project.supabase.co', publishableKey: 'anon' } as never);
		for (const [origin, secure] of [
			['https://werkplaats.example.nl', true],
			['http://localhost:3000', false]
		] as const) {
			const { cookies, sets } = jar();
			provider.forRequest({ cookies, url: new URL(`${origin}/inloggen`) });
			expect(seen.cookieOptions).toEqual({ path: '/', httpOnly: true, sameSite: 'lax', secure });
			// What the library passes by default: readable by scripts, a path of its own.
			seen.setAll!([
				{
					name: 'sb-project-auth-token',
					value: 'base64-…',
					options: { path: '/auth', sameSite: 'none', httpOnly: false, secure: false, maxAge: 400 * 24 * 3600 }
				}
			]);
			expect(sets).toEqual([
				{
					name: 'sb-project-auth-token',
					value: 'base64-…',
					options: { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 400 * 24 * 3600 }
				}
			]);
		}
		vi.doUnmock('@supabase/ssr');
	});

	it('apply the no-cache headers @supabase/ssr hands to setAll to the response, once per request', async () => {
		vi.resetModules();
		type SetAll = (list: SetCall[], headers?: Record<string, string>) => void;
		const seen: { setAll?: SetAll } = {};
		vi.doMock('@supabase/ssr', () => ({
			createServerClient: (_url: string, _key: string, options: { cookies: { setAll: SetAll } }) => {
				seen.setAll = options.cookies.setAll;
				return { auth: {} };
			}
		}));
		const { SupabaseAuthProvider } = await import('$lib/server/auth/supabase');
		const provider = new SupabaseAuthProvider({
			url: 'https://project.supabase.co',
			publishableKey: 'sb_publishable_x'
		});
		const { cookies } = jar();
		const headerCalls: Record<string, string>[] = [];
		provider.forRequest({
			cookies,
			url: new URL('https://werkplaats.example.nl/'),
			setHeaders: (h) => void headerCalls.push(h)
		});
		const noCache = {
			'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0',
			Expires: '0',
			Pragma: 'no-cache'
		};
		const cookie = { name: 'sb-project-auth-token', value: 'base64-…', options: {} };
		seen.setAll!([cookie], noCache);
		// A refresh and then a sign-in in one request: SvelteKit would refuse the same header twice.
		seen.setAll!([cookie], noCache);
		expect(headerCalls).toEqual([noCache]);
		vi.doUnmock('@supabase/ssr');
	});
});
