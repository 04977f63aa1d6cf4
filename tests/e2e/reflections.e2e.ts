import { test, expect, type Page } from '@playwright/test';
import { expectAccessible, screenshot, signUp, uniqueEmail } from './support';

const slug = 'zelf-doen-of-overdragen';
const demoTeam = '7ea70000-0000-4000-8000-000000000001';

async function logIn(page: Page, email: string, password: string) {
	await page.goto('/inloggen');
	await page.getByLabel('E-mailadres').fill(email);
	await page.getByLabel('Wachtwoord').fill(password);
	await page.getByRole('button', { name: 'Inloggen' }).last().click();
	await expect(page).not.toHaveURL(/\/inloggen/);
}

test('a member writes, edits and finds back a reflection, exports and deletes their account', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signUp(page, 'Femke Jansen', uniqueEmail('femke'));

	await page.getByRole('navigation').getByRole('link', { name: 'Reflecties' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mijn reflecties' })).toBeVisible();
	await expect(page.getByText('Je hebt nog geen reflecties geschreven.')).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'reflections-01-empty');

	await page.getByRole('link', { name: 'Nieuwe reflectie schrijven' }).click();
	await page.getByLabel('Over welk dilemma?').selectOption(slug);
	await page.getByRole('button', { name: 'Kies', exact: true }).click();
	await expect(page.getByRole('heading', { level: 2, name: 'Zelf doen of overdragen' })).toBeVisible();
	await expect(page).toHaveURL(/[?&]id=[0-9a-f-]{36}/);
	await expectAccessible(page);

	// Typed text survives a refresh: the autosave keeps a draft, localStorage what came after.
	await page.getByLabel('Je reflectie').fill('Ik merk dat ik **te veel** zelf doe.');
	await page.getByLabel('Waar staat ons team nu, volgens jou?').fill('30');
	await expect(page.getByRole('status').filter({ hasText: 'Concept opgeslagen' })).toBeVisible({ timeout: 15_000 });
	await screenshot(page, 'reflections-02-new-autosaved');
	await page.getByLabel('Je reflectie').fill('Ik merk dat ik **te veel** zelf doe. Morgen vraag ik Bram.');
	await page.reload();
	await expect(page).toHaveURL(/\/reflecties\/[0-9a-f-]{36}$/);
	await expect(page.getByLabel('Je reflectie')).toHaveValue('Ik merk dat ik **te veel** zelf doe.');
	await page.getByRole('button', { name: 'Herstel die tekst' }).click();
	await expect(page.getByLabel('Je reflectie')).toHaveValue(
		'Ik merk dat ik **te veel** zelf doe. Morgen vraag ik Bram.'
	);
	await expectAccessible(page);
	await screenshot(page, 'reflections-03-restore');
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'De reflectie is opgeslagen.' })).toBeVisible();
	const entryUrl = page.url().replace(/\?.*$/, '');
	const entryId = entryUrl.split('/').pop()!;

	// Edit it.
	await page.getByLabel('Je reflectie').fill('Ik merk dat ik **te veel** zelf doe. Ik ga meer overdragen.');
	await page.getByLabel('Ik wil ook aangeven waar ons team volgens mij zou moeten staan').check();
	await page.getByLabel('Waar zou ons team moeten staan, volgens jou?').fill('70');
	// The message of the first save is still on screen: wait for this save's own answer, and for
	// the form to have applied it (it forgets the local copy then), before reloading.
	const saved = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/save'));
	await page.getByRole('button', { name: 'Opslaan' }).click();
	expect((await saved).ok()).toBe(true);
	await expect(page.locator('form.reflection-form')).not.toHaveAttribute('aria-busy', 'true');
	await expect(page.getByRole('status').filter({ hasText: 'De reflectie is opgeslagen.' })).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Je reflectie')).toHaveValue(
		'Ik merk dat ik **te veel** zelf doe. Ik ga meer overdragen.'
	);
	await expect(page.getByRole('button', { name: 'Herstel die tekst' })).toHaveCount(0);
	await screenshot(page, 'reflections-04-edited');

	// An autosave based on an old version is a translated conflict, never a 500.
	const stale = await page.request.post('/reflecties/concept', {
		data: { id: entryId, dilemmaSlug: slug, version: 1, body: 'iets anders', value: 10, desired: null, isDraft: false }
	});
	expect(stale.status()).toBe(409);
	expect((await stale.json()).message).toContain('intussen ergens anders gewijzigd');
	for (const bad of [
		'{',
		JSON.stringify({ id: 'x' }),
		JSON.stringify({
			id: entryId,
			dilemmaSlug: 'Nee!',
			version: 1,
			body: '',
			value: 500,
			desired: null,
			isDraft: false
		})
	]) {
		const response = await page.request.post('/reflecties/concept', {
			data: bad,
			headers: { 'content-type': 'application/json' }
		});
		expect(response.status()).toBeGreaterThanOrEqual(400);
		expect(response.status()).toBeLessThan(500);
	}
	for (const url of [
		'/reflecties/geen-id',
		'/reflecties/00000000-0000-4000-8000-000000000000',
		'/mijn-geschiedenis/Geen_Slug',
		'/mijn-geschiedenis/bestaat-niet',
		'/reflecties/nieuw?dilemma=bestaat-niet',
		'/reflecties?dilemma=%00'
	]) {
		const response = await page.request.get(url);
		expect(response.status(), url).toBeGreaterThanOrEqual(400);
		expect(response.status(), url).toBeLessThan(500);
	}

	await page.goto('/reflecties');
	await expect(page.getByText('Ik ga meer overdragen.')).toBeVisible();
	await page.getByLabel('Dilemma').selectOption(slug);
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page.getByRole('link', { name: /Zelf doen of overdragen/ }).first()).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'reflections-05-list');

	await page.goto(`/mijn-geschiedenis/${slug}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Zelf doen of overdragen');
	await expect(page.locator('.prose strong')).toHaveText('te veel');
	await expect(page.getByRole('table')).toContainText('30');
	await expect(page.getByText(/Eén positie: 30/)).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'reflections-06-history');

	// My data: the export, then deleting the account.
	await page.goto('/mijn-gegevens');
	await expectAccessible(page);
	const exported = await page.request.get('/mijn-gegevens/export.json');
	expect(exported.status()).toBe(200);
	expect(exported.headers()['content-disposition']).toMatch(/^attachment; filename="werkplaats-mijn-gegevens-/);
	const body = await exported.json();
	expect(body.reflections).toHaveLength(1);
	await page.getByLabel('Typ VERWIJDER om te bevestigen').fill('verwijder');
	await page.getByRole('button', { name: 'Verwijder mijn account definitief' }).click();
	await expect(page.getByRole('alert')).toContainText('Typ precies VERWIJDER');
	await expectAccessible(page);
	await screenshot(page, 'reflections-07-my-data');
	await page.getByLabel('Typ VERWIJDER om te bevestigen').fill('VERWIJDER');
	await page.getByRole('button', { name: 'Verwijder mijn account definitief' }).click();
	await expect(page).toHaveURL(/\/\?account=verwijderd$/);
	await page.goto('/reflecties');
	await expect(page).toHaveURL(/\/inloggen\?next=/);
	const anonymous = await page.request.get('/mijn-gegevens/export.json', { maxRedirects: 0 });
	expect(anonymous.status()).toBe(401);
	await context.close();
});

test('the demo member shares a reflection with the demo team and stops sharing it', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await logIn(page, 'sanne@voorbeeld.nl', 'werkplaats-demo');

	await page.goto(`/reflecties/nieuw?dilemma=${slug}`);
	await page.getByLabel('Je reflectie').fill('Wat ik deel met het team: ik geef meer uit handen.');
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'De reflectie is opgeslagen.' })).toBeVisible();

	await page.getByLabel('Team', { exact: true }).selectOption(demoTeam);
	await page.getByRole('button', { name: 'Deel', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'De reflectie is gedeeld met' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Stop met delen' })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, 'reflections-08-shared');

	await page.getByRole('button', { name: 'Stop met delen' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'De reflectie wordt niet meer gedeeld.' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Deel', exact: true })).toBeVisible();

	// Delete it again, after confirming.
	page.once('dialog', (dialog) => dialog.accept());
	await page.getByRole('button', { name: 'Verwijder reflectie' }).click();
	await expect(page).toHaveURL(/\/reflecties\?verwijderd/);
	await expect(page.getByRole('status').filter({ hasText: 'De reflectie is verwijderd.' })).toBeVisible();
	await expectAccessible(page);
	await context.close();
});
