import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedSql } from '$lib/server/db/migrate';
import { claimsFor, type Actor } from '$lib/server/db/port';
import { builtinSetName, installBuiltinDilemmaSet, toImportRows } from '$lib/server/dilemma-sets';
import { loadBuiltinDilemmaSet } from '$lib/content/builtin';
import { asSuperuser, engines, postgresDatabase, type TestDatabase } from './harness';
import { as } from './factories';
import { replayLikeSupabaseCli, splitSqlStatements } from './supabase-cli';

// Supabase as it really runs (issue #12): the seed as the Supabase CLI sends it, the built-in
// dilemma set present without the app, auth.users rows Supabase Auth can read, and
// auth.uid()/auth.jwt()/auth.role() with and without claims.

/** The string columns of auth.users that Supabase Auth scans into plain strings. */
const authStringColumns = [
	'confirmation_token',
	'recovery_token',
	'email_change_token_new',
	'email_change',
	'email_change_token_current',
	'phone_change',
	'phone_change_token',
	'reauthentication_token'
] as const;

/** Every auth.users row with a NULL in one of those columns, as "<email or id>: <columns>". */
async function unreadableUsers(db: TestDatabase): Promise<string[]> {
	const rows = await asSuperuser(
		db,
		`select coalesce(u.email, u.id::text) || ': ' || string_agg(c.name, ', ') as problem
		 from auth.users u cross join unnest($1::text[]) c(name)
		 where to_jsonb(u) -> c.name = 'null'::jsonb
		 group by u.id, u.email order by 1`,
		[authStringColumns]
	);
	return rows.map((row) => String(row.problem));
}

const sanneId = 'd0000000-0000-4000-8000-000000000002';
const demoTeamId = '7ea70000-0000-4000-8000-000000000001';
const sanne: Actor = { kind: 'user', userId: sanneId, isAnonymous: false, email: 'sanne@voorbeeld.nl' };

describe('seed.sql as the Supabase CLI runs it (PostgreSQL: migrations and shim applied)', () => {
	let db: TestDatabase;
	let replay: Awaited<ReturnType<typeof replayLikeSupabaseCli>>;
	const count = async (sql: string) =>
		Number((await asSuperuser(db, `select count(*)::int as n from (${sql}) q`))[0].n);

	beforeAll(async () => {
		db = await postgresDatabase();
		replay = await replayLikeSupabaseCli(db.url!, seedSql);
	});
	afterAll(async () => {
		await db?.close();
	});

	it('the replay catches a statement that needs an earlier one to have run (so the next test is not vacuous)', async () => {
		const probe = await replayLikeSupabaseCli(
			db.url!,
			`create temporary table seed_probe (n int) on commit drop;\ninsert into seed_probe values (1);\nselect 1;`
		);
		expect(probe).toEqual({
			statements: 3,
			prepareErrors: [{ statement: 2, code: '42P01', message: 'relation "seed_probe" does not exist' }]
		});
	});

	it('every statement of the seed prepares before any has run, and then all run', () => {
		expect(replay.statements).toBe(splitSqlStatements(seedSql).length);
		expect(replay.statements).toBeGreaterThan(10);
		expect(replay.prepareErrors).toEqual([]);
	});

	it("the demo team's year of history is there without the app having started (the migrations install the built-in set)", async () => {
		expect(
			await count(`select 1 from app.sessions s join app.dilemma_sets d on d.id = s.set_id and d.team_id is null
			             where s.team_id = '${demoTeamId}'`)
		).toBe(4);
		expect(
			await count(`select 1 from app.session_rounds r join app.sessions s on s.id = r.session_id
		                    where s.team_id = '${demoTeamId}'`)
		).toBe(20);
		expect(
			await count(`select 1 from app.positions p join app.session_rounds r on r.id = p.round_id
		                    join app.sessions s on s.id = r.session_id where s.team_id = '${demoTeamId}'`)
		).toBe(200);
		expect(await count(`select 1 from app.reflections where author_id = '${sanneId}'`)).toBe(3);
	});

	it('the demo network is there: fourteen generated teams with eight sessions each, its cells, and one team waiting to be let in', async () => {
		expect(await count(`select 1 from app.network_teams`)).toBe(16);
		expect(await count(`select 1 from app.network_teams where status = 'pending'`)).toBe(1);
		expect(await count(`select 1 from app.sessions where title like 'Kwartaalsessie %'`)).toBe(14 * 8);
		expect(await count(`select 1 from app.network_cells`)).toBeGreaterThan(0);
		expect(await count(`select 1 from app.network_readings`)).toBe(4);
	});

	it('running the seed again the same way changes nothing', async () => {
		const totals = `select (select count(*) from auth.users) + (select count(*) from app.sessions)
		                     + (select count(*) from app.positions) + (select count(*) from app.network_cells)`;
		const before = await count(totals);
		expect((await replayLikeSupabaseCli(db.url!, seedSql)).prepareErrors).toEqual([]);
		expect(await count(totals)).toBe(before);
	});
});

