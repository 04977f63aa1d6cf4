import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	engines,
	asSuperuser,
	expectSqlError,
	permissionDenied,
	rolledBack,
	sqlAs,
	type CountingQuery,
	type TestDatabase
} from './harness';
import { createPerson } from './factories';
import { lints, runLint, userSchemasSql, type Lint, type LintName } from './schema-lints';

// Catalog checks that hold for every table and function, present and future: a migration that
// forgets RLS, a policy, SECURITY INVOKER, a fixed search_path, an index for a foreign key or a
// policy, or wraps auth.uid() badly, fails here. The Advisor-style lints live in schema-lints.ts;
// the last tests show each of them failing on a schema of deliberately bad objects.

const apiRoles = ['anon', 'authenticated'];
const tablePrivileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
const userSchemas = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

async function userSchemaList(query: CountingQuery): Promise<string[]> {
	const { rows } = await query(userSchemasSql);
	return rows[0].schemas as string[];
}

// Each lint must be able to fail. In a transaction that is rolled back, a throwaway schema
// gets one deliberately bad object per lint (and a good twin where the difference is subtle);
// every lint, run on that schema alone, must flag exactly the bad ones.
const badSchema = `
	create schema lint_probe;
	-- Used by a policy below (not a filter an index serves); it lacks a search_path, too.
	create function lint_probe.check_kind(text) returns boolean language sql as 'select true';
	create table lint_probe.no_rls (id int primary key);

	create table lint_probe.no_policy (id int primary key);
	alter table lint_probe.no_policy enable row level security;

	create table lint_probe.only_restrictive (id int primary key);
	alter table lint_probe.only_restrictive enable row level security;
	create policy narrow on lint_probe.only_restrictive as restrictive for select using (true);

	create table lint_probe.owned (id int primary key, owner uuid);
	alter table lint_probe.owned enable row level security;
	create index owned_owner_idx on lint_probe.owned (owner);
	create policy bare on lint_probe.owned for select using (owner = auth.uid());
	create policy wrapped on lint_probe.owned for update using (owner = (select auth.uid())) with check (owner = (select auth.uid()));
	create policy bare_claim on lint_probe.owned for delete using ((select auth.uid()) is not null and auth.jwt() ->> 'role' = 'x');
	create function lint_probe.is_ok() returns boolean language sql stable set search_path = '' as 'select true';
	create policy bare_helper on lint_probe.owned for insert with check (lint_probe.is_ok());
	create policy wrapped_helper on lint_probe.owned for all using ((select lint_probe.is_ok()) and id > 0);
	-- 67 bytes, stored as its first 63; its twin has 62 and is kept whole.
	create policy "readers of owned rows, named far beyond what PostgreSQL keeps whole" on lint_probe.owned for select using (true);
	create policy "readers of owned rows: sixty-two bytes, kept whole by Postgres" on lint_probe.owned for select using (true);

	create table lint_probe.parent (id int primary key);
	create table lint_probe.child (id int primary key, parent_id int references lint_probe.parent (id));
	create table lint_probe.child_indexed (id int primary key, parent_id int references lint_probe.parent (id));
	create index child_indexed_parent_idx on lint_probe.child_indexed (parent_id);
	create table lint_probe.child_partly (id int primary key, parent_id int references lint_probe.parent (id));
	create index child_partly_parent_idx on lint_probe.child_partly (parent_id) where id > 10;

	create table lint_probe.filtered (id int primary key, team uuid, kind text);
	create policy by_team on lint_probe.filtered for select
	  using (team = (select auth.uid()) and id in (select 1) and lint_probe.check_kind(kind));

	do $$
	declare t text;
	begin
	  foreach t in array array['parent', 'child', 'child_indexed', 'child_partly', 'filtered'] loop
	    execute format('alter table lint_probe.%I enable row level security', t);
	    execute format('create policy everyone on lint_probe.%I for select using (true)', t);
	  end loop;
	end
	$$;

	create function lint_probe.definer() returns int language sql security definer set search_path = '' as 'select 1';
	create function lint_probe.definer_public_path() returns int language sql security definer set search_path = public as 'select 1';
	create function lint_probe.mutable() returns int language sql as 'select 1';

	create view lint_probe.bad_view as select 1 as one;
	create view lint_probe.good_view with (security_invoker = true) as select 1 as one;
`;

