import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbClient, serverItself, type Actor } from '$lib/server/db/port';
import type { Phase } from '$lib/domain/session-schemas';
import type { StageSummary } from '$lib/server/db/api';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { seedDemo } from '$lib/server/db/migrate';
import { gap, summarize } from '$lib/domain/statistics';
import { asSuperuser, engines, expectDbError, expectSqlError, sqlAs, type TestDatabase } from './harness';
import { as, asVisitor, createPerson, createTeam } from './factories';
import { builtinSlugs, builtinTitle, createSession, roundsOf } from './sessions-cast';

// A person's own history, the team over time (trend, profile, comparison), "my data" (export and
// account deletion) and the demo history of seed.sql (migration 20261123160000).

const [slugA, slugB, slugC] = [builtinSlugs[1], builtinSlugs[2], builtinSlugs[3]];

type Vote = [Actor, number, number | null];

/** What summarize() and gap() of statistics.ts say about these votes: the numbers SQL must give. */
function expected(votes: Vote[]): StageSummary {
	const s = summarize(votes.map(([, v]) => v));
	const withDesired = votes.filter(([, , d]) => d !== null);
	const g = gap(
		withDesired.map(([, v], i) => ({ participant: String(i), value: v })),
		withDesired.map(([, , d], i) => ({ participant: String(i), value: d! }))
	);
	const desired = summarize(withDesired.map(([, , d]) => d!));
	return {
		n: s.n,
		median: s.median!,
		q1: s.q1!,
		q3: s.q3!,
		iqr: s.iqr!,
		desired_n: withDesired.length,
		desired_median: desired.median,
		gap: g.medianDifference,
		gap_abs: g.medianAbsoluteDifference
	};
}

/**
 * Team "Wijkteam Trend": a facilitator and four members (m1..m4), an anonymous guest who joins
 * every session by code, and an outsider team. Three sessions on slugs A, B, C:
 * - s2 (2025-09-01, created first, closed): A and C, no desired values;
 * - s1 (2025-03-10, closed): A and B, with desired values;
 * - s3 (2025-12-01, open): A in the reposition phase (after-values cast but not yet shown), B waiting.
 */
async function trendCast(db: TestDatabase) {
	const { team, facilitator, members } = await createTeam(db, 4, 'Wijkteam Trend');
	const [m1, m2, m3, m4] = members;
	const guest = await createPerson(db, { anonymous: true, name: 'Gast' });
	const other = await createTeam(db, 1, 'Wijkteam Anders');
	const lead = as(db, facilitator);

	async function session(title: string, heldOn: string, slugs: string[], askDesired: boolean, voters: Actor[]) {
		const s = await createSession(db, facilitator, team.id, { title, heldOn, slugs, askDesired });
		for (const [i, voter] of voters.entries()) {
			await as(db, voter).call('join_session', { code: s.join_code, displayName: `Deelnemer ${i + 1}` });
		}
		return { ...s, rounds: await roundsOf(db, s.id) };
	}
	const phase = (sessionId: string, position: number, p: Phase) =>
		lead.call('set_round_phase', { sessionId, position, phase: p });
	async function play(sessionId: string, position: number, before: Vote[], after: Vote[], end: Phase = 'done') {
		const rounds = await roundsOf(db, sessionId);
		const roundId = rounds[position - 1].id;
		await phase(sessionId, position, 'position');
		for (const [who, value, desired] of before) await as(db, who).call('cast_position', { roundId, value, desired });
		await phase(sessionId, position, 'reveal');
		await phase(sessionId, position, 'reposition');
		for (const [who, value, desired] of after) await as(db, who).call('cast_position', { roundId, value, desired });
		if (end !== 'reposition') await phase(sessionId, position, end);
	}

	const votes = {
		s1A: {
			before: [
				[m1, 10, 30],
				[m2, 20, 30],
				[m3, 30, 35],
				[m4, 40, 40],
				[guest, 90, 50]
			] as Vote[],
			after: [
				[m1, 20, null],
				[m2, 25, null],
				[m3, 30, null],
				[m4, 35, null],
				[guest, 60, null]
			] as Vote[]
		},
		s1B: {
			before: [
				[m1, 0, null],
				[m2, 100, null]
			] as Vote[],
			after: [] as Vote[]
		},
		s2A: {
			before: [
				[m1, 10, null],
				[m2, 30, null],
				[m3, 50, null],
				[m4, 70, null]
			] as Vote[],
			after: [
				[m1, 20, null],
				[m2, 30, null],
				[m3, 50, null],
				[m4, 60, null]
			] as Vote[]
		},
		s2C: {
			before: [
				[m1, 33, null],
				[m2, 34, null],
				[m3, 35, null]
			] as Vote[],
			after: [] as Vote[]
		},
		s3A: {
			before: [
				[m1, 50, null],
				[m2, 60, null],
				[guest, 70, null]
			] as Vote[],
			after: [[m1, 55, null]] as Vote[]
		}
	};

	const s2 = await session('Najaar', '2025-09-01', [slugA, slugC], false, [m1, m2, m3, m4]);
	await play(s2.id, 1, votes.s2A.before, votes.s2A.after);
	await play(s2.id, 2, votes.s2C.before, votes.s2C.after);
	await lead.call('set_session_status', { sessionId: s2.id, status: 'closed' });

	const s1 = await session('Voorjaar', '2025-03-10', [slugA, slugB], true, [m1, m2, m3, m4, guest]);
	await play(s1.id, 1, votes.s1A.before, votes.s1A.after);
	await play(s1.id, 2, votes.s1B.before, votes.s1B.after);
	await lead.call('set_session_status', { sessionId: s1.id, status: 'closed' });

	const s3 = await session('Winter', '2025-12-01', [slugA, slugB], false, [m1, m2, guest]);
	await play(s3.id, 1, votes.s3A.before, votes.s3A.after, 'reposition');

	return {
		team,
		facilitator,
		m1,
		m2,
		m3,
		m4,
		guest,
		outsider: other.facilitator,
		outsiderTeam: other.team,
		s1,
		s2,
		s3,
		votes,
		phase
	};
}
type TrendCast = Awaited<ReturnType<typeof trendCast>>;

