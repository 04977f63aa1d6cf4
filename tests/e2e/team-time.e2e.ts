import { test, expect } from '@playwright/test';
import { expectAccessible, screenshot } from './support';

const demoTeamId = '7ea70000-0000-4000-8000-000000000001';

test('a teammate sees the team over a year, with exactly the reflections that were shared', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto('/inloggen');
	await page.getByLabel('E-mailadres').fill('fenna@voorbeeld.nl');
	await page.getByLabel('Wachtwoord').fill('werkplaats-demo');
	await page.getByRole('button', { name: 'Inloggen' }).click();
	await expect(page).toHaveURL(/\/teams$/);

	await page.goto(`/teams/${demoTeamId}/verloop?dilemma=optreden-of-terugtreden`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Optreden of terugtreden');
	// Four seeded sessions over a year, each a point with its own date label (other specs may have
	// held sessions of the demo team on this dilemma today: at least four, then).
	await expect(page.locator('figure, .trend-chart, svg[role="img"]').first()).toBeVisible();
	const over = page.getByText(/over \d+ sessies/).first();
	await expect(over).toBeVisible();
	expect(Number(/over (\d+) sessies/.exec(await over.innerText())?.[1])).toBeGreaterThanOrEqual(4);
	// Sanne shared one of her two entries on this dilemma: the teammate sees that one, not the other.
	await expect(page.getByText('In het teamoverleg zaten we in twee kampen')).toBeVisible();
	await expect(page.getByText('Na de heidag blijft de Kastanjelaan')).toHaveCount(0);
	await expect(page.getByText('Sanne Jansen').first()).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '30-team-trend');

	await page.goto(`/teams/${demoTeamId}/profiel`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Teamprofiel');
	await expect(page.getByRole('heading', { name: 'De leeragenda' })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '31-team-profile');
});
