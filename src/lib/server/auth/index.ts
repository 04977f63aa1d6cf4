import type { Cookies } from '@sveltejs/kit';
import type { Actor } from '../db/port';

/** What the pages need from authentication, whichever provider runs it. */
export interface RequestAuth {
	/** Who sent this request, from its cookies; a visitor without a session is `anon`. */
	actor(): Promise<Actor>;
	signUp(input: { email: string; password: string; displayName: string; locale: string }): Promise<Actor>;
	logIn(input: { email: string; password: string }): Promise<Actor | null>;
	logOut(): Promise<void>;
	/** An identity without an account (joining a session by code). */
	joinAnonymously(displayName: string, locale: string): Promise<Actor>;
}

export interface AuthProvider {
	/** setHeaders: for headers that must go with the cookies (no caching of a response that sets a session). */
	forRequest(request: {
		cookies: Cookies;
		url: URL;
		setHeaders?: (headers: Record<string, string>) => void;
	}): RequestAuth;
}
