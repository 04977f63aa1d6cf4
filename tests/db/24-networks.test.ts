import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, type ApiArgs, type ApiFunction } from '$lib/server/db/api';
import type { TeamSize } from '$lib/domain/network-schemas';
import { DbError } from '$lib/server/db/errors';
import { DbClient, anonymousVisitor, serverItself, type Actor } from '$lib/server/db/port';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { seedDemo } from '$lib/server/db/migrate';
import {
	asSuperuser,
	engines,
	expectDbError,
	expectSqlError,
	permissionDenied,
	rawCall,
	sqlAs,
	type TestDatabase
} from './harness';
import { as, createPerson, joinTeam } from './factories';
import { builtinSlugs, createSession, roundsOf } from './sessions-cast';

// Networks of teams (migration 20261123190000): opt-in sharing, the threshold k, unanimous cells,
// who may call what, that no individual leaves a team, differencing, cells computed on close, bad
// input, and the demo network of seed.sql. One database per engine for the whole file (opening
// PGlite is the slow part); tests that change settings put them back.

const [D1, D2, D3] = builtinSlugs;
const Q1 = '2025-01-01';
const Q2 = '2025-04-01';
const Q3 = '2025-07-01';
const Q4 = '2025-10-01';
const Y25 = '2025-01-01';

type Person = Actor & { kind: 'user' };
/** A person's point in one round: before the discussion, and after it where given. */
type Vote = [Person, number] | [Person, number, number];

/** Network functions of the API registry (db/api/networks.ts), in the order the access table below lists them. */
const networkFunctions = [
	'my_networks',
	'network_overview',
	'network_dashboard',
	'network_dilemma',
	'network_export',
	'team_vs_network',
	'team_network_settings',
	'save_team_network',
	'save_network_reading',
	'leave_network',
	'set_network_threshold',
	'network_requests',
	'decide_network_request',
	'process_network_queue'
] as const satisfies readonly ApiFunction[];
type NetworkFunction = (typeof networkFunctions)[number];

/** PostgreSQL's percentile_cont, for the expected numbers. */
function percentile(values: number[], p: number): number {
	const s = [...values].sort((a, b) => a - b);
	const r = p * (s.length - 1);
	const lo = Math.floor(r);
	const hi = Math.ceil(r);
	return s[lo] + (s[hi] - s[lo]) * (r - lo);
}
const bySlug = (a: { slug: string }, b: { slug: string }) => (a.slug < b.slug ? -1 : 1);
const round1 = (x: number) => Math.round(x * 10) / 10;
/** What a view says about these team medians: SQL rounds the spread of teams to one decimal. */
const spread = (medians: number[]) => ({
	teams: medians.length,
	median: round1(percentile(medians, 0.5)),
	q1: round1(percentile(medians, 0.25)),
	q3: round1(percentile(medians, 0.75)),
	min: Math.min(...medians),
	max: Math.max(...medians)
});

/** Every number in an output that could be a position (counts, thresholds and bins left out). */
function numbersIn(value: unknown, key = '', out: number[] = []): number[] {
	if (['teams', 'team_count', 'suppressed', 'min_contributors', 'contributors', 'bins'].includes(key)) return out;
	if (typeof value === 'number') out.push(value);
	else if (Array.isArray(value)) for (const v of value) numbersIn(v, key, out);
	else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbersIn(v, k, out);
	return out;
}

/** The output with every `suppressed` count taken out. */
function withoutSuppressed(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutSuppressed);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value)
				.filter(([k]) => k !== 'suppressed')
				.map(([k, v]) => [k, withoutSuppressed(v)])
		);
	}
	return value;
}

/**
 * The world, built through the API wherever there is one. Network "Netwerk Proef" (k = 5) with a
 * coordinator, and five teams that joined in this order (so their labels are Team A … E):
 * - P "Wijkteam Paarse Poort", named, with a reading. P1 (2025-02-10): D1 by five people
 *   (11 23 37 56 68 → 37), D2 by four (→ suppressed). P2 (2025-05-12): D1 by the same five
 *   (13 26 39 54 71) and a newcomer (47) → 43. P3 (2025-06-25) is still open: D1 revealed with six
 *   extreme values that must never count.
 * - Q "Buurtteam Kwekerij", shares under its label only (its reading must never leave it).
 *   Q1s (2025-03-05): D1 by six, one of whom moved after the discussion (30 → 89) → 53;
 *   D2 by six → 52.5. Q2s (2025-06-02): D1 by six → 61.
 * - S "Wijkteam Klein", named. S1 (2025-04-08): D1 by six → 53.5. S2 (2025-05-20): D1 by four of
 *   them, each before and after the discussion (eight points, four people) → 59, suppressed.
 * - U "Wijkteam Unisono", named. U1 (2025-04-15): D1 everyone different before the discussion and
 *   44 after it (unanimous); D2 by six → 58.
 * - H "Wijkteam Verborgen" joined but does not share. H1 (2025-08-14, the only session in Q3):
 *   D1 by five → 40.
 * Outside the network: team O (a closed session of its own) and team Z of network "Netwerk Elders".
 * Everyone's profile name starts with "Geheim" and their name in sessions with "Deelnemer".
 */
async function buildWorld(db: TestDatabase) {
	const everyone: Person[] = [];
	const teamOf = new Map<string, string>();
	const person = async (label: string, anonymous = false) => {
		const p = await createPerson(db, { name: `Geheim ${label}`, anonymous });
		everyone.push(p);
		return p;
	};
	const team = async (key: string, name: string, guests: number) => {
		const facilitator = await person(`${key} facilitator`);
		const member = await person(`${key} lid`);
		const { id } = await as(db, facilitator).call('create_team', { name });
		await joinTeam(db, facilitator, id, member);
		const voters: Person[] = [member];
		for (let i = 2; i <= guests + 1; i++) voters.push(await person(`${key}${i}`, true));
		for (const p of [facilitator, ...voters]) teamOf.set(p.userId, key);
		return { key, name, id, facilitator, member, voters };
	};
	const joinName = (p: Person) => `Deelnemer ${p.userId.slice(0, 6)}`;

	const P = await team('P', 'Wijkteam Paarse Poort', 5);
	const Q = await team('Q', 'Buurtteam Kwekerij', 5);
	const S = await team('S', 'Wijkteam Klein', 5);
	const U = await team('U', 'Wijkteam Unisono', 5);
	const H = await team('H', 'Wijkteam Verborgen', 4);
	const O = await team('O', 'Wijkteam Buiten', 4);
	const Z = await team('Z', 'Wijkteam Elders', 0);
	type Team = typeof P;

	/** A session through the API: people join by code, each round is opened, voted and revealed. */
	async function hold(t: Team, title: string, heldOn: string, plan: [string, Vote[]][], close = true) {
		const lead = as(db, t.facilitator);
		const s = await createSession(db, t.facilitator, t.id, { title, heldOn, slugs: plan.map(([slug]) => slug) });
		const voters = [...new Set(plan.flatMap(([, votes]) => votes.map(([p]) => p)))];
		for (const p of voters) await as(db, p).call('join_session', { code: s.join_code, displayName: joinName(p) });
		const rounds = await roundsOf(db, s.id);
		for (const [i, [, votes]] of plan.entries()) {
			const position = i + 1;
			const roundId = rounds[i].id;
			await lead.call('set_round_phase', { sessionId: s.id, position, phase: 'position' });
			for (const [p, before] of votes) await as(db, p).call('cast_position', { roundId, value: before, desired: null });
			await lead.call('set_round_phase', { sessionId: s.id, position, phase: 'reveal' });
			const after = votes.filter((v): v is [Person, number, number] => v.length === 3);
			if (after.length > 0) {
				await lead.call('set_round_phase', { sessionId: s.id, position, phase: 'reposition' });
				for (const [p, , value] of after) await as(db, p).call('cast_position', { roundId, value, desired: null });
			}
		}
		if (close) await lead.call('set_session_status', { sessionId: s.id, status: 'closed' });
		return { id: s.id, joinCode: s.join_code, rounds };
	}
	const votes = (t: Team, values: number[]): Vote[] => values.map((v, i) => [t.voters[i], v]);

	const [p1, p2, p3, p4, p5, p6] = P.voters;
	const sessions = {
		P1: await hold(P, 'Paars voorjaar', '2025-02-10', [
			[D1, votes(P, [11, 23, 37, 56, 68])],
			[D2, votes(P, [14, 29, 62, 83])]
		]),
		P2: await hold(P, 'Paars lente', '2025-05-12', [
			[
				D1,
				[
					[p1, 13],
					[p2, 26],
					[p3, 39],
					[p4, 54],
					[p5, 71],
					[p6, 47]
				]
			]
		]),
		P3: await hold(P, 'Paars zomer (open)', '2025-06-25', [[D1, votes(P, [3, 6, 8, 96, 98, 99])]], false),
		Q1s: await hold(Q, 'Kwekerij winter', '2025-03-05', [
			[D1, [...votes(Q, [18, 31, 42, 64, 77]), [Q.voters[5], 30, 89]]],
			[D2, votes(Q, [12, 27, 46, 59, 73, 94])]
		]),
		Q2s: await hold(Q, 'Kwekerij zomer', '2025-06-02', [[D1, votes(Q, [16, 34, 55, 67, 79, 92])]]),
		S1: await hold(S, 'Klein met gasten', '2025-04-08', [[D1, votes(S, [21, 32, 50, 57, 69, 81])]]),
		S2: await hold(S, 'Klein onder ons', '2025-05-20', [
			[
				D1,
				[
					[S.voters[0], 15, 19],
					[S.voters[1], 36, 38],
					[S.voters[2], 74, 80],
					[S.voters[3], 87, 84]
				]
			]
		]),
		U1: await hold(U, 'Unisono', '2025-04-15', [
			[D1, [7, 20, 70, 76, 82, 97].map((v, i): Vote => [U.voters[i], v, 44])],
			[D2, votes(U, [24, 35, 51, 65, 72, 86])]
		]),
		H1: await hold(H, 'Verborgen', '2025-08-14', [[D1, votes(H, [17, 28, 40, 66, 93])]]),
		O1: await hold(O, 'Buiten', '2025-03-20', [[D1, votes(O, [22, 33, 60, 85, 91])]])
	};
	/** Every point anyone cast, per team (before and after): what must never leave the team. */
	const cast: Record<string, number[]> = {
		P: [11, 23, 37, 56, 68, 14, 29, 62, 83, 13, 26, 39, 54, 71, 47, 3, 6, 8, 96, 98, 99],
		Q: [18, 31, 42, 64, 77, 30, 89, 12, 27, 46, 59, 73, 94, 16, 34, 55, 67, 79, 92],
		S: [21, 32, 50, 57, 69, 81, 15, 19, 36, 38, 74, 80, 87, 84],
		U: [7, 20, 70, 76, 82, 97, 44, 24, 35, 51, 65, 72, 86],
		H: [17, 28, 40, 66, 93],
		O: [22, 33, 60, 85, 91]
	};
	/** Medians of every cell, shown or not; only the first six may reach the network at k = 5. */
	const medians = {
		P1D1: 37,
		P2D1: 43,
		Q1D1: 53,
		Q1D2: 52.5,
		Q2D1: 61,
		U1D2: 58,
		P1D2: 45.5,
		S1D1: 53.5,
		S2D1: 59,
		U1D1: 44,
		H1D1: 40,
		O1D1: 60
	};

	// A private reflection, shared with team P: never part of any network output.
	const reflectionId = randomUUID();
	await as(db, P.member).call('save_reflection', {
		id: reflectionId,
		dilemmaSlug: D1,
		bodyMd: 'Geheime reflectie: ik twijfel over zelf doen.',
		value: 5,
		desired: 95,
		isDraft: false,
		expectedVersion: 0
	});
	await as(db, P.member).call('share_reflection', { reflectionId, teamId: P.id });

	// There is no API to create a network or to name its coordinator (an administrator does that,
	// by design), so that setup goes past RLS. Everything after it goes through the API.
	const networkId: string = randomUUID();
	const otherNetworkId: string = randomUUID();
	const coordinator = await person('coordinator');
	await asSuperuser(
		db,
		`insert into app.networks (id, name, description_md) values ($1, 'Netwerk Proef', 'Een netwerk om te proberen.'),
		 ($2, 'Netwerk Elders', '')`,
		[networkId, otherNetworkId]
	);
	await asSuperuser(db, `insert into app.network_coordinators (network_id, user_id) values ($1, $2)`, [
		networkId,
		coordinator.userId
	]);

	const readings = {
		P: 'Paarse Poort duidt: wij doen bewust veel zelf.',
		Q: 'Kwekerij duidt: dit blijft binnen ons eigen team.',
		H: 'Verborgen duidt: nog even niet delen.'
	};
	const settings = {
		P: { sharing: true, showName: true, interpretationMd: readings.P },
		Q: { sharing: true, showName: false, interpretationMd: readings.Q },
		S: { sharing: true, showName: true, interpretationMd: '' },
		U: { sharing: true, showName: true, interpretationMd: '' },
		H: { sharing: false, showName: false, interpretationMd: readings.H }
	};
	for (const t of [P, Q, S, U, H]) {
		const key = t.key as keyof typeof settings;
		await as(db, t.facilitator).call('save_team_network', { teamId: t.id, networkId, ...settings[key] });
		// A request to join waits for the coordinator (migration 20261204180000).
		await as(db, coordinator).call('decide_network_request', { networkId, teamId: t.id, decision: 'approve' });
	}
	// Readings per dilemma and period (migration 20261204130000). P is named: its readings show,
	// each only beside its own result. P's D2 result in Q1 is suppressed (four people), so that
	// reading never shows. Q shares under its label: its reading never leaves Q.
	const dilemmaReadings = {
		PD1Q1: 'Paars over D1 in het eerste kwartaal.',
		PD1Y25: 'Paars over D1 in heel 2025.',
		PD2Q1: 'Paars over D2 in het eerste kwartaal.',
		QD1Q1: 'Kwekerij over D1 in het eerste kwartaal.'
	};
	const writeReading = (t: Team, slug: string, periodKind: 'quarter' | 'year', periodStart: string, bodyMd: string) =>
		as(db, t.facilitator).call('save_network_reading', {
			teamId: t.id,
			networkId,
			dilemmaSlug: slug,
			periodKind,
			periodStart,
			bodyMd
		});
	await writeReading(P, D1, 'quarter', Q1, dilemmaReadings.PD1Q1);
	await writeReading(P, D1, 'year', Y25, dilemmaReadings.PD1Y25);
	await writeReading(P, D2, 'quarter', Q1, dilemmaReadings.PD2Q1);
	await writeReading(Q, D1, 'quarter', Q1, dilemmaReadings.QD1Q1);

	await as(db, Z.facilitator).call('save_team_network', {
		teamId: Z.id,
		networkId: otherNetworkId,
		sharing: true,
		showName: true,
		interpretationMd: ''
	});
	// Netwerk Elders has no coordinator: an administrator lets Z in, past the API.
	await asSuperuser(db, `update app.network_teams set status = 'approved' where network_id = $1`, [otherNetworkId]);

	return {
		P,
		Q,
		S,
		U,
		H,
		O,
		Z,
		everyone,
		teamOf,
		coordinator,
		networkId,
		otherNetworkId,
		sessions,
		cast,
		medians,
		readings,
		dilemmaReadings,
		writeReading,
		settings,
		reflectionId,
		anonymousParticipant: p2,
		newcomer: p6,
		person,
		hold,
		votes
	};
}
type World = Awaited<ReturnType<typeof buildWorld>>;

