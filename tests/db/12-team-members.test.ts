import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '$lib/server/db/port';
import {
	engines,
	asSuperuser,
	expectDbError,
	expectSqlError,
	permissionDenied,
	rawCall,
	sqlAs,
	type TestDatabase
} from './harness';
import { as, asVisitor, createCast, createPerson, createTeam, joinTeam, type Cast } from './factories';

describe.each(engines)('team members on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	beforeAll(async () => {
		db = await open();
		cast = await createCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const visibleMemberships = async (actor: Actor) => {
		const outcome = await sqlAs(
			db,
			actor,
			`select team_id, user_id, role from app.team_members order by role, user_id`
		);
		expect(outcome.error).toBeUndefined();
		return outcome.rows;
	};
	/** Team memberships as they really are, past RLS. */
	const memberships = (teamId: string) =>
		asSuperuser(db, `select user_id, role from app.team_members where team_id = $1 order by role, user_id`, [teamId]);
	const roleOf = async (teamId: string, userId: string) =>
		(
			await asSuperuser(db, `select role from app.team_members where team_id = $1 and user_id = $2`, [teamId, userId])
		)[0]?.role ?? null;
	const teamAMemberships = () => [
		{ team_id: cast.teamA.id, user_id: cast.facilitatorA.userId, role: 'facilitator' },
		{ team_id: cast.teamA.id, user_id: cast.memberA.userId, role: 'member' }
	];

	describe('reading, directly', () => {
		it('a facilitator reads the memberships of their team', async () => {
			expect(await visibleMemberships(cast.facilitatorA)).toEqual(teamAMemberships());
		});

		it('a member reads the memberships of their team', async () => {
			expect(await visibleMemberships(cast.memberA)).toEqual(teamAMemberships());
		});

		it('a member of another team cannot read the team’s memberships', async () => {
			const rows = await visibleMemberships(cast.memberB);
			expect(rows.map((row) => row.team_id)).toEqual([cast.teamB.id, cast.teamB.id]);
		});

		it('a removed member reads no memberships of their former team', async () => {
			expect(await visibleMemberships(cast.removed)).toEqual([]);
		});

		it('an anonymous participant reads no memberships', async () => {
			expect(await visibleMemberships(cast.anonymous)).toEqual([]);
		});

		it('an anonymous session cannot read memberships even with a membership row of its own', async () => {
			const { team } = await createTeam(db, 1, 'Wijkteam Anoniem');
			const participant = await createPerson(db, { anonymous: true });
			await asSuperuser(db, `insert into app.team_members (team_id, user_id) values ($1, $2)`, [
				team.id,
				participant.userId
			]);
			expect(await visibleMemberships(participant)).toEqual([]);
			const outcome = await sqlAs(db, participant, `delete from app.team_members where user_id = $1`, [
				participant.userId
			]);
			expect(outcome.rowCount).toBe(0);
			expect(await roleOf(team.id, participant.userId)).toBe('member');
		});

		it('a visitor who is not signed in cannot read memberships at all', async () => {
			const outcome = await sqlAs(db, cast.visitor, `select user_id from app.team_members`);
			expectSqlError(outcome, '42501', permissionDenied('team_members'));
		});
	});

	describe('inserting, directly', () => {
		const insert = (actor: Actor, teamId: string, userId: string, role = 'member') =>
			sqlAs(db, actor, `insert into app.team_members (team_id, user_id, role) values ($1, $2, $3)`, [
				teamId,
				userId,
				role
			]);

		it('an account holder cannot add themselves to a team: joining takes an invite', async () => {
			expectSqlError(
				await insert(cast.memberB, cast.teamA.id, cast.memberB.userId),
				'42501',
				permissionDenied('team_members')
			);
			expect(await roleOf(cast.teamA.id, cast.memberB.userId)).toBeNull();
		});

		it('a removed member cannot put themselves back', async () => {
			expectSqlError(
				await insert(cast.removed, cast.teamA.id, cast.removed.userId),
				'42501',
				permissionDenied('team_members')
			);
			expect(await roleOf(cast.teamA.id, cast.removed.userId)).toBeNull();
		});

		it('a facilitator cannot add a person without their consent', async () => {
			expectSqlError(
				await insert(cast.facilitatorA, cast.teamA.id, cast.memberB.userId),
				'42501',
				permissionDenied('team_members')
			);
			expect(await roleOf(cast.teamA.id, cast.memberB.userId)).toBeNull();
		});

		it('an anonymous participant cannot add themselves to a team', async () => {
			expectSqlError(
				await insert(cast.anonymous, cast.teamA.id, cast.anonymous.userId),
				'42501',
				permissionDenied('team_members')
			);
			expect(await roleOf(cast.teamA.id, cast.anonymous.userId)).toBeNull();
		});

		it('a visitor who is not signed in cannot add memberships', async () => {
			expectSqlError(
				await insert(cast.visitor, cast.teamA.id, cast.memberB.userId),
				'42501',
				permissionDenied('team_members')
			);
		});
	});

	describe('updating, directly', () => {
		const setRole = (actor: Actor, teamId: string, userId: string, role: string) =>
			sqlAs(db, actor, `update app.team_members set role = $3 where team_id = $1 and user_id = $2`, [
				teamId,
				userId,
				role
			]);

		it('a facilitator may change a member’s role directly', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			const outcome = await setRole(facilitator, team.id, members[0].userId, 'facilitator');
			expect(outcome.rowCount).toBe(1);
			expect(await roleOf(team.id, members[0].userId)).toBe('facilitator');
		});

		it('a member cannot make themselves facilitator', async () => {
			const outcome = await setRole(cast.memberA, cast.teamA.id, cast.memberA.userId, 'facilitator');
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(0);
			expect(await roleOf(cast.teamA.id, cast.memberA.userId)).toBe('member');
		});

		it('a member cannot demote the facilitator', async () => {
			const outcome = await setRole(cast.memberA, cast.teamA.id, cast.facilitatorA.userId, 'member');
			expect(outcome.rowCount).toBe(0);
			expect(await roleOf(cast.teamA.id, cast.facilitatorA.userId)).toBe('facilitator');
		});

		it('a facilitator of another team cannot change roles in the team', async () => {
			const outcome = await setRole(cast.facilitatorB, cast.teamA.id, cast.memberA.userId, 'facilitator');
			expect(outcome.rowCount).toBe(0);
			expect(await roleOf(cast.teamA.id, cast.memberA.userId)).toBe('member');
		});

		it('an anonymous participant cannot change any role', async () => {
			const outcome = await sqlAs(db, cast.anonymous, `update app.team_members set role = 'facilitator'`);
			expect(outcome.rowCount).toBe(0);
			expect(await memberships(cast.teamA.id)).toEqual(
				teamAMemberships().map(({ user_id, role }) => ({ user_id, role }))
			);
		});

		it('a visitor who is not signed in cannot change roles', async () => {
			const outcome = await setRole(cast.visitor, cast.teamA.id, cast.memberA.userId, 'facilitator');
			expectSqlError(outcome, '42501', permissionDenied('team_members'));
		});

		it('a facilitator cannot put another person in a member’s place', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			const outsider = await createPerson(db);
			const outcome = await sqlAs(
				db,
				facilitator,
				`update app.team_members set user_id = $3 where team_id = $1 and user_id = $2`,
				[team.id, members[0].userId, outsider.userId]
			);
			expectSqlError(outcome, '42501', permissionDenied('team_members'));
			expect(await roleOf(team.id, outsider.userId)).toBeNull();
			expect(await roleOf(team.id, members[0].userId)).toBe('member');
		});

		it('a facilitator cannot move a member to another team they facilitate', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			const other = await as(db, facilitator).call('create_team', { name: 'Tweede team' });
			const outcome = await sqlAs(
				db,
				facilitator,
				`update app.team_members set team_id = $3 where team_id = $1 and user_id = $2`,
				[team.id, members[0].userId, other.id]
			);
			expectSqlError(outcome, '42501', permissionDenied('team_members'));
			expect(await roleOf(team.id, members[0].userId)).toBe('member');
			expect(await roleOf(other.id, members[0].userId)).toBeNull();
		});

		it('the last facilitator cannot step down directly while others remain', async () => {
			const { team, facilitator } = await createTeam(db, 1);
			const outcome = await setRole(facilitator, team.id, facilitator.userId, 'member');
			expectSqlError(outcome, 'P0001', /^last_facilitator$/);
			expect(await roleOf(team.id, facilitator.userId)).toBe('facilitator');
		});
	});

	describe('deleting, directly', () => {
		const deleteMembership = (actor: Actor, teamId: string, userId: string) =>
			sqlAs(db, actor, `delete from app.team_members where team_id = $1 and user_id = $2`, [teamId, userId]);

		it('a member may leave a team directly', async () => {
			const { team, members } = await createTeam(db, 1);
			const outcome = await deleteMembership(members[0], team.id, members[0].userId);
			expect(outcome.rowCount).toBe(1);
			expect(await roleOf(team.id, members[0].userId)).toBeNull();
		});

		it('a facilitator may remove a member directly', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			const outcome = await deleteMembership(facilitator, team.id, members[0].userId);
			expect(outcome.rowCount).toBe(1);
			expect(await roleOf(team.id, members[0].userId)).toBeNull();
		});

		it('a member cannot remove a teammate', async () => {
			const outcome = await deleteMembership(cast.memberA, cast.teamA.id, cast.facilitatorA.userId);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(0);
			expect(await roleOf(cast.teamA.id, cast.facilitatorA.userId)).toBe('facilitator');
		});

		it('a member of another team cannot remove the team’s members', async () => {
			const outcome = await sqlAs(db, cast.memberB, `delete from app.team_members where team_id = $1`, [cast.teamA.id]);
			expect(outcome.rowCount).toBe(0);
			expect(await memberships(cast.teamA.id)).toHaveLength(2);
		});

		it('a facilitator of another team cannot remove the team’s members', async () => {
			const outcome = await deleteMembership(cast.facilitatorB, cast.teamA.id, cast.memberA.userId);
			expect(outcome.rowCount).toBe(0);
			expect(await roleOf(cast.teamA.id, cast.memberA.userId)).toBe('member');
		});

		it('a visitor who is not signed in cannot delete memberships', async () => {
			const outcome = await sqlAs(db, cast.visitor, `delete from app.team_members`);
			expectSqlError(outcome, '42501', permissionDenied('team_members'));
			expect(await memberships(cast.teamA.id)).toHaveLength(2);
		});

		it('the last facilitator cannot leave directly while others remain', async () => {
			const { team, facilitator } = await createTeam(db, 1);
			const outcome = await deleteMembership(facilitator, team.id, facilitator.userId);
			expectSqlError(outcome, 'P0001', /^last_facilitator$/);
			expect(await roleOf(team.id, facilitator.userId)).toBe('facilitator');
		});
	});

	describe('team_overview (the members)', () => {
		it('a member reads who is in the team, facilitators first, with names and roles', async () => {
			const overview = await as(db, cast.memberA).call('team_overview', { teamId: cast.teamA.id });
			expect(overview.members.map(({ user_id, display_name, role }) => ({ user_id, display_name, role }))).toEqual([
				{ user_id: cast.facilitatorA.userId, display_name: 'Facilitator', role: 'facilitator' },
				{ user_id: cast.memberA.userId, display_name: 'Lid 1', role: 'member' }
			]);
		});

		it('a member of team A cannot read team B’s members through team_overview', async () => {
			await expectDbError(as(db, cast.memberA).call('team_overview', { teamId: cast.teamB.id }), 404, 'team_not_found');
		});

		it('a facilitator of team A cannot read team B’s members through team_overview', async () => {
			await expectDbError(
				as(db, cast.facilitatorA).call('team_overview', { teamId: cast.teamB.id }),
				404,
				'team_not_found'
			);
		});

		it('a malformed team id is bad input (400), not a server error', async () => {
			await expectDbError(
				rawCall(db, cast.memberA, 'team_overview', { p_team_id: "x' or true --" }),
				400,
				'invalid_input'
			);
		});
	});

	describe('remove_member', () => {
		it('a removed member loses access at once', async () => {
			const { team, facilitator, members } = await createTeam(db, 2);
			const [leaving, staying] = members;
			expect((await as(db, leaving).call('team_overview', { teamId: team.id })).members).toHaveLength(3);
			await as(db, facilitator).call('remove_member', { teamId: team.id, userId: leaving.userId });
			await expectDbError(as(db, leaving).call('team_overview', { teamId: team.id }), 404, 'team_not_found');
			expect(await as(db, leaving).call('my_teams', {})).toEqual([]);
			expect(await visibleMemberships(leaving)).toEqual([]);
			const overview = await as(db, staying).call('team_overview', { teamId: team.id });
			expect(overview.members.map((m) => m.user_id)).not.toContain(leaving.userId);
			expect(overview.members).toHaveLength(2);
		});

		it('the cast’s removed member is gone from the team', async () => {
			expect(await roleOf(cast.teamA.id, cast.removed.userId)).toBeNull();
			await expectDbError(as(db, cast.removed).call('team_overview', { teamId: cast.teamA.id }), 404, 'team_not_found');
		});

		it('removal from one team leaves a person’s other team alone', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			const { team: other, facilitator: otherFacilitator } = await createTeam(db, 0, 'Ander team');
			await joinTeam(db, otherFacilitator, other.id, members[0]);
			await as(db, facilitator).call('remove_member', { teamId: team.id, userId: members[0].userId });
			expect(await as(db, members[0]).call('my_teams', {})).toEqual([
				{ id: other.id, name: 'Ander team', role: 'member', member_count: 2 }
			]);
		});

		it('a member cannot remove a teammate (403 facilitator_only)', async () => {
			await expectDbError(
				as(db, cast.memberA).call('remove_member', { teamId: cast.teamA.id, userId: cast.facilitatorA.userId }),
				403,
				'facilitator_only'
			);
			expect(await roleOf(cast.teamA.id, cast.facilitatorA.userId)).toBe('facilitator');
		});

		it.each([
			['a member of another team', 'memberB'],
			['a facilitator of another team', 'facilitatorB'],
			['a removed member', 'removed'],
			['an anonymous participant', 'anonymous']
		] as const)('%s is told the team does not exist (404 team_not_found)', async (_label, who) => {
			await expectDbError(
				as(db, cast[who]).call('remove_member', { teamId: cast.teamA.id, userId: cast.memberA.userId }),
				404,
				'team_not_found'
			);
			expect(await roleOf(cast.teamA.id, cast.memberA.userId)).toBe('member');
		});

		it('a visitor who is not signed in cannot remove anyone (403)', async () => {
			await expectDbError(
				asVisitor(db).call('remove_member', { teamId: cast.teamA.id, userId: cast.memberA.userId }),
				403,
				'forbidden'
			);
		});

		it('removing someone who is not in the team is not found (404 member_not_found)', async () => {
			await expectDbError(
				as(db, cast.facilitatorA).call('remove_member', { teamId: cast.teamA.id, userId: cast.memberB.userId }),
				404,
				'member_not_found'
			);
			expect(await roleOf(cast.teamB.id, cast.memberB.userId)).toBe('member');
		});

		it('the last facilitator cannot remove themselves while others remain (409 last_facilitator)', async () => {
			const { team, facilitator } = await createTeam(db, 1);
			await expectDbError(
				as(db, facilitator).call('remove_member', { teamId: team.id, userId: facilitator.userId }),
				409,
				'last_facilitator'
			);
			expect(await roleOf(team.id, facilitator.userId)).toBe('facilitator');
		});

		it('a malformed user id is bad input (400), not a server error', async () => {
			await expectDbError(
				rawCall(db, cast.facilitatorA, 'remove_member', { p_team_id: cast.teamA.id, p_user_id: '12345' }),
				400,
				'invalid_input'
			);
		});
	});

	describe('leave_team', () => {
		it('a member leaves their team', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			await as(db, members[0]).call('leave_team', { teamId: team.id });
			expect(await as(db, members[0]).call('my_teams', {})).toEqual([]);
			expect((await as(db, facilitator).call('team_overview', { teamId: team.id })).members).toHaveLength(1);
		});

		it('the last facilitator cannot leave while others remain (409 last_facilitator)', async () => {
			const { team, facilitator } = await createTeam(db, 1);
			await expectDbError(as(db, facilitator).call('leave_team', { teamId: team.id }), 409, 'last_facilitator');
			expect(await roleOf(team.id, facilitator.userId)).toBe('facilitator');
		});

		it('a facilitator may leave once another facilitator remains', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			await as(db, facilitator).call('set_member_role', {
				teamId: team.id,
				userId: members[0].userId,
				role: 'facilitator'
			});
			await as(db, facilitator).call('leave_team', { teamId: team.id });
			expect(await memberships(team.id)).toEqual([{ user_id: members[0].userId, role: 'facilitator' }]);
		});

		it('a facilitator alone in their team may leave it', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			await as(db, facilitator).call('leave_team', { teamId: team.id });
			expect(await memberships(team.id)).toEqual([]);
		});

		it('someone who is not in the team cannot leave it (404 team_not_found)', async () => {
			await expectDbError(as(db, cast.memberB).call('leave_team', { teamId: cast.teamA.id }), 404, 'team_not_found');
			await expectDbError(as(db, cast.removed).call('leave_team', { teamId: cast.teamA.id }), 404, 'team_not_found');
			expect(await memberships(cast.teamA.id)).toHaveLength(2);
		});

		it('a visitor who is not signed in cannot leave a team (403)', async () => {
			await expectDbError(asVisitor(db).call('leave_team', { teamId: cast.teamA.id }), 403, 'forbidden');
		});
	});

	describe('set_member_role', () => {
		it('a facilitator makes a member facilitator, who may then invite', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			await as(db, facilitator).call('set_member_role', {
				teamId: team.id,
				userId: members[0].userId,
				role: 'facilitator'
			});
			expect((await as(db, members[0]).call('team_overview', { teamId: team.id })).my_role).toBe('facilitator');
			const invite = await as(db, members[0]).call('create_invite', { teamId: team.id, role: 'member' });
			expect(invite.token).toMatch(/^[a-f0-9]{64}$/);
		});

		it('a facilitator may step down once another facilitator exists', async () => {
			const { team, facilitator, members } = await createTeam(db, 1);
			await as(db, facilitator).call('set_member_role', {
				teamId: team.id,
				userId: members[0].userId,
				role: 'facilitator'
			});
			await as(db, facilitator).call('set_member_role', {
				teamId: team.id,
				userId: facilitator.userId,
				role: 'member'
			});
			expect(await roleOf(team.id, facilitator.userId)).toBe('member');
		});

		it('a member cannot make themselves facilitator (403 facilitator_only)', async () => {
			await expectDbError(
				as(db, cast.memberA).call('set_member_role', {
					teamId: cast.teamA.id,
					userId: cast.memberA.userId,
					role: 'facilitator'
				}),
				403,
				'facilitator_only'
			);
			expect(await roleOf(cast.teamA.id, cast.memberA.userId)).toBe('member');
		});

		it.each([
			['a member of another team', 'memberB'],
			['a facilitator of another team', 'facilitatorB'],
			['a removed member', 'removed'],
			['an anonymous participant', 'anonymous']
		] as const)('%s is told the team does not exist (404 team_not_found)', async (_label, who) => {
			await expectDbError(
				as(db, cast[who]).call('set_member_role', {
					teamId: cast.teamA.id,
					userId: cast.memberA.userId,
					role: 'facilitator'
				}),
				404,
				'team_not_found'
			);
			expect(await roleOf(cast.teamA.id, cast.memberA.userId)).toBe('member');
		});

		it('a visitor who is not signed in cannot change roles (403)', async () => {
			await expectDbError(
				asVisitor(db).call('set_member_role', {
					teamId: cast.teamA.id,
					userId: cast.memberA.userId,
					role: 'facilitator'
				}),
				403,
				'forbidden'
			);
		});

		it('the last facilitator cannot step down while others remain (409 last_facilitator)', async () => {
			const { team, facilitator } = await createTeam(db, 1);
			await expectDbError(
				as(db, facilitator).call('set_member_role', { teamId: team.id, userId: facilitator.userId, role: 'member' }),
				409,
				'last_facilitator'
			);
			expect(await roleOf(team.id, facilitator.userId)).toBe('facilitator');
		});

		it('someone who is not in the team is not found (404 member_not_found)', async () => {
			await expectDbError(
				as(db, cast.facilitatorA).call('set_member_role', {
					teamId: cast.teamA.id,
					userId: cast.memberB.userId,
					role: 'member'
				}),
				404,
				'member_not_found'
			);
			expect(await roleOf(cast.teamA.id, cast.memberB.userId)).toBeNull();
		});

		it('an unknown role is bad input (400 invalid_role)', async () => {
			await expectDbError(
				rawCall(db, cast.facilitatorA, 'set_member_role', {
					p_team_id: cast.teamA.id,
					p_user_id: cast.memberA.userId,
					p_role: 'owner'
				}),
				400,
				'invalid_role'
			);
			expect(await roleOf(cast.teamA.id, cast.memberA.userId)).toBe('member');
		});
	});
});
