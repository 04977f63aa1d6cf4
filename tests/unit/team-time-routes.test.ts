import { describe, expect, it } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { render } from 'svelte/server';
import WithI18n from '../fixtures/WithI18n.svelte';
import { DbError } from '../../src/lib/server/db/errors';
import { load as teamLayoutLoad } from '../../src/routes/(site)/teams/[teamId]/+layout.server';
import { load as trendLoad } from '../../src/routes/(site)/teams/[teamId]/verloop/+page.server';
import { load as profileLoad } from '../../src/routes/(site)/teams/[teamId]/profiel/+page.server';
import ProfilePage from '../../src/routes/(site)/teams/[teamId]/profiel/+page.svelte';
import TrendPage from '../../src/routes/(site)/teams/[teamId]/verloop/+page.svelte';

const team = '7ea70000-0000-4000-8000-000000000001';
const s = (i: number) => `5e550000-0000-4000-8000-00000000000${i}`;
const stage = (median: number, q1: number, q3: number, extra: Partial<Record<string, number | null>> = {}) => ({
	n: 6,
	median,
	q1,
	q3,
	iqr: q3 - q1,
	desired_n: 0,
	desired_median: null,
	gap: null,
	gap_abs: null,
	...extra
});
const head = (i: number, held_on: string) => ({
	id: s(i),
	title: `Sessie ${i}`,
	held_on,
	status: 'closed' as const,
	ask_desired: true
});

type Calls = { name: string; args: Record<string, unknown> }[];
function stubDb(answers: Record<string, (args: Record<string, unknown>) => unknown>, calls: Calls = []) {
	return {
		call: async (name: string, args: Record<string, unknown>) => {
			calls.push({ name, args });
			const answer = answers[name];
			if (!answer) throw new Error(`unexpected call ${name}`);
			return answer(args);
		}
	};
}
const sessions = [
	{
		id: s(1),
		title: 'Sessie 1',
		held_on: '2025-12-01',
		status: 'closed',
		join_code: null,
		round_count: 2,
		participant_count: 6
	},
	{
		id: s(3),
		title: 'Sessie 3',
		held_on: '2026-11-01',
		status: 'open',
		join_code: 'ABC',
		round_count: 2,
		participant_count: 6
	},
	{
		id: s(2),
		title: 'Sessie 2',
		held_on: '2026-06-01',
		status: 'closed',
		join_code: null,
		round_count: 2,
		participant_count: 6
	}
];
const answers = {
	team_overview: () => ({ id: team, name: 'Wijkteam Voorbeeld', my_role: 'member', members: [], invites: [] }),
	team_sessions: () => sessions,
	dilemma_library: () => ({
		set: {},
		dilemmas: [
			{
				slug: 'zelf-doen-of-overdragen',
				number: 1,
				title: 'Zelf doen of overdragen',
				pole_left: 'Zelf doen',
				pole_right: 'Overdragen'
			}
		]
	}),
	team_trend: () => [
		{
			session_id: s(1),
			title: 'Sessie 1',
			held_on: '2025-12-01',
			status: 'closed',
			round_id: s(4),
			before: stage(30, 20, 40),
			after: null
		}
	],
	team_follow_ups: () => [],
	team_shared_reflections: () => [
		{
			id: s(5),
			author_name: 'Anne',
			mine: false,
			body_md: '**Vet** <script>x</script>',
			value: 40,
			desired: 60,
			shared_at: '2026-06-02T10:00:00Z'
		}
	],
	team_profile: (args: Record<string, unknown>) => ({
		session: head(args.sessionId === s(1) ? 1 : 2, '2026-06-01'),
		dilemmas: [
			{
				round_id: s(6),
				position: 1,
				slug: 'a-dilemma',
				phase: 'done',
				title: 'Eens',
				pole_left: 'L1',
				pole_right: 'R1',
				before: stage(50, 45, 55, { desired_n: 4, gap: 20, gap_abs: 25 }),
				after: null
			},
			{
				round_id: s(7),
				position: 2,
				slug: 'b-dilemma',
				phase: 'done',
				title: 'Oneens',
				pole_left: 'L2',
				pole_right: 'R2',
				before: stage(50, 10, 90, { desired_n: 4, gap: -5, gap_abs: 10 }),
				after: null
			},
			{
				round_id: s(8),
				position: 3,
				slug: 'c-dilemma',
				phase: 'position',
				title: 'Verborgen',
				pole_left: 'L3',
				pole_right: 'R3',
				before: null,
				after: null
			}
		]
	}),
	compare_sessions: () => ({
		a: head(1, '2025-12-01'),
		b: head(2, '2026-06-01'),
		dilemmas: [
			{
				slug: 'a-dilemma',
				title: 'Eens',
				pole_left: 'L1',
				pole_right: 'R1',
				a: { round_id: s(4), before: stage(40, 20, 60), after: null },
				b: { round_id: s(6), before: stage(50, 45, 55), after: null },
				median_change: 10,
				iqr_change: -30
			},
			{
				slug: 'b-dilemma',
				title: 'Oneens',
				pole_left: 'L2',
				pole_right: 'R2',
				a: { round_id: s(9), before: stage(55, 40, 70), after: null },
				b: { round_id: s(7), before: stage(50, 10, 90), after: null },
				median_change: -5,
				iqr_change: 50
			},
			{
				slug: 'c-dilemma',
				title: 'Nieuw',
				pole_left: 'L3',
				pole_right: 'R3',
				a: null,
				b: { round_id: s(8), before: null, after: null },
				median_change: null,
				iqr_change: null
			}
		]
	})
};

