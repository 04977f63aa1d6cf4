import { redirect } from '@sveltejs/kit';

/** Pages for account holders send everyone else to the login page, and back here afterwards. */
export function requireUser(locals: App.Locals, url: URL): NonNullable<App.Locals['user']> {
	if (!locals.user) redirect(303, `/inloggen?next=${encodeURIComponent(url.pathname + url.search)}`);
	return locals.user;
}
