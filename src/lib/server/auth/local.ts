import type { Cookies } from '@sveltejs/kit';
import { anonymousVisitor, type Actor } from '../db/port';
import type { AuthProvider, RequestAuth } from './index';
import { authCookieOptions } from './cookies';
import { LocalAuthStore, sessionLifetimeDays, type SessionUser } from './local-store';

export const sessionCookie = 'wp_session';

const toActor = (user: SessionUser): Actor => ({
	kind: 'user',
	userId: user.userId,
	isAnonymous: user.isAnonymous,
	email: user.email
});

/** Email + password accounts and anonymous identities kept in our own database. */
export class LocalAuthProvider implements AuthProvider {
	constructor(readonly store: LocalAuthStore) {}

	forRequest({ cookies, url }: { cookies: Cookies; url: URL }): RequestAuth {
		const store = this.store;
		let resolved: Promise<Actor> | undefined;
		const setSession = (token: string) =>
			cookies.set(sessionCookie, token, { ...authCookieOptions(url), maxAge: sessionLifetimeDays * 24 * 3600 });
		// A new session on every sign-in: a token planted before login is worthless after it.
		const startSession = async (user: SessionUser) => {
			const previous = cookies.get(sessionCookie);
			if (previous) await store.endSession(previous);
			setSession(await store.createSession(user.userId));
			const actor = toActor(user);
			resolved = Promise.resolve(actor);
			return actor;
		};

		return {
			actor() {
				resolved ??= (async () => {
					const token = cookies.get(sessionCookie);
					const user = token ? await store.sessionUser(token) : null;
					if (token && !user) cookies.delete(sessionCookie, { path: '/' });
					return user ? toActor(user) : anonymousVisitor;
				})();
				return resolved;
			},
			async signUp(input) {
				return startSession(await store.signUp(input));
			},
			async logIn({ email, password }) {
				const user = await store.verifyLogin(email, password);
				return user ? startSession(user) : null;
			},
			async logOut() {
				const token = cookies.get(sessionCookie);
				if (token) await store.endSession(token);
				cookies.delete(sessionCookie, { path: '/' });
				resolved = Promise.resolve(anonymousVisitor);
			},
			async joinAnonymously(displayName, locale) {
				return startSession(await store.createAnonymous(displayName, locale));
			}
		};
	}
}
