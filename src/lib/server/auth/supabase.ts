import { createServerClient } from '@supabase/ssr';
import type { Cookies } from '@sveltejs/kit';
import { anonymousVisitor, DbClient, serverItself, type Actor, type Backend } from '../db/port';
import { DbError } from '../db/errors';
import type { SupabaseSettings } from '../db/supabase';
import type { AuthProvider, RequestAuth } from './index';
import { authCookieOptions } from './cookies';
import { participantTokenSeconds, signParticipantToken, verifyParticipantToken } from './participant-token';

/** The cookie of a participant whose identity the server made (see participant-token.ts). */
export const participantCookie = 'wp_participant';

/**
 * Supabase Auth through @supabase/ssr, as its docs now show: one server client per request, its
 * cookies carrying the session, getClaims() validating the access token on every request, and
 * the no-cache headers it hands to setAll applied to the response that sets the cookies.
 */
export class SupabaseAuthProvider implements AuthProvider {
	/**
	 * backend: where the server registers participants (register_participant, as the service
	 * role) when it holds the JWT secret; without one, participants sign in anonymously.
	 */
	constructor(
		readonly settings: SupabaseSettings,
		readonly backend?: Backend
	) {}

	/** Participants get their identity from this server, with no Supabase Auth call per phone. */
	get mintsParticipants(): boolean {
		return Boolean(this.settings.jwtSecret && this.settings.serviceRoleKey && this.backend);
	}

	forRequest({
		cookies,
		url,
		setHeaders
	}: {
		cookies: Cookies;
		url: URL;
		setHeaders?: (headers: Record<string, string>) => void;
	}): RequestAuth {
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
			}
		});
		let resolved: Promise<Actor> | undefined;

		const jwtSecret = this.mintsParticipants ? this.settings.jwtSecret : undefined;
		const participant = (): Actor | null => {
			const token = jwtSecret ? cookies.get(participantCookie) : undefined;
			if (!token || !jwtSecret) return null;
			const userId = verifyParticipantToken(token, jwtSecret);
			if (!userId) {
				cookies.delete(participantCookie, { ...cookieOptions });
				return null;
			}
			return { kind: 'user', userId, isAnonymous: true, email: null, accessToken: token };
		};
		const forgetParticipant = () => {
			if (cookies.get(participantCookie) !== undefined) cookies.delete(participantCookie, { ...cookieOptions });
		};

		const actorFromSession = async (): Promise<Actor> => {
			// A participant the server registered: checked here, no call to Supabase Auth.
			const joined = participant();
			if (joined) return joined;
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
				if (error)
					throw new DbError(
						error.status === 422 ? 409 : 400,
						error.code === 'user_already_exists' ? 'email_taken' : 'sign_up_failed'
					);
				forgetParticipant();
				return remember(await actorFromSession());
			},
			async logIn({ email, password }) {
				const { error } = await supabase.auth.signInWithPassword({ email, password });
				if (error) return null;
				forgetParticipant();
				return remember(await actorFromSession());
			},
			async logOut() {
				forgetParticipant();
				await supabase.auth.signOut();
				remember(anonymousVisitor);
			},
			joinAnonymously: async (displayName, locale) => {
				if (jwtSecret && this.backend) {
					// One call to the database as the server itself; Supabase Auth is not asked at all.
					const userId = await new DbClient(this.backend, serverItself).call('register_participant', {
						displayName,
						locale: locale === 'en' ? 'en' : 'nl'
					});
					const token = signParticipantToken(userId, jwtSecret, `${this.settings.url}/auth/v1`);
					cookies.set(participantCookie, token, { ...cookieOptions, maxAge: participantTokenSeconds });
					// Like @supabase/ssr's setAll: a response that sets a session cookie is not cached.
					if (!headersSet) {
						headersSet = true;
						setHeaders?.({
							'Cache-Control': 'private, no-cache, no-store, must-revalidate, max-age=0',
							Expires: '0',
							Pragma: 'no-cache'
						});
					}
					return remember({ kind: 'user', userId, isAnonymous: true, email: null, accessToken: token });
				}
				const { error } = await supabase.auth.signInAnonymously({
					options: { data: { display_name: displayName, locale } }
				});
				if (error)
					throw new DbError(
						error.status === 429 ? 429 : 503,
						error.status === 429 ? 'too_many_attempts' : 'sign_in_unavailable'
					);
				return remember(await actorFromSession());
			}
		};
	}
}
