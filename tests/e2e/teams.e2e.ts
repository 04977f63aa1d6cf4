import { test, expect } from '@playwright/test';
import { expectAccessible, screenshot, signUp, uniqueEmail } from './support';

test('a new user signs up, creates a team and invites a colleague who joins', async ({ browser }) => {
	const founderContext = await browser.newContext();
	const founder = await founderContext.newPage();

	await founder.goto('/');
	await expect(founder.getByRole('heading', { level: 1 })).toContainText('dilemma');
	await expectAccessible(founder);
	await screenshot(founder, '01-home');

	await founder.goto('/registreren');
	await expectAccessible(founder);
	await screenshot(founder, '02-signup');
	await signUp(founder, 'Aïcha Bouzid', uniqueEmail('aicha'));

	await expect(founder.getByRole('heading', { name: 'Mijn teams' })).toBeVisible();
	await expectAccessible(founder);
	await founder.getByLabel('Naam van het team').fill('Wijkteam Noord');
	await founder.getByRole('button', { name: 'Team maken' }).click();
	await expect(founder.getByRole('heading', { level: 1, name: 'Wijkteam Noord' })).toBeVisible();
	await expect(founder.getByRole('status')).toContainText('Het team is gemaakt');

	await founder.getByRole('button', { name: 'Maak uitnodigingslink' }).click();
	const link = founder.getByLabel('Uitnodigingslink', { exact: true });
	await expect(link).toHaveValue(/\/uitnodiging\/[a-f0-9]{64}$/);
	const inviteUrl = await link.inputValue();
	await expectAccessible(founder);
	await screenshot(founder, '03-team-with-invite');

	// The colleague, in a browser of their own, follows the link, signs up and lands in the team.
	const colleagueContext = await browser.newContext();
	const colleague = await colleagueContext.newPage();
	await colleague.goto(inviteUrl);
	await expect(colleague.getByRole('heading', { level: 1 })).toContainText('Wijkteam Noord');
	await expectAccessible(colleague);
	await screenshot(colleague, '04-invite');
	await colleague.getByRole('main').getByRole('link', { name: 'Account maken' }).click();
	await colleague.getByLabel('Je naam').fill('Bram de Boer');
	await colleague.getByLabel('E-mailadres').fill(uniqueEmail('bram'));
	await colleague.getByLabel('Wachtwoord').fill('nog een lange zin als wachtwoord');
	await colleague.getByRole('button', { name: 'Account maken' }).click();
	await expect(colleague).toHaveURL(/\/uitnodiging\//);
	await colleague.getByRole('button', { name: 'Word lid van Wijkteam Noord' }).click();
	await expect(colleague.getByRole('heading', { level: 1, name: 'Wijkteam Noord' })).toBeVisible();
	await expect(colleague.getByText('Aïcha Bouzid', { exact: true })).toBeVisible();
	await expectAccessible(colleague);
	await screenshot(colleague, '05-team-as-member');

	// Both see the team, with both people in it.
	await founder.reload();
	await expect(founder.getByText('Bram de Boer', { exact: true })).toBeVisible();
	await colleague.goto('/teams');
	await expect(colleague.getByRole('link', { name: 'Wijkteam Noord' })).toBeVisible();

	await founderContext.close();
	await colleagueContext.close();
});

test('bad input on the forms gets a clear Dutch message and no account', async ({ page }) => {
	await page.goto('/registreren');
	await page.getByRole('button', { name: 'Account maken' }).click();
	await expect(page.getByText('Vul een naam in van 1 tot 60 tekens.').first()).toBeVisible();
	await expect(page.getByText('Vul een geldig e-mailadres in.').first()).toBeVisible();
	await expect(page.getByText('Kies een wachtwoord van minstens 10 tekens').first()).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '06-signup-errors');

	await page.goto('/inloggen');
	await page.getByLabel('E-mailadres').fill('niemand@voorbeeld.test');
	await page.getByLabel('Wachtwoord').fill('verkeerd wachtwoord');
	await page.getByRole('button', { name: 'Inloggen' }).click();
	await expect(page.getByRole('alert')).toContainText('horen niet bij elkaar');
});

test('the demo facilitator logs in and sees the demo team in English too', async ({ page }) => {
	await page.goto('/inloggen');
	await expectAccessible(page);
	await page.getByLabel('E-mailadres').fill('fenna@voorbeeld.nl');
	await page.getByLabel('Wachtwoord').fill('werkplaats-demo');
	await page.getByRole('button', { name: 'Inloggen' }).click();
	await expect(page.getByRole('link', { name: 'Wijkteam Voorbeeld' })).toBeVisible();
	await page.getByRole('link', { name: 'Wijkteam Voorbeeld' }).click();
	await expect(page.getByText('Sanne Jansen', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: /English/ }).click();
	await expect(page.getByRole('heading', { name: 'Members (5)' })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '07-demo-team-en');
	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
});
