/**
 * Accessibility of every page route, in Dutch and English: axe with the WCAG 2.1 A/AA rules
 * finds nothing (any impact), every Tab stop shows a focus indicator with 3:1 contrast, and no
 * page scrolls sideways at 320 CSS pixels (reflow).
 * Pages are visited as a visitor, the demo facilitator, the demo member and a newcomer (empty
 * states), with forms in their error states; the live session (presenter in every phase, phones,
 * report) has a test of its own. A guard fails when a route has a +page.svelte but no visit here.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import sessionMessages from '../../src/lib/i18n/messages/sessions';
import {
	axeViolations,
	demoFacilitator,
	demoMember,
	demoTeamId,
	newPerson,
	phoneViewport,
	screenshot,
	signedInPerson,
	uniqueEmail,
	type Locale
} from './support';
import { walkFocus } from './keyboard';

test.describe.configure({ mode: 'parallel' });

const locales: Locale[] = ['nl', 'en'];
const closedDemoSession = '5e550000-0000-4000-8000-000000000004';
const firstDemoSession = '5e550000-0000-4000-8000-000000000001';
const sannePrivateReflection = 'ef100000-0000-4000-8000-000000000001';
const sanneSharedReflection = 'ef100000-0000-4000-8000-000000000002';
const slug = 'zelf-doen-of-overdragen';
const demoNetworkId = '4e770000-0000-4000-8000-000000000001';
const sharedSlug = 'optreden-of-terugtreden';
/** Tab stops checked per page. */
const focusStops = 40;

// ---------------------------------------------------------------------------------------------
// Which routes exist, and which URL belongs to which

const routesDir = 'src/routes';

/** Route ids ("/teams/[teamId]") of every folder under src/routes with a +page.svelte. */
function pageRoutes(dir = routesDir): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) found.push(...pageRoutes(path));
		else if (entry === '+page.svelte') {
			const id = relative(routesDir, dir)
				.split(sep)
				.filter((part) => part && !/^\(.*\)$/.test(part))
				.join('/');
			found.push(`/${id}`);
		}
	}
	return found.sort();
}

/** The pathnames a route id matches. */
function routePattern(route: string): RegExp {
	const source = route
		.split('/')
		.filter(Boolean)
		.map((part) =>
			/^\[\[.+\]\]$/.test(part)
				? '(?:/[^/]+)?'
				: /^\[.+\]$/.test(part)
					? '/[^/]+'
					: `/${part.replace(/[.*+?^${}()|\\]/g, '\\$&')}`
		)
		.join('');
	return new RegExp(`^${source || '/'}$`);
}

// ---------------------------------------------------------------------------------------------
// The visits

type Actor = 'visitor' | 'facilitator' | 'member' | 'newcomer';

interface Fixtures {
	/** A valid invite link token of the demo team. */
	inviteToken: string;
	/** The join code of an open session of the demo team. */
	joinCode: string;
	/** The newcomer's own team, once made in the newcomer's visits. */
	newTeamId?: string;
}

interface Visit {
	/** The route id (folder under src/routes), or 'error' for a URL no route answers. */
	route: string;
	state: string;
	as: Actor;
	/** Goes to the page and brings it into the state. */
	open: (page: Page, f: Fixtures) => Promise<unknown>;
	/** A page answering with an error (the route's +error rendering). */
	error?: boolean;
}

const submitIn = (page: Page, form: string) => page.locator(`main form${form} button[type="submit"]`).first().click();
const expectErrorShown = (page: Page) =>
	expect(page.locator('main .field__error, main [role="alert"]').first()).toBeVisible();