const flagged: Record<LintName, string[]> = {
	relationInExposedSchema: [
		'lint_probe.bad_view',
		'lint_probe.child',
		'lint_probe.child_indexed',
		'lint_probe.child_partly',
		'lint_probe.filtered',
		'lint_probe.good_view',
		'lint_probe.no_policy',
		'lint_probe.no_rls',
		'lint_probe.only_restrictive',
		'lint_probe.owned',
		'lint_probe.parent'
	],
	rlsDisabled: ['lint_probe.no_rls'],
	rlsWithoutPolicy: ['lint_probe.no_policy'],
	restrictiveOnly: ['lint_probe.only_restrictive'],
	definerInExposedSchema: ['lint_probe.definer()', 'lint_probe.definer_public_path()'],
	searchPathMutable: ['lint_probe.check_kind(text)', 'lint_probe.mutable()'],
	definerSearchPathNotEmpty: ['lint_probe.definer_public_path()'],
	authCallUnwrapped: ['lint_probe.owned / bare', 'lint_probe.owned / bare_claim', 'lint_probe.owned / bare_helper'],
	unindexedForeignKey: ['lint_probe.child (parent_id)', 'lint_probe.child_partly (parent_id)'],
	unindexedPolicyColumn: ['lint_probe.filtered.team (policy "by_team")'],
	viewWithoutSecurityInvoker: ['lint_probe.bad_view'],
	identifierTooLong: ['policy lint_probe.owned / readers of owned rows, named far beyond what PostgreSQL keeps w']
};

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
			 where c.relnamespace = 'app'::regnamespace and c.relkind in ('r', 'p')`
		);
		expect(names(rows)).toEqual(expect.arrayContaining(['profiles', 'team_invites', 'team_members', 'teams']));
	});

	it('sees the functions of the data API and the SECURITY DEFINER helpers (so the checks below are not vacuous)', async () => {
		const rows = await asSuperuser(
			db,
			`select p.proname as name from pg_proc p where p.pronamespace = 'public'::regnamespace`
		);
		expect(names(rows)).toEqual(
			expect.arrayContaining(['accept_invite', 'create_team', 'my_profile', 'team_overview'])
		);
		const definers = await asSuperuser(db, `select p.proname as name from pg_proc p where p.prosecdef`);
		expect(names(definers)).toEqual(expect.arrayContaining(['my_team_ids', 'join_session']));
	});

	it('sees policies with wrapped auth.uid() and foreign keys (so the lints below are not vacuous)', async () => {
		const [row] = await asSuperuser(
			db,
			`select (select count(*) from pg_policy p join pg_class c on c.oid = p.polrelid
			         where c.relnamespace = 'app'::regnamespace
			           and pg_get_expr(p.polqual, p.polrelid) like '%SELECT auth.uid()%') as wrapped,
			        (select count(*) from pg_constraint where contype = 'f' and connamespace = 'app'::regnamespace) as fks`
		);
		expect(Number(row.wrapped)).toBeGreaterThan(5);
		expect(Number(row.fks)).toBeGreaterThan(10);
	});

	it.each(Object.values(lints).map((lint: Lint) => [lint.title, lint] as const))('%s', async (_title, lint) => {
		await rolledBack(db, async (query) => {
			const schemas = lint.schemas === 'user schemas' ? await userSchemaList(query) : lint.schemas;
			expect(await runLint(query, lint, schemas)).toEqual(Object.keys(lint.exceptions ?? {}).sort());
		});
	});

	it('the functions allowed a mutable search_path are SECURITY INVOKER SQL functions outside the exposed schema', async () => {
		const rows = await asSuperuser(
			db,
			`select p.oid::regprocedure::text as name from pg_proc p join pg_language l on l.oid = p.prolang
			 where p.oid::regprocedure::text = any ($1::text[])
			   and not p.prosecdef and l.lanname = 'sql' and p.pronamespace <> 'public'::regnamespace
			   and not has_function_privilege('anon', p.oid, 'execute')`,
			[Object.keys(lints.searchPathMutable.exceptions)]
		);
		expect(names(rows)).toEqual(Object.keys(lints.searchPathMutable.exceptions).sort());
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

	it('the API roles hold no TRUNCATE, REFERENCES or TRIGGER on any table, and a new table in public or app grants them nothing', async () => {
		const held = await asSuperuser(
			db,
			`select r.role || ' ' || t.privilege || ' ' || c.oid::regclass::text as name
			 from pg_class c
			 cross join unnest(array['anon', 'authenticated', 'service_role']) r(role)
			 cross join unnest(array['TRUNCATE', 'REFERENCES', 'TRIGGER']) t(privilege)
			 where c.relnamespace in ('public'::regnamespace, 'app'::regnamespace) and c.relkind in ('r', 'p', 'v', 'm', 'f')
			   and has_table_privilege(r.role, c.oid, t.privilege)`
		);
		expect(names(held)).toEqual([]);
		const fresh = await rolledBack(db, async (query) => {
			await query(`create table public.later_public (id int primary key)`);
			await query(`create table app.later_app (id int primary key)`);
			const { rows } = await query(
				`select r.role || ' ' || t.privilege || ' ' || c.oid::regclass::text as name
				 from pg_class c
				 cross join unnest(array['anon', 'authenticated', 'service_role']) r(role)
				 cross join unnest($1::text[]) t(privilege)
				 where c.oid in ('public.later_public'::regclass, 'app.later_app'::regclass)
				   and has_table_privilege(r.role, c.oid, t.privilege)`,
				[tablePrivileges]
			);
			return rows;
		});
		expect(names(fresh)).toEqual([]);
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

	it('every lint has a bad example', () => {
		expect(Object.keys(flagged).sort()).toEqual(Object.keys(lints).sort());
	});

	it.each(Object.keys(lints) as LintName[])('%s flags exactly the bad objects of a throwaway schema', async (name) => {
		const found = await rolledBack(db, async (query) => {
			for (const statement of splitStatements(badSchema)) await query(statement);
			return runLint(query, lints[name], ['lint_probe']);
		});
		expect(found).toEqual(flagged[name]);
	});
});

/** Splits the probe script into statements (a do block is one statement). */
function splitStatements(script: string): string[] {
	const parts = script.split(/;\s*\n(?=\s*(?:create\b|alter\b|do\b|--))/);
	return parts.map((p) => p.trim().replace(/;$/, '')).filter((p) => p.length > 0);
}
