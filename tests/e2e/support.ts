import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const screenshotDir = 'tests/e2e/screenshots';

/** Axe with the WCAG 2.1 A/AA rules: no serious or critical violation may remain. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const severe = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(severe, `axe violations on ${page.url()}`).toEqual([]);
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
