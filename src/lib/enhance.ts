import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance={keepPlace}` for forms on a page that stays put (the presenter, a phone in a
 * session): keeps what was typed and keeps keyboard focus on the control that submitted.
 * SvelteKit moves focus to the top of the page after every successful action, as after a
 * navigation, which sends a keyboard user back to the skip link after each step or save.
 */
export const keepPlace: SubmitFunction = () => {
	const active = document.activeElement;
	return async ({ update }) => {
		await update({ reset: false });
		if (active instanceof HTMLElement && active !== document.body && active.isConnected && document.activeElement !== active) {
			active.focus({ preventScroll: true });
		}
	};
};