const visits: Visit[] = [
	// Visitors
	{ route: '/', state: 'home', as: 'visitor', open: (p) => p.goto('/') },
	{
		route: '/',
		state: 'account deleted',
		as: 'visitor',
		open: async (p) => {
			await p.goto('/?account=verwijderd');
			await expect(p.locator('main [role="status"]')).toBeVisible();
		}
	},
	{ route: '/dilemmas', state: 'library', as: 'visitor', open: (p) => p.goto('/dilemmas') },
	{ route: '/dilemmas/[slug]', state: 'dilemma', as: 'visitor', open: (p) => p.goto(`/dilemmas/${slug}`) },
	{
		route: '/dilemmas/[slug]',
		state: 'unknown dilemma',
		as: 'visitor',
		error: true,
		open: (p) => p.goto('/dilemmas/bestaat-niet')
	},
	{ route: '/dilemmas/kaarten', state: 'cards', as: 'visitor', open: (p) => p.goto('/dilemmas/kaarten') },
	{ route: '/inloggen', state: 'form', as: 'visitor', open: (p) => p.goto('/inloggen') },
	{
		route: '/inloggen',
		state: 'empty fields',
		as: 'visitor',
		open: async (p) => {
			await p.goto('/inloggen');
			await submitIn(p, '');
			await expectErrorShown(p);
		}
	},
	{
		route: '/inloggen',
		state: 'wrong password',
		as: 'visitor',
		open: async (p) => {
			await p.goto('/inloggen');
			await p.locator('input[name="email"]').fill('niemand@voorbeeld.test');
			await p.locator('input[name="password"]').fill('verkeerd wachtwoord');
			await submitIn(p, '');
			await expect(p.locator('main [role="alert"]')).toBeVisible();
		}
	},
	{
		route: '/inloggen',
		state: 'sent here from a members page',
		as: 'visitor',
		open: async (p) => {
			await p.goto('/reflecties');
			await expect(p).toHaveURL(/\/inloggen\?next=/);
		}
	},
	{ route: '/registreren', state: 'form', as: 'visitor', open: (p) => p.goto('/registreren') },
	{
		route: '/registreren',
		state: 'every field wrong',
		as: 'visitor',
		open: async (p) => {
			await p.goto('/registreren');
			await p.locator('input[name="email"]').fill('geen-adres');
			await p.locator('input[name="password"]').fill('kort');
			await submitIn(p, '');
			await expect(p.locator('main .field__error')).toHaveCount(3);
		}
	},
	{ route: '/doe-mee/[[code]]', state: 'without code', as: 'visitor', open: (p) => p.goto('/doe-mee') },
	{
		route: '/doe-mee/[[code]]',
		state: 'with the code of an open session',
		as: 'visitor',
		open: async (p, f) => {
			await p.goto(`/doe-mee/${f.joinCode}`);
			await expect(p.locator('input[name="code"]')).toHaveValue(f.joinCode);
		}
	},
	{
		route: '/doe-mee/[[code]]',
		state: 'empty fields',
		as: 'visitor',
		open: async (p) => {
			await p.goto('/doe-mee');
			await submitIn(p, '');
			await expectErrorShown(p);
		}
	},
	{
		route: '/doe-mee/[[code]]',
		state: 'unknown code',
		as: 'visitor',
		open: async (p) => {
			await p.goto('/doe-mee');
			await p.locator('input[name="code"]').fill('ZZZZZZ');
			await p.locator('input[name="displayName"]').fill('Test');
			await submitIn(p, '');
			await expectErrorShown(p);
		}
	},
	{
		route: '/uitnodiging/[token]',
		state: 'valid invite, not logged in',
		as: 'visitor',
		open: (p, f) => p.goto(`/uitnodiging/${f.inviteToken}`)
	},
	{
		route: '/uitnodiging/[token]',
		state: 'unknown invite',
		as: 'visitor',
		error: true,
		open: (p) => p.goto(`/uitnodiging/${'0'.repeat(64)}`)
	},
	{ route: 'error', state: 'page not found', as: 'visitor', error: true, open: (p) => p.goto('/bestaat-niet') },

	// The demo facilitator
	{ route: '/', state: 'home with teams', as: 'facilitator', open: (p) => p.goto('/') },
	{ route: '/teams', state: 'my teams', as: 'facilitator', open: (p) => p.goto('/teams') },
	{
		route: '/teams/[teamId]',
		state: 'team as facilitator',
		as: 'facilitator',
		open: (p) => p.goto(`/teams/${demoTeamId}`)
	},
	{ route: '/netwerken', state: 'networks', as: 'facilitator', open: (p) => p.goto('/netwerken') },
	{
		route: '/netwerken/[networkId]',
		state: 'dashboard, newest year',
		as: 'facilitator',
		open: (p) => p.goto(`/netwerken/${demoNetworkId}`)
	},
	{
		route: '/netwerken/[networkId]',
		state: 'dashboard, a quarter and small teams',
		as: 'facilitator',
		open: async (p) => {
			await p.goto(`/netwerken/${demoNetworkId}`);
			await p.locator('select[name="periode"]').selectOption({ index: 2 });
			await p.locator('select[name="grootte"]').selectOption('klein');
			await submitIn(p, '.filters');
			await expect(p).toHaveURL(/grootte=klein/);
		}
	},
	{
		route: '/netwerken/[networkId]',
		state: 'unknown period',
		as: 'facilitator',
		error: true,
		open: (p) => p.goto(`/netwerken/${demoNetworkId}?periode=1999`)
	},
	{
		route: '/netwerken/[networkId]/[slug]',
		state: 'one dilemma across teams',
		as: 'facilitator',
		open: (p) => p.goto(`/netwerken/${demoNetworkId}/${slug}`)
	},
	{
		route: '/teams/[teamId]/netwerk',
		state: 'settings and our team against the network',
		as: 'facilitator',
		open: (p) => p.goto(`/teams/${demoTeamId}/netwerk`)
	},
	{
		route: '/teams/[teamId]/netwerk',
		state: 'as a member (read only)',
		as: 'member',
		open: (p) => p.goto(`/teams/${demoTeamId}/netwerk`)
	},
	{
		route: '/teams/[teamId]',
		state: 'new invite link',
		as: 'facilitator',
		open: async (p) => {
			await p.goto(`/teams/${demoTeamId}`);
			await submitIn(p, '[action="?/createInvite"]');
			await expect(p.locator('main [role="status"]')).toBeVisible();
		}
	},
	{
		route: '/teams/[teamId]',
		state: 'rename without a name',
		as: 'facilitator',
		open: async (p) => {
			await p.goto(`/teams/${demoTeamId}`);
			await p.locator('form[action="?/rename"] input[name="name"]').fill('');
			await submitIn(p, '[action="?/rename"]');
			await expectErrorShown(p);
		}
	},
	{
		route: '/teams/[teamId]/dilemmas',
		state: 'sets and import',
		as: 'facilitator',
		open: (p) => p.goto(`/teams/${demoTeamId}/dilemmas`)
	},
	{
		route: '/teams/[teamId]/dilemmas',
		state: 'import with problems',
		as: 'facilitator',
		open: async (p) => {
			await p.goto(`/teams/${demoTeamId}/dilemmas`);
			await p.locator('input[name="name"]').fill('Kapotte set');
			await p.locator('textarea[name="bundle"]').fill('--- 01-kapot.md\nGeen frontmatter.');
			await submitIn(p, '[action="?/preview"]');
			await expect(p.locator('main [role="alert"]').first()).toBeVisible();
		}
	},
	{
		route: '/teams/[teamId]/profiel',
		state: 'profile of the latest session',
		as: 'facilitator',
		open: (p) => p.goto(`/teams/${demoTeamId}/profiel`)
	},
	{
		route: '/teams/[teamId]/profiel',
		state: 'two sessions compared',
		as: 'facilitator',
		open: (p) => p.goto(`/teams/${demoTeamId}/profiel?a=${firstDemoSession}&b=${closedDemoSession}`)
	},
	{
		route: '/teams/[teamId]/verloop',
		state: 'no dilemma chosen',
		as: 'facilitator',
		open: (p) => p.goto(`/teams/${demoTeamId}/verloop`)
	},
	{
		route: '/teams/[teamId]/verloop',
		state: 'trend with a shared reflection',
		as: 'facilitator',
		open: (p) => p.goto(`/teams/${demoTeamId}/verloop?dilemma=${sharedSlug}`)
	},
	{
		route: '/teams/[teamId]/sessies/nieuw',
		state: 'form',
		as: 'facilitator',
		open: (p) => p.goto(`/teams/${demoTeamId}/sessies/nieuw`)
	},
	{
		route: '/teams/[teamId]/sessies/nieuw',
		state: 'no title, no dilemmas',
		as: 'facilitator',
		open: async (p) => {
			await p.goto(`/teams/${demoTeamId}/sessies/nieuw`);
			await submitIn(p, '');
			await expect(p.locator('main .field__error')).toHaveCount(2);
		}
	},
	{ route: '/profiel', state: 'form', as: 'facilitator', open: (p) => p.goto('/profiel') },
	{
		route: '/profiel',
		state: 'empty name',
		as: 'facilitator',
		open: async (p) => {
			await p.goto('/profiel');
			await p.locator('input[name="displayName"]').fill('');
			await submitIn(p, '');
			await expectErrorShown(p);
		}
	},
	{ route: '/reflecties', state: 'no reflections yet', as: 'facilitator', open: (p) => p.goto('/reflecties') },
	{
		route: '/reflecties/nieuw',
		state: 'choose a dilemma',
		as: 'facilitator',
		open: (p) => p.goto('/reflecties/nieuw')
	},
	{
		route: '/reflecties/nieuw',
		state: 'editor',
		as: 'facilitator',
		open: async (p) => {
			await p.goto(`/reflecties/nieuw?dilemma=${slug}`);
			await expect(p).toHaveURL(/[?&]id=/);
		}
	},
	{
		route: '/mijn-geschiedenis/[slug]',
		state: 'positions from sessions',
		as: 'facilitator',
		open: (p) => p.goto(`/mijn-geschiedenis/${sharedSlug}`)
	},
	{ route: '/mijn-gegevens', state: 'export and delete', as: 'facilitator', open: (p) => p.goto('/mijn-gegevens') },
	{
		route: '/mijn-gegevens',
		state: 'wrong confirmation word',
		as: 'facilitator',
		open: async (p) => {
			await p.goto('/mijn-gegevens');
			await p.locator('input[name="confirm"]').fill('nee');
			await submitIn(p, '[action="?/deleteAccount"]');
			await expect(p.locator('main [role="alert"]')).toBeVisible();
		}
	},
	{
		route: '/sessies/[sessionId]/rapport',
		state: 'closed session as facilitator',
		as: 'facilitator',
		open: (p) => p.goto(`/sessies/${closedDemoSession}/rapport`)
	},
	{
		route: '/dilemmas',
		state: 'the team’s library',
		as: 'facilitator',
		open: (p) => p.goto(`/dilemmas?team=${demoTeamId}`)
	},
	{
		route: '/dilemmas/[slug]',
		state: 'dilemma with reflection links',
		as: 'facilitator',
		open: (p) => p.goto(`/dilemmas/${slug}?team=${demoTeamId}`)
	},

	// The demo member
	{ route: '/teams/[teamId]', state: 'team as member', as: 'member', open: (p) => p.goto(`/teams/${demoTeamId}`) },
	{
		route: '/teams/[teamId]/dilemmas',
		state: 'sets as member',
		as: 'member',
		open: (p) => p.goto(`/teams/${demoTeamId}/dilemmas`)
	},
	{ route: '/reflecties', state: 'reflections', as: 'member', open: (p) => p.goto('/reflecties') },
	{ route: '/reflecties', state: 'filtered', as: 'member', open: (p) => p.goto(`/reflecties?dilemma=${sharedSlug}`) },
	{
		route: '/reflecties/[id]',
		state: 'private reflection',
		as: 'member',
		open: (p) => p.goto(`/reflecties/${sannePrivateReflection}`)
	},
	{
		route: '/reflecties/[id]',
		state: 'shared reflection',
		as: 'member',
		open: (p) => p.goto(`/reflecties/${sanneSharedReflection}`)
	},
	{
		route: '/mijn-geschiedenis/[slug]',
		state: 'sessions and reflections',
		as: 'member',
		open: (p) => p.goto(`/mijn-geschiedenis/${sharedSlug}`)
	},
	{
		route: '/sessies/[sessionId]/rapport',
		state: 'closed session as member',
		as: 'member',
		open: (p) => p.goto(`/sessies/${closedDemoSession}/rapport`)
	},
	{
		route: '/sessies/[sessionId]/presenter',
		state: 'refused to a member',
		as: 'member',
		error: true,
		open: (p) => p.goto(`/sessies/${closedDemoSession}/presenter`)
	},
	{
		route: '/uitnodiging/[token]',
		state: 'already a member',
		as: 'member',
		open: (p, f) => p.goto(`/uitnodiging/${f.inviteToken}`)
	},

	// A newcomer: every empty state
	{ route: '/', state: 'home without teams', as: 'newcomer', open: (p) => p.goto('/') },
	{ route: '/teams', state: 'no teams', as: 'newcomer', open: (p) => p.goto('/teams') },
	{
		route: '/teams',
		state: 'team without a name',
		as: 'newcomer',
		open: async (p) => {
			await p.goto('/teams');
			await submitIn(p, '');
			await expectErrorShown(p);
		}
	},
	{ route: '/reflecties', state: 'no reflections', as: 'newcomer', open: (p) => p.goto('/reflecties') },
	{
		route: '/mijn-geschiedenis/[slug]',
		state: 'no history',
		as: 'newcomer',
		open: (p) => p.goto(`/mijn-geschiedenis/${slug}`)
	},
	{
		route: '/reflecties/nieuw',
		state: 'a draft left in this browser, to restore',
		as: 'newcomer',
		open: async (p) => {
			await p.goto(`/reflecties/nieuw?dilemma=${slug}`);
			await expect(p).toHaveURL(/[?&]id=/);
			const id = new URL(p.url()).searchParams.get('id')!;
			// What the editor keeps in localStorage when the tab closes before an autosave.
			await p.evaluate(
				(key) => localStorage.setItem(key, JSON.stringify({ body: 'Half af', value: 40, desired: null })),
				`werkplaats:reflectie:${id}`
			);
			await p.reload();
			await expect(p.locator('main .restore[role="alert"]')).toBeVisible();
		}
	},
	{
		route: '/uitnodiging/[token]',
		state: 'logged in, can accept',
		as: 'newcomer',
		open: (p, f) => p.goto(`/uitnodiging/${f.inviteToken}`)
	},
	{
		route: '/teams/[teamId]',
		state: 'new team, no sessions',
		as: 'newcomer',
		open: async (p, f) => {
			await p.goto('/teams');
			await p.locator('input[name="name"]').fill('Wijkteam Leeg');
			await submitIn(p, '');
			await expect(p).toHaveURL(/\/teams\/[0-9a-f-]{36}/);
			f.newTeamId = new URL(p.url()).pathname.split('/')[2];
		}
	},
	{
		route: '/teams/[teamId]/profiel',
		state: 'no sessions',
		as: 'newcomer',
		open: (p, f) => p.goto(`/teams/${f.newTeamId}/profiel`)
	},
	{
		route: '/teams/[teamId]/verloop',
		state: 'no sessions',
		as: 'newcomer',
		open: (p, f) => p.goto(`/teams/${f.newTeamId}/verloop?dilemma=${slug}`)
	}
];

