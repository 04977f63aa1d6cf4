import { createServerClient } from '@supabase/ssr';
import type { Cookies } from '@sveltejs/kit';
import ws from 'ws';
import { anonymousVisitor, type Actor } from '../db/port';
import { DbError } from '../db/errors';
import type { SupabaseSettings } from '../db/supabase';
import type { AuthProvider, RequestAuth } from './index';
import { authCookieOptions } from './cookies';

/** Supabase Auth through @supabase/ssr: its cookies carry the session; getUser() validates it. */
export class SupabaseAuthProvider implements AuthProvider {
	constructor(readonly settings: SupabaseSettings) {}

	forRequest({ cookies, url }: { cookies: Cookies; url: URL }): RequestAuth {
		// No page script talks to Supabase (the server does it all), so its cookies can be httpOnly
		// too, which @supabase/ssr's defaults are not.
		const cookieOptions = authCookieOptions(url);
		const supabase = createServerClient(this.settings.url, this.settings.anonKey, {
			cookieOptions,
			cookies: {
				getAll: () => cookies.getAll(),
				setAll: (list) => list.forEach(({ name, value, options }) => cookies.set(name, value, { ...options, ...cookieOptions }))
			},
			realtime: { transport: ws as unknown as typeof WebSocket }
		});
		let resolved: Promise<Actor> | undefined;

		const actorFromSession = async (): Promise<Actor> => {
			// getUser() asks Supabase Auth, unlike getSession(), which trusts the cookie as it is.
			const { data: userData, error } = await supabase.auth.getUser();
			if (error || !userData.user) return anonymousVisitor;
			const { data: sessionData } = await supabase.auth.getSession();
			return {
				kind: 'user',
				userId: userData.user.id,
				isAnonymous: Boolean(userData.user.is_anonymous),
				email: userData.user.email ?? null,
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
