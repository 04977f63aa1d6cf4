import { enhance as kitEnhance } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';

/** `use:enhance={keepValues}`: after the action the form keeps what was typed and chosen (SvelteKit resets it). */
export const keepValues: SubmitFunction =
	() =>
	({ update }) =>
		update({ reset: false });

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
		if (
			active instanceof HTMLElement &&
			active !== document.body &&
			active.isConnected &&
			document.activeElement !== active
		) {
			active.focus({ preventScroll: true });
		}
	};
};

interface Busy {
	count: number;
	/** Each marked button, and whether it was marked aria-disabled here. */
	buttons: Map<HTMLElement, boolean>;
}
const busy = new WeakMap<HTMLFormElement, Busy>();

const submitButtons = (form: HTMLFormElement) => [
	...form.querySelectorAll<HTMLElement>('button:not([type]), button[type="submit"], input[type="submit"]')
];

/**
 * Shows that a form is at work: aria-busy on the form and on the button that sent it (app.css
 * draws a spinner; `requestSubmit()` names no button, so the form's first), and aria-disabled on
 * its buttons when a second press would not be sent. Not `disabled`: a disabled button loses
 * keyboard focus. Counted, so with several requests under way the form stays busy until the
 * last has finished. Returns the undo (harmless to call twice).
 */
export function markBusy(form: HTMLFormElement, submitter: HTMLElement | null, blocksRepeats: boolean): () => void {
	const state = busy.get(form) ?? { count: 0, buttons: new Map() };
	busy.set(form, state);
	state.count += 1;
	form.setAttribute('aria-busy', 'true');
	const buttons = submitButtons(form);
	const button = submitter ?? buttons[0];
	if (button) {
		button.setAttribute('aria-busy', 'true');
		if (!state.buttons.has(button)) state.buttons.set(button, false);
	}
	if (blocksRepeats) {
		for (const each of buttons) {
			if (each.hasAttribute('aria-disabled')) continue;
			each.setAttribute('aria-disabled', 'true');
			state.buttons.set(each, true);
		}
	}
	let undone = false;
	return () => {
		if (undone) return;
		undone = true;
		state.count -= 1;
		if (state.count > 0) return;
		busy.delete(form);
		form.removeAttribute('aria-busy');
		for (const [marked, disabledHere] of state.buttons) {
			marked.removeAttribute('aria-busy');
			if (disabledHere) marked.removeAttribute('aria-disabled');
		}
	};
}

function busyEnhance(form: HTMLFormElement, submit: SubmitFunction, repeats: boolean) {
	return kitEnhance(form, async (input) => {
		// A second press while the first is under way would send the same again (two teams, two invites).
		if (!repeats && busy.has(input.formElement)) return input.cancel();
		const done = markBusy(input.formElement, input.submitter as HTMLElement | null, !repeats);
		// SvelteKit drops an aborted request without calling back.
		input.controller.signal.addEventListener('abort', done);
		let cancelled = false;
		let after: Awaited<ReturnType<SubmitFunction>>;
		try {
			after = await submit({ ...input, cancel: () => ((cancelled = true), input.cancel()) });
		} catch (cause) {
			done();
			throw cause;
		}
		if (cancelled) return done();
		return async (opts) => {
			try {
				await (after ? after(opts) : opts.update());
			} finally {
				done();
			}
		};
	});
}

/**
 * SvelteKit's `enhance`, showing the form busy until its answer is on the page (including the
 * navigation a redirect starts). Use it for every enhanced form, instead of `$app/forms`'s
 * (tests/unit/busy-forms.test.ts holds that). A second press while one is under way is dropped.
 */
export function enhance(form: HTMLFormElement, submit: SubmitFunction = () => {}) {
	return busyEnhance(form, submit, false);
}

/**
 * The same for controls pressed again and again where each press counts — a phone moving its
 * position, the presenter stepping on: every press is sent, the latest last, and the form shows
 * busy until the last answer is in. (A repeated step is harmless: each names the step it was
 * taken from, and the database moves once.)
 */
export function enhanceEach(form: HTMLFormElement, submit: SubmitFunction = () => {}) {
	return busyEnhance(form, submit, true);
}

/**
 * Forms without `use:enhance` (the language switch, logging out, accepting an invite, closing a
 * session) leave the page for the answer: from the moment one goes, its button shows busy and
 * the navigation indicator runs, until the next page replaces this one. Returns the stop.
 */
export function showNativeSubmits(): () => void {
	const undo = new Set<() => void>();
	// On window, the end of the bubble: an enhanced form (or SvelteKit, for GET) has prevented it by now.
	const onSubmit = (event: SubmitEvent) => {
		if (event.defaultPrevented || !(event.target instanceof HTMLFormElement)) return;
		undo.add(markBusy(event.target, event.submitter, false));
	};
	// Back to this page from the browser's cache: what was under way is not any more.
	const onShow = (event: PageTransitionEvent) => {
		if (!event.persisted) return;
		for (const u of undo) u();
		undo.clear();
	};
	window.addEventListener('submit', onSubmit);
	window.addEventListener('pageshow', onShow);
	return () => {
		window.removeEventListener('submit', onSubmit);
		window.removeEventListener('pageshow', onShow);
	};
}
