/**
 * A rehearsal of a real team meeting: one presenter on a projector, fifteen phones, four
 * dilemmas, every phase, with the keyboard and the buttons. It checks what a room sees: every
 * phase fits 1920×1080, 1366×768 and 1280×720 without scrolling (with 1, 15 and 60 answers,
 * spread out and all on one value), text is readable from the back (20 px and more at 1920×1080),
 * the QR code is a quarter of the screen high, notes survive →, ← and a reload without a save
 * button, a double → moves one step, re-positioning starts at the first answer, the counts match
 * the phones, phones follow the meeting to the end, and the printed report is at most 5 A4 pages.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { allMessages as dictionaries } from '../../src/lib/i18n/bundles';
import { demoFacilitator, demoTeamId, screenshot, signedInPerson } from './support';
import {
	castOverHttp,
	expectFitsEveryProjector,
	joinOnPhone,
	joinOverHttp,
	pdfPageCount,
	projectorSizes,
	qrBox,
	smallestText
} from './room';

const nl = dictionaries.nl;
const phase = (name: string) => nl[`presenter.phase.${name}`];
const fill = (text: string, params: Record<string, string | number>) =>
	text.replace(/\{(\w+)\}/g, (_, key) => String(params[key]));

/** A phone places its answer (and the desired point) and sees it saved. */
async function vote(phone: Page, value: number, desired: number, again = false) {
	await phone.getByLabel(again ? nl['instrument.now.again'] : nl['instrument.now.question']).fill(String(value));
	await phone.getByLabel(nl['instrument.desired.question']).fill(String(desired));
	await phone.locator('form[action="?/cast"] button[type="submit"]').click();
	await expect(phone.getByRole('status').filter({ hasText: `Opgeslagen: ${value}.` })).toBeVisible();
}

