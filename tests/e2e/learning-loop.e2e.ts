import { test, expect, type Page } from '@playwright/test';
import { bundles } from '../../src/lib/i18n/bundles';
import { expectAccessible, screenshot, signUp, uniqueEmail } from './support';
import { expectFitsEveryProjector, joinOnPhone, projectorSizes } from './room';

// Issue #14, from one meeting to the next: two sessions of one team in a row. In the first an
// agreement is marked as a follow-up (who, by when) and the dilemma has a clock; the team page
// lists it; the second session's form proposes dilemmas with a reason and starts with the review
// of that follow-up; the clock counts on the presenter; both reports say what happened.

const nl = { ...bundles.sessions.nl, ...bundles.followUps.nl, ...bundles.teams.nl } as Record<string, string>;
const followUp = 'Elke dinsdag tien minuten casusoverleg over overdragen.';

async function primary(page: Page, name: string) {
	await page.getByRole('button', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
}
/** The clock's seconds left, as the presenter shows them. */
const remaining = (page: Page) => page.getByTestId('meeting-clock').getAttribute('data-remaining').then(Number);

test('two sessions in a row: a follow-up made in the first is reviewed at the start of the second, with the agenda and the clock', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	await page.setViewportSize(projectorSizes[0]);
	await signUp(page, 'Fatima Loop', uniqueEmail('loop'));
	await page.getByLabel(nl['teams.create.name']).fill('Wijkteam Lus');
	await page.getByRole('button', { name: nl['teams.create.submit'] }).click();
	await expect(page).toHaveURL(/\/teams\/[0-9a-f-]{36}/);
	const teamId = page.url().match(/\/teams\/([0-9a-f-]{36})/)![1];

	// --- Session 1: one dilemma with ten minutes on the clock ----------------------------------
	await page.goto(`/teams/${teamId}/sessies/nieuw`);
	await expect(page.getByTestId('agenda')).toContainText(nl['agenda.none']);
	await page.getByLabel(nl['sessions.create.name']).fill('Teamoverleg september');
	const first = page.locator('.dilemma-choice li').first();
	const dilemmaTitle = (await first.locator('label').first().innerText()).replace(/^\d+\.\s*/, '');
	await first.locator('input[type="checkbox"]').check();
	await first.locator('input[name^="minutes-"]').fill('10');
	await page.getByRole('button', { name: nl['sessions.create.submit'] }).click();
	await expect(page).toHaveURL(/\/presenter$/);
	await expect(page.getByTestId('meeting-clock')).toHaveText(nl['clock.planned'].replace('{minutes}', '10'));

	await primary(page, nl['presenter.action.position']);
	// The clock runs from the first step out of the introduction, counted from the server's time.
	await expect(page.getByTestId('meeting-clock')).toContainText('Nog 9:5');
	const before = await remaining(page);
	await expect.poll(() => remaining(page), { timeout: 5_000 }).toBeLessThan(before);
	await primary(page, nl['presenter.action.reveal']);
	await page.getByRole('button', { name: nl['presenter.confirmEmpty'] }).click();
	await primary(page, nl['presenter.action.discuss']);
	await page.locator('#agreementsMd').fill('- Casusoverleg op dinsdag');

	// Mark the agreement as a follow-up: who (a member) and by when.
	await page.getByTestId('follow-up-open').click();
	const dialog = page.getByRole('dialog');
	await dialog.getByLabel(nl['followUps.body'], { exact: true }).fill(followUp);
	await dialog.getByLabel(nl['followUps.ownerLabel']).selectOption({ label: 'Fatima Loop' });
	await dialog.getByLabel(nl['followUps.dueLabel']).fill('2027-01-15');
	await screenshot(page, 'loop-1-follow-up-dialog');
	await dialog.getByRole('button', { name: nl['followUps.save'] }).click();
	await expect(dialog.getByRole('listitem')).toContainText(followUp);
	await dialog.getByRole('button', { name: nl['followUps.close'] }).click();
	await expect(page.getByTestId('follow-up-open')).toHaveText(nl['followUps.markCount'].replace('{count}', '1'));
	await expectFitsEveryProjector(page, 'loop-discuss');
	await screenshot(page, 'loop-2-discussion-with-clock');

	await primary(page, nl['presenter.action.reposition']);
	await primary(page, nl['presenter.action.shift']);
	await page.getByRole('button', { name: nl['presenter.confirmEmpty'] }).click();
	await primary(page, nl['presenter.action.close']);
	await expect(page).toHaveURL(/\/rapport$/);
	await expect(page.getByRole('main')).toContainText(followUp);
	await expect(page.getByRole('main')).toContainText(/Tijd: \d+ van 10 min/);

	// The team page lists the open follow-up with where it came from.
	await page.goto(`/teams/${teamId}`);
	const open = page.getByTestId('open-follow-ups');
	await expect(open).toContainText(followUp);
	await expect(open).toContainText('Teamoverleg september');
	await expect(open).toContainText(dilemmaTitle);

	// --- Session 2: the agenda proposes, the review comes first -------------------------------
	await page.goto(`/teams/${teamId}/sessies/nieuw`);
	const agenda = page.getByTestId('agenda');
	await expect(agenda).toContainText(dilemmaTitle);
	await expect(agenda).toContainText(nl['agenda.reason.follow_ups'].replace('{count}', '1'));
	await expect(agenda).toContainText(nl['agenda.reason.never']);
	await page.getByRole('link', { name: nl['agenda.accept'] }).click();
	await expect(first.locator('input[type="checkbox"]')).toBeChecked();
	await expect(page.locator('#review')).toBeChecked();
	await screenshot(page, 'loop-3-agenda');
	await page.getByLabel(nl['sessions.create.name']).fill('Teamoverleg oktober');
	await first.locator('input[name^="minutes-"]').fill('1');
	await page.getByRole('button', { name: nl['sessions.create.submit'] }).click();
	await expect(page).toHaveURL(/\/presenter$/);

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(nl['review.title']);
	const item = page.getByTestId('review-list').getByRole('listitem').first();
	await expect(item).toContainText(followUp);
	await expect(item).toContainText('Fatima Loop');
	await item.getByLabel(nl['followUps.status.partly']).check();
	await item.getByPlaceholder(nl['review.note']).fill('Drie van de vier dinsdagen gelukt.');
	await item.getByRole('button', { name: nl['review.save'] }).click();
	await expect(item.getByLabel(nl['followUps.status.partly'])).toBeChecked();
	await expectFitsEveryProjector(page, 'loop-review');
	await expectAccessible(page);
	await screenshot(page, 'loop-4-review');

	// During the review a member's phone shows the list, read only (its code loads only now); a
	// phone that joined by code alone is told what happens and sees no follow-up.
	const code = (await page.locator('.join__code span[aria-label]').first().innerText()).trim();
	const stranger = await joinOnPhone(browser, code, 'Telefoon Loop');
	await expect(stranger.getByRole('heading', { level: 1 })).toHaveText(nl['review.title']);
	await expect(stranger.getByText(nl['review.phone'])).toBeVisible();
	await expect(stranger.getByTestId('review-list')).toHaveCount(0);
	await stranger.context().close();
	const memberPhone = await page.context().newPage();
	await memberPhone.setViewportSize({ width: 390, height: 844 });
	await memberPhone.goto(`/doe-mee/${code}`);
	await memberPhone.locator('input[name="displayName"]').fill('Fatima');
	await memberPhone.getByRole('button', { name: 'Meedoen' }).click();
	await expect(memberPhone).toHaveURL(/\/sessie\//);
	await expect(memberPhone.getByTestId('review-list')).toContainText(followUp);
	await expect(memberPhone.getByTestId('review-list')).toContainText(nl['followUps.status.partly']);
	await expect(memberPhone.getByRole('radio')).toHaveCount(0);
	await memberPhone.close();

	// On to the first dilemma, and back to the review is one step.
	await page.keyboard.press('ArrowRight');
	await expect(page.getByRole('button', { name: `← ${nl['review.back']}` })).toBeVisible();
	await primary(page, nl['presenter.action.position']);
	await expect(page.getByTestId('meeting-clock')).toContainText('Nog 0:5');
	// A second presenter screen (a reload) shows the same time: it comes from the database.
	const shown = await remaining(page);
	await page.reload();
	await expect.poll(() => remaining(page)).toBeLessThanOrEqual(shown);
	expect(await remaining(page)).toBeGreaterThan(shown - 10);
	await expectFitsEveryProjector(page, 'loop-clock');
	await screenshot(page, 'loop-5-clock-counting');
	// Time up: a calm colour, no sound, no step of its own.
	await expect(page.getByTestId('meeting-clock')).toHaveClass(/clock--over/, { timeout: 70_000 });
	await expect(page.getByTestId('meeting-clock')).toContainText('Tijd om');
	await expect(page.locator('.presenter')).toHaveAttribute('data-phase', 'position');
	await screenshot(page, 'loop-6-time-up');

	const sessionId = page.url().match(/\/sessies\/([0-9a-f-]{36})/)![1];
	await page.goto(`/sessies/${sessionId}/rapport`);
	await expect(page.getByTestId('report-review')).toContainText(followUp);
	await expect(page.getByTestId('report-review')).toContainText('deels');
	const md = await (await page.request.get(`/sessies/${sessionId}/rapport.md`)).text();
	expect(md).toContain(followUp);
	const csv = await (await page.request.get(`/sessies/${sessionId}/rapport.csv?inhoud=vervolgafspraken`)).text();
	expect(csv).toContain('partly');
	const json = await (await page.request.get(`/sessies/${sessionId}/rapport.json`)).json();
	expect(json.follow_ups.review[0]).toMatchObject({ body: followUp, outcome: 'partly' });
});
