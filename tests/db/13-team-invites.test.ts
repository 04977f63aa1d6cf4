import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '$lib/server/db/port';
import {
	engines,
	asSuperuser,
	expectDbError,
	expectSqlError,
	permissionDenied,
	rawCall,
	rlsViolation,
	sqlAs,
	type TestDatabase
} from './harness';
import {
	as,
	asVisitor,
	createCast,
	createPerson,
	createTeam,
	expireInvite,
	unknownToken,
	type Cast
} from './factories';

describe.each(engines)('team invites on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	beforeAll(async () => {
		db = await open();
		cast = await createCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const visibleInvites = async (actor: Actor) => {
		const outcome = await sqlAs(db, actor, `select id, team_id, token from app.team_invites where revoked_at is null`);
		expect(outcome.error).toBeUndefined();
		return outcome.rows;
	};
	/** An invite as it really is, past RLS. */
	const inviteRow = async (inviteId: string) =>
		(
			await asSuperuser(
				db,
				`select team_id, token, role, revoked_at is not null as revoked, expires_at > now() as open, accepted_count
				 from app.team_invites where id = $1`,
				[inviteId]
			)
		)[0];
	const roleOf = async (teamId: string, userId: string) =>
		(
			await asSuperuser(db, `select role from app.team_members where team_id = $1 and user_id = $2`, [teamId, userId])
		)[0]?.role ?? null;
	const membershipCount = async (teamId: string, userId: string) =>
		Number(
			(
				await asSuperuser(db, `select count(*) as n from app.team_members where team_id = $1 and user_id = $2`, [
					teamId,
					userId
				])
			)[0].n
		);

	describe('reading, directly', () => {
		it('a facilitator reads their team’s open invites, token included', async () => {
			expect(await visibleInvites(cast.facilitatorA)).toEqual([
				{ id: cast.inviteA.id, team_id: cast.teamA.id, token: cast.inviteA.token }
			]);
		});

		it('a plain member cannot read the team’s invites or their tokens', async () => {
			const outcome = await sqlAs(db, cast.memberA, `select token from app.team_invites where team_id = $1`, [
				cast.teamA.id
			]);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rows).toEqual([]);
		});

		it('a member of another team cannot read the team’s invites', async () => {
			expect(await visibleInvites(cast.memberB)).toEqual([]);
		});

		it('a facilitator of another team reads only their own team’s invites', async () => {
			const rows = await visibleInvites(cast.facilitatorB);
			expect(rows).toContainEqual({ id: cast.inviteB.id, team_id: cast.teamB.id, token: cast.inviteB.token });
			expect(new Set(rows.map((row) => row.team_id))).toEqual(new Set([cast.teamB.id]));
		});

		it('a removed member cannot read the team’s invites', async () => {
			const outcome = await sqlAs(db, cast.removed, `select id from app.team_invites`);
			expect(outcome.rows).toEqual([]);
		});

		it('an anonymous participant cannot read invites', async () => {
			const outcome = await sqlAs(db, cast.anonymous, `select id from app.team_invites`);
			expect(outcome.rows).toEqual([]);
		});

		it('an anonymous session cannot read invites even as a facilitator on paper', async () => {
			const { team } = await createTeam(db, 0, 'Wijkteam Anoniem');
			const invite = await asSuperuser(db, `insert into app.team_invites (team_id) values ($1) returning id`, [
				team.id
			]);
			const participant = await createPerson(db, { anonymous: true });
			await asSuperuser(db, `insert into app.team_members (team_id, user_id, role) values ($1, $2, 'facilitator')`, [
				team.id,
				participant.userId
			]);
			expect(await visibleInvites(participant)).toEqual([]);
			// With an account session the same person would read it: the row is really there.
			expect((await visibleInvites({ ...participant, isAnonymous: false })).map((row) => row.id)).toEqual([
				invite[0].id
			]);
		});

		it('a visitor who is not signed in cannot read invites at all', async () => {
			expectSqlError(
				await sqlAs(db, cast.visitor, `select token from app.team_invites`),
				'42501',
				permissionDenied('team_invites')
			);
		});
	});

	describe('writing, directly', () => {
		const insert = (actor: Actor, teamId: string) =>
			sqlAs(db, actor, `insert into app.team_invites (team_id, role) values ($1, 'facilitator')`, [teamId]);
		const inviteCount = async (teamId: string) =>
			Number((await asSuperuser(db, `select count(*) as n from app.team_invites where team_id = $1`, [teamId]))[0].n);

		it('a facilitator may insert an invite for their team directly', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const outcome = await insert(facilitator, team.id);
			expect(outcome.rowCount).toBe(1);
			expect(await inviteCount(team.id)).toBe(1);
		});

		it.each([
			['a member', 'memberA'],
			['a member of another team', 'memberB'],
			['a facilitator of another team', 'facilitatorB'],
			['a removed member', 'removed'],
			['an anonymous participant', 'anonymous']
		] as const)('%s cannot create an invite for the team', async (_label, who) => {
			const before = await inviteCount(cast.teamA.id);
			expectSqlError(await insert(cast[who], cast.teamA.id), '42501', rlsViolation);
			expect(await inviteCount(cast.teamA.id)).toBe(before);
		});

		it('a visitor who is not signed in cannot create invites', async () => {
			expectSqlError(await insert(cast.visitor, cast.teamA.id), '42501', permissionDenied('team_invites'));
		});

		it('a facilitator may revoke their team’s invite directly', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			const outcome = await sqlAs(db, facilitator, `update app.team_invites set revoked_at = now() where id = $1`, [
				invite.id
			]);
			expect(outcome.rowCount).toBe(1);
			expect((await inviteRow(invite.id)).revoked).toBe(true);
		});

		it.each([
			['a member', 'memberA'],
			['a member of another team', 'memberB'],
			['a facilitator of another team', 'facilitatorB'],
			['a removed member', 'removed'],
			['an anonymous participant', 'anonymous']
		] as const)('%s cannot change the team’s invites', async (_label, who) => {
			const before = await inviteRow(cast.inviteA.id);
			const outcome = await sqlAs(
				db,
				cast[who],
				`update app.team_invites set role = 'facilitator', expires_at = now() + interval '10 years' where team_id = $1`,
				[cast.teamA.id]
			);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(0);
			expect(await inviteRow(cast.inviteA.id)).toEqual(before);
		});

		it('a visitor who is not signed in cannot change invites', async () => {
			const outcome = await sqlAs(db, cast.visitor, `update app.team_invites set revoked_at = null`);
			expectSqlError(outcome, '42501', permissionDenied('team_invites'));
		});

		it('a facilitator cannot move an invite to a team they do not facilitate', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			const outcome = await sqlAs(db, facilitator, `update app.team_invites set team_id = $2 where id = $1`, [
				invite.id,
				cast.teamB.id
			]);
			expectSqlError(outcome, '42501', rlsViolation);
			expect((await inviteRow(invite.id)).team_id).toBe(team.id);
		});

		it('nobody deletes invites directly, not even the facilitator (they revoke them)', async () => {
			const outcome = await sqlAs(db, cast.facilitatorA, `delete from app.team_invites where id = $1`, [
				cast.inviteA.id
			]);
			expectSqlError(outcome, '42501', permissionDenied('team_invites'));
			expect(await inviteRow(cast.inviteA.id)).toBeDefined();
		});
	});

	describe('create_invite', () => {
		it('a facilitator gets a 64-character token for the role they chose, valid for 14 days', async () => {
			const invite = await as(db, cast.facilitatorA).call('create_invite', {
				teamId: cast.teamA.id,
				role: 'facilitator'
			});
			try {
				expect(invite.token).toMatch(/^[a-f0-9]{64}$/);
				expect(invite.role).toBe('facilitator');
				const days = (Date.parse(invite.expires_at) - Date.now()) / 86_400_000;
				expect(days).toBeGreaterThan(13.9);
				expect(days).toBeLessThanOrEqual(14);
			} finally {
				await as(db, cast.facilitatorA).call('revoke_invite', { inviteId: invite.id });
			}
		});

		it('every invite gets its own token', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const tokens = new Set<string>();
			for (let i = 0; i < 5; i++)
				tokens.add((await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' })).token);
			expect(tokens.size).toBe(5);
		});

		it('a member cannot create invites (403 facilitator_only)', async () => {
			await expectDbError(
				as(db, cast.memberA).call('create_invite', { teamId: cast.teamA.id, role: 'member' }),
				403,
				'facilitator_only'
			);
		});

		it.each([
			['a member of another team', 'memberB'],
			['a facilitator of another team', 'facilitatorB'],
			['a removed member', 'removed'],
			['an anonymous participant', 'anonymous']
		] as const)('%s is told the team does not exist (404 team_not_found)', async (_label, who) => {
			await expectDbError(
				as(db, cast[who]).call('create_invite', { teamId: cast.teamA.id, role: 'member' }),
				404,
				'team_not_found'
			);
		});

		it('a visitor who is not signed in cannot create invites (403)', async () => {
			await expectDbError(
				asVisitor(db).call('create_invite', { teamId: cast.teamA.id, role: 'member' }),
				403,
				'forbidden'
			);
		});

		it('an unknown role is bad input (400 invalid_role)', async () => {
			await expectDbError(
				rawCall(db, cast.facilitatorA, 'create_invite', { p_team_id: cast.teamA.id, p_role: 'admin' }),
				400,
				'invalid_role'
			);
		});

		it('a malformed team id is bad input (400), not a server error', async () => {
			await expectDbError(
				rawCall(db, cast.facilitatorA, 'create_invite', { p_team_id: 'team-a', p_role: 'member' }),
				400,
				'invalid_input'
			);
		});
	});

	describe('team_overview (the invites)', () => {
		it('a facilitator sees the open invites with their tokens, not revoked or expired ones', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const open = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			const revoked = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			const expired = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			await as(db, facilitator).call('revoke_invite', { inviteId: revoked.id });
			await expireInvite(db, expired.id);
			const overview = await as(db, facilitator).call('team_overview', { teamId: team.id });
			expect(overview.invites.map(({ id, token }) => ({ id, token }))).toEqual([{ id: open.id, token: open.token }]);
		});

		it('invite tokens are not readable by plain members through team_overview', async () => {
			const overview = await as(db, cast.memberA).call('team_overview', { teamId: cast.teamA.id });
			expect(overview.invites).toEqual([]);
			expect(JSON.stringify(overview)).not.toContain(cast.inviteA.token);
		});

		it('a member of team A cannot read team B’s invites through team_overview', async () => {
			await expectDbError(as(db, cast.memberA).call('team_overview', { teamId: cast.teamB.id }), 404, 'team_not_found');
			await expectDbError(
				as(db, cast.facilitatorA).call('team_overview', { teamId: cast.teamB.id }),
				404,
				'team_not_found'
			);
		});
	});

	describe('revoke_invite', () => {
		it('a facilitator revokes an invite, which then no longer works', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			await as(db, facilitator).call('revoke_invite', { inviteId: invite.id });
			expect((await asVisitor(db).call('invite_preview', { token: invite.token })).valid).toBe(false);
			const joiner = await createPerson(db);
			await expectDbError(as(db, joiner).call('accept_invite', { token: invite.token }), 409, 'invite_expired');
			expect(await roleOf(team.id, joiner.userId)).toBeNull();
		});

		it('revoking an invite twice: the second time it is not found (404 invite_not_found)', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			await as(db, facilitator).call('revoke_invite', { inviteId: invite.id });
			await expectDbError(as(db, facilitator).call('revoke_invite', { inviteId: invite.id }), 404, 'invite_not_found');
		});

		it.each([
			['a member', 'memberA'],
			['a member of another team', 'memberB'],
			['a facilitator of another team', 'facilitatorB'],
			['a removed member', 'removed'],
			['an anonymous participant', 'anonymous']
		] as const)('%s cannot revoke the team’s invite (404 invite_not_found)', async (_label, who) => {
			await expectDbError(
				as(db, cast[who]).call('revoke_invite', { inviteId: cast.inviteA.id }),
				404,
				'invite_not_found'
			);
			expect((await inviteRow(cast.inviteA.id)).revoked).toBe(false);
		});

		it('a visitor who is not signed in cannot revoke invites (403)', async () => {
			await expectDbError(asVisitor(db).call('revoke_invite', { inviteId: cast.inviteA.id }), 403, 'forbidden');
			expect((await inviteRow(cast.inviteA.id)).revoked).toBe(false);
		});

		it('an invite that does not exist is not found (404 invite_not_found)', async () => {
			await expectDbError(
				as(db, cast.facilitatorA).call('revoke_invite', { inviteId: crypto.randomUUID() }),
				404,
				'invite_not_found'
			);
		});

		it('a malformed invite id is bad input (400), not a server error', async () => {
			await expectDbError(rawCall(db, cast.facilitatorA, 'revoke_invite', { p_invite_id: '' }), 400, 'invalid_input');
		});
	});

	describe('invite_preview', () => {
		it('a visitor who is not signed in sees which team an invite is for, and nothing more', async () => {
			expect(await asVisitor(db).call('invite_preview', { token: cast.inviteA.token })).toEqual({
				team_id: cast.teamA.id,
				team_name: 'Wijkteam Noord',
				role: 'member',
				valid: true
			});
			const raw = await rawCall(db, cast.visitor, 'invite_preview', { p_token: cast.inviteA.token });
			expect(Object.keys(raw as object).sort()).toEqual(['role', 'team_id', 'team_name', 'valid']);
		});

		it('an expired invite previews as no longer valid', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			await expireInvite(db, invite.id);
			expect((await asVisitor(db).call('invite_preview', { token: invite.token })).valid).toBe(false);
		});

		it('an unknown token is not found (404 invite_not_found)', async () => {
			await expectDbError(asVisitor(db).call('invite_preview', { token: unknownToken() }), 404, 'invite_not_found');
		});

		it.each([
			['garbage', "' or 1=1 --"],
			['empty', ''],
			['null', null]
		])('a token that is %s is not found (404), not a server error', async (_label, token) => {
			await expectDbError(rawCall(db, cast.visitor, 'invite_preview', { p_token: token }), 404, 'invite_not_found');
		});
	});

	describe('accept_invite', () => {
		it('an account holder joins the team with the invite’s role, and the invite counts it', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'facilitator' });
			const joiner = await createPerson(db);
			expect(await as(db, joiner).call('accept_invite', { token: invite.token })).toEqual({ team_id: team.id });
			expect(await roleOf(team.id, joiner.userId)).toBe('facilitator');
			expect((await inviteRow(invite.id)).accepted_count).toBe(1);
		});

		it('accepting the same invite twice does not duplicate the membership or the count', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			const joiner = await createPerson(db);
			await as(db, joiner).call('accept_invite', { token: invite.token });
			expect(await as(db, joiner).call('accept_invite', { token: invite.token })).toEqual({ team_id: team.id });
			expect(await membershipCount(team.id, joiner.userId)).toBe(1);
			expect((await inviteRow(invite.id)).accepted_count).toBe(1);
			expect((await as(db, facilitator).call('team_overview', { teamId: team.id })).members).toHaveLength(2);
		});

		it('an invite link serves several people', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			for (let i = 0; i < 3; i++) await as(db, await createPerson(db)).call('accept_invite', { token: invite.token });
			expect((await inviteRow(invite.id)).accepted_count).toBe(3);
		});

		it('accepting an invite to a team one is already in changes nothing, not even one’s role', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			await as(db, facilitator).call('accept_invite', { token: invite.token });
			expect(await roleOf(team.id, facilitator.userId)).toBe('facilitator');
			expect((await inviteRow(invite.id)).accepted_count).toBe(0);
		});

		it('a person in two teams sees both', async () => {
			const joiner = await createPerson(db);
			const { team: one, facilitator: f1 } = await createTeam(db, 0, 'Team Een');
			const { team: two, facilitator: f2 } = await createTeam(db, 0, 'Team Twee');
			await as(db, joiner).call('accept_invite', {
				token: (await as(db, f1).call('create_invite', { teamId: one.id, role: 'member' })).token
			});
			await as(db, joiner).call('accept_invite', {
				token: (await as(db, f2).call('create_invite', { teamId: two.id, role: 'facilitator' })).token
			});
			expect((await as(db, joiner).call('my_teams', {})).map(({ id, role }) => ({ id, role }))).toEqual([
				{ id: one.id, role: 'member' },
				{ id: two.id, role: 'facilitator' }
			]);
			expect((await as(db, joiner).call('team_overview', { teamId: one.id })).my_role).toBe('member');
			expect((await as(db, joiner).call('team_overview', { teamId: two.id })).my_role).toBe('facilitator');
		});

		it('an anonymous participant cannot join a team (403 account_required)', async () => {
			await expectDbError(
				as(db, cast.anonymous).call('accept_invite', { token: cast.inviteA.token }),
				403,
				'account_required'
			);
			expect(await roleOf(cast.teamA.id, cast.anonymous.userId)).toBeNull();
		});

		it('a visitor who is not signed in cannot accept an invite (403)', async () => {
			await expectDbError(asVisitor(db).call('accept_invite', { token: cast.inviteA.token }), 403, 'forbidden');
		});

		it('an expired invite no longer lets anyone in (409 invite_expired)', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			await expireInvite(db, invite.id);
			const joiner = await createPerson(db);
			await expectDbError(as(db, joiner).call('accept_invite', { token: invite.token }), 409, 'invite_expired');
			expect(await roleOf(team.id, joiner.userId)).toBeNull();
			expect((await inviteRow(invite.id)).accepted_count).toBe(0);
		});

		it('a removed member cannot get back in through an invite the facilitator revoked (409 invite_expired)', async () => {
			const { team, facilitator } = await createTeam(db, 0);
			const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
			const member = await createPerson(db);
			await as(db, member).call('accept_invite', { token: invite.token });
			await as(db, facilitator).call('remove_member', { teamId: team.id, userId: member.userId });
			await as(db, facilitator).call('revoke_invite', { inviteId: invite.id });
			await expectDbError(as(db, member).call('accept_invite', { token: invite.token }), 409, 'invite_expired');
			expect(await roleOf(team.id, member.userId)).toBeNull();
		});

		it('an unknown token is not found (404 invite_not_found)', async () => {
			const joiner = await createPerson(db);
			await expectDbError(as(db, joiner).call('accept_invite', { token: unknownToken() }), 404, 'invite_not_found');
			expect(await as(db, joiner).call('my_teams', {})).toEqual([]);
		});

		it('a malformed token is not found (404), not a server error', async () => {
			const joiner = await createPerson(db);
			await expectDbError(
				rawCall(db, joiner, 'accept_invite', { p_token: 'x'.repeat(10_000) }),
				404,
				'invite_not_found'
			);
			await expectDbError(rawCall(db, joiner, 'accept_invite', { p_token: null }), 404, 'invite_not_found');
		});

		it('the app refuses a token of the wrong shape before it reaches the database (404 invite_not_found)', async () => {
			const joiner = await createPerson(db);
			await expectDbError(as(db, joiner).call('accept_invite', { token: 'abc' }), 404, 'invite_not_found');
		});
	});
});