/** Covered by the live session test below. */
const sessionRoutes = ['/sessie/[sessionId]', '/sessies/[sessionId]/presenter', '/sessies/[sessionId]/rapport'];

// ---------------------------------------------------------------------------------------------

test('every page route has an accessibility visit', () => {
	const covered = new Set([...visits.map((v) => v.route), ...sessionRoutes]);
	const routes = pageRoutes();
	const missing = routes.filter((route) => !covered.has(route));
	expect(
		missing,
		`These routes have a +page.svelte but no visit in tests/e2e/accessibility.e2e.ts; add them to \`visits\`: ${missing.join(', ')}`
	).toEqual([]);
	const stale = [...covered].filter((route) => route !== 'error' && !routes.includes(route));
	expect(stale, `Visits for routes that no longer exist: ${stale.join(', ')}`).toEqual([]);
});

let fixtures: Fixtures;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	const { context, page } = await signedInPerson(browser, demoFacilitator, 'nl');
	await page.goto(`/teams/${demoTeamId}`);
	await page.getByRole('button', { name: 'Maak uitnodigingslink' }).click();
	const link = page.getByLabel('Uitnodigingslink', { exact: true });
	await expect(link).toHaveValue(/\/uitnodiging\/[a-f0-9]{64}$/);
	const inviteToken = (await link.inputValue()).split('/').pop()!;

	await page.goto(`/teams/${demoTeamId}/sessies/nieuw`);
	await page.getByLabel('Titel van de sessie').fill('Toegankelijkheid: open sessie');
	await page.getByRole('checkbox', { name: 'Zelf doen of overdragen' }).check();
	// Straight to the dilemma: the review of follow-ups is checked in learning-loop.e2e.ts.
	if (await page.locator('#review').count()) await page.locator('#review').uncheck();
	await page.getByRole('button', { name: 'Sessie maken' }).click();
	await expect(page).toHaveURL(/\/presenter$/);
	const joinCode = (await page.locator('.join--hero .join__code span[aria-label]').innerText()).trim();
	fixtures = { inviteToken, joinCode };
	await context.close();
});

