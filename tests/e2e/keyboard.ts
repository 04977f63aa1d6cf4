import type { Locator, Page } from '@playwright/test';

/** One stop of the Tab key: what got focus, and whether anyone could see that it did. */
export interface FocusStop {
	element: string;
	visible: boolean;
	why: string;
}

/**
 * Presses `key` (Tab, or Shift+Tab) until `target` has focus, as a keyboard user moves to a
 * control; fails after `max` presses.
 */
export async function tabTo(
	page: Page,
	target: Locator,
	{ max = 60, key = 'Tab' }: { max?: number; key?: string } = {}
) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press(key);
		const focused = await target
			.evaluate((el) => el === document.activeElement, undefined, { timeout: 2_000 })
			.catch(() => false);
		if (focused) return;
	}
	throw new Error(`${target} got no focus after ${max} × ${key}`);
}

/**
 * Tabs from the top of the page through at most `max` stops (or until focus leaves the page or
 * comes round again) and judges each stop's focus indicator.
 */
export async function walkFocus(page: Page, max = 40): Promise<FocusStop[]> {
	// Start where a keyboard user starts: before the first focusable element.
	await page.evaluate(() => {
		const root = document.documentElement;
		(document.activeElement as HTMLElement | null)?.blur?.();
		root.setAttribute('tabindex', '-1');
		root.focus({ preventScroll: true });
		root.removeAttribute('tabindex');
		window.scrollTo(0, 0);
		Object.assign(window, { __focusSeen: new WeakSet(), __focusLast: undefined });
	});
	await page.evaluate(installFocusColour);
	const stops: FocusStop[] = [];
	// A date field takes a Tab per part (day, month, year): those presses stay on one element.
	for (let presses = 0; stops.length < max && presses < max * 3; presses++) {
		await page.keyboard.press('Tab');
		const stop = await page.evaluate(judgeFocus);
		if (stop === 'done') break;
		if (stop === 'same') continue;
		if (!stop.visible && stop.why.startsWith('no indicator')) {
			// Last chance: a focus style that changes the element itself (background, border).
			const changed = await page.evaluate(comparedWithUnfocused);
			if (changed) Object.assign(stop, { visible: true, why: changed });
		}
		stops.push(stop);
	}
	return stops;
}

type Rgba = { r: number; g: number; b: number; a: number };
/** Colour parsing and WCAG contrast, shared by the two judges below through the page's window. */
interface FocusColour {
	parse: (css: string) => Rgba | null;
	contrast: (x: Rgba, y: Rgba) => number;
}

/**
 * Runs in the page: puts the colour helpers on the window once per walk. Functions passed to
 * page.evaluate travel as source text without their closure, so the judges cannot import them.
 */
function installFocusColour() {
	const parse = (css: string): Rgba | null => {
		const match = css.match(/rgba?\(([^)]+)\)/);
		if (!match) return null;
		const [r, g, b, a] = match[1]
			.split(/[\s,/]+/)
			.filter(Boolean)
			.map(Number);
		return { r, g, b, a: a ?? 1 };
	};
	const luminance = ({ r, g, b }: Rgba) => {
		const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
		return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
	};
	const contrast = (x: Rgba, y: Rgba) => {
		const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
		return (hi + 0.05) / (lo + 0.05);
	};
	const colour: FocusColour = { parse, contrast };
	Object.assign(window, { __focusColour: colour });
}

