import { createServerClient } from '@supabase/ssr';
import type { Cookies } from '@sveltejs/kit';
import ws from 'ws';
import { anonymousVisitor, type Actor } from '../db/port';
import { DbError } from '../db/errors';
import type { SupabaseSettings } from '../db/supabase';
import type { AuthProvider, RequestAuth } from './index';
import { authCookieOptions } from './cookies';

/**
 * Supabase Auth through @supabase/ssr, as its docs now show: one server client per request, its
 * cookies carrying the session, getClaims() validating the access token on every request, and
 * the no-cache headers it hands to setAll applied to the response that sets the cookies.
 */
export class SupabaseAuthProvider implements AuthProvider {
	constructor(readonly settings: SupabaseSettings) {}

	forRequest({ cookies, url, setHeaders }: { cookies: Cookies; url: URL; setHeaders?: (headers: Record<string, string>) => void }): RequestAuth {
		// No page script talks to Supabase (the server does it all), so its cookies can be httpOnly
		// too, which @supabase/ssr's defaults are not.
		const cookieOptions = authCookieOptions(url);
		let headersSet = false;
		const supabase = createServerClient(this.settings.url, this.settings.publishableKey, {
			cookieOptions,
			cookies: {
				getAll: () => cookies.getAll(),
				setAll: (list, headers) => {
					list.forEach(({ name, value, options }) => cookies.set(name, value, { ...options, ...cookieOptions }));
					// A response that sets a session cookie must never be cached by a CDN or proxy, or
					// one person's session is served to the next. SvelteKit refuses a header set twice.
					if (!headersSet && headers && Object.keys(headers).length > 0) {
						headersSet = true;
						setHeaders?.(headers);
					}
				}
			},
			realtime: { transport: ws as unknown as typeof WebSocket }
		});
		let resolved: Promise<Actor> | undefined;

		const actorFromSession = async (): Promise<Actor> => {
			// getClaims() verifies the access token (refreshing it first when it is about to expire),
			// unlike getSession(), which trusts the cookie as it is.
			const { data, error } = await supabase.auth.getClaims();
			const claims = data?.claims;
			if (error || !claims?.sub || claims.role !== 'authenticated') return anonymousVisitor;
			// The token getClaims() has just verified (the session read from the cookies, already refreshed).
			const { data: sessionData } = await supabase.auth.getSession();
			return {
				kind: 'user',
				userId: claims.sub,
				isAnonymous: claims.is_anonymous === true,
				email: typeof claims.email === 'string' && claims.email ? claims.email : null,
				accessToken: sessionData.session?.access_token
			};
		};
		const remember = (actor: Actor) => {
			resolved = Promise.resolve(actor);
			return actor;
		};

		return {
			actor() {
				resolved ??= actorFromSession();
				return resolved;
			},
			async signUp({ email, password, displayName, locale }) {
				const { error } = await supabase.auth.signUp({
					email,
					password,
					options: { data: { display_name: displayName, locale } }
				});
				if (error) throw new DbError(error.status === 422 ? 409 : 400, error.code === 'user_already_exists' ? 'email_taken' : 'sign_up_failed');
				return remember(await actorFromSession());
			},
			async logIn({ email, password }) {
				const { error } = await supabase.auth.signInWithPassword({ email, password });
				if (error) return null;
				return remember(await actorFromSession());
			},
			async logOut() {
				await supabase.auth.signOut();
				remember(anonymousVisitor);
			},
			async joinAnonymously(displayName, locale) {
				const { error } = await supabase.auth.signInAnonymously({ options: { data: { display_name: displayName, locale } } });
				if (error) throw new DbError(error.status === 429 ? 429 : 503, error.status === 429 ? 'too_many_attempts' : 'sign_in_unavailable');
				return remember(await actorFromSession());
			}
		};
	}
}
