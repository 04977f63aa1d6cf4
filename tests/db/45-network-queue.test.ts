import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverItself, anonymousVisitor, type Actor } from '$lib/server/db/port';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { asSuperuser, engines, expectDbError, rawCall, sqlAs, type TestDatabase } from './harness';
import { as, createPerson } from './factories';
import { builtinSlugs, createSession, roundsOf } from './sessions-cast';

// Issue 15 (migration 20261205010000_network_deferred_aggregates): closing a session and changing
// a team's sharing queue the network keys they change and answer at once; the aggregates are
// rewritten afterwards (process_network_queue). Proven here: a withdrawal counts before anyone
// can read (right after the call, queue not drained), a closed session shows on the next read,
// what a reader computes for a queued key is what the drain stores, the drain after a call
// completes by itself, and nobody but the server touches the queue.
//
// Calls that must leave the queue undrained go through rawCall (the backend's rpc, without the
// DbClient that starts a drain after a queueing call).

const [D1, D2] = builtinSlugs;
const Y25 = '2025-01-01';
const Q4 = '2025-10-01';

type Person = Actor & { kind: 'user' };

async function buildWorld(db: TestDatabase) {
	const networkId = randomUUID();
	const coordinator = await createPerson(db, { name: 'Coördinator' });
	await asSuperuser(db, `insert into app.networks (id, name, min_contributors) values ($1, 'Netwerk Wachtrij', 3)`, [
		networkId
	]);
	await asSuperuser(db, `insert into app.network_coordinators (network_id, user_id) values ($1, $2)`, [
		networkId,
		coordinator.userId
	]);

	const team = async (name: string, showName: boolean) => {
		const facilitator = await createPerson(db, { name: `${name} facilitator` });
		const { id } = await as(db, facilitator).call('create_team', { name });
		const voters: Person[] = [];
		for (let i = 0; i < 3; i++) voters.push(await createPerson(db, { anonymous: true }));
		await as(db, facilitator).call('save_team_network', {
			teamId: id,
			networkId,
			sharing: true,
			showName,
			interpretationMd: ''
		});
		await as(db, coordinator).call('decide_network_request', { networkId, teamId: id, decision: 'approve' });
		return { name, id, facilitator, voters };
	};
	type Team = Awaited<ReturnType<typeof team>>;

	/** A session through the API, closed with rawCall (no drain after it) unless told otherwise. */
	async function hold(t: Team, heldOn: string, plan: [string, number[]][], close: 'raw' | 'client' = 'raw') {
		const lead = as(db, t.facilitator);
		const s = await createSession(db, t.facilitator, t.id, {
			title: 'Sessie',
			heldOn,
			slugs: plan.map(([slug]) => slug)
		});
		for (const p of t.voters) await as(db, p).call('join_session', { code: s.join_code, displayName: 'Deelnemer' });
		const rounds = await roundsOf(db, s.id);
		for (const [i, [, values]] of plan.entries()) {
			await lead.call('set_round_phase', { sessionId: s.id, position: i + 1, phase: 'position' });
			for (const [j, value] of values.entries()) {
				await as(db, t.voters[j]).call('cast_position', { roundId: rounds[i].id, value, desired: null });
			}
			await lead.call('set_round_phase', { sessionId: s.id, position: i + 1, phase: 'reveal' });
		}
		if (close === 'raw')
			await rawCall(db, t.facilitator, 'set_session_status', { p_session_id: s.id, p_status: 'closed' });
		else await lead.call('set_session_status', { sessionId: s.id, status: 'closed' });
		return s.id;
	}

	// Team medians on D1 in 2025: A 30, B 50, C 70, D 90 (named: B and D).
	const A = await team('Wijkteam Anker', false);
	const B = await team('Wijkteam Brug', true);
	const C = await team('Wijkteam Cirkel', false);
	const D = await team('Wijkteam Dijk', true);
	await hold(A, '2025-03-10', [
		[D1, [20, 30, 40]],
		[D2, [10, 15, 25]]
	]);
	await hold(B, '2025-04-10', [[D1, [40, 50, 60]]]);
	await hold(C, '2025-05-10', [[D1, [60, 70, 80]]]);
	await hold(D, '2025-06-10', [[D1, [80, 90, 95]]]);
	await drain(db);
	return { networkId, coordinator, A, B, C, D, hold };
}

const queued = async (db: TestDatabase) =>
	Number((await asSuperuser(db, `select count(*)::int as n from private.network_dirty_keys`))[0].n);
/** What the server does after a queueing call, here as superuser: until nothing is queued. */
async function drain(db: TestDatabase) {
	while (Number((await asSuperuser(db, `select public.process_network_queue(40) as left`))[0].left) > 0) {
		// another batch
	}
}

