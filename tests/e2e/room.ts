import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { phoneViewport, screenshot } from './support';

/** The projector sizes a meeting room really has. */
export const projectorSizes = [
	{ width: 1920, height: 1080 },
	{ width: 1366, height: 768 },
	{ width: 1280, height: 720 }
] as const;

/** The page does not scroll: everything the phase shows is on the screen at once. */
export async function pageHeight(page: Page) {
	return page.evaluate(() => ({
		scrollHeight: document.documentElement.scrollHeight,
		innerHeight: window.innerHeight
	}));
}

/**
 * The smallest text a person can see on the page, in CSS pixels as drawn: HTML text by its
 * computed font size, SVG text by its font size times the SVG's scale on screen. Hidden text
 * (display none, closed <details>, visually-hidden helpers, SVG <title>) does not count.
 */
export async function smallestText(page: Page): Promise<{ px: number; text: string }> {
	return page.evaluate(() => {
		let smallest = { px: Infinity, text: '' };
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const text = node.textContent?.trim() ?? '';
			const parent = node.parentElement;
			if (!text || !parent || parent.closest('title, script, style, .visually-hidden, [aria-hidden="true"] title'))
				continue;
			const rects = parent.getClientRects();
			// Off screen until focused (the skip link) or too small to see: nobody reads it there.
			const seen = [...rects].filter(
				(r) => r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight
			);
			if (!seen.length) continue;
			const style = getComputedStyle(parent);
			if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
			let px = parseFloat(style.fontSize);
			const svgText = parent.closest('text');
			if (svgText instanceof SVGGraphicsElement) {
				const ctm = svgText.getScreenCTM();
				px = parseFloat(getComputedStyle(svgText).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
			}
			if (px < smallest.px) smallest = { px: Math.round(px * 10) / 10, text: text.slice(0, 60) };
		}
		return smallest;
	});
}

/** Width and height of the QR code as drawn. */
export async function qrBox(page: Page) {
	const box = await page.locator('.join--hero .join__qr').boundingBox();
	if (!box) throw new Error('no QR code on the screen');
	return box;
}

/** Asserts the presenter shows this phase at every projector size without scrolling, then restores 1920×1080. */
export async function expectFitsEveryProjector(page: Page, what: string) {
	for (const size of projectorSizes) {
		await page.setViewportSize(size);
		const fits = async () => {
			const { scrollHeight, innerHeight } = await pageHeight(page);
			return scrollHeight <= innerHeight;
		};
		// A picture of what did not fit, for the person reading the failure.
		await expect
			.poll(fits, { timeout: 3_000 })
			.toBe(true)
			.catch(() => screenshot(page, `overflow-${what}-${size.width}x${size.height}`));
		await expect
			.poll(
				async () => {
					const { scrollHeight, innerHeight } = await pageHeight(page);
					return scrollHeight <= innerHeight;
				},
				{ message: `${what} scrolls at ${size.width}×${size.height}: ${JSON.stringify(await pageHeight(page))}` }
			)
			.toBe(true);
	}
	await page.setViewportSize(projectorSizes[0]);
}

/** A participant that joins and votes over plain HTTP, for the rooms too large for browsers. */
export async function joinOverHttp(phone: APIRequestContext, code: string, name: string) {
	const response = await phone.post('/doe-mee?/join', {
		form: { code, displayName: name },
		headers: { accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status(), `join of ${name}`).toBe(303);
}

export async function castOverHttp(
	phone: APIRequestContext,
	sessionId: string,
	roundId: string,
	value: number,
	desired?: number
) {
	const response = await phone.post(`/sessie/${sessionId}?/cast`, {
		form: { roundId, value: String(value), ...(desired === undefined ? {} : { desired: String(desired) }) },
		headers: { 'x-sveltekit-action': 'true' }
	});
	const body = await response.json();
	expect(body.type, JSON.stringify(body)).toBe('success');
}

/** A colleague's phone (390×844, touch, Dutch) that joins the session by its code. */
export async function joinOnPhone(browser: Browser, code: string, name: string): Promise<Page> {
	const context = await browser.newContext({
		viewport: phoneViewport,
		isMobile: true,
		hasTouch: true,
		locale: 'nl-NL'
	});
	const page = await context.newPage();
	await page.goto(`/doe-mee/${code}`);
	await page.getByLabel('Je naam').fill(name);
	await page.getByRole('button', { name: 'Meedoen' }).click();
	await expect(page).toHaveURL(/\/sessie\//);
	return page;
}

/**
 * Pages in a PDF: page objects (`/Type /Page`, not the `/Type /Pages` tree). Chromium writes the
 * page dictionaries uncompressed; if that ever changes this finds none, and a test that expects
 * at least one page fails rather than passes.
 */
export function pdfPageCount(pdf: Buffer): number {
	return pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}
