import { test, expect, type BrowserContext } from '@playwright/test';
import { budgets, measureScripts } from '../../scripts/bench/page-weight.mjs';
import { joinOverHttp } from './room';
import { demoFacilitator, demoTeamId, phoneViewport, signedInPerson } from './support';

// Issue 11, a light phone page: the JavaScript a page loads on a cold visit (a new browser
// context, so nothing cached), summed as gzip level 9 of each script body, stays within budget,
// and none of it is zod (the server validates; the browser needs none). Sizes, not timings.
// `npm run bench` prints the same figures (scripts/bench/page-weight.mjs).

/** A text every message file of the app would bring along: the home page's tagline. */
const messageProbe = 'Samen leren van de dilemma';

async function coldLoad(context: BrowserContext, path: string) {
	const page = await context.newPage();
	const measured = await measureScripts(page, new URL(path, test.info().project.use.baseURL!).href);
	return { page, measured };
}

test('the phone and the presenter load little JavaScript, none of it zod or the app’s messages', async ({
	browser
}) => {
	// The facilitator makes a session (their pages warm their own cache, not the ones measured).
	const maker = await signedInPerson(browser, demoFacilitator, 'nl');
	await maker.page.goto(`/teams/${demoTeamId}/sessies/nieuw`);
	await maker.page.getByLabel('Titel van de sessie').fill('Lichte telefoon');
	await maker.page.locator('input[name="dilemmas"]').first().check();
	// The demo team's open follow-ups are offered as a first step; this spec starts on the dilemmas.
	if (await maker.page.locator('#review').count()) await maker.page.locator('#review').uncheck();
	await maker.page.getByRole('button', { name: 'Sessie maken' }).click();
	await expect(maker.page).toHaveURL(/\/presenter$/);
	const sessionId = maker.page.url().match(/sessies\/([0-9a-f-]{36})\//)![1];
	const code = (await maker.page.locator('.join--hero .join__code span[aria-label]').innerText()).trim();
	await maker.context.close();

	// A phone joins over HTTP, so its browser has fetched no script before the page is measured.
	const baseURL = test.info().project.use.baseURL!;
	const phoneContext = await browser.newContext({
		viewport: phoneViewport,
		isMobile: true,
		hasTouch: true,
		locale: 'nl-NL',
		extraHTTPHeaders: { origin: baseURL }
	});
	await joinOverHttp(phoneContext.request, code, 'Licht');
	const phone = await coldLoad(phoneContext, `/sessie/${sessionId}`);
	await expect(phone.page.getByRole('heading', { level: 1 })).toBeVisible();

	const presenterPerson = await signedInPerson(browser, demoFacilitator, 'nl');
	const presenter = await coldLoad(presenterPerson.context, `/sessies/${sessionId}/presenter`);
	await expect(presenter.page.locator('.join--hero .join__code')).toBeVisible();

	for (const [name, { measured }] of [
		['phone', phone],
		['presenter', presenter]
	] as const) {
		test.info().annotations.push({
			type: name,
			description: `${measured.count} scripts, ${measured.gzipKb.toFixed(1)} KB gzip`
		});
		expect(measured.count, `${name}: scripts seen`).toBeGreaterThan(3);
		expect.soft(measured.zod, `${name}: scripts with zod in them`).toEqual([]);
		expect.soft(measured.gzipKb, `${name}: KB of gzipped JavaScript`).toBeLessThanOrEqual(budgets[name]);
	}
	// No message file in any script: the page's messages come as data, in its language only.
	for (const page of [phone.page, presenter.page]) {
		const urls = await page.evaluate(() =>
			performance
				.getEntriesByType('resource')
				.map((e) => e.name)
				.filter((u) => u.endsWith('.js'))
		);
		const bodies = await Promise.all(
			urls.map((url) => page.request.get(url).then(async (r) => ({ url, text: await r.text() })))
		);
		expect(bodies.length).toBeGreaterThan(3);
		expect
			.soft(
				bodies.filter((body) => body.text.includes(messageProbe)).map((body) => body.url),
				'scripts with message files in them'
			)
			.toEqual([]);
	}
	await phoneContext.close();
	await presenterPerson.context.close();
});
