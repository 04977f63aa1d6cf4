/**
 * The options of every cookie that carries a sign-in (our `wp_session`, Supabase's `sb-…`):
 * never readable by page scripts, sent on top-level navigation from elsewhere but not on
 * cross-site posts, and Secure whenever the app is served over HTTPS. Over plain HTTP (a laptop
 * at http://localhost or an address in the office network) a Secure cookie would never come
 * back, so it is left off there.
 */
export function authCookieOptions(url: URL) {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' } as const;
}
