import { test, expect, type Page, type Route } from '@playwright/test';
import { demoFacilitator, demoTeamId, logIn } from './support';

/**
 * On venue Wi-Fi a page can sit for seconds between showing its form and running its scripts.
 * Whatever a person typed or ticked in that gap must survive hydration. The app's scripts are held
 * back until the form has been filled, so the gap is certain, not a matter of timing.
 */
const scripts = (url: URL) => url.pathname.startsWith('/_app/immutable/') && url.pathname.endsWith('.js');

async function openWithScriptsHeld(page: Page, path: string): Promise<() => Promise<void>> {
	const held: Route[] = [];
	let holding = true;
	// Scripts only: a held stylesheet would hold the whole document (an inline script waits for it).
	await page.route(scripts, (route) => (holding ? held.push(route) : route.continue()));
	await page.goto(path, { waitUntil: 'domcontentloaded' });
	await expect(page.locator('html')).not.toHaveAttribute('data-hydrated');
	return async () => {
		holding = false;
		for (const route of held.splice(0)) await route.continue();
		await expect(page.locator('html')).toHaveAttribute('data-hydrated', '', { timeout: 15_000 });
		await page.unroute(scripts);
	};
}

test('what is typed and ticked before the scripts run is still there after hydration', async ({ page }) => {
	await logIn(page, demoFacilitator);

	let release = await openWithScriptsHeld(page, `/teams/${demoTeamId}/sessies/nieuw`);
	await page.getByLabel('Titel van de sessie').fill('Vroeg getypt');
	await page.getByLabel('Datum').fill('2027-01-12');
	await page.getByRole('checkbox', { name: /Zelf doen of overdragen/ }).check();
	await page.getByLabel('Vraag ook: waar willen we naartoe?').check();
	await release();
	await expect(page.getByLabel('Titel van de sessie')).toHaveValue('Vroeg getypt');
	await expect(page.getByLabel('Datum')).toHaveValue('2027-01-12');
	await expect(page.getByRole('checkbox', { name: /Zelf doen of overdragen/ })).toBeChecked();
	await expect(page.getByLabel('Vraag ook: waar willen we naartoe?')).toBeChecked();

	release = await openWithScriptsHeld(page, `/teams/${demoTeamId}/dilemmas`);
	await page.getByLabel('Naam van de set').fill('Vroeg geplakt');
	await page.getByLabel('Of plak de bestanden hier').fill('--- 01-een.md\n# Een');
	await release();
	await expect(page.getByLabel('Naam van de set')).toHaveValue('Vroeg geplakt');
	await expect(page.getByLabel('Of plak de bestanden hier')).toHaveValue('--- 01-een.md\n# Een');
});