const accounts: Record<Exclude<Actor, 'visitor' | 'newcomer'>, string> = {
	facilitator: demoFacilitator,
	member: demoMember
};

async function personFor(browser: Browser, actor: Actor, locale: Locale) {
	if (actor !== 'visitor' && actor !== 'newcomer') return signedInPerson(browser, accounts[actor], locale);
	const person = await newPerson(browser, locale);
	if (actor === 'newcomer') {
		await person.page.goto('/registreren');
		await person.page.locator('input[name="displayName"]').fill(locale === 'nl' ? 'Nina Nieuw' : 'Nina New');
		await person.page.locator('input[name="email"]').fill(uniqueEmail('a11y'));
		await person.page.locator('input[name="password"]').fill('een lange zin als wachtwoord');
		await person.page.getByRole('main').locator('button[type="submit"]').click();
		await expect(person.page).toHaveURL(/\/teams$/);
	}
	return person;
}

const fileName = (text: string) =>
	text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

/**
 * WCAG 1.4.10 (reflow): at 320 CSS pixels wide the page must not scroll sideways. Returns the
 * elements that stick out past the right edge (outermost first), empty when the page fits. A
 * table inside a box of its own that scrolls is allowed (the criterion's exception for data tables).
 */
async function overflowAt320(page: Page): Promise<string[]> {
	const size = page.viewportSize();
	await page.setViewportSize({ width: 320, height: 640 });
	try {
		return await page.evaluate(() => {
			const root = document.documentElement;
			if (root.scrollWidth <= root.clientWidth) return [];
			const edge = root.clientWidth + 1;
			const sticking = [...document.body.querySelectorAll<HTMLElement>('*')].filter(
				(el) => el.getBoundingClientRect().right > edge && el.getClientRects().length > 0
			);
			const outermost = sticking.filter((el) => !sticking.includes(el.parentElement as HTMLElement));
			const describe = (el: Element) =>
				`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}> ${Math.round(el.getBoundingClientRect().right)}px`;
			return [`page ${root.scrollWidth}px wide`, ...outermost.slice(0, 5).map(describe)];
		});
	} finally {
		if (size) await page.setViewportSize(size);
	}
}