describe.each(engines)('the network queue on %s', (_engine, open) => {
	let db: TestDatabase;
	let w: Awaited<ReturnType<typeof buildWorld>>;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		w = await buildWorld(db);
	}, 240_000);
	afterAll(async () => {
		await db?.close();
	});

	const dashboard = (who: Actor, kind: 'quarter' | 'year', start: string) =>
		as(db, who).call('network_dashboard', {
			networkId: w.networkId,
			periodKind: kind,
			periodStart: start,
			teamSize: null
		});
	const d1Of = async (who: Actor, kind: 'quarter' | 'year' = 'year', start = Y25) =>
		(await dashboard(who, kind, start)).dilemmas.find((d) => d.slug === D1);
	const teamByTeam = (who: Actor, start = Y25) =>
		as(db, who).call('network_dilemma', {
			networkId: w.networkId,
			dilemmaSlug: D1,
			periodKind: 'year',
			periodStart: start
		});
	/** Everything the network's people can read about 2025, as one value to compare. */
	const everything = async (who: Actor) => ({
		overview: await as(db, who).call('network_overview', { networkId: w.networkId }),
		year: await dashboard(who, 'year', Y25),
		dilemma: await teamByTeam(who),
		exported: await as(db, who).call('network_export', {
			networkId: w.networkId,
			periodKind: 'quarter',
			level: 'network'
		}),
		vs: await as(db, w.B.facilitator).call('team_vs_network', { teamId: w.B.id, networkId: w.networkId })
	});
	const sharing = (t: typeof w.A, on: boolean, showName = false) =>
		rawCall(db, t.facilitator, 'save_team_network', {
			p_team_id: t.id,
			p_network_id: w.networkId,
			p_sharing: on,
			p_show_name: showName,
			p_interpretation_md: null
		});

	it('starts with all four teams in the figures and nothing queued', async () => {
		expect(await queued(db)).toBe(0);
		expect(await d1Of(w.coordinator)).toMatchObject({ teams: 4, median: 60, min: 30, max: 90 });
	});

	it("a withdrawal counts before anyone reads: right after the call, undrained, no view has the team's figures", async () => {
		await sharing(w.A, false);
		expect(await queued(db)).toBeGreaterThan(0);
		// Dashboard (coordinator and another team), team by team, export, direct reads of the table.
		for (const who of [w.coordinator, w.B.facilitator]) {
			expect(await d1Of(who)).toMatchObject({ teams: 3, median: 70, min: 50, max: 90 });
			const d = await teamByTeam(who);
			expect(d.team_count).toBe(3);
			expect(d.teams.map((t) => t.median).sort()).toEqual([50, 70, 90]);
			expect(d.bins).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 0, 1]);
		}
		const exported = await as(db, w.coordinator).call('network_export', {
			networkId: w.networkId,
			periodKind: 'quarter',
			level: 'network'
		});
		// A's only quarter (Q1) had only A: it is gone; D2 (only A) is gone everywhere.
		expect(exported.map((r) => r.period_start)).not.toContain('2025-01-01');
		expect(exported.some((r) => r.slug === D2)).toBe(false);
		const direct = await sqlAs(
			db,
			w.B.facilitator,
			`select dilemma_slug, period_kind, period_start::text, teams from app.network_aggregates
		  where network_id = $1 and team_size = 'all'`,
			[w.networkId]
		);
		expect(direct.error).toBeUndefined();
		// The stored rows of the queued keys are hidden until rewritten; none of them counts A.
		expect(direct.rows.some((r) => r.dilemma_slug === D2)).toBe(false);
		expect(direct.rows.find((r) => r.dilemma_slug === D1 && r.period_kind === 'year')).toBeUndefined();
		// The overview's periods: Q1 2025 (A's only) is no longer offered.
		const overview = await as(db, w.coordinator).call('network_overview', { networkId: w.networkId });
		expect(overview.quarters).not.toContain('2025-01-01');

		// Sharing again counts at once too.
		await sharing(w.A, true);
		expect(await d1Of(w.coordinator)).toMatchObject({ teams: 4, median: 60, min: 30, max: 90 });
		await drain(db);
	});

	it('what a reader computes for a queued key is exactly what the drain then stores', async () => {
		await sharing(w.C, false);
		const before = await everything(w.D.facilitator);
		expect(await queued(db)).toBeGreaterThan(0);
		await drain(db);
		expect(await queued(db)).toBe(0);
		expect(await everything(w.D.facilitator)).toEqual(before);
		expect(before.year.dilemmas.find((d) => d.slug === D1)).toMatchObject({ teams: 3 });
		await sharing(w.C, true);
		const back = await everything(w.D.facilitator);
		await drain(db);
		expect(await everything(w.D.facilitator)).toEqual(back);
	});

	it("a closed session's figures show on the next read, before the queue is drained", async () => {
		// B holds a session in Q4 2025, a quarter nobody had: its D1 median 20 replaces B's 50 in 2025.
		await w.hold(w.B, '2025-11-05', [[D1, [10, 20, 35]]]);
		expect(await queued(db)).toBeGreaterThan(0);
		const overview = await as(db, w.C.facilitator).call('network_overview', { networkId: w.networkId });
		expect(overview.quarters).toContain(Q4);
		expect(await d1Of(w.C.facilitator, 'quarter', Q4)).toMatchObject({ teams: 1, suppressed: 0, median: 20 });
		expect(await d1Of(w.C.facilitator)).toMatchObject({ teams: 4, min: 20, max: 90 });
		const mine = await as(db, w.B.facilitator).call('team_vs_network', { teamId: w.B.id, networkId: w.networkId });
		expect(mine.dilemmas.find((d) => d.slug === D1)).toMatchObject({ median: 20, network: { teams: 4 } });
		await drain(db);
		expect(await d1Of(w.C.facilitator)).toMatchObject({ teams: 4, min: 20, max: 90 });
	});

	it('the server drains the queue by itself after a call that queued keys (DbClient)', async () => {
		await as(db, w.D.facilitator).call('save_team_network', {
			teamId: w.D.id,
			networkId: w.networkId,
			sharing: false,
			showName: true,
			interpretationMd: null
		});
		await expect.poll(() => queued(db), { timeout: 20_000, interval: 100 }).toBe(0);
		const stored = await asSuperuser(
			db,
			`select teams from app.network_aggregates
		  where network_id = $1 and period_kind = 'year' and dilemma_slug = $2 and team_size = 'all'`,
			[w.networkId, D1]
		);
		expect(stored.map((r) => Number(r.teams))).toEqual([3]);
		await as(db, w.D.facilitator).call('save_team_network', {
			teamId: w.D.id,
			networkId: w.networkId,
			sharing: true,
			showName: true,
			interpretationMd: null
		});
		await expect.poll(() => queued(db), { timeout: 20_000, interval: 100 }).toBe(0);
		expect(await d1Of(w.coordinator)).toMatchObject({ teams: 4 });
	});

	it('two drains at once leave nothing queued and the same figures', async () => {
		await sharing(w.A, false);
		await sharing(w.A, true);
		const expected = await everything(w.coordinator);
		await Promise.all([drain(db), drain(db)]);
		expect(await queued(db)).toBe(0);
		expect(await everything(w.coordinator)).toEqual(expected);
	});

	it("beyond the limit, team by team lists only the named teams and the reader's own", async () => {
		// The page's limit is sixty; the helper takes it as a parameter, so four teams show the rule.
		const rows = await sqlAs(
			db,
			w.C.facilitator,
			`select team_label, team_name, median::float8 as median, is_mine
		  from private.network_dilemma_teams($1, $2, 'year', $3, 2) order by median`,
			[w.networkId, D1, Y25]
		);
		expect(rows.error).toBeUndefined();
		// B (named, median 20 now), C (the reader's own, anonymous), D (named); not A.
		expect(rows.rows.map((r) => [r.team_name, Number(r.median), r.is_mine])).toEqual([
			['Wijkteam Brug', 20, false],
			[null, 70, true],
			['Wijkteam Dijk', 90, false]
		]);
		const all = await teamByTeam(w.C.facilitator);
		expect(all.team_count).toBe(4);
		expect(all.teams).toHaveLength(4);
	});

	it('nobody but the server reads or writes the queue, or runs the drain', async () => {
		await sharing(w.A, false);
		for (const who of [w.A.facilitator, w.coordinator, anonymousVisitor]) {
			for (const statement of [
				`select * from private.network_dirty_keys`,
				`insert into private.network_dirty_keys (network_id, period_kind, period_start, dilemma_slug) values ('${w.networkId}', 'year', '2025-01-01', '${D1}')`,
				`delete from private.network_dirty_keys`,
				`select public.process_network_queue(40)`,
				`select * from private.compute_network_aggregates('${w.networkId}', array['year'], array['2025-01-01'::date], array['${D1}'])`
			]) {
				const outcome = await sqlAs(db, who, statement);
				expect(outcome.error?.code, `${who.kind}: ${statement}`).toBe('42501');
			}
		}
		expect(await queued(db)).toBeGreaterThan(0);
		await expectDbError(as(db, w.coordinator).call('process_network_queue', { limit: 40 }), 403, 'forbidden');
		// The server itself may; bad input is a translated 400, never a 500.
		await expectDbError(as(db, serverItself).call('process_network_queue', { limit: 0 }), 400, 'invalid_input');
		expect(await as(db, serverItself).call('process_network_queue', { limit: 1000 })).toBe(0);
		expect(await queued(db)).toBe(0);
		await sharing(w.A, true);
		await drain(db);
	});

	it('the queue table has row level security on', async () => {
		const [row] = await asSuperuser(
			db,
			`select relrowsecurity from pg_class where oid = 'private.network_dirty_keys'::regclass`
		);
		expect(row.relrowsecurity).toBe(true);
	});
});
