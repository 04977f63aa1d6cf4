import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import type { Actor } from '$lib/server/db/port';
import { as, asVisitor, createCast, createPerson, createTeam, joinTeam, type Cast } from './factories';

describe.each(engines)('teams on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	beforeAll(async () => {
		db = await open();
		cast = await createCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const visibleTeamIds = async (actor: Actor) => {
		const outcome = await sqlAs(db, actor, `select id from app.teams`);
		expect(outcome.error).toBeUndefined();
		return outcome.rows.map((row) => row.id);
	};
	const teamName = async (teamId: string) =>
		(await asSuperuser(db, `select name from app.teams where id = $1`, [teamId]))[0]?.name;
	const renameDirectly = (actor: Actor, teamId: string) =>
		sqlAs(db, actor, `update app.teams set name = 'Gekaapt' where id = $1`, [teamId]);

	describe('reading, directly', () => {
		it('a facilitator reads their own team only', async () => {
			expect(await visibleTeamIds(cast.facilitatorA)).toEqual([cast.teamA.id]);
		});

		it('a member reads their own team only', async () => {
			expect(await visibleTeamIds(cast.memberA)).toEqual([cast.teamA.id]);
		});

		it('a member of another team cannot read the team', async () => {
			const outcome = await sqlAs(db, cast.memberB, `select id from app.teams where id = $1`, [cast.teamA.id]);
			expect(outcome.rows).toEqual([]);
			expect(await visibleTeamIds(cast.memberB)).toEqual([cast.teamB.id]);
		});

		it('a removed member can no longer read the team', async () => {
			expect(await visibleTeamIds(cast.removed)).toEqual([]);
		});

		it('an anonymous participant reads no team', async () => {
			expect(await visibleTeamIds(cast.anonymous)).toEqual([]);
		});

		it('an anonymous session cannot read a team even with a membership row', async () => {
			// Joining needs an account, so this row can only come from a bug elsewhere: the
			// restrictive policy must still keep team data from anonymous sessions.
			const { team } = await createTeam(db, 0, 'Wijkteam Anoniem');
			const participant = await createPerson(db, { anonymous: true });
			await asSuperuser(db, `insert into app.team_members (team_id, user_id) values ($1, $2)`, [
				team.id,
				participant.userId
			]);
			expect(await visibleTeamIds(participant)).toEqual([]);
			// The same person with an account session would see it: the row is really there.
			expect(await visibleTeamIds({ ...participant, isAnonymous: false })).toEqual([team.id]);
		});

		it('a visitor who is not signed in cannot read teams at all', async () => {
			expectSqlError(await sqlAs(db, cast.visitor, `select id from app.teams`), '42501', permissionDenied('teams'));
		});

		it('a person in two teams reads both', async () => {
			const person = await createPerson(db);
			await joinTeam(db, cast.facilitatorA, cast.teamA.id, person);
			await joinTeam(db, cast.facilitatorB, cast.teamB.id, person);
			try {
				expect((await visibleTeamIds(person)).sort()).toEqual([cast.teamA.id, cast.teamB.id].sort());
			} finally {
				await as(db, person).call('leave_team', { teamId: cast.teamA.id });
				await as(db, person).call('leave_team', { teamId: cast.teamB.id });
			}
		});
	});

	describe('writing, directly', () => {
		it('an account holder may insert a team they own, and becomes its facilitator', async () => {
			const person = await createPerson(db);
			const id = crypto.randomUUID();
			const outcome = await sqlAs(db, person, `insert into app.teams (id, name) values ($1, 'Eigen team')`, [id]);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(1);
			expect(
				await asSuperuser(db, `select role from app.team_members where team_id = $1 and user_id = $2`, [
					id,
					person.userId
				])
			).toEqual([{ role: 'facilitator' }]);
		});

		it('nobody can insert a team in someone else’s name (and so make them its facilitator)', async () => {
			const person = await createPerson(db);
			const outcome = await sqlAs(
				db,
				person,
				`insert into app.teams (name, created_by) values ('Op andermans naam', $1)`,
				[cast.memberB.userId]
			);
			expectSqlError(outcome, '42501', rlsViolation);
			expect(await asSuperuser(db, `select 1 from app.teams where name = 'Op andermans naam'`)).toEqual([]);
		});

		it('nobody can insert a team without an owner', async () => {
			const person = await createPerson(db);
			const outcome = await sqlAs(db, person, `insert into app.teams (name, created_by) values ('Weesteam', null)`);
			expectSqlError(outcome, '42501', rlsViolation);
		});

		it('an anonymous participant cannot insert a team', async () => {
			const outcome = await sqlAs(db, cast.anonymous, `insert into app.teams (name) values ('Anoniem team')`);
			expectSqlError(outcome, '42501', rlsViolation);
			expect(await asSuperuser(db, `select 1 from app.teams where name = 'Anoniem team'`)).toEqual([]);
		});

		it('a visitor who is not signed in cannot insert a team', async () => {
			const outcome = await sqlAs(db, cast.visitor, `insert into app.teams (name) values ('Bezoekersteam')`);
			expectSqlError(outcome, '42501', permissionDenied('teams'));
		});

		it('a facilitator may rename their team directly', async () => {
			const { team, facilitator } = await createTeam(db, 0, 'Voor');
			const outcome = await sqlAs(db, facilitator, `update app.teams set name = 'Na' where id = $1`, [team.id]);
			expect(outcome.rowCount).toBe(1);
			expect(await teamName(team.id)).toBe('Na');
		});

		it('a member cannot rename the team directly', async () => {
			const outcome = await renameDirectly(cast.memberA, cast.teamA.id);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(0);
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});

		it('a facilitator of another team cannot rename the team directly', async () => {
			const outcome = await renameDirectly(cast.facilitatorB, cast.teamA.id);
			expect(outcome.rowCount).toBe(0);
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});

		it('a removed member cannot rename the team directly', async () => {
			const outcome = await renameDirectly(cast.removed, cast.teamA.id);
			expect(outcome.rowCount).toBe(0);
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});

		it('an anonymous participant cannot rename any team', async () => {
			const outcome = await sqlAs(db, cast.anonymous, `update app.teams set name = 'Gekaapt'`);
			expect(outcome.rowCount).toBe(0);
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});

		it('a visitor who is not signed in cannot update teams', async () => {
			expectSqlError(await renameDirectly(cast.visitor, cast.teamA.id), '42501', permissionDenied('teams'));
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});

		it('a facilitator cannot change their team’s id', async () => {
			const { team, facilitator } = await createTeam(db, 0, 'Eigen');
			const outcome = await sqlAs(db, facilitator, `update app.teams set id = $2 where id = $1`, [
				team.id,
				crypto.randomUUID()
			]);
			expectSqlError(outcome, '42501', rlsViolation);
			expect(await teamName(team.id)).toBe('Eigen');
		});

		it('nobody deletes a team directly, not even its facilitator', async () => {
			const outcome = await sqlAs(db, cast.facilitatorA, `delete from app.teams where id = $1`, [cast.teamA.id]);
			expectSqlError(outcome, '42501', permissionDenied('teams'));
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});
	});

	describe('create_team', () => {
		it('creates a team with a trimmed name and makes the creator its only facilitator', async () => {
			const person = await createPerson(db);
			const team = await as(db, person).call('create_team', { name: '  Wijkteam Haven  ' });
			expect(team.name).toBe('Wijkteam Haven');
			expect(await as(db, person).call('my_teams', {})).toEqual([
				{ id: team.id, name: 'Wijkteam Haven', role: 'facilitator', member_count: 1 }
			]);
		});

		it('an anonymous participant cannot create a team (403 account_required)', async () => {
			await expectDbError(
				as(db, cast.anonymous).call('create_team', { name: 'Anoniem team' }),
				403,
				'account_required'
			);
			expect(await asSuperuser(db, `select 1 from app.teams where name = 'Anoniem team'`)).toEqual([]);
		});

		it('a visitor who is not signed in cannot create a team (403)', async () => {
			await expectDbError(asVisitor(db).call('create_team', { name: 'Bezoekersteam' }), 403, 'forbidden');
		});

		it.each([
			['empty', ''],
			['one character after trimming', '  x  '],
			['81 characters', 'x'.repeat(81)],
			['null', null]
		])('refuses a team name that is %s (400 team_name_length)', async (_label, name) => {
			const person = await createPerson(db);
			await expectDbError(rawCall(db, person, 'create_team', { p_name: name }), 400, 'team_name_length');
			expect(await as(db, person).call('my_teams', {})).toEqual([]);
		});

		it('accepts a team name of exactly 80 characters', async () => {
			const person = await createPerson(db);
			const team = await as(db, person).call('create_team', { name: 'n'.repeat(80) });
			expect(await teamName(team.id)).toBe('n'.repeat(80));
		});
	});

	describe('rename_team', () => {
		it('a facilitator renames their team', async () => {
			const { team, facilitator, members } = await createTeam(db, 1, 'Oude naam');
			expect(await as(db, facilitator).call('rename_team', { teamId: team.id, name: ' Nieuwe naam ' })).toEqual({
				id: team.id,
				name: 'Nieuwe naam'
			});
			expect((await as(db, members[0]).call('my_teams', {}))[0].name).toBe('Nieuwe naam');
		});

		it('a member cannot rename the team (403 facilitator_only)', async () => {
			await expectDbError(
				as(db, cast.memberA).call('rename_team', { teamId: cast.teamA.id, name: 'Gekaapt' }),
				403,
				'facilitator_only'
			);
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});

		it.each([
			['a member of another team', 'memberB'],
			['a facilitator of another team', 'facilitatorB'],
			['a removed member', 'removed'],
			['an anonymous participant', 'anonymous']
		] as const)('%s is told the team does not exist (404 team_not_found)', async (_label, who) => {
			await expectDbError(
				as(db, cast[who]).call('rename_team', { teamId: cast.teamA.id, name: 'Gekaapt' }),
				404,
				'team_not_found'
			);
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});

		it('a visitor who is not signed in cannot rename a team (403)', async () => {
			await expectDbError(
				asVisitor(db).call('rename_team', { teamId: cast.teamA.id, name: 'Gekaapt' }),
				403,
				'forbidden'
			);
		});

		it('a team that does not exist is not found (404 team_not_found)', async () => {
			await expectDbError(
				as(db, cast.facilitatorA).call('rename_team', { teamId: crypto.randomUUID(), name: 'Niemand' }),
				404,
				'team_not_found'
			);
		});

		it('refuses a name that is too short (400 team_name_length)', async () => {
			await expectDbError(
				rawCall(db, cast.facilitatorA, 'rename_team', { p_team_id: cast.teamA.id, p_name: ' ' }),
				400,
				'team_name_length'
			);
			expect(await teamName(cast.teamA.id)).toBe('Wijkteam Noord');
		});

		it('a malformed team id is bad input (400), not a server error', async () => {
			await expectDbError(
				rawCall(db, cast.facilitatorA, 'rename_team', { p_team_id: 'not-a-uuid', p_name: 'Naam' }),
				400,
				'invalid_input'
			);
			const outcome = await sqlAs(db, cast.facilitatorA, `select public.rename_team('not-a-uuid', 'Naam')`);
			expectSqlError(outcome, '22P02', /invalid input syntax for type uuid/);
		});
	});

	describe('my_teams', () => {
		it('a member lists their team with their role and the team’s size', async () => {
			expect(await as(db, cast.memberA).call('my_teams', {})).toEqual([
				{ id: cast.teamA.id, name: 'Wijkteam Noord', role: 'member', member_count: 2 }
			]);
		});

		it('a person in two teams lists both, by name, with their role in each', async () => {
			const person = await createPerson(db);
			const own = await as(db, person).call('create_team', { name: 'Wijkteam Alfa' });
			await joinTeam(db, cast.facilitatorB, cast.teamB.id, person);
			try {
				expect(await as(db, person).call('my_teams', {})).toEqual([
					{ id: own.id, name: 'Wijkteam Alfa', role: 'facilitator', member_count: 1 },
					{ id: cast.teamB.id, name: 'Wijkteam Zuid', role: 'member', member_count: 3 }
				]);
			} finally {
				await as(db, person).call('leave_team', { teamId: cast.teamB.id });
			}
		});

		it('a removed member no longer lists the team', async () => {
			expect(await as(db, cast.removed).call('my_teams', {})).toEqual([]);
		});

		it('an anonymous participant lists no teams', async () => {
			expect(await as(db, cast.anonymous).call('my_teams', {})).toEqual([]);
		});

		it('a visitor who is not signed in cannot list teams (403)', async () => {
			await expectDbError(asVisitor(db).call('my_teams', {}), 403, 'forbidden');
		});
	});

	describe('team_overview (the team itself)', () => {
		it('a member reads the team with their own role', async () => {
			const overview = await as(db, cast.memberA).call('team_overview', { teamId: cast.teamA.id });
			expect({ id: overview.id, name: overview.name, my_role: overview.my_role }).toEqual({
				id: cast.teamA.id,
				name: 'Wijkteam Noord',
				my_role: 'member'
			});
		});

		it.each([
			['a member of another team', 'memberB'],
			['a removed member', 'removed'],
			['an anonymous participant', 'anonymous']
		] as const)('%s cannot read the team (404 team_not_found)', async (_label, who) => {
			await expectDbError(as(db, cast[who]).call('team_overview', { teamId: cast.teamA.id }), 404, 'team_not_found');
		});

		it('a visitor who is not signed in cannot read a team (403)', async () => {
			await expectDbError(asVisitor(db).call('team_overview', { teamId: cast.teamA.id }), 403, 'forbidden');
		});
	});
});