// --- team over time ----------------------------------------------------------------------------------

describe.each(engines)('the team over time on %s', (_engine, open) => {
	let db: TestDatabase;
	let t: TrendCast;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		t = await trendCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const trend = (who: Actor, dilemmaSlug: string) => as(db, who).call('team_trend', { teamId: t.team.id, dilemmaSlug });

	it('the statistics module agrees with the hand-computed quartiles (so the expectations below are right)', async () => {
		expect(expected(t.votes.s2A.before)).toMatchObject({ n: 4, median: 40, q1: 25, q3: 55, iqr: 30 });
		expect(expected(t.votes.s2A.after)).toMatchObject({ median: 40, q1: 27.5, q3: 52.5, iqr: 25 });
		expect(expected(t.votes.s2C.before)).toMatchObject({ median: 34, q1: 33.5, q3: 34.5 });
		expect(expected(t.votes.s1A.before)).toEqual({
			n: 5,
			median: 30,
			q1: 20,
			q3: 40,
			iqr: 20,
			desired_n: 5,
			desired_median: 35,
			gap: 5,
			gap_abs: 10
		});
	});

	it.each(['facilitator', 'm3'] as const)(
		'%s reads the trend of dilemma A: one point per revealed session in date order, numbers as percentile_cont',
		async (who) => {
			const points = await trend(t[who], slugA);
			expect(points.map((p) => [p.title, p.held_on, p.status])).toEqual([
				['Voorjaar', '2025-03-10', 'closed'],
				['Najaar', '2025-09-01', 'closed'],
				['Winter', '2025-12-01', 'open']
			]);
			expect(points[0]).toMatchObject({ session_id: t.s1.id, round_id: t.s1.rounds[0].id });
			expect(points[0].before).toEqual(expected(t.votes.s1A.before));
			expect(points[0].after).toEqual({
				...expected(t.votes.s1A.after),
				desired_median: null,
				gap: null,
				gap_abs: null
			});
			expect(points[1].before).toEqual({
				...expected(t.votes.s2A.before),
				desired_median: null,
				gap: null,
				gap_abs: null
			});
			expect(points[1].after).toEqual({
				n: 4,
				median: 40,
				q1: 27.5,
				q3: 52.5,
				iqr: 25,
				desired_n: 0,
				desired_median: null,
				gap: null,
				gap_abs: null
			});
			// The round in play shows its before-values (revealed) but not yet the after-values.
			expect(points[2].before).toMatchObject({ n: 3, median: 60, q1: 55, q3: 65 });
			expect(points[2].after).toBeNull();
		}
	);

	it('rounds not revealed are left out: B only from the first session, C only from the second', async () => {
		const b = await trend(t.m1, slugB);
		expect(b.map((p) => p.title)).toEqual(['Voorjaar']);
		expect(b[0].before).toMatchObject({ n: 2, median: 50, q1: 25, q3: 75, iqr: 50 });
		expect(b[0].after).toBeNull();
		expect((await trend(t.m1, slugC)).map((p) => [p.title, p.before?.median])).toEqual([['Najaar', 34]]);
		expect(await trend(t.m1, builtinSlugs[10])).toEqual([]);
	});

	it('a round in play cannot be sent back to the position phase once revealed: the trend keeps it as shown', async () => {
		const shown = await trend(t.m2, slugA);
		await expectDbError(t.phase(t.s3.id, 1, 'position'), 409, 'stage_closed');
		expect(await trend(t.m2, slugA)).toEqual(shown);
		expect(shown.map((p) => p.title)).toEqual(['Voorjaar', 'Najaar', 'Winter']);
	});

	it('the team profile of a session: every dilemma with title, poles and its summaries, gap as statistics.gap', async () => {
		const profile = await as(db, t.m4).call('team_profile', { teamId: t.team.id, sessionId: t.s1.id, lang: 'nl' });
		expect(profile.session).toEqual({
			id: t.s1.id,
			title: 'Voorjaar',
			held_on: '2025-03-10',
			status: 'closed',
			ask_desired: true
		});
		expect(profile.dilemmas.map((d) => [d.position, d.slug, d.title, d.phase])).toEqual([
			[1, slugA, builtinTitle(slugA, 'nl'), 'done'],
			[2, slugB, builtinTitle(slugB, 'nl'), 'done']
		]);
		expect(profile.dilemmas[0].before).toEqual(expected(t.votes.s1A.before));
		expect(profile.dilemmas[0].before).toMatchObject({ desired_median: 35, gap: 5, gap_abs: 10 });
		expect(profile.dilemmas[1].after).toBeNull();
		const en = await as(db, t.m4).call('team_profile', { teamId: t.team.id, sessionId: t.s1.id, lang: 'en' });
		expect(en.dilemmas[0].title).toBe(builtinTitle(slugA, 'en'));
		expect(en.dilemmas[0].pole_left).toEqual(expect.any(String));
	});

	it('the profile of the open session shows the waiting round without numbers', async () => {
		const profile = await as(db, t.facilitator).call('team_profile', {
			teamId: t.team.id,
			sessionId: t.s3.id,
			lang: 'nl'
		});
		expect(profile.dilemmas.map((d) => [d.slug, d.phase, d.before?.n ?? null, d.after])).toEqual([
			[slugA, 'reposition', 3, null],
			[slugB, 'waiting', null, null]
		]);
	});

	it('comparing two sessions: the dilemmas of either, changes of the before-values b minus a', async () => {
		const cmp = await as(db, t.m2).call('compare_sessions', {
			teamId: t.team.id,
			sessionA: t.s1.id,
			sessionB: t.s2.id,
			lang: 'nl'
		});
		expect([cmp.a.title, cmp.b.title]).toEqual(['Voorjaar', 'Najaar']);
		expect(cmp.dilemmas.map((d) => [d.slug, d.a?.round_id ?? null, d.b?.round_id ?? null])).toEqual([
			[slugA, t.s1.rounds[0].id, t.s2.rounds[0].id],
			[slugB, t.s1.rounds[1].id, null],
			[slugC, null, t.s2.rounds[1].id]
		]);
		const [a, b, c] = cmp.dilemmas;
		expect(a.a?.before).toEqual(expected(t.votes.s1A.before));
		expect(a.b?.after).toMatchObject({ median: 40, iqr: 25 });
		expect([a.median_change, a.iqr_change]).toEqual([40 - 30, 30 - 20]);
		expect([b.median_change, c.median_change, c.iqr_change]).toEqual([null, null, null]);
		expect(c.title).toBe(builtinTitle(slugC, 'nl'));
	});

	it.each([
		['the outsider team’s facilitator', 'outsider'],
		['an anonymous guest who joined every session', 'guest']
	] as const)('%s gets 404 team_not_found for trend, profile and comparison', async (_label, who) => {
		const me = as(db, t[who]);
		await expectDbError(me.call('team_trend', { teamId: t.team.id, dilemmaSlug: slugA }), 404, 'team_not_found');
		await expectDbError(
			me.call('team_profile', { teamId: t.team.id, sessionId: t.s1.id, lang: 'nl' }),
			404,
			'team_not_found'
		);
		await expectDbError(
			me.call('compare_sessions', { teamId: t.team.id, sessionA: t.s1.id, sessionB: t.s2.id, lang: 'nl' }),
			404,
			'team_not_found'
		);
	});

	it('the visitor and the service role get 403 forbidden', async () => {
		for (const client of [asVisitor(db), new DbClient(db.backend, serverItself)]) {
			await expectDbError(client.call('team_trend', { teamId: t.team.id, dilemmaSlug: slugA }), 403, 'forbidden');
			await expectDbError(
				client.call('team_profile', { teamId: t.team.id, sessionId: t.s1.id, lang: 'nl' }),
				403,
				'forbidden'
			);
		}
	});

	it("another team's session, or one of the team's sessions asked under another team, is 404 session_not_found", async () => {
		const theirs = await createSession(db, t.outsider, t.outsiderTeam.id, { title: 'Van hen', slugs: [slugA] });
		await expectDbError(
			as(db, t.m1).call('team_profile', { teamId: t.team.id, sessionId: theirs.id, lang: 'nl' }),
			404,
			'session_not_found'
		);
		await expectDbError(
			as(db, t.m1).call('compare_sessions', { teamId: t.team.id, sessionA: t.s1.id, sessionB: theirs.id, lang: 'nl' }),
			404,
			'session_not_found'
		);
		await expectDbError(
			as(db, t.outsider).call('team_profile', { teamId: t.outsiderTeam.id, sessionId: t.s1.id, lang: 'nl' }),
			404,
			'session_not_found'
		);
	});

	it('the definer helper behind the numbers answers only members of the team', async () => {
		const ask = (who: Actor) => sqlAs(db, who, `select private.round_summary($1, 'before') as s`, [t.s1.rounds[0].id]);
		expect((await ask(t.m1)).rows[0].s).toMatchObject({ n: 5, median: 30 });
		for (const who of [t.outsider, t.guest]) {
			const outcome = await ask(who);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rows).toEqual([{ s: null }]);
		}
	});

	it("my_history: a person's own positions from sessions in date order, before ahead of after, and saved entries", async () => {
		await as(db, t.m1).call('save_reflection', {
			id: randomUUID(),
			dilemmaSlug: slugA,
			bodyMd: 'Na het najaar',
			value: 25,
			desired: 20,
			isDraft: false,
			expectedVersion: 0
		});
		await as(db, t.m1).call('save_reflection', {
			id: randomUUID(),
			dilemmaSlug: slugA,
			bodyMd: 'Nog een concept',
			value: 99,
			desired: null,
			isDraft: true,
			expectedVersion: 0
		});
		const history = await as(db, t.m1).call('my_history', { dilemmaSlug: slugA });
		const positions = history.filter((i) => i.kind === 'position');
		expect(
			positions.map((i) => (i.kind === 'position' ? [i.on, i.session_title, i.stage, i.value, i.desired] : []))
		).toEqual([
			['2025-03-10', 'Voorjaar', 'before', 10, 30],
			['2025-03-10', 'Voorjaar', 'after', 20, null],
			['2025-09-01', 'Najaar', 'before', 10, null],
			['2025-09-01', 'Najaar', 'after', 20, null],
			['2025-12-01', 'Winter', 'before', 50, null],
			['2025-12-01', 'Winter', 'after', 55, null]
		]);
		// The entry was written today, after all three sessions; the draft is not in the timeline.
		expect(history.at(-1)).toMatchObject({ kind: 'reflection', body_md: 'Na het najaar', value: 25, desired: 20 });
		expect(history.filter((i) => i.kind === 'reflection')).toHaveLength(1);
		// An anonymous guest has a history too: their own positions only.
		const guest = await as(db, t.guest).call('my_history', { dilemmaSlug: slugA });
		expect(guest.map((i) => (i.kind === 'position' ? i.value : null))).toEqual([90, 60, 70]);
		expect(await as(db, t.outsider).call('my_history', { dilemmaSlug: slugA })).toEqual([]);
	});

	it('once the round in play reaches the shift, its after-values join the trend', async () => {
		// Last in this block: the shift seals the round in play ('reposition' cannot come back).
		expect((await trend(t.facilitator, slugA))[2].after).toBeNull();
		await t.phase(t.s3.id, 1, 'shift');
		expect((await trend(t.facilitator, slugA))[2].after).toMatchObject({ n: 1, median: 55, q1: 55, q3: 55, iqr: 0 });
	});
});