describe.each(engines)('networks on %s', (_engine, open) => {
	let db: TestDatabase;
	let w: World;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		w = await buildWorld(db);
	}, 240_000);
	afterAll(async () => {
		await db?.close();
	});

	type Key = 'P' | 'Q' | 'S' | 'U' | 'H';
	/** Each team's label in network N as it is now (a label changes when a team hides its name). */
	const labelsNow = async (): Promise<Record<Key, string>> => {
		const rows = await asSuperuser(
			db,
			`select team_id, private.team_label(label_no) as label from app.network_teams where network_id = $1`,
			[w.networkId]
		);
		const of = (key: Key) => String(rows.find((r) => r.team_id === w[key].id)?.label);
		return { P: of('P'), Q: of('Q'), S: of('S'), U: of('U'), H: of('H') };
	};
	let L: Record<Key, string>;
	beforeEach(async () => {
		L = await labelsNow();
	});
	/** A team takes part again after leaving: it asks, and the coordinator lets it in. */
	const rejoin = async (
		team: World['P'],
		settings: { sharing: boolean; showName: boolean; interpretationMd: string | null }
	) => {
		await as(db, team.facilitator).call('save_team_network', { teamId: team.id, networkId: w.networkId, ...settings });
		await as(db, w.coordinator).call('decide_network_request', {
			networkId: w.networkId,
			teamId: team.id,
			decision: 'approve'
		});
	};

	// --- reading helpers --------------------------------------------------------------------------

	const dilemma = (who: Actor, slug: string, periodKind: 'quarter' | 'year', periodStart: string) =>
		as(db, who).call('network_dilemma', { networkId: w.networkId, dilemmaSlug: slug, periodKind, periodStart });
	/** A dilemma in a period as the network sees it: [label, name, median] per team, and the held-back count. */
	const seen = async (who: Actor, slug: string, periodKind: 'quarter' | 'year', periodStart: string) => {
		const d = await dilemma(who, slug, periodKind, periodStart);
		return { teams: d.teams.map((t) => [t.label, t.name, t.median]), suppressed: d.suppressed };
	};
	const dashboard = (
		who: Actor,
		periodKind: 'quarter' | 'year',
		periodStart: string,
		teamSize: 'small' | 'medium' | 'large' | null = null
	) => as(db, who).call('network_dashboard', { networkId: w.networkId, periodKind, periodStart, teamSize });
	const dashboardRow = async (who: Actor, periodKind: 'quarter' | 'year', periodStart: string, slug: string) =>
		(await dashboard(who, periodKind, periodStart)).dilemmas.find((d) => d.slug === slug);
	const exportRows = (who: Actor, periodKind: 'quarter' | 'year', level: 'network' | 'team') =>
		as(db, who).call('network_export', { networkId: w.networkId, periodKind, level });
	const save = (team: World['P'], settings: { sharing: boolean; showName: boolean; interpretationMd: string }) =>
		as(db, team.facilitator).call('save_team_network', { teamId: team.id, networkId: w.networkId, ...settings });

	const periods = [
		['quarter', Q1],
		['quarter', Q2],
		['quarter', Q3],
		['quarter', Q4],
		['year', Y25]
	] as const;

	/** Everything a viewer can get out of the network functions about network N (and their own team). */
	/** A view refused to a team that shares nothing ("give to get") is recorded as such. */
	const orWithheld = <T>(call: Promise<T>) =>
		call.catch((error: unknown) => {
			if (error instanceof DbError && error.key === 'share_to_see') return { withheld: 'share_to_see' };
			throw error;
		});
	async function everything(who: Actor, ownTeam?: string, sizes: readonly (TeamSize | null)[] = [null, 'small']) {
		const me = as(db, who);
		const out: unknown[] = [
			await me.call('my_networks', {}),
			await me.call('network_overview', { networkId: w.networkId })
		];
		for (const [kind, start] of periods) {
			for (const teamSize of sizes) out.push(await orWithheld(dashboard(who, kind, start, teamSize)));
			for (const slug of [D1, D2, D3]) out.push(await orWithheld(dilemma(who, slug, kind, start)));
		}
		for (const kind of ['quarter', 'year'] as const) {
			for (const level of ['network', 'team'] as const) out.push(await orWithheld(exportRows(who, kind, level)));
		}
		if (ownTeam) {
			out.push(await orWithheld(me.call('team_vs_network', { teamId: ownTeam, networkId: w.networkId })));
			out.push(await me.call('team_network_settings', { teamId: ownTeam }));
		}
		return out;
	}

	// --- the world ---------------------------------------------------------------------------------

	it('the close trigger computed one cell per closed session and revealed dilemma: distinct people, their last point', async () => {
		const rows = await asSuperuser(
			db,
			`select s.title, c.dilemma_slug, c.contributors, c.median::float8 as median, c.unanimous
			 from app.network_cells c join app.sessions s on s.id = c.session_id
			 where c.team_id = any ($1::uuid[]) order by s.held_on, c.dilemma_slug`,
			[[w.P.id, w.Q.id, w.S.id, w.U.id, w.H.id, w.O.id]]
		);
		const d = (slug: string) => (slug === D1 ? 'D1' : 'D2');
		const byText = (a: unknown[], b: unknown[]) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
		expect(
			rows.map((r) => [r.title, d(String(r.dilemma_slug)), r.contributors, r.median, r.unanimous]).sort(byText)
		).toEqual(
			[
				['Paars voorjaar', 'D1', 5, 37, false],
				['Paars voorjaar', 'D2', 4, 45.5, false],
				['Kwekerij winter', 'D1', 6, 53, false],
				['Kwekerij winter', 'D2', 6, 52.5, false],
				['Buiten', 'D1', 5, 60, false],
				['Klein met gasten', 'D1', 6, 53.5, false],
				['Unisono', 'D1', 6, 44, true],
				['Unisono', 'D2', 6, 58, false],
				['Paars lente', 'D1', 6, 43, false],
				['Klein onder ons', 'D1', 4, 59, false],
				['Kwekerij zomer', 'D1', 6, 61, false],
				['Verborgen', 'D1', 5, 40, false]
			].sort(byText)
		);
		// The open session has positions (revealed) but no cell.
		const open = await asSuperuser(
			db,
			`select (select count(*) from app.positions p join app.session_rounds r on r.id = p.round_id
			          where r.session_id = $1)::int as positions,
			        (select count(*) from app.network_cells where session_id = $1)::int as cells`,
			[w.sessions.P3.id]
		);
		expect(open).toEqual([{ positions: 6, cells: 0 }]);
	});

	it('every period cell is exactly one session’s cell (the latest of the team in that period), never a pool', async () => {
		const mismatches = await asSuperuser(
			db,
			`select pc.* from app.network_period_cells pc
			 left join app.network_cells c on c.session_id = pc.session_id and c.dilemma_slug = pc.dilemma_slug
			 where c.session_id is null or (c.team_id, c.held_on, c.contributors, c.median, c.unanimous)
			       is distinct from (pc.team_id, pc.held_on, pc.contributors, pc.median, pc.unanimous)
			    or exists (select 1 from app.network_cells later
			               where later.team_id = pc.team_id and later.dilemma_slug = pc.dilemma_slug
			                 and date_trunc(pc.period_kind, later.held_on::timestamp)::date = pc.period_start
			                 and later.held_on > pc.held_on)`
		);
		expect(mismatches).toEqual([]);
		const p = await asSuperuser(
			db,
			`select period_kind, period_start::text, session_id, contributors from app.network_period_cells
			 where team_id = $1 and dilemma_slug = $2 order by period_kind, period_start`,
			[w.P.id, D1]
		);
		expect(p).toEqual([
			{ period_kind: 'quarter', period_start: Q1, session_id: w.sessions.P1.id, contributors: 5 },
			{ period_kind: 'quarter', period_start: Q2, session_id: w.sessions.P2.id, contributors: 6 },
			{ period_kind: 'year', period_start: Y25, session_id: w.sessions.P2.id, contributors: 6 }
		]);
	});

	// --- 1. opt-in -----------------------------------------------------------------------------------

	describe('opt-in', () => {
		it('a joined team with sharing off contributes nothing: no period, no cell, no row', async () => {
			const overview = await as(db, w.coordinator).call('network_overview', { networkId: w.networkId });
			expect(overview.quarters).toEqual([Q2, Q1]);
			expect(overview.years).toEqual([Y25]);
			expect((await dashboard(w.coordinator, 'quarter', Q3)).dilemmas).toEqual([]);
			expect(await seen(w.coordinator, D1, 'quarter', Q3)).toEqual({ teams: [], suppressed: 0 });
			expect((await seen(w.coordinator, D1, 'year', Y25)).teams.map(([label]) => label)).toEqual([L.P, L.Q]);
			const out = JSON.stringify(await everything(w.coordinator));
			expect(out).not.toContain(L.H);
			expect(numbersIn(await everything(w.coordinator))).not.toContain(w.medians.H1D1);
		});

		it('turning sharing on shows the team on the next call; turning it off removes it on the very next call', async () => {
			const before = await everything(w.coordinator);
			await save(w.H, { ...w.settings.H, sharing: true });
			try {
				const overview = await as(db, w.coordinator).call('network_overview', { networkId: w.networkId });
				expect(overview.quarters).toEqual([Q3, Q2, Q1]);
				expect(await seen(w.coordinator, D1, 'quarter', Q3)).toEqual({ teams: [[L.H, null, 40]], suppressed: 0 });
				expect((await seen(w.coordinator, D1, 'year', Y25)).teams).toEqual([
					[L.H, null, 40],
					[L.P, 'Wijkteam Paarse Poort', 43],
					[L.Q, null, 61]
				]);
				expect((await exportRows(w.coordinator, 'quarter', 'team')).filter((r) => r.period_start === Q3)).toEqual([
					{ period_start: Q3, slug: D1, team: L.H, named: false, median: 40 }
				]);
			} finally {
				await save(w.H, w.settings.H);
			}
			expect(await everything(w.coordinator)).toEqual(before);
		});

		it('leaving removes the team at once, and a coordinator may remove it too; rejoining draws a new label, never an old one', async () => {
			const before = await everything(w.coordinator);
			const labelBefore = L.H;
			try {
				await save(w.H, { ...w.settings.H, sharing: true });
				await as(db, w.H.facilitator).call('leave_network', { teamId: w.H.id, networkId: w.networkId });
				expect(await everything(w.coordinator)).toEqual(before);
				const mine = (await as(db, w.H.member).call('team_network_settings', { teamId: w.H.id })).find(
					(n) => n.network_id === w.networkId
				);
				expect(mine).toMatchObject({ joined: false, status: null, sharing: false, label: null, interpretation_md: '' });
				await expectDbError(
					as(db, w.H.member).call('network_overview', { networkId: w.networkId }),
					404,
					'network_not_found'
				);

				// Rejoining is a new request; once let in, H carries a label nobody had before.
				await rejoin(w.H, { ...w.settings.H, sharing: true });
				const rejoined = (await labelsNow()).H;
				expect(rejoined).not.toBe(labelBefore);
				expect(await seen(w.coordinator, D1, 'quarter', Q3)).toEqual({ teams: [[rejoined, null, 40]], suppressed: 0 });
				await as(db, w.coordinator).call('leave_network', { teamId: w.H.id, networkId: w.networkId });
				expect(await everything(w.coordinator)).toEqual(before);
			} finally {
				await rejoin(w.H, w.settings.H);
			}
			expect(await everything(w.coordinator)).toEqual(before);
		});

		it('a named team shows name and reading; a team under its label shows neither, in the dilemma view and the export', async () => {
			expect((await dilemma(w.coordinator, D1, 'quarter', Q1)).teams).toEqual([
				{
					label: L.P,
					name: 'Wijkteam Paarse Poort',
					median: 37,
					is_mine: false,
					interpretation_md: w.dilemmaReadings.PD1Q1
				},
				{ label: L.Q, name: null, median: 53, is_mine: false, interpretation_md: null }
			]);
			expect((await exportRows(w.coordinator, 'quarter', 'team')).filter((r) => r.period_start === Q1)).toEqual([
				{ period_start: Q1, slug: D1, team: 'Wijkteam Paarse Poort', named: true, median: 37 },
				{ period_start: Q1, slug: D1, team: L.Q, named: false, median: 53 },
				{ period_start: Q1, slug: D2, team: L.Q, named: false, median: 52.5 }
			]);
			// Team Q's name and reading (both say "Kwekerij") reach nobody outside Q.
			for (const who of [w.coordinator, w.P.member, w.U.facilitator]) {
				expect(JSON.stringify(await everything(who))).not.toContain('Kwekerij');
			}
			// Inside Q they are there.
			const own = await as(db, w.Q.member).call('team_network_settings', { teamId: w.Q.id });
			expect(own.find((n) => n.network_id === w.networkId)).toMatchObject({
				joined: true,
				sharing: true,
				show_name: false,
				label: L.Q,
				interpretation_md: w.readings.Q
			});
		});

		it('show_name off leaves only the label everywhere (no name, no reading); on again brings both back', async () => {
			await save(w.P, { ...w.settings.P, showName: false });
			try {
				const hidden = (await labelsNow()).P;
				const out = JSON.stringify([...(await everything(w.coordinator)), ...(await everything(w.Q.member, w.Q.id))]);
				expect(out).not.toContain('Paarse Poort');
				expect(out).toContain(hidden);
				expect((await exportRows(w.coordinator, 'year', 'team')).find((r) => r.team === hidden)).toMatchObject({
					named: false
				});
			} finally {
				await save(w.P, w.settings.P);
			}
			const teams = (await dilemma(w.coordinator, D1, 'quarter', Q1)).teams;
			expect(teams[0]).toMatchObject({
				label: (await labelsNow()).P,
				name: 'Wijkteam Paarse Poort',
				interpretation_md: w.dilemmaReadings.PD1Q1
			});
		});

		it('hiding the name draws a new label: the label seen beside the name is retired and never given out again', async () => {
			// Issue 13.5: before, "Team A" stayed "Team A", so whoever saw it beside "Wijkteam Paarse
			// Poort" knew whose results "Team A" were from then on.
			const named = L.P;
			const beside = (await dilemma(w.coordinator, D1, 'quarter', Q1)).teams.find(
				(t) => t.name === 'Wijkteam Paarse Poort'
			);
			expect(beside?.label).toBe(named);
			await save(w.P, { ...w.settings.P, showName: false });
			try {
				const hidden = (await labelsNow()).P;
				expect(hidden).not.toBe(named);
				const out = JSON.stringify([...(await everything(w.coordinator)), ...(await everything(w.S.member, w.S.id))]);
				expect(out).not.toContain(`"${named}"`);
				expect(out).toContain(`"${hidden}"`);
				// Saving again without a change keeps the new label (only hiding draws one).
				await save(w.P, { ...w.settings.P, showName: false });
				expect((await labelsNow()).P).toBe(hidden);
				// A team joining now never gets the retired label, nor the one in use.
				await as(db, w.O.facilitator).call('save_team_network', {
					teamId: w.O.id,
					networkId: w.networkId,
					sharing: false,
					showName: false,
					interpretationMd: ''
				});
				try {
					const o = (await as(db, w.O.member).call('team_network_settings', { teamId: w.O.id })).find(
						(n) => n.network_id === w.networkId
					);
					expect([named, hidden, ...Object.values(L)]).not.toContain(o?.label);
				} finally {
					await as(db, w.O.facilitator).call('leave_network', { teamId: w.O.id, networkId: w.networkId });
				}
			} finally {
				await save(w.P, w.settings.P);
			}
			// Showing the name again keeps the newer label; the old one stays retired.
			expect((await labelsNow()).P).not.toBe(named);
		});
	});

	// --- 1b. readings belong to a dilemma and a period ------------------------------------------------

	describe('readings per dilemma and period', () => {
		/** Every (slug, period) dilemma view whose output contains the text, as "slug kind start". */
		const whereShown = async (who: Actor, text: string) => {
			const found: string[] = [];
			for (const [kind, start] of periods) {
				for (const slug of [D1, D2, D3]) {
					if (JSON.stringify(await dilemma(who, slug, kind, start)).includes(text))
						found.push(`${slug} ${kind} ${start}`);
				}
			}
			return found;
		};

		it('a reading about dilemma A in a period shows on that dilemma in that period only: never on B, never in another period', async () => {
			for (const who of [w.coordinator, w.S.member, w.P.member]) {
				expect(await whereShown(who, w.dilemmaReadings.PD1Q1)).toEqual([`${D1} quarter ${Q1}`]);
				expect(await whereShown(who, w.dilemmaReadings.PD1Y25)).toEqual([`${D1} year ${Y25}`]);
			}
			// P's result on D2 in Q1 is held back (four people), and so is the reading beside it.
			expect(await whereShown(w.coordinator, w.dilemmaReadings.PD2Q1)).toEqual([]);
			// Nowhere else either: not the dashboard, not the export.
			const all = JSON.stringify(await everything(w.coordinator));
			expect(all.split(w.dilemmaReadings.PD1Q1)).toHaveLength(2);
			expect(all).not.toContain(w.dilemmaReadings.PD2Q1);
		});

		it('a team under its anonymous label shows no reading, and the old team-level readings show nowhere', async () => {
			for (const who of [w.coordinator, w.P.member, w.S.facilitator]) {
				const out = JSON.stringify(await everything(who));
				expect(out).not.toContain(w.dilemmaReadings.QD1Q1);
				expect(out).not.toContain(w.readings.P);
				expect(out).not.toContain(w.readings.Q);
			}
			const q = (await dilemma(w.coordinator, D1, 'quarter', Q1)).teams.find((t) => t.label === L.Q);
			expect(q).toMatchObject({ name: null, interpretation_md: null });
			// Named again for a moment: Q's reading appears beside its D1 result in Q1, and only there.
			await save(w.Q, { ...w.settings.Q, showName: true });
			try {
				expect(await whereShown(w.coordinator, w.dilemmaReadings.QD1Q1)).toEqual([`${D1} quarter ${Q1}`]);
			} finally {
				await save(w.Q, w.settings.Q);
			}
			expect(await whereShown(w.coordinator, w.dilemmaReadings.QD1Q1)).toEqual([]);
		});

		it('inside the team, team_vs_network carries the team’s reading of each result of the year, named or not', async () => {
			const p = await as(db, w.P.member).call('team_vs_network', { teamId: w.P.id, networkId: w.networkId });
			expect(p.period_start).toBe(Y25);
			expect(Object.fromEntries(p.dilemmas.map((d) => [d.slug, d.reading_md]))).toEqual({
				[D1]: w.dilemmaReadings.PD1Y25,
				[D2]: ''
			});
			const q = await as(db, w.Q.member).call('team_vs_network', { teamId: w.Q.id, networkId: w.networkId });
			expect(q.dilemmas.every((d) => d.reading_md === '')).toBe(true);
			// Direct reads: members of their own team only; the coordinator and other teams see none.
			const rows = async (who: Actor) =>
				(await sqlAs(db, who, `select body_md from app.network_readings order by body_md`)).rows.map((r) => r.body_md);
			expect(await rows(w.Q.member)).toEqual([w.dilemmaReadings.QD1Q1]);
			expect(await rows(w.coordinator)).toEqual([]);
			expect(await rows(w.S.facilitator)).toEqual([]);
		});

		it('only a facilitator writes, only about a result the team has; an empty text removes the reading', async () => {
			const args = {
				teamId: w.P.id,
				networkId: w.networkId,
				dilemmaSlug: D1,
				periodKind: 'quarter' as const,
				periodStart: Q2,
				bodyMd: 'Paars over D1 in Q2.'
			};
			await expectDbError(as(db, w.P.member).call('save_network_reading', args), 403, 'facilitator_only');
			await expectDbError(as(db, w.coordinator).call('save_network_reading', args), 404, 'team_not_found');
			// No result of P on D3, nor on D1 in Q4: nothing to read beside.
			await expectDbError(
				as(db, w.P.facilitator).call('save_network_reading', { ...args, dilemmaSlug: D3 }),
				404,
				'dilemma_not_found'
			);
			await expectDbError(
				as(db, w.P.facilitator).call('save_network_reading', { ...args, periodStart: Q4 }),
				404,
				'dilemma_not_found'
			);
			// O is in no network N.
			await expectDbError(
				as(db, w.O.facilitator).call('save_network_reading', { ...args, teamId: w.O.id }),
				404,
				'network_not_found'
			);
			expect(await as(db, w.P.facilitator).call('save_network_reading', args)).toEqual({
				slug: D1,
				period_kind: 'quarter',
				period_start: Q2,
				body_md: 'Paars over D1 in Q2.'
			});
			expect(
				(await dilemma(w.coordinator, D1, 'quarter', Q2)).teams.find((t) => t.label === L.P)?.interpretation_md
			).toBe('Paars over D1 in Q2.');
			expect(await as(db, w.P.facilitator).call('save_network_reading', { ...args, bodyMd: '   ' })).toBeNull();
			expect(
				(await dilemma(w.coordinator, D1, 'quarter', Q2)).teams.find((t) => t.label === L.P)?.interpretation_md
			).toBeNull();
			const [{ count }] = await asSuperuser(
				db,
				`select count(*)::int as count from app.network_readings where team_id = $1`,
				[w.P.id]
			);
			expect(count).toBe(3);
		});

		it('bad input is a 400 with its own key, and nothing is saved', async () => {
			const raw = (extra: Record<string, unknown>) =>
				rawCall(db, w.P.facilitator, 'save_network_reading', {
					p_team_id: w.P.id,
					p_network_id: w.networkId,
					p_dilemma_slug: D1,
					p_period_kind: 'quarter',
					p_period_start: Q1,
					p_body_md: 'x',
					...extra
				});
			await expectDbError(raw({ p_body_md: 'x'.repeat(2001) }), 400, 'interpretation_too_long');
			await expectDbError(raw({ p_period_start: '2025-02-01' }), 400, 'invalid_period');
			await expectDbError(raw({ p_period_kind: 'month' }), 400, 'invalid_period');
			await expectDbError(raw({ p_body_md: null }), 400, 'invalid_input');
			expect((await dilemma(w.coordinator, D1, 'quarter', Q1)).teams[0].interpretation_md).toBe(
				w.dilemmaReadings.PD1Q1
			);
		});

		it('leaving the network takes the team’s readings with it', async () => {
			await as(db, w.H.facilitator).call('save_team_network', {
				teamId: w.H.id,
				networkId: w.networkId,
				sharing: true,
				showName: true,
				interpretationMd: null
			});
			try {
				await w.writeReading(w.H, D1, 'quarter', Q3, 'Verborgen over D1.');
				expect(await whereShown(w.coordinator, 'Verborgen over D1.')).toEqual([`${D1} quarter ${Q3}`]);
				await as(db, w.H.facilitator).call('leave_network', { teamId: w.H.id, networkId: w.networkId });
				const left = await asSuperuser(db, `select 1 from app.network_readings where team_id = $1`, [w.H.id]);
				expect(left).toEqual([]);
			} finally {
				await rejoin(w.H, w.settings.H);
			}
			// A null reading kept the retired team-level text; rejoining wrote it again from the settings.
			const [h] = await asSuperuser(db, `select interpretation_md from app.network_teams where team_id = $1`, [w.H.id]);
			expect(h).toEqual({ interpretation_md: w.readings.H });
		});
	});

	// --- 2. the threshold k --------------------------------------------------------------------------

	describe('the threshold k', () => {
		it('a cell of k−1 distinct people is suppressed and counted; one of exactly k counts', async () => {
			expect(await seen(w.coordinator, D2, 'quarter', Q1)).toEqual({ teams: [[L.Q, null, 52.5]], suppressed: 1 });
			expect(await seen(w.coordinator, D1, 'quarter', Q1)).toEqual({
				teams: [
					[L.P, 'Wijkteam Paarse Poort', 37],
					[L.Q, null, 53]
				],
				suppressed: 0
			});
			const q1 = await dashboard(w.coordinator, 'quarter', Q1);
			expect(q1).toMatchObject({ period_kind: 'quarter', period_start: Q1, team_size: null, min_contributors: 5 });
			expect([...q1.dilemmas].sort(bySlug)).toEqual(
				[
					{ slug: D1, ...spread([37, 53]), bins: [0, 0, 0, 1, 0, 1, 0, 0, 0, 0], mine: [], suppressed: 0 },
					{ slug: D2, ...spread([52.5]), bins: [0, 0, 0, 0, 0, 1, 0, 0, 0, 0], mine: [], suppressed: 1 }
				].sort(bySlug)
			);
		});

		it('a person who votes before and after counts once: four people with eight points stay suppressed', async () => {
			const [row] = await asSuperuser(
				db,
				`select count(*)::int as points, count(distinct p.user_id)::int as people from app.positions p where p.round_id = $1`,
				[w.sessions.S2.rounds[0].id]
			);
			expect(row).toEqual({ points: 8, people: 4 });
			// Q2, D1: S's latest cell (four people) and U's unanimous cell are held back.
			expect(await seen(w.coordinator, D1, 'quarter', Q2)).toEqual({
				teams: [
					[L.P, 'Wijkteam Paarse Poort', 43],
					[L.Q, null, 61]
				],
				suppressed: 2
			});
		});

		it('the team-size filter sorts shown cells by the people behind them; a held-back cell is in no class', async () => {
			const small = await dashboard(w.coordinator, 'quarter', Q2, 'small');
			expect(small.dilemmas.map((d) => [d.slug, d.teams, d.median, d.suppressed])).toEqual(
				(await dashboard(w.coordinator, 'quarter', Q2)).dilemmas.map((d) => [d.slug, d.teams, d.median, d.suppressed])
			);
			// Held-back cells are in no class (their held-back count is the whole dilemma's), and
			// every shown cell of Q2 is small, so the other classes have nothing for the period.
			for (const size of ['medium', 'large'] as const) {
				const d = await dashboard(w.coordinator, 'quarter', Q2, size);
				expect(d.dilemmas).toEqual([]);
			}
		});

		it('raising k suppresses on the next call, lowering it to 3 shows four-person cells; k never goes below 3', async () => {
			const coordinator = as(db, w.coordinator);
			try {
				await coordinator.call('set_network_threshold', { networkId: w.networkId, minContributors: 6 });
				expect(await seen(w.coordinator, D1, 'quarter', Q1)).toEqual({ teams: [[L.Q, null, 53]], suppressed: 1 });
				expect((await seen(w.coordinator, D1, 'quarter', Q2)).teams).toHaveLength(2);
				expect((await coordinator.call('network_overview', { networkId: w.networkId })).min_contributors).toBe(6);

				await coordinator.call('set_network_threshold', { networkId: w.networkId, minContributors: 3 });
				expect(await seen(w.coordinator, D2, 'quarter', Q1)).toEqual({
					teams: [
						[L.P, 'Wijkteam Paarse Poort', 45.5],
						[L.Q, null, 52.5]
					],
					suppressed: 0
				});
				// S now counts with its latest cell (four people); U stays held back: unanimity is not about k.
				expect(await seen(w.coordinator, D1, 'quarter', Q2)).toEqual({
					teams: [
						[L.P, 'Wijkteam Paarse Poort', 43],
						[L.S, 'Wijkteam Klein', 59],
						[L.Q, null, 61]
					],
					suppressed: 1
				});

				await expectDbError(
					coordinator.call('set_network_threshold', { networkId: w.networkId, minContributors: 2 }),
					400,
					'invalid_threshold'
				);
				await expectDbError(
					rawCall(db, w.coordinator, 'set_network_threshold', { p_network_id: w.networkId, p_min_contributors: 2 }),
					400,
					'invalid_threshold'
				);
				await expectDbError(
					rawCall(db, w.coordinator, 'set_network_threshold', { p_network_id: w.networkId, p_min_contributors: null }),
					400,
					'invalid_threshold'
				);
				await expectDbError(
					coordinator.call('set_network_threshold', { networkId: w.networkId, minContributors: 101 }),
					400,
					'invalid_threshold'
				);
				// The table refuses it too, whoever writes.
				await expect(
					asSuperuser(db, `update app.networks set min_contributors = 2 where id = $1`, [w.networkId])
				).rejects.toThrow(/networks_min_contributors_check/);
				expect((await coordinator.call('network_overview', { networkId: w.networkId })).min_contributors).toBe(3);
			} finally {
				await coordinator.call('set_network_threshold', { networkId: w.networkId, minContributors: 5 });
			}
			expect(await seen(w.coordinator, D2, 'quarter', Q1)).toEqual({ teams: [[L.Q, null, 52.5]], suppressed: 1 });
		});

		it('nobody but the coordinator sets k: facilitators and members of its teams get network_not_found', async () => {
			for (const who of [w.P.facilitator, w.P.member, w.O.facilitator, w.anonymousParticipant]) {
				await expectDbError(
					as(db, who).call('set_network_threshold', { networkId: w.networkId, minContributors: 3 }),
					404,
					'network_not_found'
				);
			}
			expect((await as(db, w.P.member).call('network_overview', { networkId: w.networkId })).min_contributors).toBe(5);
		});
	});

	// --- 3. unanimity ----------------------------------------------------------------------------------

	describe('unanimous cells', () => {
		it('a cell where everyone ended on the same value is held back in every network view and export', async () => {
			// U's D1: six people, all different before the discussion, all 44 after it.
			for (const [kind, start] of [
				['quarter', Q2],
				['year', Y25]
			] as const) {
				const d1 = await seen(w.coordinator, D1, kind, start);
				expect(d1.teams.map(([label]) => label)).not.toContain(L.U);
				expect(d1.suppressed).toBe(2);
				// The same team's other dilemma is shown: the rule is per cell.
				expect((await seen(w.coordinator, D2, kind, start)).teams).toContainEqual([L.U, 'Wijkteam Unisono', 58]);
			}
			expect((await dashboardRow(w.coordinator, 'quarter', Q2, D1))?.suppressed).toBe(2);
			for (const kind of ['quarter', 'year'] as const) {
				const teamRows = await exportRows(w.coordinator, kind, 'team');
				expect(teamRows.filter((r) => r.slug === D1 && r.team === 'Wijkteam Unisono')).toEqual([]);
				const start = kind === 'year' ? Y25 : Q2;
				const network = (await exportRows(w.coordinator, kind, 'network')).find(
					(r) => r.slug === D1 && r.period_start === start
				);
				expect(network).toMatchObject({ teams: 2, suppressed: 2, median: 52, min: 43, max: 61 });
			}
			for (const who of [w.coordinator, w.P.member, w.Q.facilitator]) {
				expect(numbersIn(await everything(who))).not.toContain(44);
			}
		});

		it('inside the team, team_vs_network shows it as unanimous ("everyone agrees"), beside the network (the team counted where it is shown)', async () => {
			const mine = await as(db, w.U.member).call('team_vs_network', { teamId: w.U.id, networkId: w.networkId });
			expect(mine).toMatchObject({ period_kind: 'year', period_start: Y25, min_contributors: 5 });
			expect([...mine.dilemmas].sort(bySlug)).toEqual(
				[
					{
						slug: D1,
						held_on: '2025-04-15',
						contributors: 6,
						median: 44,
						unanimous: true,
						network: { teams: 2, median: 52, q1: 47.5, q3: 56.5 },
						reading_md: ''
					},
					// U's own 58 is in the network's figures for D2 (its D1 is held back, so not there).
					{
						slug: D2,
						held_on: '2025-04-15',
						contributors: 6,
						median: 58,
						unanimous: false,
						network: { teams: 2, median: 55.3, q1: 53.9, q3: 56.6 },
						reading_md: ''
					}
				].sort(bySlug)
			);
		});
	});

	// --- 4. who may call what ----------------------------------------------------------------------

	describe('access', () => {
		it('the table below covers every network function of the API registry', () => {
			const inApi = Object.keys(api).filter((fn) => /network/.test(fn));
			expect([...inApi].sort()).toEqual([...networkFunctions].sort());
		});

		type Outcome = 'ok' | [404 | 403, string];
		const nnf: Outcome = [404, 'network_not_found'];
		const tnf: Outcome = [404, 'team_not_found'];
		const forbidden: Outcome = [403, 'forbidden'];
		type Role =
			| 'visitor'
			| 'service'
			| 'anonymousParticipant'
			| 'outsider'
			| 'otherNetwork'
			| 'coordinator'
			| 'member'
			| 'facilitator';
		const roles: Role[] = [
			'visitor',
			'service',
			'anonymousParticipant',
			'outsider',
			'otherNetwork',
			'coordinator',
			'member',
			'facilitator'
		];
		// Columns in the order of `roles`. The team in question is P, except for leave_network (H, so
		// that the successful calls can be undone without changing P's label).
		const expected: Record<NetworkFunction, Outcome[]> = {
			my_networks: [forbidden, forbidden, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
			network_overview: [forbidden, forbidden, nnf, nnf, nnf, 'ok', 'ok', 'ok'],
			network_dashboard: [forbidden, forbidden, nnf, nnf, nnf, 'ok', 'ok', 'ok'],
			network_dilemma: [forbidden, forbidden, nnf, nnf, nnf, 'ok', 'ok', 'ok'],
			network_export: [forbidden, forbidden, nnf, nnf, nnf, 'ok', 'ok', 'ok'],
			team_vs_network: [forbidden, forbidden, nnf, nnf, nnf, tnf, 'ok', 'ok'],
			team_network_settings: [forbidden, forbidden, tnf, tnf, tnf, tnf, 'ok', 'ok'],
			save_team_network: [forbidden, forbidden, tnf, tnf, tnf, tnf, [403, 'facilitator_only'], 'ok'],
			save_network_reading: [forbidden, forbidden, tnf, tnf, tnf, tnf, [403, 'facilitator_only'], 'ok'],
			// A member who is not the facilitator is told network_not_found here (not facilitator_only).
			leave_network: [forbidden, forbidden, nnf, nnf, nnf, 'ok', nnf, 'ok'],
			set_network_threshold: [forbidden, forbidden, nnf, nnf, nnf, 'ok', nnf, nnf],
			network_requests: [forbidden, forbidden, nnf, nnf, nnf, 'ok', nnf, nnf],
			// Letting in a team that is in already: allowed to the coordinator, and it changes nothing.
			decide_network_request: [forbidden, forbidden, nnf, nnf, nnf, 'ok', nnf, nnf],
			// The server's own drain of queued aggregates (migration 20261205010000): nobody else may run it.
			process_network_queue: [forbidden, 'ok', forbidden, forbidden, forbidden, forbidden, forbidden, forbidden]
		};

		function actorFor(role: Role, fn: NetworkFunction): Actor {
			const team = fn === 'leave_network' ? w.H : w.P;
			return {
				visitor: anonymousVisitor,
				service: serverItself,
				anonymousParticipant: w.anonymousParticipant,
				outsider: w.O.member,
				otherNetwork: w.Z.member,
				coordinator: w.coordinator,
				member: team.member,
				facilitator: team.facilitator
			}[role];
		}
		function argsFor<F extends NetworkFunction>(fn: F): ApiArgs<F> {
			const networkId = w.networkId;
			const all = {
				my_networks: {},
				network_overview: { networkId },
				network_dashboard: { networkId, periodKind: 'quarter', periodStart: Q1, teamSize: null },
				network_dilemma: { networkId, dilemmaSlug: D1, periodKind: 'quarter', periodStart: Q1 },
				network_export: { networkId, periodKind: 'year', level: 'team' },
				team_vs_network: { teamId: w.P.id, networkId },
				team_network_settings: { teamId: w.P.id },
				save_team_network: { teamId: w.P.id, networkId, ...w.settings.P },
				// The text it already has: a successful call changes nothing.
				save_network_reading: {
					teamId: w.P.id,
					networkId,
					dilemmaSlug: D1,
					periodKind: 'quarter',
					periodStart: Q1,
					bodyMd: w.dilemmaReadings.PD1Q1
				},
				leave_network: { teamId: w.H.id, networkId },
				set_network_threshold: { networkId, minContributors: 5 },
				network_requests: { networkId },
				decide_network_request: { networkId, teamId: w.P.id, decision: 'approve' },
				process_network_queue: { limit: 40 }
			} satisfies { [K in NetworkFunction]: ApiArgs<K> };
			return all[fn] as ApiArgs<F>;
		}
		const snapshot = () =>
			asSuperuser(
				db,
				`select (select jsonb_agg(to_jsonb(n) order by n.id) from app.networks n) as networks,
				        (select jsonb_agg(to_jsonb(t) - 'joined_at' - 'sharing_changed_at' - 'requested_at' - 'decided_at' order by t.network_id, t.team_id)
				           from app.network_teams t) as teams`
			);

		const withoutLabels = (rows: unknown) =>
			JSON.parse(JSON.stringify(rows).replace(/"label_no": ?\d+/g, '"label_no":0'));

		const everyRole =
			'visitor, service role, anonymous participant, outsider, other network, coordinator, member, facilitator';
		it.each(networkFunctions)(`%s as ${everyRole}`, async (fn) => {
			const before = await snapshot();
			for (const [i, role] of roles.entries()) {
				const outcome = expected[fn][i];
				const client = new DbClient(db.backend, actorFor(role, fn));
				const call = client.call(fn, argsFor(fn) as never);
				if (outcome === 'ok') {
					await expect(call, `${fn} as ${role}`).resolves.toBeDefined();
					if (fn === 'leave_network') await rejoin(w.H, w.settings.H);
				} else {
					await expectDbError(call, outcome[0], outcome[1]);
				}
			}
			const after = await snapshot();
			if (fn === 'leave_network') {
				// Left and joined again: only H's label number moved on.
				expect(withoutLabels(after)).toEqual(withoutLabels(before));
			} else {
				expect(after).toEqual(before);
			}
		});

		it('what the allowed calls show: networks list, own teams only, the anonymous participant sees no network at all', async () => {
			expect(await as(db, w.anonymousParticipant).call('my_networks', {})).toEqual([]);
			const outsider = await as(db, w.O.member).call('my_networks', {});
			expect(outsider.filter((n) => [w.networkId, w.otherNetworkId].includes(n.id))).toEqual([
				{ id: w.otherNetworkId, name: 'Netwerk Elders', is_coordinator: false, can_view: false },
				{ id: w.networkId, name: 'Netwerk Proef', is_coordinator: false, can_view: false }
			]);
			const z = await as(db, w.Z.member).call('my_networks', {});
			expect(z.find((n) => n.id === w.otherNetworkId)).toMatchObject({ can_view: true });
			expect(z.find((n) => n.id === w.networkId)).toMatchObject({ can_view: false });
			expect((await as(db, w.coordinator).call('my_networks', {})).find((n) => n.id === w.networkId)).toMatchObject({
				is_coordinator: true,
				can_view: true
			});
			expect((await as(db, w.coordinator).call('network_overview', { networkId: w.networkId })).my_teams).toEqual([]);
			expect((await as(db, w.P.member).call('network_overview', { networkId: w.networkId })).my_teams).toEqual([
				{ team_id: w.P.id, name: w.P.name, sharing: true, show_name: true, label: L.P }
			]);
			// A member of a joined team that shares nothing may look (and sees its own place).
			expect((await as(db, w.H.member).call('network_overview', { networkId: w.networkId })).my_teams).toEqual([
				{ team_id: w.H.id, name: w.H.name, sharing: false, show_name: false, label: L.H }
			]);
			// The member of another network's team reads that network, and only it.
			expect((await as(db, w.Z.member).call('network_overview', { networkId: w.otherNetworkId })).name).toBe(
				'Netwerk Elders'
			);
			await expectDbError(
				as(db, w.coordinator).call('network_overview', { networkId: w.otherNetworkId }),
				404,
				'network_not_found'
			);
		});

		it('the coordinator reads no raw position, name, reflection, session, team or other team’s settings, selecting whole tables', async () => {
			const tables = [
				'network_teams',
				'network_cells',
				'network_period_cells',
				'positions',
				'reflections',
				'session_participants'
			];
			for (const table of [...tables, 'sessions', 'session_rounds', 'teams', 'team_members']) {
				const outcome = await sqlAs(db, w.coordinator, `select * from app.${table}`);
				expect(outcome.error, table).toBeUndefined();
				expect(outcome.rows, table).toEqual([]);
			}
			const networks = await sqlAs(db, w.coordinator, `select id from app.networks where id = any ($1::uuid[])`, [
				[w.networkId, w.otherNetworkId]
			]);
			expect(networks.rows).toHaveLength(2);
			const coordinators = await sqlAs(db, w.coordinator, `select user_id from app.network_coordinators`);
			expect(coordinators.rows).toEqual([{ user_id: w.coordinator.userId }]);
		});

		it('team members read their own team’s network rows only; outsiders and anonymous participants none of N’s', async () => {
			for (const table of ['network_teams', 'network_cells', 'network_period_cells']) {
				const mine = await sqlAs(db, w.P.member, `select distinct team_id from app.${table}`);
				expect(mine.rows, table).toEqual([{ team_id: w.P.id }]);
				const outsider = await sqlAs(db, w.O.member, `select distinct team_id from app.${table}`);
				expect(
					outsider.rows.filter((r) => r.team_id !== w.O.id),
					table
				).toEqual([]);
				const anonymous = await sqlAs(db, w.anonymousParticipant, `select * from app.${table}`);
				expect(anonymous.rows, table).toEqual([]);
			}
			expect((await sqlAs(db, w.anonymousParticipant, `select * from app.networks`)).rows).toEqual([]);
		});

		const tables = [
			'networks',
			'network_coordinators',
			'network_teams',
			'network_cells',
			'network_period_cells'
		] as const;
		const writes = (table: (typeof tables)[number]) => {
			const values: Record<(typeof tables)[number], string> = {
				networks: `(name) values ('Kaping')`,
				network_coordinators: `(network_id, user_id) values ('${w.networkId}', '${w.P.member.userId}')`,
				network_teams: `(network_id, team_id, sharing, show_name, label_no) values ('${w.networkId}', '${w.O.id}', true, true, 99)`,
				network_cells: `(session_id, dilemma_slug, team_id, held_on, contributors, median, unanimous)
				                values ('${w.sessions.O1.id}', '${D2}', '${w.O.id}', '2025-03-20', 9, 50, false)`,
				network_period_cells: `(team_id, dilemma_slug, period_kind, period_start, session_id, held_on, contributors, median, unanimous)
				                       values ('${w.O.id}', '${D2}', 'quarter', '${Q1}', '${w.sessions.O1.id}', '2025-03-20', 9, 50, false)`
			};
			const set: Record<(typeof tables)[number], string> = {
				networks: 'min_contributors = 3',
				network_coordinators: `user_id = '${w.P.member.userId}'`,
				network_teams: 'sharing = true, show_name = true',
				network_cells: 'contributors = 99, unanimous = false',
				network_period_cells: 'contributors = 99, unanimous = false'
			};
			return [
				`insert into app.${table} ${values[table]}`,
				`update app.${table} set ${set[table]}`,
				`delete from app.${table}`
			];
		};

		const tableState = () =>
			asSuperuser(
				db,
				`select (select count(*) from app.networks)::int as networks,
				        (select count(*) from app.network_coordinators)::int as coordinators,
				        (select jsonb_agg(to_jsonb(t) order by t.network_id, t.team_id) from app.network_teams t) as teams,
				        (select count(*) from app.network_cells)::int as cells,
				        (select count(*) from app.network_period_cells)::int as period_cells`
			);

		it('direct writes to the network tables are refused for everyone: no privilege at all', async () => {
			const before = await tableState();
			const everyone = [
				anonymousVisitor,
				w.anonymousParticipant,
				w.O.member,
				w.P.member,
				w.P.facilitator,
				w.H.facilitator,
				w.coordinator
			];
			for (const who of everyone) {
				for (const table of tables) {
					for (const sql of writes(table)) expectSqlError(await sqlAs(db, who, sql), '42501', permissionDenied(table));
				}
			}
			expectSqlError(
				await sqlAs(db, anonymousVisitor, `select * from app.network_cells`),
				'42501',
				permissionDenied('network_cells')
			);
			expect(await tableState()).toEqual(before);
		});

		it('the private helpers behind the functions refuse a caller who may not act, even called directly', async () => {
			// Opting a team in to sharing is its facilitator's choice, also when the helper is reached past the API.
			expectSqlError(
				await sqlAs(db, w.O.member, `select private.save_team_network_settings($1, $2, true, true, 'gekaapt')`, [
					w.H.id,
					w.networkId
				]),
				'42501',
				/facilitator_only/
			);
			expectSqlError(
				await sqlAs(db, w.coordinator, `select private.save_team_network_settings($1, $2, true, true, '')`, [
					w.H.id,
					w.networkId
				]),
				'42501',
				/facilitator_only/
			);
			const removed = await sqlAs(db, w.O.member, `select private.remove_network_team($1, $2) as removed`, [
				w.networkId,
				w.P.id
			]);
			expect(removed.rows).toEqual([{ removed: false }]);
			const changed = await sqlAs(db, w.P.facilitator, `select private.set_min_contributors($1, 3) as changed`, [
				w.networkId
			]);
			expect(changed.rows).toEqual([{ changed: false }]);
			const cells = await sqlAs(db, w.O.member, `select * from private.network_visible_cells($1, 'quarter', $2)`, [
				w.networkId,
				Q1
			]);
			expect(cells.rows).toEqual([]);
			expectSqlError(
				await sqlAs(db, w.P.facilitator, `select private.refresh_network_cells(array[$1]::uuid[])`, [w.sessions.P3.id]),
				'42501',
				/permission denied for function refresh_network_cells/
			);
			const [h] = await asSuperuser(db, `select sharing, interpretation_md from app.network_teams where team_id = $1`, [
				w.H.id
			]);
			expect(h).toEqual({ sharing: false, interpretation_md: w.readings.H });
		});
	});

	// --- 5. no individual leaves the team ----------------------------------------------------------

	describe('no individual leaves the team', () => {
		/** The medians that may reach the network at k = 5: each of ≥ 5 people, not unanimous, of a sharing team. */
		/** The medians of cells that never reach the network, per team. */
		const heldBack = () => ({
			P: [w.medians.P1D2],
			S: [w.medians.S1D1, w.medians.S2D1],
			U: [w.medians.U1D1],
			H: [w.medians.H1D1],
			O: [w.medians.O1D1]
		});
		const shown = () => [
			w.medians.P1D1,
			w.medians.P2D1,
			w.medians.Q1D1,
			w.medians.Q1D2,
			w.medians.Q2D1,
			w.medians.U1D2
		];

		it('the constructed values tell individuals from medians (so the scan below means something)', () => {
			const all = Object.values(w.cast).flat();
			expect(new Set(all).size).toBe(all.length);
			// Only the median of an odd five is someone's own value (37, P1's middle person).
			expect(shown().filter((m) => all.includes(m))).toEqual([37]);
			// The pooled median of P's two sessions (the newcomer among them) would be 39: not shown anywhere.
			expect(percentile([11, 23, 37, 56, 68, 13, 26, 39, 54, 71, 47], 0.5)).toBe(39);
		});

		it.each([
			['the coordinator', 'coordinator', undefined],
			['a member of team P', 'P', 'P'],
			['a member of team Q', 'Q', 'Q'],
			['the facilitator of team U', 'U', 'U'],
			['a member of team H (joined, not sharing)', 'H', 'H']
		] as const)(
			'%s finds no user id, name, e-mail, reflection or point of anyone in another team',
			async (_label, viewer, own) => {
				const who = viewer === 'coordinator' ? w.coordinator : viewer === 'U' ? w.U.facilitator : w[viewer].member;
				const outputs = await everything(who, own ? w[own].id : undefined);
				const text = JSON.stringify(outputs);
				const others = w.everyone.filter((p) => w.teamOf.get(p.userId) !== own);
				for (const p of others) expect(text).not.toContain(p.userId);
				expect(text).not.toContain('Geheim');
				expect(text).not.toContain('Deelnemer');
				expect(text).not.toContain('@test.invalid');
				expect(text).not.toContain(w.reflectionId);
				const allowed = new Set(shown());
				const forbidden = new Set(
					Object.entries(w.cast)
						.filter(([team]) => team !== own)
						.flatMap(([, values]) => values)
						.concat(
							Object.entries(heldBack())
								.filter(([team]) => team !== own)
								.flatMap(([, medians]) => medians)
						)
						.filter((v) => !allowed.has(v))
				);
				expect(forbidden.size).toBeGreaterThan(50);
				const leaked = numbersIn(outputs).filter((n) => forbidden.has(n));
				expect(leaked).toEqual([]);
			}
		);

		it('the output as a whole: Q1 holds two whole cells and what is computed from team medians only', async () => {
			const numbers = new Set(
				numbersIn([await dashboard(w.coordinator, 'quarter', Q1), await dilemma(w.coordinator, D1, 'quarter', Q1)])
			);
			// Q1's two team medians, their spread, and the series over the quarters (Q2: 43 and 61).
			expect([...numbers].sort((a, b) => a - b)).toEqual([37, 41, 45, 47.5, 49, 52, 52.5, 53, 56.5]);
		});
	});

	// --- 6. differencing ---------------------------------------------------------------------------

	describe('differencing', () => {
		it('(a) with and without one team: the views differ by that team’s whole cells (medians of ≥ k people), nothing finer', async () => {
			const views = async () => {
				const out = new Map<string, string[]>();
				for (const [kind, start] of periods) {
					for (const slug of [D1, D2]) {
						out.set(
							`${kind} ${start} ${slug}`,
							(await seen(w.coordinator, slug, kind, start)).teams.map((t) => JSON.stringify(t))
						);
					}
				}
				return out;
			};
			const withQ = await views();
			const everythingWithQ = await everything(w.coordinator);
			await save(w.Q, { ...w.settings.Q, sharing: false });
			let withoutQ: Map<string, string[]>;
			try {
				withoutQ = await views();
				expect(await seen(w.coordinator, D1, 'quarter', Q1)).toEqual({
					teams: [[L.P, 'Wijkteam Paarse Poort', 37]],
					suppressed: 0
				});
			} finally {
				await save(w.Q, w.settings.Q);
			}
			const gone: unknown[] = [];
			for (const [view, teams] of withQ) {
				const without = withoutQ.get(view)!;
				expect(
					without.every((t) => teams.includes(t)),
					view
				).toBe(true);
				gone.push(...teams.filter((t) => !without.includes(t)).map((t) => JSON.parse(t) as unknown));
			}
			// What the difference gives away is Q's own cells, each a median of six people: Q1 (D1, D2),
			// Q2 and the year (D1 of its later session, D2 of its only one). None is anyone's own point.
			expect(gone).toEqual([
				[L.Q, null, 53],
				[L.Q, null, 52.5],
				[L.Q, null, 61],
				[L.Q, null, 61],
				[L.Q, null, 52.5]
			]);
			for (const median of [53, 52.5, 61]) expect(w.cast.Q).not.toContain(median);
			expect(await everything(w.coordinator)).toEqual(everythingWithQ);
		});

		it('(b) five people in Q1, the same five and a newcomer in Q2: each view is one whole session, the year is Q2’s', async () => {
			// Q1 shows P1 (the five), Q2 and the year show P2 (the six): never a pool of both sessions.
			expect((await seen(w.coordinator, D1, 'quarter', Q1)).teams[0]).toEqual([L.P, 'Wijkteam Paarse Poort', 37]);
			expect((await seen(w.coordinator, D1, 'quarter', Q2)).teams[0]).toEqual([L.P, 'Wijkteam Paarse Poort', 43]);
			expect((await seen(w.coordinator, D1, 'year', Y25)).teams[0]).toEqual([L.P, 'Wijkteam Paarse Poort', 43]);
			// Q2 against the year: the same cell (the same six points), so the comparison shows nothing.
			const series = (await dilemma(w.coordinator, D1, 'quarter', Q1)).series;
			expect(series.map((s) => [s.period_start, s.teams, s.median])).toEqual([
				[Q1, 2, 45],
				[Q2, 2, 52]
			]);
			// Q1 against Q2: two different sessions, disjoint sets of points. No view is computed over a
			// set of points that differs from another view's by fewer than k: they are the same set or
			// share none. The newcomer's 47 and the pooled median 39 appear nowhere. (What this cannot
			// rule out: as sets of people P1 and P2 differ by one, so if the five gave the same points
			// twice, comparing the two medians would narrow down where the newcomer stands.)
			const numbers = numbersIn(await everything(w.coordinator));
			expect(numbers).not.toContain(47);
			expect(numbers).not.toContain(39);
			const cells = await asSuperuser(
				db,
				`select distinct session_id from app.network_period_cells where team_id = $1 and dilemma_slug = $2`,
				[w.P.id, D1]
			);
			expect(cells.map((c) => c.session_id).sort()).toEqual([w.sessions.P1.id, w.sessions.P2.id].sort());
		});

		it('(c) a period whose latest session had four people: the period shows that (suppressed) cell, not the earlier six', async () => {
			// S met with six (S1, 2025-04-08) and later with four of them (S2, 2025-05-20), both in Q2.
			// The period view takes the team's latest cell in the period, whatever its size: S2, held back.
			// The earlier six-person cell is not put in its place, so neither cell ever shows for Q2 or 2025.
			for (const [kind, start] of [
				['quarter', Q2],
				['year', Y25]
			] as const) {
				expect((await seen(w.coordinator, D1, kind, start)).teams.map(([label]) => label)).not.toContain(L.S);
			}
			const withS = await everything(w.coordinator);
			await save(w.S, { ...w.settings.S, sharing: false });
			let withoutS: unknown[];
			try {
				withoutS = await everything(w.coordinator);
			} finally {
				await save(w.S, w.settings.S);
			}
			// With or without S, everything is the same but for one suppressed count: nothing of S2's
			// four points (median 59) or of S1 (median 53.5) can be derived.
			expect(withoutSuppressed(withoutS)).toEqual(withoutSuppressed(withS));
			expect((await seen(w.coordinator, D1, 'quarter', Q2)).suppressed).toBe(2);
			const numbers = numbersIn(withS);
			for (const v of [w.medians.S1D1, w.medians.S2D1, ...w.cast.S]) expect(numbers).not.toContain(v);
		});
	});

	// --- 7. cells are computed on close ------------------------------------------------------------

	describe('cells are computed when a session closes', () => {
		it('an open session never counts; closing counts it; reopening keeps the closed cell until it closes again', async () => {
			const Qwinter = '2026-01-01';
			const s = await w.hold(w.Q, 'Kwekerij 2026', '2026-02-09', [[D1, w.votes(w.Q, [4, 25, 45, 63, 78, 88])]], false);
			const years = async () =>
				(await as(db, w.coordinator).call('network_overview', { networkId: w.networkId })).years;
			expect(await years()).toEqual([Y25]);
			expect(await seen(w.coordinator, D1, 'quarter', Qwinter)).toEqual({ teams: [], suppressed: 0 });
			expect(await asSuperuser(db, `select * from app.network_cells where session_id = $1`, [s.id])).toEqual([]);

			const lead = as(db, w.Q.facilitator);
			await lead.call('set_session_status', { sessionId: s.id, status: 'closed' });
			expect(await years()).toEqual(['2026-01-01', Y25]);
			expect(await seen(w.coordinator, D1, 'quarter', Qwinter)).toEqual({ teams: [[L.Q, null, 54]], suppressed: 0 });

			// Reopened: a latecomer joins and votes; the network still shows the cell of the close.
			await lead.call('set_session_status', { sessionId: s.id, status: 'open' });
			const late = await w.person('Q laatkomer', true);
			await as(db, late).call('join_session', { code: s.joinCode, displayName: 'Deelnemer laat' });
			// The spread was shown, so the latecomer answers when the team re-positions.
			await lead.call('set_round_phase', { sessionId: s.id, position: 1, phase: 'reposition' });
			await as(db, late).call('cast_position', { roundId: s.rounds[0].id, value: 75, desired: null });
			expect(await seen(w.coordinator, D1, 'year', '2026-01-01')).toEqual({ teams: [[L.Q, null, 54]], suppressed: 0 });

			await lead.call('set_session_status', { sessionId: s.id, status: 'closed' });
			expect(await seen(w.coordinator, D1, 'year', '2026-01-01')).toEqual({ teams: [[L.Q, null, 63]], suppressed: 0 });
			const [cell] = await asSuperuser(
				db,
				`select contributors, median::float8 as median from app.network_cells where session_id = $1`,
				[s.id]
			);
			expect(cell).toEqual({ contributors: 7, median: 63 });
			// The team's own comparison moves on to the year of its latest session.
			expect(
				await as(db, w.Q.member).call('team_vs_network', { teamId: w.Q.id, networkId: w.networkId })
			).toMatchObject({
				period_start: '2026-01-01',
				dilemmas: [{ slug: D1, contributors: 7, median: 63, unanimous: false, network: { teams: 1, median: 63 } }]
			});
		});
	});

	// --- 8. bad input ------------------------------------------------------------------------------

	describe('bad input', () => {
		it('a period that is not a quarter or year start, or of another kind, is 400 invalid_period', async () => {
			const me = as(db, w.coordinator);
			const networkId = w.networkId;
			await expectDbError(
				me.call('network_dashboard', { networkId, periodKind: 'quarter', periodStart: '2026-02-01', teamSize: null }),
				400,
				'invalid_period'
			);
			await expectDbError(
				me.call('network_dashboard', { networkId, periodKind: 'year', periodStart: '2025-04-01', teamSize: null }),
				400,
				'invalid_period'
			);
			await expectDbError(
				me.call('network_dilemma', { networkId, dilemmaSlug: D1, periodKind: 'quarter', periodStart: '2025-05-01' }),
				400,
				'invalid_period'
			);
			await expectDbError(
				me.call('network_dashboard', { networkId, periodKind: 'month' as 'quarter', periodStart: Q1, teamSize: null }),
				400,
				'invalid_period'
			);
			await expectDbError(
				me.call('network_dashboard', { networkId, periodKind: 'quarter', periodStart: '1 januari', teamSize: null }),
				400,
				'invalid_period'
			);
			await expectDbError(
				me.call('network_export', { networkId, periodKind: 'week' as 'quarter', level: 'team' }),
				400,
				'invalid_period'
			);
			// Past the app's schemas, SQL says the same.
			for (const [kind, start] of [
				['month', Q1],
				['quarter', '2026-02-01'],
				['quarter', null],
				[null, Q1]
			]) {
				await expectDbError(
					rawCall(db, w.coordinator, 'network_dashboard', {
						p_network_id: networkId,
						p_period_kind: kind,
						p_period_start: start
					}),
					400,
					'invalid_period'
				);
				await expectDbError(
					rawCall(db, w.coordinator, 'network_dilemma', {
						p_network_id: networkId,
						p_dilemma_slug: D1,
						p_period_kind: kind,
						p_period_start: start
					}),
					400,
					'invalid_period'
				);
			}
			await expectDbError(
				rawCall(db, w.coordinator, 'network_export', {
					p_network_id: networkId,
					p_period_kind: 'month',
					p_level: 'team'
				}),
				400,
				'invalid_period'
			);
		});

		it('an unknown team size is 400 invalid_team_size; an unknown export level 400 invalid_input', async () => {
			const me = as(db, w.coordinator);
			await expectDbError(
				me.call('network_dashboard', {
					networkId: w.networkId,
					periodKind: 'quarter',
					periodStart: Q1,
					teamSize: 'huge' as 'small'
				}),
				400,
				'invalid_team_size'
			);
			await expectDbError(
				rawCall(db, w.coordinator, 'network_dashboard', {
					p_network_id: w.networkId,
					p_period_kind: 'quarter',
					p_period_start: Q1,
					p_team_size: 'huge'
				}),
				400,
				'invalid_team_size'
			);
			await expectDbError(
				me.call('network_export', { networkId: w.networkId, periodKind: 'year', level: 'csv' as 'team' }),
				400,
				'invalid_input'
			);
			await expectDbError(
				rawCall(db, w.coordinator, 'network_export', {
					p_network_id: w.networkId,
					p_period_kind: 'year',
					p_level: 'csv'
				}),
				400,
				'invalid_input'
			);
		});

		it('a reading over 2000 characters is 400 interpretation_too_long, and nothing is saved', async () => {
			const tooLong = 'x'.repeat(2001);
			await expectDbError(save(w.P, { ...w.settings.P, interpretationMd: tooLong }), 400, 'interpretation_too_long');
			await expectDbError(
				rawCall(db, w.P.facilitator, 'save_team_network', {
					p_team_id: w.P.id,
					p_network_id: w.networkId,
					p_sharing: true,
					p_show_name: true,
					p_interpretation_md: tooLong
				}),
				400,
				'interpretation_too_long'
			);
			const settings = await save(w.P, { ...w.settings.P, interpretationMd: 'y'.repeat(2000) });
			try {
				expect(settings.find((n) => n.network_id === w.networkId)?.interpretation_md).toHaveLength(2000);
			} finally {
				await save(w.P, w.settings.P);
			}
			expect((await dilemma(w.coordinator, D1, 'quarter', Q1)).teams[0].interpretation_md).toBe(
				w.dilemmaReadings.PD1Q1
			);
		});

		it('an unknown network is 404 network_not_found for every network function, whoever asks', async () => {
			const networkId = randomUUID();
			for (const who of [w.coordinator, w.P.member]) {
				const me = as(db, who);
				await expectDbError(me.call('network_overview', { networkId }), 404, 'network_not_found');
				await expectDbError(
					me.call('network_dashboard', { networkId, periodKind: 'quarter', periodStart: Q1, teamSize: null }),
					404,
					'network_not_found'
				);
				await expectDbError(
					me.call('network_dilemma', { networkId, dilemmaSlug: D1, periodKind: 'quarter', periodStart: Q1 }),
					404,
					'network_not_found'
				);
				await expectDbError(
					me.call('network_export', { networkId, periodKind: 'year', level: 'network' }),
					404,
					'network_not_found'
				);
				await expectDbError(
					me.call('set_network_threshold', { networkId, minContributors: 5 }),
					404,
					'network_not_found'
				);
			}
			await expectDbError(
				as(db, w.P.member).call('team_vs_network', { teamId: w.P.id, networkId }),
				404,
				'network_not_found'
			);
			await expectDbError(
				as(db, w.P.facilitator).call('save_team_network', { teamId: w.P.id, networkId, ...w.settings.P }),
				404,
				'network_not_found'
			);
			await expectDbError(
				as(db, w.P.facilitator).call('leave_network', { teamId: w.P.id, networkId }),
				404,
				'network_not_found'
			);
			await expectDbError(as(db, w.P.member).call('network_overview', { networkId: 'geen-uuid' }), 400, 'invalid_id');
		});
	});

	// --- joining: a coordinator lets a team in; figures for teams that share (issue 13.1) ----------

	describe('joining', () => {
		const networkId = () => w.networkId;
		/** Every view of N a person can ask for, as outcomes: 'ok' or the error key. */
		const outcomes = async (who: Actor, teamId: string) => {
			const me = as(db, who);
			const outcome = (call: Promise<unknown>) =>
				call.then(
					() => 'ok',
					(error: unknown) => (error instanceof DbError ? `${error.status} ${error.key}` : Promise.reject(error))
				);
			return {
				overview: await outcome(me.call('network_overview', { networkId: networkId() })),
				dashboard: await outcome(dashboard(who, 'year', Y25)),
				dilemma: await outcome(dilemma(who, D1, 'quarter', Q1)),
				exportTeam: await outcome(exportRows(who, 'year', 'team')),
				exportNetwork: await outcome(exportRows(who, 'quarter', 'network')),
				teamVsNetwork: await outcome(me.call('team_vs_network', { teamId, networkId: networkId() }))
			};
		};
		const nothing = {
			overview: '404 network_not_found',
			dashboard: '404 network_not_found',
			dilemma: '404 network_not_found',
			exportTeam: '404 network_not_found',
			exportNetwork: '404 network_not_found',
			teamVsNetwork: '404 network_not_found'
		};
		const withheld = {
			overview: 'ok',
			dashboard: '403 share_to_see',
			dilemma: '403 share_to_see',
			exportTeam: '403 share_to_see',
			exportNetwork: '403 share_to_see',
			teamVsNetwork: '403 share_to_see'
		};
		const everyView = {
			overview: 'ok',
			dashboard: 'ok',
			dilemma: 'ok',
			exportTeam: 'ok',
			exportNetwork: 'ok',
			teamVsNetwork: 'ok'
		};
		/** Everything the coordinator sees but the overview (which counts the pending requests). */
		const figures = async () => (await everything(w.coordinator)).slice(2);
		const statusOf = async (who: Actor, teamId: string) =>
			(await as(db, who).call('team_network_settings', { teamId })).find((n) => n.network_id === w.networkId)?.status;

		it('the attack: a new account signs a new team up with one call; pending, it reads nothing and its invented phones count nowhere', async () => {
			const before = await figures();
			const stranger = await w.person('nieuwkomer');
			const { id: teamId } = await as(db, stranger).call('create_team', { name: 'Wijkteam Nieuwsgierig' });
			const phones: Person[] = [];
			for (let i = 1; i <= 5; i++) phones.push(await w.person(`telefoon ${i}`, true));
			const team = {
				key: 'N',
				name: 'Wijkteam Nieuwsgierig',
				id: teamId,
				facilitator: stranger,
				member: stranger,
				voters: phones
			};
			// Its "results": five invented phones, all far to one side, shared under its name.
			await w.hold(team, 'Verzonnen', '2025-02-20', [[D1, phones.map((p, i): Vote => [p, 90 + i])]]);
			await as(db, stranger).call('save_team_network', {
				teamId,
				networkId: w.networkId,
				sharing: true,
				showName: true,
				interpretationMd: ''
			});
			try {
				expect(await statusOf(stranger, teamId)).toBe('pending');
				expect(await outcomes(stranger, teamId)).toEqual(nothing);
				expect((await as(db, stranger).call('my_networks', {})).find((n) => n.id === w.networkId)).toMatchObject({
					can_view: false
				});
				// Nothing of it reaches the network's figures, not even as a held-back count.
				expect(await figures()).toEqual(before);
				expect(numbersIn(await everything(w.coordinator))).not.toContain(92);
				// The coordinator sees the request, by the team's name, and how many wait.
				expect(await as(db, w.coordinator).call('network_requests', { networkId: w.networkId })).toEqual([
					expect.objectContaining({
						team_id: teamId,
						name: 'Wijkteam Nieuwsgierig',
						status: 'pending',
						decided_at: null
					})
				]);
				expect(
					(await as(db, w.coordinator).call('network_overview', { networkId: w.networkId })).pending_requests
				).toBe(1);

				// Refused: still nothing, and saving its settings again does not ask anew.
				await as(db, w.coordinator).call('decide_network_request', {
					networkId: w.networkId,
					teamId,
					decision: 'refuse'
				});
				await as(db, stranger).call('save_team_network', {
					teamId,
					networkId: w.networkId,
					sharing: true,
					showName: true,
					interpretationMd: ''
				});
				expect(await statusOf(stranger, teamId)).toBe('refused');
				expect(await outcomes(stranger, teamId)).toEqual(nothing);
				expect(await figures()).toEqual(before);
				expect(
					(await as(db, w.coordinator).call('network_overview', { networkId: w.networkId })).pending_requests
				).toBe(0);
				// The team cannot let itself in: the decision is the coordinator's.
				await expectDbError(
					as(db, stranger).call('decide_network_request', { networkId: w.networkId, teamId, decision: 'approve' }),
					404,
					'network_not_found'
				);
				const decided = await sqlAs(db, stranger, `select private.decide_network_team($1, $2, 'approved') as before`, [
					w.networkId,
					teamId
				]);
				expect(decided.rows).toEqual([{ before: null }]);
				expect(await statusOf(stranger, teamId)).toBe('refused');
			} finally {
				await as(db, stranger).call('leave_network', { teamId, networkId: w.networkId });
			}
			expect(await as(db, w.coordinator).call('network_requests', { networkId: w.networkId })).toEqual([]);
		});

		it('give to get: let in, a team that shares nothing sees the network but not its figures; sharing opens them', async () => {
			await as(db, w.O.facilitator).call('save_team_network', {
				teamId: w.O.id,
				networkId: w.networkId,
				sharing: false,
				showName: false,
				interpretationMd: ''
			});
			try {
				expect(await outcomes(w.O.member, w.O.id)).toEqual(nothing);
				await as(db, w.coordinator).call('decide_network_request', {
					networkId: w.networkId,
					teamId: w.O.id,
					decision: 'approve'
				});
				expect(await statusOf(w.O.member, w.O.id)).toBe('approved');
				expect(await outcomes(w.O.member, w.O.id)).toEqual(withheld);
				const overview = await as(db, w.O.member).call('network_overview', { networkId: w.networkId });
				expect(overview).toMatchObject({ sees_figures: false, quarters: [], years: [], pending_requests: null });
				// Not even the aggregates table, read directly.
				expect(
					(await sqlAs(db, w.O.member, `select * from app.network_aggregates where network_id = $1`, [w.networkId]))
						.rows
				).toEqual([]);

				await as(db, w.O.facilitator).call('save_team_network', {
					teamId: w.O.id,
					networkId: w.networkId,
					sharing: true,
					showName: false,
					interpretationMd: ''
				});
				expect(await outcomes(w.O.member, w.O.id)).toEqual(everyView);
				expect((await as(db, w.O.member).call('network_overview', { networkId: w.networkId })).sees_figures).toBe(true);
				// O's own closed session (2025-03-20, five people) now counts.
				expect((await seen(w.coordinator, D1, 'quarter', Q1)).teams.map(([, , median]) => median)).toContain(
					w.medians.O1D1
				);
			} finally {
				await as(db, w.O.facilitator).call('leave_network', { teamId: w.O.id, networkId: w.networkId });
			}
			expect(await outcomes(w.O.member, w.O.id)).toEqual(nothing);
		});

		it('a member of a team that is in but shares nothing (H) is told why; the coordinator and sharing teams see everything', async () => {
			expect(await outcomes(w.H.member, w.H.id)).toEqual(withheld);
			expect(await outcomes(w.P.member, w.P.id)).toEqual(everyView);
			// The coordinator is in no team: every view of the network but "our team against it".
			expect({ ...(await outcomes(w.coordinator, w.P.id)), teamVsNetwork: 'ok' }).toEqual(everyView);
		});

		it('deciding: only a coordinator, only on a request; bad input is a 400, a retry changes nothing', async () => {
			const decide = (who: Actor, teamId: string, decision: 'approve' | 'refuse') =>
				as(db, who).call('decide_network_request', { networkId: w.networkId, teamId, decision });
			for (const who of [w.P.facilitator, w.H.member, w.O.facilitator]) {
				await expectDbError(decide(who, w.P.id, 'approve'), 404, 'network_not_found');
				await expectDbError(as(db, who).call('network_requests', { networkId: w.networkId }), 404, 'network_not_found');
			}
			await expectDbError(decide(w.coordinator, w.O.id, 'approve'), 404, 'request_not_found');
			await expectDbError(decide(w.coordinator, w.P.id, 'refuse'), 409, 'already_member');
			await expectDbError(decide(w.coordinator, 'geen-uuid', 'approve'), 400, 'invalid_id');
			await expectDbError(decide(w.coordinator, w.P.id, 'maybe' as 'approve'), 400, 'invalid_input');
			for (const decision of ['maybe', null]) {
				await expectDbError(
					rawCall(db, w.coordinator, 'decide_network_request', {
						p_network_id: w.networkId,
						p_team_id: w.P.id,
						p_decision: decision
					}),
					400,
					'invalid_input'
				);
			}
			expect(await statusOf(w.P.member, w.P.id)).toBe('approved');
		});
	});

	// --- a held-back cell tells nothing of why (issue 13.4) ------------------------------------------

	describe('a held-back cell looks the same whatever the reason', () => {
		const sizes = [null, 'small', 'medium', 'large'] as const;
		/** U's D1 cell (2025-04-15, in Q2 and 2025) as if it were another one, past the API; put back after. */
		async function asIfUD1(contributors: number, unanimous: boolean) {
			await asSuperuser(
				db,
				`update app.network_period_cells set contributors = $2, unanimous = $3 where team_id = $1 and dilemma_slug = $4`,
				[w.U.id, contributors, unanimous, D1]
			);
			await asSuperuser(db, `select private.refresh_network_aggregates($1)`, [w.networkId]);
		}
		const putBack = () => asIfUD1(6, true);
		/** What the coordinator and a sharing team's member get, under every size filter and period. */
		const views = async () => [
			await everything(w.coordinator, undefined, sizes),
			await everything(w.P.member, w.P.id, sizes)
		];

		it('the attack: unanimous with twelve people, the size filter no longer says "held back in a class of at least k"', async () => {
			await asIfUD1(12, true);
			try {
				for (const [kind, start] of periods) {
					const all = await dashboard(w.coordinator, kind, start);
					const heldBack = new Map(all.dilemmas.map((d) => [d.slug, d.suppressed]));
					for (const size of ['small', 'medium', 'large'] as const) {
						for (const row of (await dashboard(w.coordinator, kind, start, size)).dilemmas) {
							// Each class row is about shown cells, and carries the dilemma's whole held-back count.
							expect(row.teams, `${kind} ${start} ${size} ${row.slug}`).toBeGreaterThan(0);
							expect(row.suppressed).toBe(heldBack.get(row.slug));
						}
					}
				}
				// Before: the medium class of Q2 had D1 with one held-back cell and no team, so the cell
				// had at least k people and could only be unanimous; the team list then named U.
				expect((await dashboard(w.coordinator, 'quarter', Q2, 'medium')).dilemmas).toEqual([]);
				expect((await seen(w.coordinator, D1, 'quarter', Q2)).teams.map(([label]) => label)).not.toContain(L.U);
			} finally {
				await putBack();
			}
		});

		it('unanimous (6, 12 or 25 people) or below k: every view, filter, period and export level is identical', async () => {
			const outputs: unknown[] = [];
			try {
				for (const [contributors, unanimous] of [
					[4, false],
					[6, true],
					[12, true],
					[25, true],
					[3, true]
				] as const) {
					await asIfUD1(contributors, unanimous);
					outputs.push(await views());
				}
			} finally {
				await putBack();
			}
			for (const output of outputs.slice(1)) expect(output).toEqual(outputs[0]);
			// And the held-back cell itself is nowhere: not in the team-level export, not as a median.
			expect(numbersIn(outputs[0])).not.toContain(w.medians.U1D1);
		});
	});

	// --- the demo network of seed.sql --------------------------------------------------------------

	describe('the demo network of seed.sql', () => {
		const demoNetwork = '4e770000-0000-4000-8000-000000000001';
		const carla: Actor = { kind: 'user', userId: 'd0000000-0000-4000-8000-000000000006', isAnonymous: false };
		const fenna: Actor = { kind: 'user', userId: 'd0000000-0000-4000-8000-000000000001', isAnonymous: false };
		let latestYear: string;

		beforeAll(async () => {
			await seedDemo(db.executor);
			latestYear = (await as(db, carla).call('network_overview', { networkId: demoNetwork })).years[0];
		}, 120_000);

		const demoDashboard = () =>
			as(db, carla).call('network_dashboard', {
				networkId: demoNetwork,
				periodKind: 'year',
				periodStart: latestYear,
				teamSize: null
			});

		it('the coordinator sees a populated dashboard for the latest year: ≥ 10 teams a dilemma, the two small teams held back', async () => {
			// The newest seeded sessions were a month ago.
			const monthAgo = new Date(Date.now() - 31 * 86_400_000);
			expect(latestYear >= `${monthAgo.getUTCFullYear()}-01-01`).toBe(true);
			// The dilemmas the fourteen generated teams discussed that year (each team the same ones;
			// early in a year the demo team may have one more of its own, which these do not cover).
			const generated = (
				await asSuperuser(
					db,
					`select distinct s.dilemma_slug from app.network_period_cells s
					 join app.network_teams nt on nt.team_id = s.team_id and nt.network_id = $1
					 where s.period_kind = 'year' and s.period_start = $2 and s.team_id <> $3`,
					[demoNetwork, latestYear, '7ea70000-0000-4000-8000-000000000001']
				)
			).map((r) => String(r.dilemma_slug));
			expect(generated.length).toBeGreaterThanOrEqual(5);
			const d = await demoDashboard();
			const rows = d.dilemmas.filter((row) => generated.includes(row.slug));
			expect(rows).toHaveLength(generated.length);
			for (const row of rows) {
				expect(row.teams, row.slug).toBeGreaterThanOrEqual(10);
				expect(row.suppressed, row.slug).toBeGreaterThanOrEqual(2);
				expect(row.mine).toEqual([]);
			}
			// Two small teams on every dilemma, plus team 9's one unanimous cell (its newest session).
			expect(rows.reduce((sum, row) => sum + row.suppressed, 0)).toBe(2 * rows.length + 1);
			const one = await as(db, carla).call('network_dilemma', {
				networkId: demoNetwork,
				dilemmaSlug: rows[0].slug,
				periodKind: 'year',
				periodStart: latestYear
			});
			const labels = one.teams.map((t) => t.label);
			expect(labels).not.toContain('Team G'); // Wijkteam Dorpen, four people
			expect(labels).not.toContain('Team L'); // Wijkteam Rivierenbuurt, three people
			expect(one.teams.filter((t) => t.name === null).every((t) => t.interpretation_md === null)).toBe(true);
		});

		it('the demo readings each show beside their own team, dilemma and year, and on no other dilemma', async () => {
			const readings = await asSuperuser(
				db,
				`select r.dilemma_slug as slug, r.period_start::text as start, r.body_md, t.name
				 from app.network_readings r join app.teams t on t.id = r.team_id where r.network_id = $1`,
				[demoNetwork]
			);
			expect(readings.length).toBeGreaterThanOrEqual(3);
			for (const r of readings) {
				const on = await as(db, carla).call('network_dilemma', {
					networkId: demoNetwork,
					dilemmaSlug: String(r.slug),
					periodKind: 'year',
					periodStart: String(r.start)
				});
				expect(on.teams.find((t) => t.name === r.name)?.interpretation_md).toBe(r.body_md);
				const other = builtinSlugs.find((slug) => slug !== r.slug)!;
				const off = await as(db, carla).call('network_dilemma', {
					networkId: demoNetwork,
					dilemmaSlug: other,
					periodKind: 'year',
					periodStart: String(r.start)
				});
				expect(JSON.stringify(off)).not.toContain(String(r.body_md));
			}
		});

		it('the coordinator has one team waiting, which sees nothing of the network and counts nowhere', async () => {
			const requests = await as(db, carla).call('network_requests', { networkId: demoNetwork });
			expect(requests).toEqual([
				expect.objectContaining({ name: 'Wijkteam Bloemenbuurt', status: 'pending', decided_at: null })
			]);
			expect((await as(db, carla).call('network_overview', { networkId: demoNetwork })).pending_requests).toBe(1);
			const sanne: Actor = { kind: 'user', userId: 'd0000000-0000-4000-8000-000000000007', isAnonymous: false };
			await expectDbError(as(db, sanne).call('network_overview', { networkId: demoNetwork }), 404, 'network_not_found');
			const own = await as(db, sanne).call('team_network_settings', { teamId: requests[0].team_id });
			expect(own.find((n) => n.network_id === demoNetwork)).toMatchObject({
				joined: true,
				status: 'pending',
				sharing: true
			});
		});

		it('the demo facilitator sees her own team marked in it', async () => {
			const d = await as(db, fenna).call('network_dashboard', {
				networkId: demoNetwork,
				periodKind: 'year',
				periodStart: latestYear,
				teamSize: null
			});
			expect(d.dilemmas.some((row) => row.mine.some((m) => m.team_label === 'Team O'))).toBe(true);
		});

		it('running the seed again changes nothing', async () => {
			const counts = () =>
				asSuperuser(
					db,
					`select (select count(*) from app.network_cells)::int as cells,
					        (select count(*) from app.network_period_cells)::int as period_cells,
					        (select count(*) from app.network_teams)::int as teams,
					        (select count(*) from app.networks)::int as networks`
				);
			const demoExport = () =>
				as(db, carla).call('network_export', { networkId: demoNetwork, periodKind: 'quarter', level: 'team' });
			const before = [await counts(), await demoDashboard(), await demoExport()];
			await seedDemo(db.executor);
			const after = [await counts(), await demoDashboard(), await demoExport()];
			expect(after).toEqual(before);
		});
	});
});
