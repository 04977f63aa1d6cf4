import type { LayoutServerLoad } from './$types';
import { messagesFor } from '$lib/i18n/routes';

// The root layout decides which user fields reach the browser: a name and whether they are signed in.
// It also sends the page's messages, in its language only (reading `route` reruns this on a new route).
export const load: LayoutServerLoad = ({ locals, route }) => ({
	locale: locals.locale,
	messages: messagesFor(route.id, locals.locale),
	user: locals.user ? { displayName: locals.user.displayName } : null
});