function event(path: string, teamId = team, user: object | null = { id: 'me' }, db = stubDb(answers)) {
	const url = new URL(`http://localhost${path}`);
	const ev = { locals: { user, locale: 'nl', db }, params: { teamId }, url, parent: () => teamLayoutLoad(ev as never) };
	return ev as never;
}
/** A page's data as SvelteKit gives it to the page: the team layout's (the header), then its own. */
async function pageData(load: typeof trendLoad | typeof profileLoad, ev: never) {
	const [layout, own] = await Promise.all([teamLayoutLoad(ev), load(ev)]);
	return { ...layout, ...own } as any;
}
async function status(promise: unknown): Promise<number | string> {
	try {
		await promise;
		return 'ok';
	} catch (e) {
		if (isHttpError(e)) return e.status;
		if (isRedirect(e)) return `redirect ${e.location}`;
		throw e;
	}
}
const html = (component: typeof ProfilePage | typeof TrendPage, data: unknown) =>
	render(WithI18n, { props: { component, props: { data, form: null, params: {} }, locale: 'nl' } }).body;

describe('/teams/[teamId]/verloop', () => {
	it('is for signed-in people only', async () => {
		expect(await status(trendLoad(event('/teams/x/verloop', team, null)))).toBe(
			`redirect /inloggen?next=${encodeURIComponent('/teams/x/verloop')}`
		);
	});

	it('answers a bad team id, an unknown dilemma and a refusal with a 404, never a 500', async () => {
		expect(await status(trendLoad(event('/t', 'not-a-uuid')))).toBe(404);
		expect(await status(trendLoad(event('/t?dilemma=bestaat-niet')))).toBe(404);
		expect(await status(trendLoad(event('/t?dilemma=..%2F..')))).toBe(404);
		const refusing = stubDb({
			...answers,
			team_overview: () => {
				throw new DbError(404, 'team_not_found');
			}
		});
		expect(await status(trendLoad(event('/t', team, { id: 'me' }, refusing)))).toBe(404);
	});

	it('loads the trend and the shared reflections, rendered safely, for a dilemma of the set', async () => {
		const calls: Calls = [];
		const data = await pageData(
			trendLoad,
			event('/t?dilemma=zelf-doen-of-overdragen', team, { id: 'me' }, stubDb(answers, calls))
		);
		expect(calls.map((c) => c.name).sort()).toEqual([
			'dilemma_library',
			'team_follow_ups',
			'team_overview',
			'team_shared_reflections',
			'team_trend'
		]);
		expect(data.trend).toHaveLength(1);
		expect(data.shared[0].bodyHtml).toContain('<strong>Vet</strong>');
		expect(data.shared[0].bodyHtml).not.toContain('<script');
		const body = html(TrendPage, data);
		expect(body).toContain('Door Anne');
		expect(body).toContain('role="img"');
		expect(body).toContain('Mediaan vóór het gesprek: 30 (1 december 2025), in één sessie.');
		const none = await pageData(trendLoad, event('/t'));
		expect(none.dilemma).toBeNull();
		expect(html(TrendPage, none)).toContain('href="?dilemma=zelf-doen-of-overdragen"');
	});
});