/** Axe on the page (and, once per language run, a focus walk, the reflow check and a screenshot). */
async function check(page: Page, label: string, { focus, shot }: { focus: boolean; shot?: string }) {
	expect.soft(await axeViolations(page), `axe on ${label} (${page.url()})`).toEqual([]);
	if (focus) {
		const stops = await walkFocus(page, focusStops);
		expect.soft(stops.length, `${label}: no Tab stop at all`).toBeGreaterThan(0);
		const invisible = stops.filter((stop) => !stop.visible).map((stop) => `${stop.element}: ${stop.why}`);
		expect.soft(invisible, `focus not visible on ${label} (${page.url()})`).toEqual([]);
		expect.soft(await overflowAt320(page), `${label} scrolls sideways at 320 pixels wide (${page.url()})`).toEqual([]);
	}
	if (shot) await screenshot(page, shot);
}

for (const locale of locales) {
	for (const actor of ['visitor', 'facilitator', 'member', 'newcomer'] as const) {
		test(`every page as ${actor} in ${locale === 'nl' ? 'Dutch' : 'English'}: no axe violation, focus always visible`, async ({
			browser
		}) => {
			test.setTimeout(600_000);
			const { context, page } = await personFor(browser, actor, locale);
			const f: Fixtures = { ...fixtures };
			for (const visit of visits.filter((v) => v.as === actor)) {
				const label = `${visit.route} (${visit.state}, ${actor}, ${locale})`;
				const response = await visit.open(page, f);
				await expect(page.locator('html')).toHaveAttribute('lang', locale);
				const pathname = new URL(page.url()).pathname;
				if (visit.route !== 'error') {
					expect(pathname, `${label} landed elsewhere`).toMatch(routePattern(visit.route));
				}
				const status =
					response && typeof response === 'object' && 'status' in response
						? (response as { status(): number }).status()
						: undefined;
				if (status !== undefined) {
					if (visit.error) expect(status, label).toBeGreaterThanOrEqual(400);
					else expect(status, label).toBeLessThan(400);
				}
				await check(page, label, {
					focus: locale === 'nl',
					shot: `a11y-${locale}-${actor}-${fileName(`${visit.route}-${visit.state}`)}`
				});
			}
			await context.close();
		});
	}
}

