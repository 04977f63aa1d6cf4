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
import { as, asVisitor, createCast, createPerson, createTeam, joinTeam, type Cast } from './factories';

describe.each(engines)('profiles on %s', (_engine, open) => {
	let db: TestDatabase;
	let cast: Cast;
	beforeAll(async () => {
		db = await open();
		cast = await createCast(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	const visibleProfileIds = async (actor: Cast['memberA']) => {
		const outcome = await sqlAs(db, actor, `select id from app.profiles`);
		expect(outcome.error).toBeUndefined();
		return outcome.rows.map((row) => row.id).sort();
	};
	const displayName = async (userId: string) =>
		(await asSuperuser(db, `select display_name from app.profiles where id = $1`, [userId]))[0]?.display_name;

	describe('reading, directly', () => {
		it('a facilitator reads their own profile and their team members’, nobody else’s', async () => {
			expect(await visibleProfileIds(cast.facilitatorA)).toEqual(
				[cast.facilitatorA.userId, cast.memberA.userId].sort()
			);
		});

		it('a member reads their own profile and their teammates’', async () => {
			expect(await visibleProfileIds(cast.memberA)).toEqual([cast.facilitatorA.userId, cast.memberA.userId].sort());
		});

		it('a member of another team cannot read the team’s profiles', async () => {
			const outcome = await sqlAs(db, cast.memberB, `select id from app.profiles where id = any ($1::uuid[])`, [
				[cast.facilitatorA.userId, cast.memberA.userId]
			]);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rows).toEqual([]);
			expect(await visibleProfileIds(cast.memberB)).toEqual([cast.facilitatorB.userId, cast.memberB.userId].sort());
		});

		it('a removed member reads only their own profile, and former teammates no longer read theirs', async () => {
			expect(await visibleProfileIds(cast.removed)).toEqual([cast.removed.userId]);
			expect(await visibleProfileIds(cast.facilitatorA)).not.toContain(cast.removed.userId);
		});

		it('an anonymous participant reads only their own profile', async () => {
			expect(await visibleProfileIds(cast.anonymous)).toEqual([cast.anonymous.userId]);
		});

		it('a visitor who is not signed in cannot read profiles at all', async () => {
			const outcome = await sqlAs(db, cast.visitor, `select id from app.profiles`);
			expectSqlError(outcome, '42501', permissionDenied('profiles'));
		});

		it('a person in two teams reads the profiles of both teams', async () => {
			const { team, facilitator } = await createTeam(db, 0, 'Wijkteam Oost');
			const { team: other, facilitator: otherFacilitator } = await createTeam(db, 0, 'Wijkteam West');
			const person = await createPerson(db);
			await joinTeam(db, facilitator, team.id, person);
			await joinTeam(db, otherFacilitator, other.id, person);
			expect(await visibleProfileIds(person)).toEqual(
				[person.userId, facilitator.userId, otherFacilitator.userId].sort()
			);
		});
	});

	describe('writing, directly', () => {
		it('nobody creates a profile by hand: the sign-up trigger does', async () => {
			const person = await createPerson(db);
			const outcome = await sqlAs(db, person, `insert into app.profiles (id, display_name) values ($1, 'Nep')`, [
				crypto.randomUUID()
			]);
			expectSqlError(outcome, '42501', permissionDenied('profiles'));
		});

		it('a visitor cannot create a profile', async () => {
			const outcome = await sqlAs(db, cast.visitor, `insert into app.profiles (id, display_name) values ($1, 'Nep')`, [
				crypto.randomUUID()
			]);
			expectSqlError(outcome, '42501', permissionDenied('profiles'));
		});

		it('a person can update their own profile', async () => {
			const person = await createPerson(db, { name: 'Oud' });
			const outcome = await sqlAs(db, person, `update app.profiles set display_name = 'Nieuw' where id = $1`, [
				person.userId
			]);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(1);
			expect(await displayName(person.userId)).toBe('Nieuw');
		});

		it('a facilitator cannot change a team member’s profile', async () => {
			const before = await displayName(cast.memberA.userId);
			const outcome = await sqlAs(
				db,
				cast.facilitatorA,
				`update app.profiles set display_name = 'Gekaapt' where id = $1`,
				[cast.memberA.userId]
			);
			expect(outcome.error).toBeUndefined();
			expect(outcome.rowCount).toBe(0);
			expect(await displayName(cast.memberA.userId)).toBe(before);
		});

		it('nobody changes profiles wholesale: an unfiltered update reaches only one’s own row', async () => {
			const before = await displayName(cast.facilitatorA.userId);
			const person = await createPerson(db);
			const outcome = await sqlAs(db, person, `update app.profiles set locale = locale`);
			expect(outcome.rowCount).toBe(1);
			expect(await displayName(cast.facilitatorA.userId)).toBe(before);
		});

		it('a member of another team cannot change the team’s profiles', async () => {
			const before = await displayName(cast.facilitatorA.userId);
			const outcome = await sqlAs(db, cast.memberB, `update app.profiles set display_name = 'Gekaapt' where id = $1`, [
				cast.facilitatorA.userId
			]);
			expect(outcome.rowCount).toBe(0);
			expect(await displayName(cast.facilitatorA.userId)).toBe(before);
		});

		it('a person cannot move their profile onto another id', async () => {
			const person = await createPerson(db);
			const outcome = await sqlAs(db, person, `update app.profiles set id = $2 where id = $1`, [
				person.userId,
				cast.anonymous.userId
			]);
			expectSqlError(outcome, '42501', rlsViolation);
			expect(await asSuperuser(db, `select 1 from app.profiles where id = $1`, [person.userId])).toHaveLength(1);
		});

		it('a direct update cannot store an empty display name', async () => {
			const person = await createPerson(db, { name: 'Heel' });
			const outcome = await sqlAs(db, person, `update app.profiles set display_name = '  ' where id = $1`, [
				person.userId
			]);
			expectSqlError(outcome, '23514', /check constraint/);
			expect(await displayName(person.userId)).toBe('Heel');
		});

		it('a visitor cannot update profiles', async () => {
			const before = await displayName(cast.memberA.userId);
			const outcome = await sqlAs(db, cast.visitor, `update app.profiles set display_name = 'Gekaapt'`);
			expectSqlError(outcome, '42501', permissionDenied('profiles'));
			expect(await displayName(cast.memberA.userId)).toBe(before);
		});

		it('nobody deletes a profile directly, not even their own', async () => {
			const person = await createPerson(db);
			const outcome = await sqlAs(db, person, `delete from app.profiles where id = $1`, [person.userId]);
			expectSqlError(outcome, '42501', permissionDenied('profiles'));
			expect(await asSuperuser(db, `select 1 from app.profiles where id = $1`, [person.userId])).toHaveLength(1);
		});
	});

	describe('the sign-up trigger', () => {
		const signUp = async (email: string | null, metadata: Record<string, unknown>) => {
			const id = crypto.randomUUID();
			await asSuperuser(db, `insert into auth.users (id, email, raw_user_meta_data) values ($1, $2, $3::jsonb)`, [
				id,
				email,
				JSON.stringify(metadata)
			]);
			return (await asSuperuser(db, `select display_name, locale from app.profiles where id = $1`, [id]))[0];
		};

		it('gives a new account a profile with the name and language from sign-up', async () => {
			expect(await signUp('sanne@test.invalid', { display_name: '  Sanne  ', locale: 'en' })).toEqual({
				display_name: 'Sanne',
				locale: 'en'
			});
		});

		it('names an account without a name after its email address, in Dutch by default', async () => {
			expect(await signUp('jan.de.vries@test.invalid', { locale: 'de' })).toEqual({
				display_name: 'jan.de.vries',
				locale: 'nl'
			});
		});

		it('calls an anonymous participant without a name "Deelnemer"', async () => {
			expect(await signUp(null, {})).toEqual({ display_name: 'Deelnemer', locale: 'nl' });
		});

		it('cuts a sign-up name to 60 characters', async () => {
			const row = await signUp(null, { display_name: 'x'.repeat(200) });
			expect(row.display_name).toBe('x'.repeat(60));
		});
	});

	describe('my_profile and update_profile', () => {
		it('my_profile returns the caller’s own profile', async () => {
			const person = await createPerson(db, { name: 'Fatima' });
			expect(await as(db, person).call('my_profile', {})).toEqual({
				id: person.userId,
				display_name: 'Fatima',
				locale: 'nl'
			});
		});

		it('an anonymous participant has a profile too', async () => {
			expect(await as(db, cast.anonymous).call('my_profile', {})).toEqual({
				id: cast.anonymous.userId,
				display_name: 'Deelnemer',
				locale: 'nl'
			});
		});

		it('a visitor who is not signed in cannot call my_profile', async () => {
			await expectDbError(asVisitor(db).call('my_profile', {}), 403, 'forbidden');
		});

		it('update_profile trims the name, sets the language and returns the profile', async () => {
			const person = await createPerson(db);
			const profile = await as(db, person).call('update_profile', { displayName: '  Kees  ', locale: 'en' });
			expect(profile).toEqual({ id: person.userId, display_name: 'Kees', locale: 'en' });
			expect(await as(db, person).call('my_profile', {})).toEqual(profile);
		});

		it('teammates see a changed name at once', async () => {
			const { team, facilitator, members } = await createTeam(db, 1, 'Wijkteam Centrum');
			await as(db, members[0]).call('update_profile', { displayName: 'Nieuwe naam', locale: 'nl' });
			const overview = await as(db, facilitator).call('team_overview', { teamId: team.id });
			expect(overview.members.find((m) => m.user_id === members[0].userId)?.display_name).toBe('Nieuwe naam');
		});

		it('update_profile changes only the caller’s own profile', async () => {
			const before = await displayName(cast.memberA.userId);
			const person = await createPerson(db);
			await as(db, person).call('update_profile', { displayName: 'Alleen ik', locale: 'nl' });
			expect(await displayName(cast.memberA.userId)).toBe(before);
			expect(await displayName(person.userId)).toBe('Alleen ik');
		});

		it('an anonymous participant may rename themselves', async () => {
			const participant = await createPerson(db, { anonymous: true });
			const profile = await as(db, participant).call('update_profile', { displayName: 'Tafel 3', locale: 'nl' });
			expect(profile.display_name).toBe('Tafel 3');
		});

		it('a visitor who is not signed in cannot call update_profile', async () => {
			await expectDbError(
				asVisitor(db).call('update_profile', { displayName: 'Iemand', locale: 'nl' }),
				403,
				'forbidden'
			);
		});

		it.each([
			['empty', ''],
			['only spaces', '   '],
			['61 characters', 'x'.repeat(61)],
			['null', null]
		])('update_profile refuses a display name that is %s (400 display_name_length)', async (_label, name) => {
			const person = await createPerson(db, { name: 'Blijft' });
			await expectDbError(
				rawCall(db, person, 'update_profile', { p_display_name: name, p_locale: 'nl' }),
				400,
				'display_name_length'
			);
			expect(await displayName(person.userId)).toBe('Blijft');
		});

		it('update_profile accepts a display name of exactly 60 characters', async () => {
			const person = await createPerson(db);
			const profile = await as(db, person).call('update_profile', { displayName: 'y'.repeat(60), locale: 'nl' });
			expect(profile.display_name).toBe('y'.repeat(60));
		});

		it('update_profile refuses an unknown language (400 invalid_locale)', async () => {
			const person = await createPerson(db);
			await expectDbError(
				rawCall(db, person, 'update_profile', { p_display_name: 'Piet', p_locale: 'de' }),
				400,
				'invalid_locale'
			);
		});

		it('the app refuses an invalid profile before it reaches the database (400 invalid_locale)', async () => {
			const person = await createPerson(db);
			await expectDbError(
				// @ts-expect-error: a language the schema does not know
				as(db, person).call('update_profile', { displayName: 'Piet', locale: 'de' }),
				400,
				'invalid_locale'
			);
		});
	});
});
