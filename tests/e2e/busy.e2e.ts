/**
 * On a slow phone network a press must show that it was taken. Each answer is held back
 * (page.route) until the page has shown its busy state, then let through: the button says it is
 * busy, the bar at the top runs, and both clear when the answer is on the page. No waiting on
 * the clock: while an answer is held, the busy state has all the time in the world to show.
 */
import { test, expect, type Page, type Route } from '@playwright/test';
import { demoFacilitator, demoTeamId, newPerson, phoneViewport, screenshot, signedInPerson } from './support';

/** Holds the POSTs whose path and query match, until released one at a time, in order. */
async function holdPosts(page: Page, match: (url: URL) => boolean) {
	const held: Route[] = [];
	let sent = 0;
	const matcher = (url: URL) => match(url);
	await page.route(matcher, (route) => {
		if (route.request().method() !== 'POST') return route.continue();
		sent += 1;
		held.push(route);
	});
	return {
		/** How many such POSTs the page has sent so far. */
		sent: () => sent,
		arrived: (count: number) => expect.poll(() => held.length).toBe(count),
		/** Lets the oldest through and waits for its answer (the next one reaches the server after it). */
		releaseOne: async (waitForAnswer = true) => {
			const route = held.shift()!;
			const answered = waitForAnswer
				? page.waitForResponse((response) => response.request() === route.request())
				: null;
			await route.continue();
			await answered;
		},
		stop: () => page.unroute(matcher)
	};
}

const bar = (page: Page) => page.getByRole('progressbar', { name: 'Bezig met laden…' });
const busyForms = (page: Page) => page.locator('form[aria-busy="true"]');

