import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

const screenshotDir = 'tests/e2e/screenshots';

export type Locale = 'nl' | 'en';
export const demoTeamId = '7ea70000-0000-4000-8000-000000000001';
export const demoPassword = 'werkplaats-demo';
export const demoFacilitator = 'fenna@voorbeeld.nl';
export const demoMember = 'sanne@voorbeeld.nl';
export const phoneViewport = { width: 390, height: 844 };

/** Every violation of the WCAG 2.1 A/AA rules axe finds on the page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return results.violations.map(
		(v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
}

/** Axe with the WCAG 2.1 A/AA rules: no violation may remain, whatever its impact. */
export async function expectAccessible(page: Page) {
	expect(await axeViolations(page), `axe violations on ${page.url()}`).toEqual([]);
}

/** Screenshots land in tests/e2e/screenshots for a person to look at. */
export async function screenshot(page: Page, name: string) {
	mkdirSync(screenshotDir, { recursive: true });
	await page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true });
}

let counter = 0;
export function uniqueEmail(prefix: string) {
	counter += 1;
	return `${prefix}-${Date.now().toString(36)}-${counter}@voorbeeld.test`;
}

export async function signUp(page: Page, name: string, email: string, password = 'een lange zin als wachtwoord') {
	await page.goto('/registreren');
	await page.getByLabel('Je naam').fill(name);
	await page.getByLabel('E-mailadres').fill(email);
	await page.getByLabel('Wachtwoord').fill(password);
	await page.getByRole('button', { name: 'Account maken' }).click();
	await expect(page).toHaveURL(/\/teams$/);
}

/** Logs in through the form, in whichever language the page speaks (fields found by name). */
export async function logIn(page: Page, email: string, password = demoPassword) {
	await page.goto('/inloggen');
	await page.locator('input[name="email"]').fill(email);
	await page.locator('input[name="password"]').fill(password);
	await page.getByRole('main').locator('button[type="submit"]').click();
	await expect(page).not.toHaveURL(/\/inloggen/);
}

/** A browser of its own that speaks `locale` (the wp_locale cookie, as /taal sets it). */
export async function newPerson(browser: Browser, locale: Locale, options: BrowserContextOptions = {}) {
	const context = await browser.newContext({ locale: locale === 'nl' ? 'nl-NL' : 'en-GB', ...options });
	const baseURL = test.info().project.use.baseURL;
	if (!baseURL) throw new Error('Playwright has no baseURL');
	await context.addCookies([{ name: 'wp_locale', value: locale, url: baseURL }]);
	return { context, page: await context.newPage() };
}

/**
 * A browser of its own, signed in as `email`. Each account logs in through the form once per
 * run; later browsers reuse that session. The whole suite comes from one address, and the login
 * limiter allows that address 20 attempts in 10 minutes (successful ones included).
 */
export async function signedInPerson(
	browser: Browser,
	email: string,
	locale: Locale,
	options: BrowserContextOptions = {}
) {
	const outputDir = test.info().project.outputDir;
	mkdirSync(outputDir, { recursive: true });
	const stateFile = join(outputDir, `signed-in-${email}.json`);
	let mine = false;
	if (!existsSync(stateFile)) {
		try {
			closeSync(openSync(`${stateFile}.lock`, 'wx'));
			mine = true;
		} catch {
			// Another worker is logging in: wait for its session.
			await expect.poll(() => existsSync(stateFile), { timeout: 60_000 }).toBe(true);
		}
	}
	if (mine) {
		const person = await newPerson(browser, locale, options);
		await logIn(person.page, email);
		await person.context.storageState({ path: stateFile });
		return person;
	}
	return newPerson(browser, locale, { ...options, storageState: stateFile });
}
