import type { LayoutServerLoad } from './$types';

// The root layout decides which user fields reach the browser: a name and whether they are signed in.
export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.user ? { displayName: locals.user.displayName } : null
});