test('a meeting of fifteen phones over four dilemmas fits the projector, keeps every note and ends with a report to mail', async ({
	browser,
	playwright
}, testInfo) => {
	test.setTimeout(420_000);
	const baseURL = testInfo.project.use.baseURL!;
	const facilitator = await signedInPerson(browser, demoFacilitator, 'nl', { viewport: projectorSizes[0] });
	const presenter = facilitator.page;

	// A new session with four dilemmas, asking where the team should be too.
	await presenter.goto(`/teams/${demoTeamId}/sessies/nieuw`);
	await presenter.getByLabel('Titel van de sessie').fill('Generale repetitie');
	const boxes = presenter.locator('input[name="dilemmas"]');
	for (let i = 0; i < 4; i++) await boxes.nth(i).check();
	await presenter.getByLabel(nl['sessions.create.askDesired']).check();
	// The demo team's open follow-ups are offered as a first step; this spec starts on the dilemmas.
	if (await presenter.locator('#review').count()) await presenter.locator('#review').uncheck();
	await presenter.getByRole('button', { name: 'Sessie maken' }).click();
	await expect(presenter).toHaveURL(/\/presenter$/);
	const sessionId = presenter.url().match(/sessies\/([0-9a-f-]{36})\//)![1];
	const code = (await presenter.locator('.join--hero .join__code span[aria-label]').innerText()).trim();
	expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
	const titles = (await presenter.locator('.menu__item').allTextContents()).map((text) =>
		text
			.replace(/^\d+\.\s*/, '')
			.replace(/\s*·.*$/s, '')
			.trim()
	);
	expect(titles).toHaveLength(4);

	const meta = presenter.locator('.bar__meta');
	const counts = presenter.locator('.bar__counts');
	/** One press of → (or a button), then wait until the screen shows where it went. */
	async function forward(to: string, how: 'key' | 'button' = 'key') {
		if (how === 'key') await presenter.keyboard.press('ArrowRight');
		else await presenter.locator('.controls form[action="?/step"] .button--primary-large').click();
		await expect(meta).toContainText(phase(to));
	}
	/** What a room checks in every phase: it fits, it is readable, and a picture for a person to look at. */
	async function checkScreen(name: string, options: { join?: boolean } = {}) {
		await expectFitsEveryProjector(presenter, name);
		const smallest = await smallestText(presenter);
		expect(smallest.px, `smallest text on the presenter in ${name}: “${smallest.text}”`).toBeGreaterThanOrEqual(20);
		if (options.join) {
			for (const size of projectorSizes) {
				await presenter.setViewportSize(size);
				const qr = await qrBox(presenter);
				expect(Math.min(qr.width, qr.height), `QR at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(
					size.height / 4
				);
				const address = await presenter
					.locator('.join--hero .join__address')
					.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
				// Large type: 30 px at 1080 lines, the same share of any screen's height.
				expect(address, `join address type size at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(
					size.height / 36
				);
			}
			await presenter.setViewportSize(projectorSizes[0]);
		}
		await screenshot(presenter, `rehearsal-${name}`);
	}

	// The first screen invites the room to join, large.
	await expect(meta).toContainText(phase('waiting'));
	await checkScreen('1-waiting', { join: true });

	// Fifteen colleagues on phones, and 45 more over HTTP for the tallest stacks.
	const names = [
		'Sanne',
		'Youssef',
		'Ingrid',
		'Mark',
		'Aylin',
		'Joost',
		'Fatima',
		'Pieter',
		'Noor',
		'Bas',
		'Eva',
		'Daan',
		'Lotte',
		'Ravi',
		'Mieke'
	];
	const phones = await Promise.all(names.map((name) => joinOnPhone(browser, code, name)));
	const crowd: APIRequestContext[] = [];
	for (let i = 0; i < 45; i++) {
		const person = await playwright.request.newContext({
			baseURL,
			extraHTTPHeaders: { origin: baseURL, 'accept-language': 'nl-NL' }
		});
		await joinOverHttp(person, code, `Zaal ${i + 1}`);
		crowd.push(person);
	}
	await expect(counts).toContainText('60 doen mee');
	for (const phone of phones) {
		await expect(phone.locator('main h1')).toHaveText(titles[0]);
		await expect(phone.getByText(nl['phone.intro'])).toBeVisible();
	}
	await screenshot(phones[0], 'rehearsal-phone-1-waiting');

	const roundId = async () => {
		const state = await presenter.request.get(`/sessies/${sessionId}/state.json`);
		return ((await state.json()) as { round: { id: string } }).round.id;
	};
	const firstAnswers = new Map<Page, number>();

	// The four dilemmas: 15 answers spread out, 60 on one value, 1 answer, 60 spread out.
	const plans = [
		{ phones: phones.map((_, i) => 5 + i * 6), crowd: [] as number[] },
		{ phones: phones.map(() => 50), crowd: crowd.map(() => 50) },
		{ phones: [62], crowd: [] },
		{ phones: phones.map((_, i) => (i * 37) % 101), crowd: crowd.map((_, i) => (i * 53) % 101) }
	];

	for (const [index, plan] of plans.entries()) {
		const d = index + 1;
		await expect(presenter.getByRole('heading', { level: 1 })).toHaveText(titles[index]);
		if (d > 1) {
			// Each dilemma opens on its introduction, on the projector and on the phones.
			await expect(meta).toContainText(phase('waiting'));
			await checkScreen(`${d}-waiting`, { join: true });
			for (const phone of phones) await expect(phone.getByText(nl['phone.intro'])).toBeVisible();
		}

		// Voting: a first answer needs a deliberate choice; the screen counts, hiding the answers.
		await forward('position');
		await expect(phones[0].locator('form[action="?/cast"] button[type="submit"]')).toBeDisabled();
		if (d === 1) await screenshot(phones[0], 'rehearsal-phone-2-position');
		const voters = phones.slice(0, plan.phones.length);
		await Promise.all(voters.map((phone, i) => vote(phone, plan.phones[i], 100 - plan.phones[i])));
		for (const [i, phone] of voters.entries()) firstAnswers.set(phone, plan.phones[i]);
		const id = await roundId();
		for (const [i, value] of plan.crowd.entries())
			await castOverHttp(crowd[i], sessionId, id, value, Math.min(100, value + 10));
		const answered = plan.phones.length + plan.crowd.length;
		await expect(presenter.locator('.ask__count strong')).toHaveText(String(answered));
		await expect(counts).toContainText(`${answered} van 60 hebben hun positie gekozen`);
		await checkScreen(`${d}-position`);

		if (d === 1) {
			// A clicker's double press: both requests leave before either answer is back, and the
			// session moves one step, to the spread, not two.
			let held: (() => void)[] = [];
			await presenter.route(/\/presenter\?\/step$/, async (route) => {
				await new Promise<void>((release) => {
					held.push(release);
					if (held.length === 2) held.forEach((go) => go());
				});
				await route.continue();
			});
			await presenter.keyboard.press('ArrowRight');
			await presenter.keyboard.press('ArrowRight');
			await expect.poll(() => held.length).toBe(2);
			await presenter.unroute(/\/presenter\?\/step$/);
			held = [];
			await expect(meta).toContainText(phase('reveal'));
			const state = await (await presenter.request.get(`/sessies/${sessionId}/state.json`)).json();
			expect(state.round.phase).toBe('reveal');
			await expect(meta).toContainText(phase('reveal'));
		} else if (d === 3) {
			// One answer in an anonymous session: the reveal asks first (it closes the vote), and
			// then shows no dot, since a lone dot would be that one person.
			await presenter.locator('.controls form[action="?/step"] .button--primary-large').click();
			await expect(presenter.getByRole('alert')).toContainText(nl['errors.reveal_too_few_answers']);
			await checkScreen(`${d}-reveal-confirm`);
			await presenter.getByRole('button', { name: nl['presenter.confirmEmpty'] }).click();
			await expect(meta).toContainText(phase('reveal'));
			await expect(presenter.getByText(nl['presenter.tooFewToShow'])).toBeVisible();
			await expect(presenter.locator('.stage svg')).toHaveCount(0);
		} else {
			// One phone loses its connection while the spread is shown ...
			if (d === 2) await phones[2].context().setOffline(true);
			await forward('reveal', 'button');
			if (d === 2) {
				// ... and, back online, catches up by itself with its own answer intact.
				await phones[2].context().setOffline(false);
				await expect(phones[2].getByText(nl['phone.lookAtScreen'])).toBeVisible();
				await expect(phones[2].getByText(fill(nl['phone.yourPosition'], { value: 50 }))).toBeVisible();
			}
		}
		await checkScreen(`${d}-reveal`);
		if (d === 1) await screenshot(phones[0], 'rehearsal-phone-3-reveal');

		// The discussion: questions beside the chart, on the phones too, and notes that never get lost.
		await forward('discuss');
		await expect(presenter.getByRole('heading', { name: nl['presenter.prompts'] })).toBeVisible();
		await expect(phones[1].getByRole('heading', { name: nl['presenter.prompts'] })).toBeVisible();
		const notes = presenter.getByRole('textbox', { name: nl['presenter.notes'] });
		const agreements = presenter.getByRole('textbox', { name: nl['presenter.agreements'] });
		await notes.fill(d === 1 ? `## Wat opviel\n\nWe verschillen over dilemma ${d}.` : `Gesprek over dilemma ${d}.`);
		await agreements.fill(`- Afspraak ${d}: elke maand een casus samen`);
		await checkScreen(`${d}-discuss`);
		if (d === 1) {
			await screenshot(phones[1], 'rehearsal-phone-4-discuss');
			// The notes panel can be hidden and shown again; the questions stay beside the chart.
			await presenter.getByRole('button', { name: nl['presenter.notesHide'] }).click();
			await expect(notes).toBeHidden();
			await checkScreen(`${d}-discuss-without-notes`);
			await presenter.getByRole('button', { name: nl['presenter.notesShow'] }).click();
			await expect(notes).toHaveValue(/We verschillen over dilemma 1/);

			// Straight on with the step button, then back: the notes were saved with the step.
			await forward('reposition', 'button');
			await presenter.keyboard.press('ArrowLeft');
			await expect(meta).toContainText(phase('discuss'));
			await expect(notes).toHaveValue(/We verschillen over dilemma 1/);
			await expect(agreements).toHaveValue(/Afspraak 1/);
			// More typed, then a reload at once, without waiting for anything.
			await agreements.fill('- Afspraak 1: elke maand een casus samen\n- Afspraak 1b: terugkijken in maart');
			await presenter.reload();
			await expect(agreements).toHaveValue(/Afspraak 1b: terugkijken in maart/);
			await expect(presenter.locator('.notes__status')).toHaveText(nl['presenter.notesStatus.saved']);
		}

		// Re-positioning starts from each person's own first answer, marked on the track. (The
		// cursor is in the notes, where → moves the cursor: the button takes the step.)
		if (d > 1) await forward('reposition', 'button');
		else await forward('reposition');
		await checkScreen(`${d}-reposition`);
		if (plan.phones.length > 1) {
			const phone = phones[2];
			const first = firstAnswers.get(phone)!;
			await expect(phone.getByLabel(nl['instrument.now.again'])).toHaveValue(String(first));
			await expect(phone.getByText(fill(nl['phone.firstAnswer'], { value: first })).first()).toBeVisible();
			await expect(phone.locator('form[action="?/cast"] button[type="submit"]')).toBeEnabled();
			if (d === 1) await screenshot(phone, 'rehearsal-phone-5-reposition');
			// Three people move, one stays where they were.
			await Promise.all(phones.slice(3, 6).map((p) => vote(p, Math.min(100, firstAnswers.get(p)! + 12), 60, true)));
			await phone.locator('form[action="?/cast"] button[type="submit"]').click();
			await expect(phone.getByRole('status').filter({ hasText: `Opgeslagen: ${first}.` })).toBeVisible();
			await expect(counts).toContainText('4 van 60 hebben opnieuw gekozen');
			await forward('shift', 'button');
			await expect(phone.getByText(fill(nl['report.you.stayed'], { value: first }))).toBeVisible();
			await expect(
				phones[3].getByText(
					fill(nl['report.you.moved'], {
						before: firstAnswers.get(phones[3])!,
						after: Math.min(100, firstAnswers.get(phones[3])! + 12)
					})
				)
			).toBeVisible();
			if (d === 1) await screenshot(phones[3], 'rehearsal-phone-6-shift');
		} else {
			// Nobody re-positioned: showing the shift asks first, and a second → does not skip it.
			await presenter.keyboard.press('ArrowRight');
			await expect(presenter.getByRole('alert')).toContainText(nl['errors.reveal_without_answers']);
			await checkScreen(`${d}-reposition-confirm`);
			await presenter.keyboard.press('ArrowRight');
			await expect(meta).toContainText(phase('reposition'));
			await presenter.getByRole('button', { name: nl['presenter.confirmEmpty'] }).click();
			await expect(meta).toContainText(phase('shift'));
		}
		await checkScreen(`${d}-shift`);

		if (d < 4) await forward('waiting');
	}

	// Closing leads to the report; the phones keep the agreements.
	await presenter.getByRole('button', { name: /Sessie afsluiten/ }).click();
	await expect(presenter).toHaveURL(/\/rapport$/);
	for (let d = 1; d <= 4; d++)
		await expect(phones[7].getByText(`Afspraak ${d}: elke maand een casus samen`)).toBeVisible();
	await expect(phones[7].getByText('Afspraak 1b: terugkijken in maart')).toBeVisible();
	await screenshot(phones[7], 'rehearsal-phone-7-closed');

	// The printed report: at most five A4 pages for four dilemmas.
	await presenter.emulateMedia({ media: 'print' });
	const pdf = await presenter.pdf({ format: 'A4', printBackground: true });
	const pages = pdfPageCount(pdf);
	expect(pages, 'A4 pages of the printed report').toBeGreaterThan(0);
	expect(pages, 'A4 pages of the printed report').toBeLessThanOrEqual(5);

	await facilitator.context.close();
	for (const phone of phones) await phone.context().close();
	for (const person of crowd) await person.dispose();
});
