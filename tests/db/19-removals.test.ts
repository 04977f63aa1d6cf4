import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, expectDbError, sqlAs, type TestDatabase } from './harness';
import { as, createPerson, createTeam } from './factories';

describe.each(engines)('removed members on %s', (_engine, open) => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('a removed member cannot come back through a link that was already going round', async () => {
		const { team, facilitator, members } = await createTeam(db, 1);
		const lead = as(db, facilitator);
		const oldLink = await lead.call('create_invite', { teamId: team.id, role: 'member' });
		await lead.call('remove_member', { teamId: team.id, userId: members[0].userId });
		await expectDbError(as(db, members[0]).call('accept_invite', { token: oldLink.token }), 409, 'removed_from_team');
		await expectDbError(as(db, members[0]).call('team_overview', { teamId: team.id }), 404, 'team_not_found');
	});

	it('a new invite after the removal readmits them, and the removal is forgotten', async () => {
		const { team, facilitator, members } = await createTeam(db, 1);
		const lead = as(db, facilitator);
		await lead.call('remove_member', { teamId: team.id, userId: members[0].userId });
		const newLink = await lead.call('create_invite', { teamId: team.id, role: 'member' });
		await as(db, members[0]).call('accept_invite', { token: newLink.token });
		const overview = await as(db, members[0]).call('team_overview', { teamId: team.id });
		expect(overview.members.map((m) => m.user_id)).toContain(members[0].userId);
		const removals = await sqlAs(db, facilitator, 'select * from app.team_removals where team_id = $1', [team.id]);
		expect(removals.rows).toEqual([]);
	});

	it('leaving a team oneself is not a removal: the old link still works', async () => {
		const { team, facilitator, members } = await createTeam(db, 1);
		const link = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
		await as(db, members[0]).call('leave_team', { teamId: team.id });
		await as(db, members[0]).call('accept_invite', { token: link.token });
		const teams = await as(db, members[0]).call('my_teams', {});
		expect(teams.map((t) => t.id)).toContain(team.id);
	});

	it('facilitators see who was removed from their team; members and other teams do not', async () => {
		const { team, facilitator, members } = await createTeam(db, 2);
		await as(db, facilitator).call('remove_member', { teamId: team.id, userId: members[0].userId });
		const asLead = await sqlAs(db, facilitator, 'select user_id from app.team_removals where team_id = $1', [team.id]);
		expect(asLead.rows.map((r) => r.user_id)).toEqual([members[0].userId]);
		const asMember = await sqlAs(db, members[1], 'select user_id from app.team_removals where team_id = $1', [team.id]);
		expect(asMember.rows).toEqual([]);
		const outsider = await createPerson(db);
		const asOutsider = await sqlAs(db, outsider, 'select user_id from app.team_removals', []);
		expect(asOutsider.rows).toEqual([]);
		const asVisitor = await sqlAs(db, { kind: 'anon' }, 'select user_id from app.team_removals', []);
		expect(asVisitor.error?.message).toMatch(/permission denied/);
	});

	it('nobody writes removals directly', async () => {
		const { team, facilitator, members } = await createTeam(db, 1);
		const insert = await sqlAs(db, facilitator, 'insert into app.team_removals (team_id, user_id) values ($1, $2)', [
			team.id,
			members[0].userId
		]);
		expect(insert.error?.message).toMatch(/permission denied/);
	});
});
