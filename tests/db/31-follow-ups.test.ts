import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import {
	asSuperuser,
	engines,
	expectDbError,
	expectSqlError,
	permissionDenied,
	sqlAs,
	type TestDatabase
} from './harness';
import { as } from './factories';
import { createSession, createSessionCast, roundsOf, setPhase, type SessionCast, type Who } from './sessions-cast';

// Follow-ups (migration 20261204210000): agreements marked in the discussion come back as the
// first step of the team's next session, where the team gives each a verdict; the clock per
// dilemma; the learning agenda's facts. Team members read, facilitators write (through the
// functions only), a removed member loses access, and nothing reaches people outside the team.

describe.each(engines)('follow-ups on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;
	let followUpId: string;
	const body = `Casusoverleg elke dinsdag ${randomUUID().slice(0, 6)}`;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db);
		await setPhase(db, c, 1, 'discuss');
		followUpId = randomUUID();
		await as(db, c.facilitatorA).call('save_follow_up', {
			id: followUpId,
			roundId: c.rounds[0].id,
			body,
			ownerUserId: c.memberA.userId,
			ownerName: null,
			dueOn: '2027-01-15'
		});
	});
	afterAll(async () => {
		await db?.close();
	});

	const save = (
		who: Who,
		args: Partial<{
			id: string;
			roundId: string;
			body: string;
			ownerUserId: string | null;
			ownerName: string | null;
			dueOn: string | null;
		}> = {}
	) =>
		as(db, c[who]).call('save_follow_up', {
			id: randomUUID(),
			roundId: c.rounds[0].id,
			body: 'Een afspraak',
			ownerUserId: null,
			ownerName: null,
			dueOn: null,
			...args
		});

	it('a facilitator marks an agreement as a follow-up, and a retry writes it once', async () => {
		const id = randomUUID();
		const first = await save('facilitatorA', { id, body: '  Wie belt de huisarts?  ', ownerName: 'Het hele team' });
		const again = await save('facilitatorA', { id, body: 'Wie belt de huisarts?', ownerName: 'Het hele team' });
		expect(first).toMatchObject({
			id,
			body: 'Wie belt de huisarts?',
			owner: 'Het hele team',
			status: 'open',
			session_title: 'Teamdag Noord'
		});
		expect(again.id).toBe(id);
		const rows = await asSuperuser(db, `select count(*)::int as n from app.follow_ups where id = $1`, [id]);
		expect(rows[0].n).toBe(1);
		await as(db, c.facilitatorA).call('delete_follow_up', { id });
	});

	it('names a member by the name the team knows', async () => {
		const { made } = await as(db, c.memberA).call('session_follow_ups', { sessionId: c.session.id, lang: 'nl' });
		const [profile] = await asSuperuser(db, `select display_name from app.profiles where id = $1`, [c.memberA.userId]);
		expect(made).toEqual([
			expect.objectContaining({
				id: followUpId,
				body,
				owner: profile.display_name,
				due_on: '2027-01-15',
				dilemma_slug: c.rounds[0].slug
			})
		]);
	});

	it.each<Who>(['memberA', 'bystanderA', 'anonymous', 'guestB'])('%s may not write a follow-up', async (who) => {
		await expectDbError(save(who), 403, 'facilitator_only');
	});
	it.each<Who>(['facilitatorB', 'removed'])(
		'%s, outside the team, may not write one either (nor learn the round exists)',
		async (who) => {
			await expectDbError(save(who), 404, 'round_not_found');
		}
	);

	it('refuses bad input with a translated 4xx', async () => {
		await expectDbError(save('facilitatorA', { body: 'x' }), 400, 'follow_up_length');
		await expectDbError(save('facilitatorA', { ownerUserId: c.memberB.userId }), 400, 'follow_up_owner_unknown');
		await expectDbError(save('facilitatorA', { roundId: randomUUID() }), 404, 'round_not_found');
		// An id of another round's follow-up is not taken over.
		await expectDbError(save('facilitatorA', { id: followUpId, roundId: c.rounds[1].id }), 404, 'follow_up_not_found');
	});

	it("members of the team read the team's follow-ups; others see none", async () => {
		for (const who of ['facilitatorA', 'memberA', 'bystanderA'] as Who[]) {
			const list = await as(db, c[who]).call('team_follow_ups', { teamId: c.teamA.id, lang: 'nl' });
			expect(list.map((f) => f.id)).toContain(followUpId);
		}
		for (const who of ['memberB', 'removed'] as Who[]) {
			await expectDbError(
				as(db, c[who]).call('team_follow_ups', { teamId: c.teamA.id, lang: 'nl' }),
				404,
				'team_not_found'
			);
		}
		// Participants who are not in the team see the session, not its follow-ups.
		for (const who of ['anonymous', 'guestB'] as Who[]) {
			const mine = await as(db, c[who]).call('session_follow_ups', { sessionId: c.session.id, lang: 'nl' });
			expect(mine).toEqual({ made: [], review: [] });
			const report = await as(db, c[who]).call('session_report', { sessionId: c.session.id, lang: 'nl' });
			expect(JSON.stringify(report)).not.toContain(body);
		}
	});

	it('the tables are read-only to everyone: writes go through the functions', async () => {
		for (const table of ['follow_ups', 'follow_up_reviews']) {
			const outcome = await sqlAs(db, c.facilitatorA, `delete from app.${table}`);
			expectSqlError(outcome, '42501', permissionDenied(table));
		}
		const read = await sqlAs(db, c.removed, `select id from app.follow_ups`);
		expect(read.rows).toEqual([]);
	});

	describe('the next session', () => {
		let next: { id: string; join_code: string };

		beforeAll(async () => {
			next = await createSession(db, c.facilitatorA, c.teamA.id, { title: 'Teamdag december', heldOn: '2026-12-15' });
			await as(db, c.memberA).call('join_session', { code: next.join_code, displayName: 'Lid Noord' });
			await as(db, c.anonymous).call('join_session', { code: next.join_code, displayName: 'Gast' });
		});

		it('starts with the review of the open follow-ups', async () => {
			const state = await as(db, c.facilitatorA).call('session_state', { sessionId: next.id, lang: 'nl' });
			expect(state.session).toMatchObject({ reviewing: true, review_count: 1 });
			const { review } = await as(db, c.facilitatorA).call('session_follow_ups', { sessionId: next.id, lang: 'nl' });
			expect(review).toEqual([expect.objectContaining({ id: followUpId, body, outcome: null, note: '' })]);
		});

		it('an anonymous participant sees that a review is on, not what it is about', async () => {
			const state = await as(db, c.anonymous).call('session_state', { sessionId: next.id, lang: 'nl' });
			expect(state.session).toMatchObject({ reviewing: true, review_count: 1 });
			expect(JSON.stringify(state)).not.toContain(body);
		});

		it('the facilitator records a verdict; the follow-up takes it as its status', async () => {
			await expectDbError(
				as(db, c.memberA).call('review_follow_up', { sessionId: next.id, followUpId, outcome: 'done', note: '' }),
				403,
				'facilitator_only'
			);
			await as(db, c.facilitatorA).call('review_follow_up', {
				sessionId: next.id,
				followUpId,
				outcome: 'partly',
				note: 'Twee van de vier weken'
			});
			const [team] = (await as(db, c.memberA).call('team_follow_ups', { teamId: c.teamA.id, lang: 'nl' })).filter(
				(f) => f.id === followUpId
			);
			expect(team.status).toBe('partly');
			expect(team.reviews).toEqual([
				expect.objectContaining({ session_id: next.id, outcome: 'partly', note: 'Twee van de vier weken' })
			]);
			const report = await as(db, c.memberA).call('session_report', { sessionId: next.id, lang: 'nl' });
			expect(report.follow_ups.review).toEqual([expect.objectContaining({ id: followUpId, outcome: 'partly' })]);
			// Reviewed follow-ups are not deleted (drop them instead, so the team's course keeps them).
			await expectDbError(
				as(db, c.facilitatorA).call('delete_follow_up', { id: followUpId }),
				409,
				'follow_up_reviewed'
			);
		});

		it('a partly done follow-up comes back in the session after; a done one does not', async () => {
			const third = await createSession(db, c.facilitatorA, c.teamA.id, {
				title: 'Teamdag januari',
				heldOn: '2027-01-20'
			});
			const { review } = await as(db, c.facilitatorA).call('session_follow_ups', { sessionId: third.id, lang: 'nl' });
			expect(review.map((f) => f.id)).toEqual([followUpId]);
			await as(db, c.facilitatorA).call('review_follow_up', {
				sessionId: third.id,
				followUpId,
				outcome: 'done',
				note: ''
			});
			const fourth = await createSession(db, c.facilitatorA, c.teamA.id, {
				title: 'Teamdag februari',
				heldOn: '2027-02-20'
			});
			const state = await as(db, c.facilitatorA).call('session_state', { sessionId: fourth.id, lang: 'nl' });
			expect(state.session).toMatchObject({ reviewing: false, review_count: 0 });
			await expectDbError(
				as(db, c.facilitatorA).call('set_session_review', { sessionId: fourth.id, reviewing: true }),
				409,
				'no_follow_ups'
			);
		});

		it('the facilitator ends the review and may return to it; a closed session takes no verdicts', async () => {
			await as(db, c.facilitatorA).call('set_session_review', { sessionId: next.id, reviewing: false });
			expect(
				(await as(db, c.memberA).call('session_state', { sessionId: next.id, lang: 'nl' })).session.reviewing
			).toBe(false);
			await as(db, c.facilitatorA).call('set_session_review', { sessionId: next.id, reviewing: true });
			expect(
				(await as(db, c.memberA).call('session_state', { sessionId: next.id, lang: 'nl' })).session.reviewing
			).toBe(true);
			await expectDbError(
				as(db, c.memberA).call('set_session_review', { sessionId: next.id, reviewing: false }),
				403,
				'facilitator_only'
			);
			await as(db, c.facilitatorA).call('set_session_status', { sessionId: next.id, status: 'closed' });
			await expectDbError(
				as(db, c.facilitatorA).call('review_follow_up', { sessionId: next.id, followUpId, outcome: 'done', note: '' }),
				409,
				'session_closed'
			);
		});

		it('"my data" holds the follow-ups a person takes up', async () => {
			const mine = await as(db, c.memberA).call('my_data_export', {});
			expect(mine.follow_ups).toEqual([
				expect.objectContaining({ id: followUpId, body, i_take_it_up: true, i_wrote_it: false })
			]);
			const other = await as(db, c.bystanderA).call('my_data_export', {});
			expect(other.follow_ups).toEqual([]);
		});
	});

	it('a removed member loses the follow-ups with the team', async () => {
		const [leaver] = [c.bystanderA];
		await as(db, c.facilitatorA).call('remove_member', { teamId: c.teamA.id, userId: leaver.userId });
		const read = await sqlAs(db, leaver, `select id from app.follow_ups`);
		expect(read.rows).toEqual([]);
		await expectDbError(
			as(db, leaver).call('team_follow_ups', { teamId: c.teamA.id, lang: 'nl' }),
			404,
			'team_not_found'
		);
	});
});

