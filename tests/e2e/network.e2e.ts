import { test, expect } from '@playwright/test';
import { expectAccessible, newPerson, screenshot, signedInPerson, signUp, uniqueEmail } from './support';

// The demo network (supabase/seed.sql): fifteen teams of the Associatie Wijkteams, coordinated by
// Carla; the demo team shares under its own name. Fenna facilitates the demo team.
const networkId = '4e770000-0000-4000-8000-000000000001';
const demoTeamId = '7ea70000-0000-4000-8000-000000000001';

test('the coordinator sees a populated dashboard, filters it, opens a dilemma and exports aggregates only', async ({
	browser
}) => {
	const { page } = await signedInPerson(browser, 'carla@voorbeeld.nl', 'nl', {
		viewport: { width: 1280, height: 900 }
	});
	await page.goto('/netwerken');
	await expect(page.getByText('Je bent coördinator van dit netwerk.')).toBeVisible();
	await page.getByRole('link', { name: /Bekijk het netwerk/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Associatie Wijkteams');

	// Twenty dilemmas, each with a chart whose text alternative counts at least ten teams.
	const charts = page.locator('.card-grid figure svg[role="img"]');
	await expect(charts).toHaveCount(20);
	const label = (await charts.first().getAttribute('aria-label')) ?? '';
	expect(Number(/(\d+) teams/.exec(label)?.[1])).toBeGreaterThanOrEqual(10);
	// The two teams below the threshold are left out, and it says so.
	await expect(page.getByText(/Weggelaten: 2/).first()).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Waar de praktijk het meest verschilt' })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '40-network-dashboard');

	// A quarter and a size class: fewer dilemmas (five per quarter in the seed), still no error.
	await page.getByLabel('Periode').selectOption({ index: 2 });
	await page.getByLabel('Teamgrootte').selectOption('klein');
	await page.getByRole('button', { name: 'Toon' }).click();
	await expect(page).toHaveURL(/periode=\d{4}-q[1-4]/);
	await expect(page).toHaveURL(/grootte=klein/);
	await expect(page.getByRole('heading', { name: /kwartaal/ })).toBeVisible();

	// A dilemma on which Wijkteam Noord (a seeded team: no other spec holds sessions for it, as
	// they do for the demo team today) wrote its reading for its latest year.
	await page.goto(`/netwerken/${networkId}/zelf-doen-of-overdragen`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zelf doen of overdragen');
	// Named teams by name, the others by label; the named teams' reading beside them.
	await expect(page.getByRole('rowheader', { name: 'Wijkteam Noord', exact: true }).first()).toBeVisible();
	await expect(page.getByRole('rowheader', { name: /^Team [A-Z]+$/ }).first()).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Duiding door de teams' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Het netwerk door de tijd' })).toBeVisible();
	await expectAccessible(page);
	await screenshot(page, '41-network-dilemma');

	const csv = await page.request.get(`/netwerken/${networkId}/export.csv?niveau=team&periode=jaar`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const text = await csv.text();
	expect(text).toContain('periode,dilemma,titel,team,met naam,mediaan');
	expect(text).toContain('Wijkteam Noord');
	// No person's name travels: neither the demo people nor the generated members.
	for (const name of ['Fenna', 'Sanne', 'Youssef', 'Ingrid', 'Mark', 'Lid 1']) expect(text).not.toContain(name);
	// Unnamed teams never appear under their own name.
	expect(text).not.toContain('Wijkteam Centrum');
});

test('the facilitator withdraws the team and it leaves the network at once; sharing again brings it back', async ({
	browser
}) => {
	const { page: fenna } = await signedInPerson(browser, 'fenna@voorbeeld.nl', 'nl');
	const { page: carla } = await signedInPerson(browser, 'carla@voorbeeld.nl', 'nl');
	// Last year: the demo team's session of twelve months ago is its latest there, whatever
	// sessions other specs close today (a period shows each team's latest session in it).
	const lastYear = new Date().getUTCFullYear() - 1;
	const detail = `/netwerken/${networkId}/optreden-of-terugtreden?periode=${lastYear}`;
	await carla.goto(detail);
	await expect(carla.getByRole('rowheader', { name: 'Wijkteam Voorbeeld', exact: true }).first()).toBeVisible();

	await fenna.goto(`/teams/${demoTeamId}/netwerk`);
	await expect(fenna.getByRole('heading', { name: /Ons team tegenover het netwerk/ })).toBeVisible();
	await expectAccessible(fenna);
	await screenshot(fenna, '42-team-network');
	const sharing = fenna.getByLabel(/Deel onze resultaten/);
	await sharing.uncheck();
	await fenna.getByRole('button', { name: 'Opslaan', exact: true }).click();
	await expect(fenna.getByText('Opgeslagen. Het netwerk ziet de wijziging meteen.')).toBeVisible();
	await expect(fenna.getByText('Je team doet mee, maar deelt nog niets.')).toBeVisible();
	await expect(fenna.getByText(/Deel jullie resultaten om die van het netwerk te zien/)).toBeVisible();

	await carla.reload();
	await expect(carla.getByRole('rowheader', { name: 'Wijkteam Voorbeeld', exact: true })).toHaveCount(0);
	await expect(carla.getByRole('rowheader', { name: 'Team O', exact: true })).toHaveCount(0);

	// Sharing again, but under the anonymous label: the name and the reading stay inside.
	await fenna.getByLabel(/Deel onze resultaten/).check();
	await fenna.getByLabel(/Toon onze teamnaam/).uncheck();
	await fenna.getByRole('button', { name: 'Opslaan', exact: true }).click();
	// Hiding the name draws a new label: "Team O" was seen beside the name.
	const status = fenna.getByText(/deelt zijn resultaten anoniem, als “Team [A-Z]+”/);
	await expect(status).toBeVisible();
	const label = /“(Team [A-Z]+)”/.exec((await status.textContent()) ?? '')![1];
	expect(label).not.toBe('Team O');
	await carla.reload();
	await expect(carla.getByRole('rowheader', { name: label, exact: true }).first()).toBeVisible();
	await expect(carla.getByRole('rowheader', { name: 'Team O', exact: true })).toHaveCount(0);
	await expect(carla.getByText('Wijkteam Voorbeeld')).toHaveCount(0);
	await expect(carla.getByText('Wij zijn een jong team')).toHaveCount(0);

	// Back as it was, for the other tests.
	await fenna.getByLabel(/Toon onze teamnaam/).check();
	await fenna.getByRole('button', { name: 'Opslaan', exact: true }).click();
	await expect(fenna.getByText('Wijkteam Voorbeeld deelt zijn resultaten onder eigen naam.')).toBeVisible();
});

test('a reading belongs to one result: written on the team page, shown beside that dilemma only', async ({
	browser
}) => {
	const { page: fenna } = await signedInPerson(browser, 'fenna@voorbeeld.nl', 'nl');
	const { page: carla } = await signedInPerson(browser, 'carla@voorbeeld.nl', 'nl');
	const text = 'Generalistisch met specialisten dichtbij: onze duiding vanuit de e2e-test.';
	await fenna.goto(`/teams/${demoTeamId}/netwerk`);
	const field = fenna.getByLabel(/Onze duiding van dit resultaat\s*: Generalist of specialist/);
	await field.fill(text);
	await fenna.getByRole('button', { name: /Duiding opslaan\s*: Generalist of specialist/ }).click();
	await expect(fenna.getByText('Duiding opgeslagen.')).toBeVisible();
	await expect(field).toHaveValue(text);

	await carla.goto(`/netwerken/${networkId}/generalist-of-specialist`);
	await expect(carla.getByText(text)).toBeVisible();
	await expect(carla.getByRole('heading', { name: 'Duiding door de teams' })).toBeVisible();
	for (const other of ['zelf-doen-of-overdragen', 'toegang-of-casusregie']) {
		await carla.goto(`/netwerken/${networkId}/${other}`);
		await expect(carla.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(carla.getByText(text)).toHaveCount(0);
	}
	// An empty reading removes it.
	await field.fill('');
	await fenna.getByRole('button', { name: /Duiding opslaan\s*: Generalist of specialist/ }).click();
	await expect(fenna.getByText('Duiding opgeslagen.')).toBeVisible();
	await carla.goto(`/netwerken/${networkId}/generalist-of-specialist`);
	await expect(carla.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(carla.getByText(text)).toHaveCount(0);
});

test('bad network input gets a translated 4xx, never a 500', async ({ browser }) => {
	const { page } = await signedInPerson(browser, 'sanne@voorbeeld.nl', 'nl');
	for (const [path, status, message] of [
		[`/netwerken/${networkId}?periode=2099`, 400, 'Kies een kwartaal of een jaar uit de lijst.'],
		[`/netwerken/${networkId}?periode=2026-q9`, 400, 'Kies een kwartaal of een jaar uit de lijst.'],
		[`/netwerken/${networkId}?grootte=enorm`, 400, 'Kies klein, middelgroot of groot.'],
		[`/netwerken/not-a-uuid`, 404, 'Dit netwerk bestaat niet'],
		[`/netwerken/00000000-0000-4000-8000-000000000000`, 404, 'Dit netwerk bestaat niet'],
		[`/netwerken/${networkId}/geen-dilemma`, 404, 'Dit dilemma bestaat niet']
	] as const) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(status);
		await expect(page.getByText(message).first()).toBeVisible();
	}
	for (const query of ['niveau=alles', 'periode=maand', 'niveau=team&periode=%00']) {
		const response = await page.request.get(`/netwerken/${networkId}/export.csv?${query}`);
		expect(response.status(), query).toBe(400);
	}
	// A member may not change the network's threshold or their team's sharing.
	const threshold = await page.request.post(`/netwerken/${networkId}?/threshold`, {
		form: { minContributors: '3' },
		headers: { origin: new URL(page.url()).origin, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect(await threshold.json()).toMatchObject({ type: 'failure', status: 404 });
	await page.goto(`/netwerken/${networkId}`);
	await expect(page.getByText(/minstens 5 verschillende mensen/)).toBeVisible();
});

test('a new team asks to join, sees nothing until the coordinator lets it in, and sees the figures only once it shares', async ({
	browser
}) => {
	const { page: newcomer } = await newPerson(browser, 'nl');
	await signUp(newcomer, 'Noor Nieuw', uniqueEmail('aanmelding'));
	await newcomer.getByLabel('Naam van het team').fill('Wijkteam Aanvraag');
	await newcomer.getByRole('button', { name: 'Team maken' }).click();
	await expect(newcomer).toHaveURL(/\/teams\/[0-9a-f-]{36}(\?|$)/);
	const teamId = /\/teams\/([0-9a-f-]{36})/.exec(newcomer.url())![1];
	await newcomer.goto(`/teams/${teamId}/netwerk`);
	const section = newcomer.getByRole('region', { name: 'Associatie Wijkteams' });
	await section.getByRole('button', { name: /Vraag om mee te doen/ }).click();
	await expect(
		newcomer.getByText('Gevraagd. Een coördinator van het netwerk beslist of je team mee mag doen.')
	).toBeVisible();
	await expect(newcomer.getByText(/Je team heeft gevraagd om mee te doen/)).toBeVisible();
	// Pending: the network is not there for this team.
	expect((await newcomer.goto(`/netwerken/${networkId}`))?.status()).toBe(404);

	const { page: carla } = await signedInPerson(browser, 'carla@voorbeeld.nl', 'nl', {
		viewport: { width: 1280, height: 720 }
	});
	await carla.goto(`/netwerken/${networkId}`);
	const requests = carla.getByRole('region', { name: 'Aanmeldingen' });
	await expect(requests.getByText('Wijkteam Aanvraag', { exact: true })).toBeVisible();
	await expect(requests.getByText('Wijkteam Bloemenbuurt', { exact: true })).toBeVisible();
	await requests.scrollIntoViewIfNeeded();
	await expectAccessible(carla);
	await carla.screenshot({ path: 'tests/e2e/screenshots/43-network-requests.png' });
	await requests.getByRole('button', { name: /^Toelaten\W+Wijkteam Aanvraag/ }).click();
	await expect(carla.getByText(/^Toegelaten\./)).toBeVisible();
	await expect(requests.getByText('Wijkteam Aanvraag', { exact: true })).toHaveCount(0);

	// In, sharing nothing: the network, without its figures, and why.
	await newcomer.goto(`/netwerken/${networkId}`);
	await expect(newcomer.getByText(/De cijfers van het netwerk zijn er voor teams die zelf delen/)).toBeVisible();
	await expect(newcomer.getByRole('heading', { name: /Resultaten/ })).toHaveCount(0);
	await newcomer.goto(`/teams/${teamId}/netwerk`);
	await expect(newcomer.getByText('Je team doet mee, maar deelt nog niets.')).toBeVisible();
	await newcomer.getByLabel(/Deel onze resultaten/).check();
	await newcomer.getByRole('button', { name: 'Opslaan', exact: true }).click();
	await expect(newcomer.getByText('Opgeslagen. Het netwerk ziet de wijziging meteen.')).toBeVisible();
	await newcomer.goto(`/netwerken/${networkId}`);
	await expect(newcomer.getByRole('heading', { name: /Resultaten/ })).toBeVisible();
});