test('a press shows busy until its answer is on the page, on the projector and on a phone', async ({ browser }) => {
	test.setTimeout(120_000);
	const presenterPerson = await signedInPerson(browser, demoFacilitator, 'nl', {
		viewport: { width: 1920, height: 1080 }
	});
	const presenter = presenterPerson.page;

	// Making a session: the button turns while the answer is held; a second press sends nothing.
	await presenter.goto(`/teams/${demoTeamId}/sessies/nieuw`);
	await expect(presenter.locator('html')).toHaveAttribute('data-hydrated', '');
	await presenter.getByLabel('Titel van de sessie').fill('Even geduld');
	await presenter.locator('input[name="dilemmas"]').first().check();
	if (await presenter.locator('#review').count()) await presenter.locator('#review').uncheck();
	const create = await holdPosts(presenter, (url) => url.pathname.endsWith('/sessies/nieuw'));
	const makeButton = presenter.getByRole('button', { name: 'Sessie maken' });
	await makeButton.click();
	await create.arrived(1);
	await expect(makeButton).toHaveAttribute('aria-busy', 'true');
	await expect(makeButton).toHaveAttribute('aria-disabled', 'true');
	await expect(busyForms(presenter)).toHaveCount(1);
	await expect(bar(presenter)).toBeVisible();
	// Focus stays on the button (aria-disabled, not disabled): a keyboard user keeps their place.
	await expect(makeButton).toBeFocused();
	// Playwright waits for an aria-disabled button to be enabled; a person just presses it.
	await makeButton.click({ force: true });
	await create.releaseOne(false);
	await expect(presenter).toHaveURL(/\/presenter$/);
	await create.stop();
	expect(create.sent(), 'POSTs sent for two presses on a busy form').toBe(1);
	await expect(bar(presenter)).toHaveCount(0);
	const code = (await presenter.locator('.join--hero .join__code span[aria-label]').innerText()).trim();

	// A phone joins: the same while the join is held.
	const { context: phoneContext, page: phone } = await newPerson(browser, 'nl', {
		viewport: phoneViewport,
		isMobile: true,
		hasTouch: true
	});
	await phone.goto(`/doe-mee/${code}`);
	await expect(phone.locator('html')).toHaveAttribute('data-hydrated', '');
	await phone.getByLabel('Je naam').fill('Geduldig');
	const join = await holdPosts(phone, (url) => url.pathname.startsWith('/doe-mee') && url.search === '?/join');
	const joinButton = phone.getByRole('button', { name: 'Meedoen' });
	await joinButton.tap();
	await join.arrived(1);
	await expect(joinButton).toHaveAttribute('aria-busy', 'true');
	await expect(bar(phone)).toBeVisible();
	await screenshot(phone, 'busy-01-phone-join');
	await join.releaseOne(false);
	await expect(phone).toHaveURL(/\/sessie\/[0-9a-f-]{36}$/);
	await join.stop();
	await expect(bar(phone)).toHaveCount(0);
	await expect(busyForms(phone)).toHaveCount(0);

	// The presenter steps on with →: the step's form is busy (its button not blocked: every press
	// counts here), the bar runs, the projector still shows where it was.
	const stepping = await holdPosts(presenter, (url) => url.search === '?/step');
	await presenter.locator('main').focus();
	await presenter.keyboard.press('ArrowRight');
	await stepping.arrived(1);
	const stepForm = busyForms(presenter);
	await expect(stepForm).toHaveCount(1);
	await expect(stepForm).toHaveAttribute('action', '?/step');
	await expect(stepForm.locator('button[aria-busy="true"]')).toBeVisible();
	await expect(stepForm.locator('button[aria-disabled]')).toHaveCount(0);
	await expect(bar(presenter)).toBeVisible();
	await expect(presenter.locator('.bar__meta')).toContainText('Introductie');
	await screenshot(presenter, 'busy-02-projector-step');
	await stepping.releaseOne();
	await expect(presenter.locator('.bar__meta')).toContainText('Positie kiezen');
	await stepping.stop();
	await expect(busyForms(presenter)).toHaveCount(0);
	await expect(presenter.locator('[aria-busy="true"]')).toHaveCount(0);
	await expect(bar(presenter)).toHaveCount(0);

	// The phone places 30, changes its mind to 35 while the first is still on its way: both are
	// sent, nothing typed is lost, and the last one is what stays.
	const casting = await holdPosts(phone, (url) => url.search === '?/cast');
	const slider = phone.locator('input[type="range"]').first();
	const castButton = phone.locator('form[action="?/cast"] button[type="submit"]');
	await slider.fill('30');
	await castButton.tap();
	await casting.arrived(1);
	await expect(castButton).toHaveAttribute('aria-busy', 'true');
	await expect(castButton).not.toHaveAttribute('aria-disabled', 'true');
	await slider.fill('35');
	await castButton.tap();
	await casting.arrived(2);
	await expect(bar(phone)).toBeVisible();
	await screenshot(phone, 'busy-03-phone-cast');
	await casting.releaseOne();
	await expect(busyForms(phone)).toHaveCount(1);
	await casting.releaseOne();
	await expect(phone.locator('main [role="status"]')).toContainText('35');
	await casting.stop();
	await expect(busyForms(phone)).toHaveCount(0);
	await expect(castButton).not.toHaveAttribute('aria-busy', 'true');
	await expect(bar(phone)).toHaveCount(0);

	// A form without JavaScript's help (the language switch) leaves the page: busy until it has.
	// While that navigation is held, Playwright waits for it before it looks at the page, so the
	// page reports what it shows (console messages arrive regardless).
	const reports: string[] = [];
	phone.on('console', (message) => reports.push(message.text()));
	await phone.evaluate(() => {
		const report = () =>
			console.log(
				`busy: ${document.querySelector('.language-switch button')?.getAttribute('aria-busy')}, bar: ${document.querySelector('[role="progressbar"]')?.getAttribute('aria-label')}`
			);
		new MutationObserver(report).observe(document.body, { subtree: true, childList: true, attributes: true });
	});
	const switching = await holdPosts(phone, (url) => url.pathname === '/taal');
	await phone.getByRole('button', { name: /Wissel van taal/ }).tap();
	await switching.arrived(1);
	await expect.poll(() => reports).toContain('busy: true, bar: Bezig met laden…');
	await switching.releaseOne(false);
	await expect(phone.getByRole('button', { name: /Switch language/ })).toBeVisible();
	await switching.stop();
	await expect(phone.locator('[aria-busy="true"]')).toHaveCount(0);
	await expect(phone.getByRole('progressbar')).toHaveCount(0);

	await phoneContext.close();
	await presenterPerson.context.close();
});