// --- my data: export and deletion --------------------------------------------------------------------

describe.each(engines)('my data on %s', (_engine, open) => {
	let db: TestDatabase;
	let t: TrendCast;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		t = await trendCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : '');

	/** Everything the team sees of its history, as the facilitator reads it. */
	async function teamView() {
		const lead = as(db, t.facilitator);
		return {
			trend: await Promise.all(
				[slugA, slugB, slugC].map((dilemmaSlug) => lead.call('team_trend', { teamId: t.team.id, dilemmaSlug }))
			),
			profiles: await Promise.all(
				[t.s1, t.s2, t.s3].map((s) => lead.call('team_profile', { teamId: t.team.id, sessionId: s.id, lang: 'nl' }))
			),
			compare: await lead.call('compare_sessions', {
				teamId: t.team.id,
				sessionA: t.s1.id,
				sessionB: t.s2.id,
				lang: 'nl'
			}),
			reports: await Promise.all(
				[t.s1, t.s2, t.s3].map((s) => lead.call('session_report', { sessionId: s.id, lang: 'nl' }))
			)
		};
	}

	it("my_data_export holds the caller's own data, and nobody else's", async () => {
		const entry = await as(db, t.m2).call('save_reflection', {
			id: randomUUID(),
			dilemmaSlug: slugB,
			bodyMd: 'Mijn export',
			value: 100,
			desired: 80,
			isDraft: false,
			expectedVersion: 0
		});
		const secret = `VAN-M3-${randomUUID()}`;
		await as(db, t.m3).call('save_reflection', {
			id: randomUUID(),
			dilemmaSlug: slugB,
			bodyMd: secret,
			value: 1,
			desired: null,
			isDraft: false,
			expectedVersion: 0
		});
		const data = await as(db, t.m2).call('my_data_export', {});
		expect(data.format).toBe('werkplaats-export/1');
		expect(data.account).toMatchObject({ id: t.m2.userId, email: t.m2.email, is_anonymous: false });
		expect(data.profile).toMatchObject({ id: t.m2.userId, display_name: 'Lid 2', locale: 'nl' });
		expect(data.memberships).toEqual([
			{ team_id: t.team.id, team_name: 'Wijkteam Trend', role: 'member', joined_at: expect.any(String) }
		]);
		expect(data.session_participations.map((p) => [p.session_title, p.display_name])).toEqual([
			['Najaar', 'Deelnemer 2'],
			['Voorjaar', 'Deelnemer 2'],
			['Winter', 'Deelnemer 2']
		]);
		expect(data.positions.map((p) => [p.held_on, p.dilemma_slug, p.stage, p.value, p.desired])).toEqual([
			['2025-03-10', slugA, 'before', 20, 30],
			['2025-03-10', slugA, 'after', 25, null],
			['2025-03-10', slugB, 'before', 100, null],
			['2025-09-01', slugA, 'before', 30, null],
			['2025-09-01', slugA, 'after', 30, null],
			['2025-09-01', slugC, 'before', 34, null],
			['2025-12-01', slugA, 'before', 60, null]
		]);
		expect(data.reflections).toEqual([entry]);
		expect(data.teams_created).toEqual([]);
		expect(data.sessions_created).toEqual([]);
		expect(data.invites_created).toEqual([]);
		expect(data.dilemma_sets_created).toEqual([]);
		// Nobody else's identity, entry or position value appears anywhere in it.
		const text = JSON.stringify(data);
		for (const other of [t.m1, t.m3, t.m4, t.guest, t.facilitator, t.outsider])
			expect(text).not.toContain(userIdOf(other));
		expect(text).not.toContain(secret);
		expect(data.positions).toHaveLength(7);
	});

	it("the facilitator's export names the team and sessions they created; the guest's only their own positions", async () => {
		const lead = await as(db, t.facilitator).call('my_data_export', {});
		expect(lead.teams_created.map((x) => x.name)).toEqual(['Wijkteam Trend']);
		expect(lead.sessions_created.map((x) => x.title).sort()).toEqual(['Najaar', 'Voorjaar', 'Winter']);
		expect(lead.positions).toEqual([]);
		// createTeam invited each of the four members with a link of its own; no token is exported.
		expect(lead.invites_created).toHaveLength(4);
		expect(lead.invites_created.every((i) => i.team_id === t.team.id && i.accepted_count === 1)).toBe(true);
		expect(JSON.stringify(lead)).not.toMatch(/"token"/);
		const guest = await as(db, t.guest).call('my_data_export', {});
		expect(guest.account).toMatchObject({ id: t.guest.userId, is_anonymous: true, email: null });
		expect(guest.memberships).toEqual([]);
		expect(guest.positions.map((p) => p.value)).toEqual([90, 60, 70]);
		await expectDbError(asVisitor(db).call('my_data_export', {}), 403, 'forbidden');
	});

	it('deleting an account removes the person and their entries; the team sees exactly the same history', async () => {
		const before = await teamView();
		const positionCount = async () =>
			(
				await asSuperuser(
					db,
					`select count(*)::int as n from app.positions p join app.session_rounds r on r.id = p.round_id
			                        join app.sessions s on s.id = r.session_id where s.team_id = $1`,
					[t.team.id]
				)
			)[0].n;
		const countBefore = await positionCount();
		await as(db, t.m1).call('save_reflection', {
			id: randomUUID(),
			dilemmaSlug: slugA,
			bodyMd: 'weg',
			value: 1,
			desired: null,
			isDraft: false,
			expectedVersion: 0
		});
		const shared = await as(db, t.m1).call('save_reflection', {
			id: randomUUID(),
			dilemmaSlug: slugA,
			bodyMd: 'gedeeld en weg',
			value: 2,
			desired: null,
			isDraft: false,
			expectedVersion: 0
		});
		await as(db, t.m1).call('share_reflection', { reflectionId: shared.id, teamId: t.team.id });
		const m1Positions = await asSuperuser(
			db,
			`select round_id, stage, value, desired, revision::text as revision from app.positions where user_id = $1 order by round_id, stage`,
			[t.m1.userId]
		);
		expect(m1Positions).toHaveLength(8);

		expect(await as(db, t.m1).call('delete_my_account', {})).toBeNull();

		expect(await teamView()).toEqual(before);
		expect(await positionCount()).toBe(countBefore);
		const gone = async (sql: string) => (await asSuperuser(db, sql, [t.m1.userId]))[0].n;
		expect(await gone(`select count(*)::int as n from auth.users where id = $1`)).toBe(0);
		expect(await gone(`select count(*)::int as n from app.reflections where author_id = $1`)).toBe(0);
		expect(await gone(`select count(*)::int as n from app.profiles where id = $1`)).toBe(0);
		expect(await gone(`select count(*)::int as n from app.team_members where user_id = $1`)).toBe(0);
		expect(await gone(`select count(*)::int as n from app.positions where user_id = $1`)).toBe(0);
		expect(await gone(`select count(*)::int as n from app.session_participants where user_id = $1`)).toBe(0);
		expect(await as(db, t.m2).call('team_shared_reflections', { teamId: t.team.id, dilemmaSlug: slugA })).toEqual([]);

		// The positions now belong to one placeholder that nobody can sign in as.
		const [holder] = await asSuperuser(
			db,
			`select distinct p.user_id, u.email, u.encrypted_password, u.is_anonymous, u.raw_app_meta_data ->> 'provider' as provider
			 from app.positions p join auth.users u on u.id = p.user_id
			 where (p.round_id, p.stage, p.value, p.revision) in
			   (select x.round_id, x.stage, x.value, x.revision from jsonb_to_recordset($1::jsonb)
			      as x(round_id uuid, stage text, value int, revision bigint))`,
			[JSON.stringify(m1Positions)]
		);
		expect(holder).toMatchObject({ email: null, encrypted_password: null, provider: 'deleted' });
		const moved = await asSuperuser(
			db,
			`select round_id, stage, value, desired, revision::text as revision from app.positions where user_id = $1 order by round_id, stage`,
			[holder.user_id]
		);
		expect(moved).toEqual(m1Positions);
		const participations = await asSuperuser(
			db,
			`select display_name from app.session_participants where user_id = $1`,
			[holder.user_id]
		);
		expect(participations.map((p) => p.display_name)).toEqual(['Anoniem', 'Anoniem', 'Anoniem']);
		expect(await asSuperuser(db, `select 1 from app.team_members where user_id = $1`, [holder.user_id])).toEqual([]);
	});

	it('an anonymous guest may delete their identity too, and an admin deleting a user directly anonymises the same way', async () => {
		const before = await teamView();
		await as(db, t.guest).call('delete_my_account', {});
		await asSuperuser(db, `delete from auth.users where id = $1`, [t.m3.userId]);
		expect(await teamView()).toEqual(before);
		const left = await asSuperuser(db, `select count(*)::int as n from app.positions where user_id = any($1::uuid[])`, [
			[t.guest.userId, t.m3.userId]
		]);
		expect(left[0].n).toBe(0);
		// Two deletions, two placeholders: pairs of before and after never mix between people.
		const holders = await asSuperuser(
			db,
			`select count(*)::int as n from auth.users where raw_app_meta_data ->> 'provider' = 'deleted'`
		);
		expect(holders[0].n).toBe(3);
	});

	it('a placeholder holding history cannot be deleted: no path takes positions with it', async () => {
		const [holder] = await asSuperuser(
			db,
			`select u.id from auth.users u where u.raw_app_meta_data ->> 'provider' = 'deleted'
			 and exists (select 1 from app.positions p where p.user_id = u.id) limit 1`
		);
		const outcome = await db.executor
			.transaction((query) => query(`delete from auth.users where id = $1`, [holder.id]))
			.then(
				() => undefined,
				(e: { code?: string }) => e.code
			);
		// foreign_key_violation on PostgreSQL 15; restrict_violation from PostgreSQL 18 on (PGlite).
		expect(outcome).toMatch(/^(23503|23001)$/);
		expect(await asSuperuser(db, `select 1 from auth.users where id = $1`, [holder.id])).toHaveLength(1);
	});

	it("the team's last facilitator deletes their account: the longest-standing member becomes facilitator", async () => {
		const { team, facilitator, members } = await createTeam(db, 3, 'Wijkteam Opvolging');
		const [early, later, latest] = members;
		// Joined in a different order than they were added.
		for (const [who, days] of [
			[early, 10],
			[later, 30],
			[latest, 20]
		] as const) {
			await asSuperuser(
				db,
				`update app.team_members set joined_at = now() - make_interval(days => $1::int) where team_id = $2 and user_id = $3`,
				[days, team.id, who.userId]
			);
		}
		await as(db, facilitator).call('delete_my_account', {});
		const roles = await asSuperuser(
			db,
			`select user_id, role from app.team_members where team_id = $1 order by user_id`,
			[team.id]
		);
		expect(Object.fromEntries(roles.map((r) => [r.user_id, r.role]))).toEqual({
			[early.userId]: 'member',
			[later.userId]: 'facilitator',
			[latest.userId]: 'member'
		});
		// The new facilitator can run the team.
		expect(await as(db, later).call('create_invite', { teamId: team.id, role: 'member' })).toMatchObject({
			role: 'member'
		});
	});

	it('with a second facilitator nobody is promoted; a team of one goes with its only member', async () => {
		const { team, facilitator, members } = await createTeam(db, 2, 'Wijkteam Twee');
		await as(db, facilitator).call('set_member_role', {
			teamId: team.id,
			userId: members[0].userId,
			role: 'facilitator'
		});
		await as(db, facilitator).call('delete_my_account', {});
		const roles = await asSuperuser(db, `select user_id, role from app.team_members where team_id = $1 order by role`, [
			team.id
		]);
		expect(roles.map((r) => [r.user_id, r.role])).toEqual([
			[members[0].userId, 'facilitator'],
			[members[1].userId, 'member']
		]);

		const solo = await createTeam(db, 0, 'Wijkteam Alleen');
		await createSession(db, solo.facilitator, solo.team.id, { title: 'Alleen', slugs: [slugA] });
		await as(db, solo.facilitator).call('delete_my_account', {});
		expect(await asSuperuser(db, `select 1 from app.teams where id = $1`, [solo.team.id])).toEqual([]);
		expect(await asSuperuser(db, `select 1 from app.sessions where team_id = $1`, [solo.team.id])).toEqual([]);
	});

	it('the visitor cannot delete anything: 403 forbidden; a deleted person’s old claims find nothing to delete', async () => {
		await expectDbError(asVisitor(db).call('delete_my_account', {}), 403, 'forbidden');
		const users = await asSuperuser(db, `select count(*)::int as n from auth.users`);
		// m1 was deleted above: a call with their old identity changes nothing.
		expect(await as(db, t.m1).call('delete_my_account', {})).toBeNull();
		expect((await asSuperuser(db, `select count(*)::int as n from auth.users`))[0].n).toBe(users[0].n);
	});

	it('nobody deletes auth users or moves positions directly', async () => {
		const before = await asSuperuser(db, `select count(*)::int as n from auth.users`);
		expectSqlError(
			await sqlAs(db, t.m2, `delete from auth.users where id = $1`, [t.m2.userId]),
			'42501',
			/permission denied/
		);
		const positions = await asSuperuser(db, `select * from app.positions order by round_id, user_id, stage`);
		const moved = await sqlAs(db, t.m2, `update app.positions set user_id = $1 where user_id = $2`, [
			t.m4.userId,
			t.m2.userId
		]);
		expect(moved.error).toBeUndefined();
		expect(moved.rowCount).toBe(0);
		expect(await asSuperuser(db, `select * from app.positions order by round_id, user_id, stage`)).toEqual(positions);
		const helper = await sqlAs(db, t.m2, `select private.anonymise_deleted_user()`);
		expect(helper.error?.code).toMatch(/^(42501|0A000)$/);
		expect((await asSuperuser(db, `select count(*)::int as n from auth.users`))[0].n).toBe(before[0].n);
	});
});

