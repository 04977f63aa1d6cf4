import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { asSuperuser, engines, expectDbError, rawCall, type TestDatabase } from './harness';
import { as, createPerson, createTeam } from './factories';
import { builtinSlugs, createSession, roundsOf } from './sessions-cast';

// The anonymity rule of the network, case by case, against the one place it is written:
// `private.network_cell_rules` (whether a team's cell may leave the team: at least k distinct
// people, k never below 3, and not everyone on the same point), fed by the cells the close trigger
// computes (`private.refresh_network_cells`: each person once, their last point). These are the
// cases the unused TypeScript copy (clampK / suppressionReason) was tested with. Positions outside
// 0..100 never reach a cell: 16-positions shows the API, the SQL function and the table refuse them.

const slug = builtinSlugs[0];
/** One person's point in the round: before the discussion, and after it where given. */
type Point = [person: number, before: number, after?: number];

describe.each(engines)('the anonymity rule on %s', (_engine, open) => {
	let db: TestDatabase;
	let team: Awaited<ReturnType<typeof createTeam>>;
	let coordinator: Awaited<ReturnType<typeof createPerson>>;
	let people: Awaited<ReturnType<typeof createPerson>>[];
	const networkId = randomUUID();
	let nextYear = 2001;

	/** A closed session of the team with one revealed round holding these points, alone in its year. */
	async function cellOf(points: Point[]): Promise<number> {
		const year = nextYear++;
		const session = await createSession(db, team.facilitator, team.team.id, { heldOn: `${year}-03-01`, slugs: [slug] });
		const [round] = await roundsOf(db, session.id);
		await asSuperuser(db, `update app.session_rounds set phase = 'reveal', revealed_at = now() where id = $1`, [
			round.id
		]);
		for (const [person, before, after] of points) {
			const stages: [string, number][] =
				after === undefined
					? [['before', before]]
					: [
							['before', before],
							['after', after]
						];
			for (const [stage, value] of stages) {
				await asSuperuser(db, `insert into app.positions (round_id, user_id, stage, value) values ($1, $2, $3, $4)`, [
					round.id,
					people[person].userId,
					stage,
					value
				]);
			}
		}
		await as(db, team.facilitator).call('set_session_status', { sessionId: session.id, status: 'closed' });
		return year;
	}
	/** Whether the year's cell may leave the team under the network's k now; undefined: no cell at all. */
	async function shown(year: number): Promise<boolean | undefined> {
		const rows = await asSuperuser(
			db,
			`select visible from private.network_cell_rules($1)
			 where team_id = $2 and dilemma_slug = $3 and period_kind = 'year' and period_start = $4`,
			[networkId, team.team.id, slug, `${year}-01-01`]
		);
		expect(rows.length).toBeLessThanOrEqual(1);
		return rows[0]?.visible as boolean | undefined;
	}
	const setK = (k: number) => as(db, coordinator).call('set_network_threshold', { networkId, minContributors: k });
	const values = (...vs: number[]): Point[] => vs.map((v, i) => [i, v]);

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		team = await createTeam(db, 0, 'Wijkteam Drempel');
		coordinator = await createPerson(db, { name: 'Coördinator' });
		people = [];
		for (let i = 0; i < 12; i++) people.push(await createPerson(db, { name: `Deelnemer ${i}`, anonymous: true }));
		// There is no API to create a network or name its coordinator (an administrator does that).
		await asSuperuser(db, `insert into app.networks (id, name) values ($1, 'Netwerk Drempel')`, [networkId]);
		await asSuperuser(db, `insert into app.network_coordinators (network_id, user_id) values ($1, $2)`, [
			networkId,
			coordinator.userId
		]);
		await as(db, team.facilitator).call('save_team_network', {
			teamId: team.team.id,
			networkId,
			sharing: true,
			showName: true,
			interpretationMd: ''
		});
		await as(db, coordinator).call('decide_network_request', { networkId, teamId: team.team.id, decision: 'approve' });
	}, 240_000);
	afterAll(async () => {
		await db?.close();
	});

	it('a network starts at k = 5: four people are held back, five are shown; a round nobody answered makes no cell', async () => {
		const [network] = await asSuperuser(db, `select min_contributors from app.networks where id = $1`, [networkId]);
		expect(network.min_contributors).toBe(5);
		const four = await cellOf(values(10, 20, 30, 40));
		const five = await cellOf(values(10, 20, 30, 40, 50));
		const none = await cellOf([]);
		expect([await shown(four), await shown(five), await shown(none)]).toEqual([false, true, undefined]);
	});

	it('k is never below 3: 2, 1, 0, −10, null, 3.2 and 101 are refused by the API, the SQL function and the table', async () => {
		try {
			await setK(7);
			for (const k of [2, 1, 0, -10, 3.2, 101, Number.NaN, Number.POSITIVE_INFINITY]) {
				await expectDbError(setK(k), 400, 'invalid_threshold');
			}
			for (const k of [2, 1, 0, -10, null, 101]) {
				await expectDbError(
					rawCall(db, coordinator, 'set_network_threshold', { p_network_id: networkId, p_min_contributors: k }),
					400,
					'invalid_threshold'
				);
			}
			// A fraction is no integer: PostgreSQL refuses it before the function runs.
			await expectDbError(
				rawCall(db, coordinator, 'set_network_threshold', { p_network_id: networkId, p_min_contributors: 3.2 }),
				400,
				'invalid_input'
			);
			for (const k of [2, 0, -10]) {
				await expect(
					asSuperuser(db, `update app.networks set min_contributors = $2 where id = $1`, [networkId, k])
				).rejects.toThrow(/networks_min_contributors_check/);
			}
			const [network] = await asSuperuser(db, `select min_contributors from app.networks where id = $1`, [networkId]);
			expect(network.min_contributors).toBe(7);
		} finally {
			await setK(5);
		}
	});

	it('at k = 3 two people are held back and three shown; at k = 7 six are held back and seven shown', async () => {
		const two = await cellOf(values(10, 20));
		const three = await cellOf(values(10, 20, 30));
		const six = await cellOf(values(10, 20, 30, 40, 50, 60));
		const seven = await cellOf(values(10, 20, 30, 40, 50, 60, 70));
		try {
			await setK(3);
			expect([await shown(two), await shown(three)]).toEqual([false, true]);
			await setK(7);
			expect([await shown(six), await shown(seven)]).toEqual([false, true]);
		} finally {
			await setK(5);
		}
	});

	it('a unanimous cell is held back however many people, and one point apart is enough to show it', async () => {
		const fiveSame = await cellOf(values(50, 50, 50, 50, 50));
		const threeAtZero = await cellOf(values(0, 0, 0));
		const oneApart = await cellOf(values(0, 0, 1));
		const twoSame = await cellOf(values(50, 50));
		expect(await shown(fiveSame)).toBe(false);
		try {
			await setK(3);
			expect([await shown(threeAtZero), await shown(oneApart), await shown(twoSame)]).toEqual([false, true, false]);
		} finally {
			await setK(5);
		}
	});

	it('people are counted, not points: five points of four people are held back, a fifth person shows it', async () => {
		// Person 0 answered before (10) and after (90) the discussion: one person, their last point.
		const fourPeople = await cellOf([
			[0, 10, 90],
			[1, 20],
			[2, 30],
			[3, 40]
		]);
		const fivePeople = await cellOf([
			[0, 10, 90],
			[1, 20],
			[2, 30],
			[3, 40],
			[4, 50]
		]);
		const [cell] = await asSuperuser(
			db,
			`select contributors from private.network_cell_rules($1) where team_id = $2 and period_kind = 'year' and period_start = $3`,
			[networkId, team.team.id, `${fourPeople}-01-01`]
		);
		expect(cell.contributors).toBe(4);
		expect([await shown(fourPeople), await shown(fivePeople)]).toEqual([false, true]);
		// Three people who all end on 70 are unanimous, whatever they said before.
		const endSame = await cellOf([
			[0, 10, 70],
			[1, 70],
			[2, 95, 70]
		]);
		try {
			await setK(3);
			expect(await shown(endSame)).toBe(false);
		} finally {
			await setK(5);
		}
	});

	it('nothing is shown for fewer than k (never below 3) people or a unanimous group, whatever k', async () => {
		try {
			await fc.assert(
				fc.asyncProperty(
					fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 9 }),
					fc.integer({ min: 3, max: 10 }),
					async (points, k) => {
						const year = await cellOf(values(...points));
						await setK(k);
						const expected = points.length >= k && points.some((v) => v !== points[0]);
						expect(await shown(year)).toBe(expected);
					}
				),
				{ numRuns: 12 }
			);
		} finally {
			await setK(5);
		}
	}, 120_000);
});