describe('/teams/[teamId]/profiel', () => {
	it('answers malformed session ids with a 404 before asking the database', async () => {
		const calls: Calls = [];
		const db = stubDb(answers, calls);
		expect(await status(profileLoad(event('/p?sessie=123', team, { id: 'me' }, db)))).toBe(404);
		expect(await status(profileLoad(event(`/p?a=${s(1)}&b=nope`, team, { id: 'me' }, db)))).toBe(404);
		expect(calls).toEqual([]);
		const foreign = stubDb({
			...answers,
			team_profile: () => {
				throw new DbError(404, 'session_not_found');
			}
		});
		expect(await status(profileLoad(event(`/p?sessie=${s(9)}`, team, { id: 'me' }, foreign)))).toBe(404);
	});

	it('shows the latest closed session by default, sorted by disagreement and by gap', async () => {
		const calls: Calls = [];
		const data = await pageData(profileLoad, event('/p', team, { id: 'me' }, stubDb(answers, calls)));
		expect(calls.find((c) => c.name === 'team_profile')?.args).toEqual({ teamId: team, sessionId: s(2), lang: 'nl' });
		expect(data.profile.disagree.map((d: any) => d.title)).toEqual(['Oneens', 'Eens']);
		expect(data.profile.gaps.map((d: any) => d.title)).toEqual(['Eens', 'Oneens']);
		expect(data.comparison).toBeNull();
		expect(data.compareDefaults).toEqual({ a: s(2), b: s(3) });
		const body = html(ProfilePage, data);
		expect(body).toContain('De leeragenda');
		expect(body).toContain('wil richting “R1”');
		expect(body).toContain('nog niet getoond');
		expect(body).not.toContain('NaN');
	});

	it('compares two sessions: what moved, converged and diverged', async () => {
		const data = await pageData(profileLoad, event(`/p?a=${s(1)}&b=${s(2)}`));
		expect(data.comparison.moved.map((d: any) => d.title)).toEqual(['Eens', 'Oneens']);
		expect(data.comparison.converged.map((d: any) => d.title)).toEqual(['Eens']);
		expect(data.comparison.diverged.map((d: any) => d.title)).toEqual(['Oneens']);
		expect(data.comparison.onlyOne).toEqual(['Nieuw']);
		const body = html(ProfilePage, data);
		expect(body).toContain('mediaan 40 → 50 (+10, richting “R1”)');
		expect(body).toContain('middelste helft 30 → 80 punten breed');
		const same = await pageData(profileLoad, event(`/p?a=${s(1)}&b=${s(1)}`));
		expect(same.comparison).toBeNull();
		expect(same.compareSame).toBe(true);
	});
});

describe('/teams/[teamId] (the team layout)', () => {
	it('asks for the team once per request, for the header and the page together', async () => {
		const calls: Calls = [];
		const data = await pageData(profileLoad, event('/p', team, { id: 'me' }, stubDb(answers, calls)));
		expect(calls.filter((c) => c.name === 'team_overview')).toHaveLength(1);
		expect(data.team).toEqual({ id: team, name: 'Wijkteam Voorbeeld', my_role: 'member' });
	});

	it('gives someone outside the team the 404 of team_overview on every page below it', async () => {
		const refusing = () =>
			stubDb({
				...answers,
				team_overview: () => {
					throw new DbError(404, 'team_not_found');
				}
			});
		expect(await status(teamLayoutLoad(event('/t', team, { id: 'me' }, refusing())))).toBe(404);
		expect(await status(profileLoad(event('/p', team, { id: 'me' }, refusing())))).toBe(404);
		expect(await status(trendLoad(event('/t', team, { id: 'me' }, refusing())))).toBe(404);
		expect(await status(teamLayoutLoad(event('/t', team, null)))).toBe(
			`redirect /inloggen?next=${encodeURIComponent('/t')}`
		);
	});
});
