import { test, expect } from '@playwright/test';
import { expectAccessible, screenshot } from './support';

const phoneViewport = { width: 390, height: 844 };

// The whole meeting, presenter and phones in every phase, is rehearsed in rehearsal.e2e.ts.

test('a wrong join code gets a clear message and no session', async ({ page }) => {
	await page.setViewportSize(phoneViewport);
	await page.goto('/doe-mee');
	await page.getByLabel('Code').fill('ZZZZZZ');
	await page.getByLabel('Je naam').fill('Test');
	await page.getByRole('button', { name: 'Meedoen' }).click();
	await expect(page.getByText('Deze code kennen we niet')).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '29-join-wrong-code');
});