describe.each(engines)('auth.users rows Supabase Auth can read, on %s', (_engine, open) => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it("the shim's auth.users has Supabase Auth's string columns with Supabase's types and defaults", async () => {
		const rows = await asSuperuser(
			db,
			`select column_name as name, data_type as type, character_maximum_length as length, column_default as "default"
			 from information_schema.columns
			 where table_schema = 'auth' and table_name = 'users' and column_name = any ($1::text[])
			 order by array_position($1::text[], column_name::text)`,
			[authStringColumns]
		);
		const varchar = (name: string, fallback: string | null) => ({
			name,
			type: 'character varying',
			length: 255,
			default: fallback
		});
		expect(rows).toEqual([
			// Supabase Auth's own migrations give these four no default: a row written without them is NULL.
			varchar('confirmation_token', null),
			varchar('recovery_token', null),
			varchar('email_change_token_new', null),
			varchar('email_change', null),
			varchar('email_change_token_current', "''::character varying"),
			{ name: 'phone_change', type: 'text', length: null, default: "''::text" },
			varchar('phone_change_token', "''::character varying"),
			varchar('reauthentication_token', "''::character varying")
		]);
	});

	it('after the seed and an account deletion (its placeholder user) no auth.users row has a NULL there', async () => {
		await seedDemo(db.executor);
		expect(await unreadableUsers(db)).toEqual([]);

		await as(db, sanne).call('delete_my_account', {});
		const placeholders = await asSuperuser(
			db,
			`select count(*)::int as n from auth.users where raw_app_meta_data ->> 'provider' = 'deleted'`
		);
		expect(placeholders).toEqual([{ n: 1 }]);
		expect(await unreadableUsers(db)).toEqual([]);
	});

	it('the check sees a row written without those columns (so the test above is not vacuous)', async () => {
		await asSuperuser(db, `insert into auth.users (email) values ('zonder-tokens@test.invalid')`);
		expect(await unreadableUsers(db)).toEqual([
			'zonder-tokens@test.invalid: confirmation_token, recovery_token, email_change_token_new, email_change'
		]);
		await asSuperuser(db, `delete from auth.users where email = 'zonder-tokens@test.invalid'`);
	});
});

describe.each(engines)("auth.uid(), auth.jwt() and auth.role() as Supabase's, on %s", (_engine, open) => {
	let db: TestDatabase;
	const userId = 'd0000000-0000-4000-8000-0000000000aa';
	const read = `select auth.uid()::text as uid, auth.jwt() as jwt, auth.role() as role`;

	/** The three functions in a transaction with these settings (set locally, as PostgREST does). */
	async function withSettings(settings: Record<string, string>) {
		return db.transaction(async (query) => {
			for (const [name, value] of Object.entries(settings)) {
				await query(`select set_config($1, $2, true)`, [name, value]);
			}
			return (await query(read)).rows[0];
		});
	}

	beforeAll(async () => {
		db = await open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('with no claims all three are NULL', async () => {
		expect(await withSettings({})).toEqual({ uid: null, jwt: null, role: null });
	});

	it("after a transaction that set claims locally they are NULL again (the setting reads '')", async () => {
		await withSettings({ 'request.jwt.claims': JSON.stringify(claimsFor({ kind: 'service' })) });
		expect(await withSettings({})).toEqual({ uid: null, jwt: null, role: null });
	});

	it("a signed-in user's claims give their id, the claims and the role authenticated", async () => {
		const claims = claimsFor({ kind: 'user', userId, isAnonymous: false, email: 'a@test.invalid' });
		expect(await withSettings({ 'request.jwt.claims': JSON.stringify(claims) })).toEqual({
			uid: userId,
			jwt: claims,
			role: 'authenticated'
		});
	});

	it("a visitor's claims give no id and the role anon", async () => {
		expect(await withSettings({ 'request.jwt.claims': JSON.stringify({ role: 'anon' }) })).toEqual({
			uid: null,
			jwt: { role: 'anon' },
			role: 'anon'
		});
	});

	it('the older single-claim settings (request.jwt.claim.sub, .role) win over request.jwt.claims', async () => {
		const result = await withSettings({
			'request.jwt.claims': JSON.stringify({ role: 'anon' }),
			'request.jwt.claim.sub': userId,
			'request.jwt.claim.role': 'authenticated'
		});
		expect(result).toMatchObject({ uid: userId, role: 'authenticated' });
	});

	it('without claims a built-in set cannot be imported: the role check is null-safe', async () => {
		const outcome = await db
			.transaction((query) =>
				query(`select public.import_dilemma_set(null, 'Zonder rol', repeat('a', 64), '[{"language": "nl"}]'::jsonb)`)
			)
			.then(
				() => 'imported',
				(error: { code?: string; message?: string }) => `${error.code} ${error.message}`
			);
		expect(outcome).toBe('42501 forbidden');
	});
});

describe.each(engines)('the built-in dilemma set from the migrations, on %s', (_engine, open) => {
	let db: TestDatabase;
	const source = loadBuiltinDilemmaSet();

	beforeAll(async () => {
		db = await open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('the newest built-in set the migrations install is the one in src/lib/content (else: npm run db:builtin-set)', async () => {
		const [set] = await asSuperuser(
			db,
			`select id, name, fingerprint, languages from app.dilemma_sets where team_id is null order by version desc limit 1`
		);
		expect(set, 'no built-in set after the migrations: run `npm run db:builtin-set`').toBeDefined();
		expect(
			{ name: set.name, fingerprint: set.fingerprint, languages: set.languages },
			'the texts in src/lib/content changed: run `npm run db:builtin-set` to add a migration'
		).toEqual({ name: builtinSetName, fingerprint: source.fingerprint, languages: source.languages });
		const rows = await asSuperuser(
			db,
			`select slug, lang as language, number, theme, title, pole_left, pole_right, summary, body_md as body,
			        team_questions, reflection_questions
			 from app.dilemmas where set_id = $1 order by number, lang desc`,
			[set.id]
		);
		expect(rows).toEqual(toImportRows(source));
	});

	it("the app's own install at start-up finds it there: created false, the same set", async () => {
		const [{ id, version }] = await asSuperuser(
			db,
			`select id, version from app.dilemma_sets where team_id is null order by version desc limit 1`
		);
		const installed = await installBuiltinDilemmaSet(db.backend);
		expect(installed).toEqual({ id, version, created: false });
	});
});