/** Runs in the page: the focused element and its indicator; 'same' while Tab stays inside one element, 'done' when the walk is over. */
function judgeFocus(): FocusStop | 'done' | 'same' {
	const el = document.activeElement as HTMLElement | null;
	if (!el || el === document.body || el === document.documentElement) return 'done';
	const walk = window as unknown as { __focusSeen: WeakSet<Element>; __focusLast?: Element };
	if (walk.__focusLast === el) return 'same';
	walk.__focusLast = el;
	if (walk.__focusSeen.has(el)) return 'done';
	walk.__focusSeen.add(el);

	const { parse, contrast } = (window as unknown as { __focusColour: FocusColour }).__focusColour;
	/** The first opaque background at or above `node`. */
	const backgroundOf = (node: Element | null): Rgba => {
		for (let n = node; n; n = n.parentElement) {
			const color = parse(getComputedStyle(n).backgroundColor);
			if (color && color.a > 0) return color;
		}
		return { r: 255, g: 255, b: 255, a: 1 };
	};
	const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/)[0]}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).value ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;

	const rect = el.getBoundingClientRect();
	const onScreen =
		rect.width > 0 &&
		rect.height > 0 &&
		rect.bottom > 0 &&
		rect.right > 0 &&
		rect.top < innerHeight &&
		rect.left < innerWidth;
	if (!onScreen)
		return {
			element: name,
			visible: false,
			why: `not on screen (${Math.round(rect.left)},${Math.round(rect.top)} ${Math.round(rect.width)}×${Math.round(rect.height)})`
		};

	const style = getComputedStyle(el);
	const outside = backgroundOf(el.parentElement);
	const inside = backgroundOf(el);
	const found: string[] = [];
	const outlineWidth = parseFloat(style.outlineWidth);
	const outlineColor = parse(style.outlineColor);
	if (style.outlineStyle !== 'none' && outlineWidth >= 1 && outlineColor && outlineColor.a > 0) {
		const against = parseFloat(style.outlineOffset) < 0 ? inside : outside;
		const ratio = contrast(outlineColor, against);
		if (ratio >= 3)
			return {
				element: name,
				visible: true,
				why: `outline ${style.outlineWidth} ${style.outlineColor}, ${ratio.toFixed(1)}:1`
			};
		found.push(`outline ${style.outlineColor} only ${ratio.toFixed(1)}:1`);
	}
	if (style.boxShadow && style.boxShadow !== 'none') {
		for (const shadow of style.boxShadow.split(/,(?![^(]*\))/)) {
			const color = parse(shadow);
			const lengths = (shadow.replace(/rgba?\([^)]*\)/, '').match(/-?[\d.]+px/g) ?? []).map(parseFloat);
			const [, , blur = 0, spread = 0] = lengths;
			if (!color || color.a === 0 || (spread <= 0 && blur <= 0)) continue;
			const ratio = contrast(color, shadow.includes('inset') ? inside : outside);
			if (ratio >= 3 && spread >= 1)
				return { element: name, visible: true, why: `box-shadow ${shadow.trim()}, ${ratio.toFixed(1)}:1` };
			found.push(`box-shadow ${color.r},${color.g},${color.b} only ${ratio.toFixed(1)}:1`);
		}
	}
	return {
		element: name,
		visible: false,
		why: found.length
			? `no indicator with 3:1 contrast (${found.join('; ')})`
			: 'no indicator (no outline, no box-shadow)'
	};
}

/** Runs in the page: how the focused element differs from itself unfocused, if with 3:1 contrast. */
function comparedWithUnfocused(): string | null {
	const el = document.activeElement as HTMLElement | null;
	if (!el) return null;
	const { parse, contrast } = (window as unknown as { __focusColour: FocusColour }).__focusColour;
	const props = ['backgroundColor', 'borderTopColor'] as const;
	const focused = props.map((p) => getComputedStyle(el)[p]);
	el.blur();
	const plain = props.map((p) => getComputedStyle(el)[p]);
	el.focus({ preventScroll: true });
	for (const [i, prop] of props.entries()) {
		const [x, y] = [parse(focused[i]), parse(plain[i])];
		if (!x || !y || x.a === 0 || focused[i] === plain[i]) continue;
		const ratio = contrast(x, y);
		if (ratio >= 3) return `${prop} changes ${plain[i]} → ${focused[i]}, ${ratio.toFixed(1)}:1`;
	}
	return null;
}