describe.each(engines)('the meeting clock on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	it('plans minutes per dilemma, starts when a dilemma leaves its introduction, stops when it is done', async () => {
		await as(db, c.facilitatorA).call('plan_session_clock', { sessionId: c.session.id, minutes: [20, null, 15] });
		let state = await as(db, c.memberA).call('session_state', { sessionId: c.session.id, lang: 'nl' });
		expect(state.round.clock).toMatchObject({ planned_minutes: 20, started_at: null, seconds_spent: null });
		expect(Date.parse(state.round.clock.now!)).not.toBeNaN();

		await as(db, c.facilitatorA).call('step_session', {
			sessionId: c.session.id,
			fromPosition: 1,
			fromPhase: 'waiting',
			direction: 'forward',
			confirmEmpty: false
		});
		state = await as(db, c.facilitatorA).call('session_state', { sessionId: c.session.id, lang: 'nl' });
		const started = state.round.clock.started_at;
		expect(started).not.toBeNull();
		// Back to the introduction and on again: the clock keeps its start (a reload, a second screen).
		await as(db, c.facilitatorA).call('step_session', {
			sessionId: c.session.id,
			fromPosition: 1,
			fromPhase: 'position',
			direction: 'back',
			confirmEmpty: false
		});
		await as(db, c.facilitatorA).call('step_session', {
			sessionId: c.session.id,
			fromPosition: 1,
			fromPhase: 'waiting',
			direction: 'forward',
			confirmEmpty: false
		});
		state = await as(db, c.facilitatorA).call('session_state', { sessionId: c.session.id, lang: 'nl' });
		expect(state.round.clock.started_at).toBe(started);

		await setPhase(db, c, 1, 'shift');
		await as(db, c.facilitatorA).call('step_session', {
			sessionId: c.session.id,
			fromPosition: 1,
			fromPhase: 'shift',
			direction: 'forward',
			confirmEmpty: false
		});
		const report = await as(db, c.memberA).call('session_report', { sessionId: c.session.id, lang: 'nl' });
		expect(report.rounds[0].clock).toMatchObject({ planned_minutes: 20, started_at: started });
		expect(report.rounds[0].clock.ended_at).not.toBeNull();
		expect(report.rounds[0].clock.seconds_spent).toBeGreaterThanOrEqual(0);
		expect(report.rounds[1].clock).toMatchObject({ planned_minutes: null, started_at: null, seconds_spent: null });
	});

	it('only the facilitator plans, within 1 to 180 minutes', async () => {
		await expectDbError(
			as(db, c.memberA).call('plan_session_clock', { sessionId: c.session.id, minutes: [10] }),
			403,
			'facilitator_only'
		);
		await expectDbError(
			as(db, c.facilitatorB).call('plan_session_clock', { sessionId: c.session.id, minutes: [10] }),
			404,
			'session_not_found'
		);
		await expectDbError(
			as(db, c.facilitatorA).call('plan_session_clock', { sessionId: c.session.id, minutes: [0] }),
			400,
			'clock_minutes'
		);
		await expectDbError(
			as(db, c.facilitatorA).call('plan_session_clock', { sessionId: randomUUID(), minutes: [10] }),
			404,
			'session_not_found'
		);
	});
});