// ---------------------------------------------------------------------------------------------
// The live session: the presenter in every phase, phones, the report; both languages at once

test('a live session in both languages: presenter in every phase, phones and report have no axe violation', async ({
	browser
}) => {
	test.setTimeout(600_000);
	const messages = sessionMessages as Record<Locale, Record<string, string>>;
	const presenters = {} as Record<Locale, Page>;
	const phones = {} as Record<Locale, Page>;
	const contexts = [];
	for (const locale of locales) {
		const presenter = await signedInPerson(browser, demoFacilitator, locale, {
			viewport: { width: 1366, height: 900 }
		});
		presenters[locale] = presenter.page;
		contexts.push(presenter.context);
	}

	// The facilitator makes the session (asking for the desired position as well).
	const nl = presenters.nl;
	await nl.goto(`/teams/${demoTeamId}/sessies/nieuw`);
	await nl.getByLabel('Titel van de sessie').fill('Toegankelijkheid: alle fasen');
	await nl.getByRole('checkbox', { name: 'Zelf doen of overdragen' }).check();
	await nl.getByRole('checkbox', { name: 'Optreden of terugtreden' }).check();
	await nl.getByLabel('Vraag ook: waar willen we naartoe?').check();
	// Named: two phones' answers are shown (an anonymous spread needs three).
	await nl.getByLabel('Namen tonen bij de uitslag').check();
	if (await nl.locator('#review').count()) await nl.locator('#review').uncheck();
	await nl.getByRole('button', { name: 'Sessie maken' }).click();
	await expect(nl).toHaveURL(/\/presenter$/);
	const presenterUrl = nl.url();
	const sessionPath = new URL(presenterUrl).pathname.replace(/\/presenter$/, '');
	const code = (await nl.locator('.join--hero .join__code span[aria-label]').innerText()).trim();
	await presenters.en.goto(presenterUrl);

	for (const locale of locales) {
		const phone = await newPerson(browser, locale, { viewport: phoneViewport, isMobile: true, hasTouch: true });
		await phone.page.goto(`/doe-mee/${code}`);
		await phone.page.locator('input[name="displayName"]').fill(locale === 'nl' ? 'Telefoon NL' : 'Phone EN');
		await phone.page.getByRole('main').locator('button[type="submit"]').click();
		await expect(phone.page).toHaveURL(/\/sessie\/[0-9a-f-]{36}$/);
		expect(new URL(phone.page.url()).pathname).toMatch(routePattern('/sessie/[sessionId]'));
		phones[locale] = phone.page;
		contexts.push(phone.context);
	}
	expect(new URL(presenterUrl).pathname).toMatch(routePattern('/sessies/[sessionId]/presenter'));

	const phaseShown = async (phase: string, position = 1) => {
		for (const locale of locales) {
			const meta = presenters[locale].locator('.bar__meta');
			await expect(meta).toContainText(messages[locale][`presenter.phase.${phase}`]);
			await expect(meta).toContainText(
				messages[locale]['phone.dilemmaOf'].replace('{position}', String(position)).replace('{count}', '2')
			);
		}
	};
	const checkAll = async (phase: string, { focus = false } = {}) => {
		for (const locale of locales) {
			await check(presenters[locale], `presenter, ${phase} (${locale})`, {
				focus: focus && locale === 'nl',
				shot: `a11y-${locale}-presenter-${phase}`
			});
			await check(phones[locale], `phone, ${phase} (${locale})`, {
				focus: focus && locale === 'nl',
				shot: `a11y-${locale}-phone-${phase}`
			});
		}
	};
	const cast = async (locale: Locale, value: number) => {
		const phone = phones[locale];
		// Where the team stands now, and where it should be (this session asks both).
		await phone.locator('input[type="range"]').nth(0).fill(String(value));
		await phone
			.locator('input[type="range"]')
			.nth(1)
			.fill(String(100 - value));
		await phone.locator('form[action="?/cast"] button[type="submit"]').click();
		await expect(phone.locator('main [role="status"]')).toContainText(String(value));
	};
	const step = async () => {
		await nl.locator('main').focus();
		await nl.keyboard.press('ArrowRight');
	};

	await expect(presenters.en.locator('.bar__counts')).toContainText('2');
	await phaseShown('waiting');
	await checkAll('waiting', { focus: true });

	await step();
	await phaseShown('position');
	for (const locale of locales) await expect(phones[locale].locator('form[action="?/cast"]')).toBeVisible();
	await checkAll('position', { focus: true });
	await cast('nl', 20);
	await cast('en', 70);
	await checkAll('position-saved');

	await step();
	await phaseShown('reveal');
	for (const locale of locales)
		await expect(phones[locale].getByText(messages[locale]['phone.lookAtScreen'])).toBeVisible();
	await checkAll('reveal');

	await step();
	await phaseShown('discuss');
	await nl.locator('#notesMd').fill('We **verschillen** over de caseload.');
	await nl.locator('#agreementsMd').fill('- Elke maand een casus samen bespreken');
	// Saved while typing: no button to press.
	await expect(nl.locator('.notes__status')).toHaveAttribute('data-status', 'saved');
	await checkAll('discuss', { focus: true });

	await nl.locator('main').focus();
	await step();
	await phaseShown('reposition');
	await checkAll('reposition');
	await cast('nl', 45);
	await checkAll('reposition-saved');

	await step();
	await phaseShown('shift');
	await expect(phones.nl.getByText('Je ging van 20 naar 45.')).toBeVisible();
	await checkAll('shift', { focus: true });

	// The report of the open session, then the next dilemma and closing.
	for (const locale of locales) {
		const report = await presenters[locale].context().newPage();
		await report.goto(`${sessionPath}/rapport`);
		expect(new URL(report.url()).pathname).toMatch(routePattern('/sessies/[sessionId]/rapport'));
		await check(report, `report of an open session (${locale})`, {
			focus: locale === 'nl',
			shot: `a11y-${locale}-report-open`
		});
		await report.close();
	}

	// The next dilemma opens on its introduction.
	await step();
	await phaseShown('waiting', 2);
	await checkAll('second-dilemma');
	await nl.locator('main').focus();
	await step();
	await phaseShown('position', 2);
	await cast('nl', 60);
	for (const phase of ['reveal', 'discuss', 'reposition']) {
		await step();
		await phaseShown(phase, 2);
	}
	await cast('en', 35);
	await step();
	await phaseShown('shift', 2);
	await nl.locator('form[action="?/close"] button[type="submit"]').click();
	await expect(nl).toHaveURL(/\/rapport$/);
	await presenters.en.goto(`${sessionPath}/rapport`);
	for (const locale of locales) {
		await expect(phones[locale].locator('main h1')).toHaveText(messages[locale]['phone.closed']);
		await check(presenters[locale], `report of a closed session (${locale})`, {
			focus: false,
			shot: `a11y-${locale}-report-closed`
		});
		await check(phones[locale], `phone, closed (${locale})`, {
			focus: locale === 'nl',
			shot: `a11y-${locale}-phone-closed`
		});
	}
	for (const context of contexts) await context.close();
});
