import { test, expect, type Page } from '@playwright/test';
import { expectAccessible, screenshot, signUp, uniqueEmail } from './support';
import { makeDilemmaSet, toPastedBundle } from '../fixtures/dilemma-factory';
import { xssVectors } from '../fixtures/xss-vectors';

const demoTeamId = '7ea70000-0000-4000-8000-000000000001';

async function logInAsDemoFacilitator(page: Page) {
	await page.goto('/inloggen');
	await page.getByLabel('E-mailadres').fill('fenna@voorbeeld.nl');
	await page.getByLabel('Wachtwoord').fill('werkplaats-demo');
	await page.getByRole('button', { name: 'Inloggen' }).click();
	await expect(page).toHaveURL(/\/teams$/);
}

async function pasteSet(page: Page, teamId: string, name: string, bundle: string) {
	await page.goto(`/teams/${teamId}/dilemmas`);
	await page.getByLabel('Naam van de set').fill(name);
	await page.getByLabel('Of plak de bestanden hier').fill(bundle);
	await page.getByRole('button', { name: 'Controleren en voorbeeld tonen' }).click();
}

test('the library shows twenty dilemmas by theme, each with its own page and a printable card', async ({ page }) => {
	await page.goto('/dilemmas');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Twintig dilemma’s van het wijkteam');
	await expect(page.locator('.dilemma-card')).toHaveCount(20);
	await expect(page.getByRole('heading', { level: 2, name: 'Toegang en bereik' })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '10-library');

	await page.getByRole('link', { name: 'Zelf doen of overdragen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zelf doen of overdragen');
	await expect(page.getByRole('heading', { name: 'Uit de praktijk' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Voor het teamgesprek' })).toBeVisible();
	await expect(page.getByRole('link', { name: /Volgende:/ })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '11-dilemma');

	await page.goto('/dilemmas/kaarten');
	await expect(page.locator('.print-card')).toHaveCount(20);
	await expect(page.locator('.print-card svg').first()).toBeVisible();
	await expectAccessible(page);
	await page.emulateMedia({ media: 'print' });
	await screenshot(page, '12-cards-print');

	await page.goto('/dilemmas/bestaat-niet');
	await expect(page.getByText('Dit dilemma bestaat niet in deze set.')).toBeVisible();
});

test('a facilitator imports a broken set and sees what is wrong, then a good set for the team only', async ({
	page,
	browser
}) => {
	// A team of its own, so the demo team that other tests use keeps the built-in set.
	await signUp(page, 'Iris Import', uniqueEmail('iris'));
	await page.getByLabel('Naam van het team').fill('Wijkteam Import');
	await page.getByRole('button', { name: 'Team maken' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Wijkteam Import' })).toBeVisible();
	const teamId = page.url().split('/teams/')[1].split('?')[0];

	const broken = makeDilemmaSet({
		languages: ['nl'],
		folders: false,
		editFrontmatter: (fm, { number }) => (number === 7 ? { ...fm, pole_right: undefined } : undefined)
	}).slice(0, 19);
	await pasteSet(page, teamId, 'Officiële handreiking', toPastedBundle(broken));
	const problems = page.getByRole('alert');
	await expect(problems).toContainText('niet geïmporteerd');
	await expect(problems).toContainText('07-testdilemma-07.md');
	await expect(problems).toContainText('pole_right');
	await expect(problems).toContainText('20');
	await expectAccessible(page);
	await screenshot(page, '13-import-problems');

	await pasteSet(
		page,
		teamId,
		'Officiële handreiking',
		toPastedBundle(makeDilemmaSet({ languages: ['nl'], folders: false }))
	);
	await expect(page.getByRole('heading', { name: 'Voorbeeld: 20 dilemma’s, alles in orde' })).toBeVisible();
	await screenshot(page, '14-import-preview');
	await page.getByRole('button', { name: 'Importeren en in gebruik nemen' }).click();
	await expect(page.getByRole('status')).toContainText('geïmporteerd');
	await page.goto(`/dilemmas?team=${teamId}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Officiële handreiking');
	await expect(page.getByRole('link', { name: 'Testdilemma 1: zelf doen of overdragen' })).toBeVisible();

	// Someone outside the team cannot see the team's set, and the public library is unchanged.
	const outsiderContext = await browser.newContext();
	const outsider = await outsiderContext.newPage();
	await signUp(outsider, 'Buiten Staander', uniqueEmail('outsider'));
	const response = await outsider.goto(`/dilemmas?team=${teamId}`);
	expect(response?.status()).toBe(404);
	await outsider.goto('/dilemmas');
	await expect(outsider.getByRole('heading', { level: 1 })).toHaveText('Twintig dilemma’s van het wijkteam');
	await outsiderContext.close();

	// Switching back to the built-in set works too.
	await page.goto(`/teams/${teamId}/dilemmas`);
	await page.getByRole('button', { name: /Gebruik deze set.*Het wijkteam als werkplaats/ }).click();
	await expect(page.getByRole('status')).toContainText('werkt nu met deze set');
});

test('no XSS vector in imported Markdown runs a script in the preview', async ({ page }) => {
	const dialogs: string[] = [];
	const blocked: string[] = [];
	page.on('dialog', async (dialog) => {
		dialogs.push(dialog.message());
		await dialog.dismiss();
	});
	page.on('console', (message) => {
		if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
	});
	await logInAsDemoFacilitator(page);

	// Spread the corpus over the bodies of the twenty dilemmas, as many imports as it takes. Vectors
	// with control characters make the import refuse the file as "not a text file" (also safe);
	// the unit tests render those through the sanitiser directly.
	const vectors = xssVectors.filter((v) => !/[\u0000-\u0008\u000e-\u001f]/.test(v));
	expect(vectors.length).toBeGreaterThan(200);
	const filler = 'Dit is gewone tekst om de minimale lengte van de tekst te halen. '.repeat(6);
	const perBody = 8;
	const chunks: string[][] = [];
	for (let i = 0; i < vectors.length; i += perBody) chunks.push(vectors.slice(i, i + perBody));
	let rendered = 0;
	for (let start = 0; start < chunks.length; start += 20) {
		const batch = chunks.slice(start, start + 20);
		const files = makeDilemmaSet({
			languages: ['nl'],
			folders: false,
			editBody: (body, { number }) => `${filler}\n\n${(batch[number - 1] ?? []).join('\n\n')}\n\n${filler}`
		});
		await pasteSet(page, demoTeamId, `XSS-set ${start}`, toPastedBundle(files));
		await expect(page.getByRole('heading', { name: /Voorbeeld: 20 dilemma’s/ })).toBeVisible();
		// Open every details element, so toggle and visibility based vectors get their chance.
		await page.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
		await page.mouse.move(200, 300);
		await page.waitForTimeout(300);
		const unsafe = await page
			.locator('.prose')
			.evaluateAll((nodes) =>
				nodes.flatMap((node) =>
					[...node.querySelectorAll('*')]
						.filter(
							(el) =>
								['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'STYLE', 'SVG', 'MATH', 'FORM', 'IMG', 'BASE', 'META'].includes(
									el.tagName.toUpperCase()
								) ||
								[...el.attributes].some(
									(a) =>
										a.name.startsWith('on') || a.name === 'style' || /^\s*(javascript|data|vbscript):/i.test(a.value)
								)
						)
						.map((el) => el.outerHTML.slice(0, 120))
				)
			);
		expect(unsafe).toEqual([]);
		rendered += batch.flat().length;
	}
	expect(rendered).toBe(vectors.length);
	expect(dialogs).toEqual([]);
	expect(blocked).toEqual([]);
});
