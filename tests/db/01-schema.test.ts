import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, asSuperuser, expectSqlError, permissionDenied, sqlAs, type TestDatabase } from './harness';
import { createPerson } from './factories';

// Catalog checks that hold for every table and function, present and future: a migration that
// forgets RLS, a policy, SECURITY INVOKER or a fixed search_path fails here.

const apiRoles = ['anon', 'authenticated'];
const tablePrivileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
const userSchemas = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

describe.each(engines)('schema on %s', (_engine, open) => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const names = (rows: Record<string, unknown>[]) => rows.map((row) => String(row.name)).sort();

	it('sees the tables of the teams migration (so the checks below are not vacuous)', async () => {
		const rows = await asSuperuser(
			db,
			`select c.relname as name from pg_class c
			 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')`
		);
		expect(names(rows)).toEqual(expect.arrayContaining(['profiles', 'team_invites', 'team_members', 'teams']));
	});

	it('every table in schema public has row level security enabled', async () => {
		const rows = await asSuperuser(
			db,
			`select c.relname as name from pg_class c
			 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
			   and not c.relrowsecurity`
		);
		expect(names(rows)).toEqual([]);
	});

	it('every table in schema public has at least one policy', async () => {
		const rows = await asSuperuser(
			db,
			`select c.relname as name from pg_class c
			 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
			   and not exists (select 1 from pg_policy p where p.polrelid = c.oid)`
		);
		expect(names(rows)).toEqual([]);
	});

	it('every table in schema public with a restrictive policy also has a permissive one', async () => {
		// Restrictive policies only narrow what permissive ones allow; alone they deny everything,
		// which is never what the author meant.
		const rows = await asSuperuser(
			db,
			`select c.relname as name from pg_class c
			 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
			   and exists (select 1 from pg_policy p where p.polrelid = c.oid and not p.polpermissive)
			   and not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polpermissive)`
		);
		expect(names(rows)).toEqual([]);
	});

	it('every view in schema public runs with the rights of the caller, so RLS applies', async () => {
		const rows = await asSuperuser(
			db,
			`select c.relname as name from pg_class c
			 where c.relnamespace = 'public'::regnamespace and c.relkind in ('v', 'm')
			   and not coalesce('security_invoker=true' = any (c.reloptions)
			                 or 'security_invoker=on' = any (c.reloptions), false)`
		);
		expect(names(rows)).toEqual([]);
	});

	it('sees the functions of the data API (so the checks below are not vacuous)', async () => {
		const rows = await asSuperuser(db, `select p.proname as name from pg_proc p where p.pronamespace = 'public'::regnamespace`);
		expect(names(rows)).toEqual(expect.arrayContaining(['accept_invite', 'create_team', 'my_profile', 'team_overview']));
	});

	it('every function in schema public is SECURITY INVOKER', async () => {
		const rows = await asSuperuser(
			db,
			`select p.oid::regprocedure::text as name from pg_proc p
			 where p.pronamespace = 'public'::regnamespace and p.prosecdef`
		);
		expect(names(rows)).toEqual([]);
	});

	it('every function in schema public has a fixed search_path', async () => {
		const rows = await asSuperuser(
			db,
			`select p.oid::regprocedure::text as name from pg_proc p
			 where p.pronamespace = 'public'::regnamespace
			   and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) s where s like 'search_path=%')`
		);
		expect(names(rows)).toEqual([]);
	});

	it('no function in schema public can be executed by PUBLIC (each is granted to the roles it is for)', async () => {
		const rows = await asSuperuser(
			db,
			`select p.oid::regprocedure::text as name from pg_proc p
			 where p.pronamespace = 'public'::regnamespace and has_function_privilege('public', p.oid, 'execute')`
		);
		expect(names(rows)).toEqual([]);
	});

	it('every SECURITY DEFINER function lives in schema private', async () => {
		const rows = await asSuperuser(
			db,
			`select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			 where p.prosecdef and ${userSchemas} and n.nspname <> 'private'`
		);
		expect(names(rows)).toEqual([]);
	});

	it("every SECURITY DEFINER function runs with search_path ''", async () => {
		const all = await asSuperuser(
			db,
			`select p.oid::regprocedure::text as name, coalesce(p.proconfig, '{}') as config
			 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			 where p.prosecdef and ${userSchemas}`
		);
		expect(all.length).toBeGreaterThan(0);
		const unfixed = all.filter((row) => !(row.config as string[]).includes('search_path=""'));
		expect(names(unfixed)).toEqual([]);
	});

	it('no SECURITY DEFINER function (other than a trigger) can be executed by PUBLIC', async () => {
		const rows = await asSuperuser(
			db,
			`select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			 where p.prosecdef and ${userSchemas} and p.prorettype <> 'trigger'::regtype
			   and has_function_privilege('public', p.oid, 'execute')`
		);
		expect(names(rows)).toEqual([]);
	});

	it('anon and authenticated hold no privilege on any table in schema auth', async () => {
		const tables = await asSuperuser(
			db,
			`select c.oid::regclass::text as name from pg_class c
			 where c.relnamespace = 'auth'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')`
		);
		expect(names(tables)).toEqual(expect.arrayContaining(['auth.local_sessions', 'auth.users']));
		const rows = await asSuperuser(
			db,
			`select r.role || ' ' || t.privilege || ' ' || c.oid::regclass::text as name
			 from pg_class c
			 cross join unnest($1::text[]) r(role)
			 cross join unnest($2::text[]) t(privilege)
			 where c.relnamespace = 'auth'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
			   and (has_table_privilege(r.role, c.oid, t.privilege)
			        or (t.privilege in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
			            and has_any_column_privilege(r.role, c.oid, t.privilege)))`,
			[apiRoles, tablePrivileges]
		);
		expect(names(rows)).toEqual([]);
	});

	it('a signed-in person cannot read auth.users, not even their own row', async () => {
		const person = await createPerson(db);
		const outcome = await sqlAs(db, person, `select id from auth.users where id = $1`, [person.userId]);
		expectSqlError(outcome, '42501', permissionDenied('users'));
	});

	it('a visitor cannot read the local sessions', async () => {
		const outcome = await sqlAs(db, { kind: 'anon' }, `select token_hash from auth.local_sessions`);
		expectSqlError(outcome, '42501', permissionDenied('local_sessions'));
	});
});