// --- the demo history of seed.sql -------------------------------------------------------------------

describe.each(engines)('the demo history of seed.sql on %s', (_engine, open) => {
	let db: TestDatabase;
	const demoTeam = '7ea70000-0000-4000-8000-000000000001';
	const demo = (n: number): Actor => ({
		kind: 'user',
		userId: `d0000000-0000-4000-8000-00000000000${n}`,
		isAnonymous: false
	});
	const [fenna, sanne, youssef] = [demo(1), demo(2), demo(3)];

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		await seedDemo(db.executor);
	});
	afterAll(async () => {
		await db?.close();
	});

	const counts = () =>
		asSuperuser(
			db,
			// The demo team only: the seed's network teams have sessions of their own.
			`with demo as (select id from app.sessions where team_id = $1)
			 select (select count(*) from demo)::int as sessions,
			        (select count(*) from app.session_rounds where session_id in (select id from demo))::int as rounds,
			        (select count(*) from app.positions p join app.session_rounds r on r.id = p.round_id
			          where r.session_id in (select id from demo))::int as positions,
			        (select count(*) from app.reflections)::int as reflections,
			        (select count(*) from app.session_participants where session_id in (select id from demo))::int as participants`,
			[demoTeam]
		);

	it('four closed sessions over the past year, each with before and after positions of all five', async () => {
		const sessions = await as(db, fenna).call('team_sessions', { teamId: demoTeam });
		expect(sessions).toHaveLength(4);
		expect(sessions.every((s) => s.status === 'closed' && s.participant_count === 5)).toBe(true);
		const days = sessions.map((s) => (Date.now() - Date.parse(s.held_on)) / 86_400_000);
		expect(Math.max(...days)).toBeGreaterThan(330);
		expect(Math.min(...days)).toBeLessThan(40);
		expect(await counts()).toEqual([{ sessions: 4, rounds: 20, positions: 200, reflections: 3, participants: 20 }]);
	});

	it('running the seed again changes nothing', async () => {
		const before = await counts();
		const trend = await as(db, fenna).call('team_trend', { teamId: demoTeam, dilemmaSlug: 'zelf-doen-of-overdragen' });
		await seedDemo(db.executor);
		expect(await counts()).toEqual(before);
		expect(
			await as(db, fenna).call('team_trend', { teamId: demoTeam, dilemmaSlug: 'zelf-doen-of-overdragen' })
		).toEqual(trend);
	});

	it('the trend tells the story: four points; the team converges on one dilemma and drifts apart on another', async () => {
		const converging = await as(db, youssef).call('team_trend', {
			teamId: demoTeam,
			dilemmaSlug: 'zelf-doen-of-overdragen'
		});
		expect(converging.length).toBeGreaterThanOrEqual(4);
		expect(converging.map((p) => p.held_on)).toEqual([...converging.map((p) => p.held_on)].sort());
		const iqr = converging.map((p) => p.before!.iqr);
		expect(iqr).toEqual([...iqr].sort((a, b) => b - a));
		expect(iqr[0]).toBeGreaterThan(iqr.at(-1)! * 3);
		expect(converging.every((p) => p.after !== null && p.after.n === 5)).toBe(true);

		const diverging = await as(db, youssef).call('team_trend', {
			teamId: demoTeam,
			dilemmaSlug: 'optreden-of-terugtreden'
		});
		expect(diverging).toHaveLength(4);
		const spread = diverging.map((p) => p.before!.iqr);
		expect(spread).toEqual([...spread].sort((a, b) => a - b));
		expect(spread.at(-1)!).toBeGreaterThan(spread[0] * 5);
	});

	it('the newest session profiles six dilemmas, with the widest now/desired gap on toegang of casusregie', async () => {
		const sessions = await as(db, fenna).call('team_sessions', { teamId: demoTeam });
		const profile = await as(db, fenna).call('team_profile', {
			teamId: demoTeam,
			sessionId: sessions[0].id,
			lang: 'nl'
		});
		expect(profile.dilemmas).toHaveLength(6);
		expect(profile.dilemmas.every((d) => d.before?.n === 5 && d.title)).toBe(true);
		const widest = [...profile.dilemmas].sort((a, b) => Math.abs(b.before!.gap!) - Math.abs(a.before!.gap!))[0];
		expect(widest.slug).toBe('toegang-of-casusregie');
		const report = await as(db, fenna).call('session_report', { sessionId: sessions[0].id, lang: 'nl' });
		expect(report.rounds.every((r) => r.notes_md.length > 0)).toBe(true);
	});

	it("Sanne's journal: three entries of her own, one shared with the team, which her teammates read by name", async () => {
		const mine = await as(db, sanne).call('my_reflections', {});
		expect(mine).toHaveLength(3);
		expect(mine.filter((r) => r.shared_with_team_id === demoTeam)).toHaveLength(1);
		const shared = await as(db, youssef).call('team_shared_reflections', {
			teamId: demoTeam,
			dilemmaSlug: 'optreden-of-terugtreden'
		});
		expect(shared.map((r) => [r.author_name, r.mine])).toEqual([['Sanne Jansen', false]]);
		expect(await as(db, youssef).call('my_reflections', {})).toEqual([]);
		expect((await sqlAs(db, fenna, `select id from app.reflections`)).rows).toEqual([]);
		const history = await as(db, sanne).call('my_history', { dilemmaSlug: 'optreden-of-terugtreden' });
		expect(history.filter((i) => i.kind === 'position')).toHaveLength(8);
		expect(history.filter((i) => i.kind === 'reflection')).toHaveLength(2);
		expect(history.map((i) => i.on)).toEqual([...history.map((i) => i.on)].sort());
	});
});