describe.each(engines)('the learning agenda facts on %s', (_engine, open) => {
	let db: TestDatabase;
	let c: SessionCast;

	beforeAll(async () => {
		db = await open();
		await installBuiltinDilemmaSet(db.backend);
		c = await createSessionCast(db, { askDesired: true });
	});
	afterAll(async () => {
		await db?.close();
	});

	it("gives every dilemma of the team's set with its latest result and open follow-ups", async () => {
		await setPhase(db, c, 1, 'position');
		for (const [who, value, desired] of [
			['memberA', 10, 80],
			['anonymous', 20, 90],
			['guestB', 30, 70]
		] as const) {
			await as(db, c[who]).call('cast_position', { roundId: c.rounds[0].id, value, desired });
		}
		await setPhase(db, c, 1, 'discuss');
		await as(db, c.facilitatorA).call('save_follow_up', {
			id: randomUUID(),
			roundId: c.rounds[0].id,
			body: 'Nog een keer',
			ownerUserId: null,
			ownerName: null,
			dueOn: null
		});
		const facts = await as(db, c.memberA).call('team_agenda', { teamId: c.teamA.id, lang: 'nl' });
		expect(facts).toHaveLength(20);
		const first = facts.find((f) => f.slug === c.rounds[0].slug)!;
		expect(first).toMatchObject({ last_held_on: '2026-11-24', sessions_ago: 1, open_follow_ups: 1 });
		expect(first.summary).toMatchObject({ n: 3, median: 20, gap: 70 });
		const untouched = facts.find((f) => f.slug === c.rounds[1].slug)!;
		expect(untouched).toMatchObject({ last_held_on: null, summary: null, open_follow_ups: 0 });
		await expectDbError(
			as(db, c.memberB).call('team_agenda', { teamId: c.teamA.id, lang: 'nl' }),
			404,
			'team_not_found'
		);
		expect(await roundsOf(db, c.session.id)).toHaveLength(3);
	});
});
