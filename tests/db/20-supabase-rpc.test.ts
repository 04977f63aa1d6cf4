import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DbError } from '$lib/server/db/errors';
import { DbClient, anonymousVisitor, type Actor } from '$lib/server/db/port';
import { SupabaseBackend } from '$lib/server/db/supabase';
import { pgliteDatabase, type TestDatabase } from './harness';
import { as, createPerson } from './factories';
import { postgrestStatus, signJwt, startPostgrestStandIn, verifyJwt, type PostgrestStandIn } from './postgrest-standin';

/**
 * The Supabase backend, driven through the real supabase-js client against a stand-in for
 * PostgREST's RPC endpoint that runs the functions on a migrated PGlite. What this proves: the
 * argument names and headers supabase-js sends, the JWT reaching the database as role + claims,
 * and the errors coming back as the same DbError status/key the SQL backends give.
 * What it cannot prove: anything about a real PostgREST or Supabase Auth (see 21-supabase-contract).
 */

type User = Actor & { kind: 'user' };

let db: TestDatabase;
let standIn: PostgrestStandIn;
let backend: SupabaseBackend;
let alice: User;
let bob: User;
let outsider: User;
let participant: User;

const withToken = (user: User, token = standIn.tokenFor(user)): User => ({ ...user, accessToken: token });
const viaSupabase = (user: User) => new DbClient(backend, withToken(user));

/** The DbError a call rejects with, as {status, key}; fails the test when it resolves. */
async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(DbError);
		const { status, key } = error as DbError;
		return { status, key, sqlstate: (error as DbError).sqlstate };
	}
	throw new Error('expected the call to fail, but it succeeded');
}

const lastRequest = () => standIn.requests.at(-1)!;

beforeAll(async () => {
	db = await pgliteDatabase();
	standIn = await startPostgrestStandIn(db);
	backend = new SupabaseBackend({ url: standIn.url, publishableKey: standIn.anonKey });
	alice = await createPerson(db, { name: 'Alice' });
	bob = await createPerson(db, { name: 'Bob' });
	outsider = await createPerson(db, { name: 'Buitenstaander' });
	participant = await createPerson(db, { name: 'Deelnemer', anonymous: true });
});

afterAll(async () => {
	await standIn?.close();
	await db?.close();
});

beforeEach(() => {
	standIn.requests.length = 0;
});

describe('the PostgREST stand-in itself', () => {
	it('verifies HS256 signatures and expiry with node:crypto', () => {
		const token = signJwt({ role: 'anon', exp: 2_000_000_000 }, 'geheim');
		expect(verifyJwt(token, 'geheim', 1_000)).toMatchObject({ role: 'anon' });
		expect(() => verifyJwt(token, 'ander geheim', 1_000)).toThrow(/key/);
		expect(() => verifyJwt(token, 'geheim', 2_000_000_001)).toThrow('JWT expired');
		const [header, , signature] = token.split('.');
		const forged = Buffer.from(JSON.stringify({ role: 'service_role', exp: 2_000_000_000 })).toString('base64url');
		expect(() => verifyJwt(`${header}.${forged}.${signature}`, 'geheim', 1_000)).toThrow(/key/);
		const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
		expect(() => verifyJwt(`${none}.${token.split('.')[1]}.`, 'geheim', 1_000)).toThrow(/algorithm/);
	});

	it("maps SQLSTATEs to HTTP statuses as PostgREST's errors reference documents", () => {
		expect(postgrestStatus('42501', 'anon')).toBe(401);
		expect(postgrestStatus('42501', 'authenticated')).toBe(403);
		expect(postgrestStatus('23505', 'authenticated')).toBe(409);
		expect(postgrestStatus('23503', 'authenticated')).toBe(409);
		expect(postgrestStatus('23514', 'authenticated')).toBe(400);
		expect(postgrestStatus('22023', 'authenticated')).toBe(400);
		expect(postgrestStatus('22P02', 'authenticated')).toBe(400);
		expect(postgrestStatus('P0001', 'authenticated')).toBe(400);
		// P0002 falls under "P0* → 500"; PostgREST has no 404 for it. The app does not care:
		// SupabaseBackend maps by SQLSTATE, not by HTTP status (asserted below).
		expect(postgrestStatus('P0002', 'authenticated')).toBe(500);
		expect(postgrestStatus('08006', 'authenticated')).toBe(503);
		expect(postgrestStatus('42883', 'authenticated')).toBe(404);
	});

	it('refuses requests without an apikey, or with a forged token, before running anything', async () => {
		const call = (headers: Record<string, string>) =>
			fetch(`${standIn.url}/rest/v1/rpc/my_teams`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: '{}'
			});
		const noKey = await call({ authorization: `Bearer ${standIn.tokenFor(alice)}` });
		expect(noKey.status).toBe(401);
		expect(await noKey.json()).toMatchObject({ message: 'No API key found in request' });

		const forged = signJwt({ role: 'authenticated', sub: alice.userId, exp: 2_000_000_000 }, 'not the secret');
		const badSignature = await call({ apikey: standIn.anonKey, authorization: `Bearer ${forged}` });
		expect(badSignature.status).toBe(401);
		const body = await badSignature.json();
		expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
		expect(body.code).toBe('PGRST301');
		expect(badSignature.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
		expect(standIn.requests.every((r) => r.actor === undefined)).toBe(true);
	});
});

describe('SupabaseBackend through supabase-js', () => {
	it('round-trips create_team, my_teams, create_invite, accept_invite and team_overview between two users', async () => {
		const team = await viaSupabase(alice).call('create_team', { name: '  Wijkteam Noord ' });
		expect(team).toEqual({ id: expect.any(String), name: 'Wijkteam Noord' });
		expect(lastRequest()).toMatchObject({
			method: 'POST',
			path: '/rest/v1/rpc/create_team',
			body: { p_name: 'Wijkteam Noord' },
			status: 200,
			actor: { kind: 'user', userId: alice.userId, isAnonymous: false, email: alice.email }
		});

		expect(await viaSupabase(alice).call('my_teams', {})).toEqual([
			{ id: team.id, name: 'Wijkteam Noord', role: 'facilitator', member_count: 1 }
		]);
		expect(lastRequest().body).toEqual({});

		const invite = await viaSupabase(alice).call('create_invite', { teamId: team.id, role: 'member' });
		expect(lastRequest().body).toEqual({ p_team_id: team.id, p_role: 'member' });
		expect(invite.token).toMatch(/^[a-f0-9]{64}$/);

		expect(await viaSupabase(bob).call('accept_invite', { token: invite.token })).toEqual({ team_id: team.id });
		expect(lastRequest().body).toEqual({ p_token: invite.token });
		expect(lastRequest().actor).toMatchObject({ kind: 'user', userId: bob.userId });

		expect(await viaSupabase(bob).call('my_teams', {})).toEqual([
			{ id: team.id, name: 'Wijkteam Noord', role: 'member', member_count: 2 }
		]);

		const overview = await viaSupabase(alice).call('team_overview', { teamId: team.id });
		expect(lastRequest().body).toEqual({ p_team_id: team.id });
		expect(overview.my_role).toBe('facilitator');
		expect(overview.members.map((m) => [m.display_name, m.role])).toEqual([
			['Alice', 'facilitator'],
			['Bob', 'member']
		]);
		expect(overview.invites).toEqual([expect.objectContaining({ id: invite.id, accepted_count: 1 })]);
		// The same call on the SQL backend directly gives the same answer.
		expect(overview).toEqual(await as(db, alice).call('team_overview', { teamId: team.id }));

		const bobsView = await viaSupabase(bob).call('team_overview', { teamId: team.id });
		expect(bobsView.my_role).toBe('member');
		expect(bobsView.invites).toEqual([]);
	});

	it("sends the apikey and the user's bearer token on every call", async () => {
		const token = standIn.tokenFor(alice);
		await new DbClient(backend, withToken(alice, token)).call('my_teams', {});
		await new DbClient(backend, withToken(alice, token)).call('my_profile', {});
		expect(standIn.requests).toHaveLength(2);
		for (const request of standIn.requests) {
			expect(request.headers.apikey).toBe(standIn.anonKey);
			expect(request.headers.authorization).toBe(`Bearer ${token}`);
			expect(request.headers['content-type']).toMatch(/^application\/json/);
			expect(request.headers['content-profile']).toBe('public');
		}
	});

	it('a visitor without a session calls as anon, with the anon key as bearer token', async () => {
		const team = await as(db, alice).call('create_team', { name: 'Wijkteam Zuid' });
		const invite = await as(db, alice).call('create_invite', { teamId: team.id, role: 'member' });
		const visitor = new DbClient(backend, anonymousVisitor);
		expect(await visitor.call('invite_preview', { token: invite.token })).toEqual({
			team_id: team.id,
			team_name: 'Wijkteam Zuid',
			role: 'member',
			valid: true
		});
		expect(lastRequest().headers.authorization).toBe(`Bearer ${standIn.anonKey}`);
		expect(lastRequest().actor).toEqual({ kind: 'anon' });
	});

	it('the server itself (service actor) calls with the service role key, and only when it has one', async () => {
		const service = { kind: 'service' } as Actor;
		expect(await failure(backend.rpc('my_teams', {}, service))).toMatchObject({ status: 401, key: 'not_signed_in' });
		expect(standIn.requests).toHaveLength(0);

		const withKey = new SupabaseBackend({
			url: standIn.url,
			publishableKey: standIn.anonKey,
			serviceRoleKey: standIn.serviceRoleKey
		});
		await withKey.rpc('my_teams', {}, service).catch(() => undefined);
		expect(lastRequest().headers.apikey).toBe(standIn.anonKey);
		expect(lastRequest().headers.authorization).toBe(`Bearer ${standIn.serviceRoleKey}`);
		expect(lastRequest().actor).toEqual({ kind: 'service' });
	});

	it("one supabase-js client per request: a request's calls share it, the next request gets its own", async () => {
		const request = withToken(alice);
		await backend.rpc('my_teams', {}, request);
		const client = backend.clientFor(request);
		await backend.rpc('my_teams', {}, request);
		expect(backend.clientFor(request)).toBe(client);
		expect(backend.clientFor(withToken(alice))).not.toBe(client);
		expect(standIn.requests.map((r) => r.headers.authorization)).toEqual([
			`Bearer ${request.accessToken}`,
			`Bearer ${request.accessToken}`
		]);
	});

	it('a void function answers 204 and comes back as null', async () => {
		const team = await as(db, alice).call('create_team', { name: 'Wijkteam Oost' });
		const invite = await as(db, alice).call('create_invite', { teamId: team.id, role: 'member' });
		expect(await viaSupabase(alice).call('revoke_invite', { inviteId: invite.id })).toBeNull();
		expect(lastRequest().status).toBe(204);
		expect((await as(db, alice).call('invite_preview', { token: invite.token })).valid).toBe(false);
	});
});

describe('errors through supabase-js match the SQL backends', () => {
	let teamId: string;
	let inviteToken: string;

	beforeAll(async () => {
		const team = await as(db, alice).call('create_team', { name: 'Wijkteam West' });
		teamId = team.id;
		const invite = await as(db, alice).call('create_invite', { teamId, role: 'member' });
		await as(db, bob).call('accept_invite', { token: invite.token });
		const expired = await as(db, alice).call('create_invite', { teamId, role: 'member' });
		inviteToken = expired.token;
		await db.executor.transaction((query) =>
			query(`update app.team_invites set expires_at = now() - interval '1 day' where token = $1`, [inviteToken])
		);
	});

	const cases: {
		name: string;
		who: () => Actor;
		run: (client: DbClient) => Promise<unknown>;
		expected: { status: number; key: string };
		httpStatus: number;
	}[] = [
		{
			name: 'an outsider reading a team → 404 team_not_found (P0002)',
			who: () => outsider,
			run: (c) => c.call('team_overview', { teamId }),
			expected: { status: 404, key: 'team_not_found' },
			httpStatus: 500
		},
		{
			name: 'a member creating an invite → 403 facilitator_only (42501)',
			who: () => bob,
			run: (c) => c.call('create_invite', { teamId, role: 'member' }),
			expected: { status: 403, key: 'facilitator_only' },
			httpStatus: 403
		},
		{
			name: 'an anonymous participant creating a team → 403 account_required',
			who: () => participant,
			run: (c) => c.call('create_team', { name: 'Stiekem team' }),
			expected: { status: 403, key: 'account_required' },
			httpStatus: 403
		},
		{
			name: 'a visitor calling a members-only function → 403 forbidden (PostgREST: 401 for anon)',
			who: () => anonymousVisitor,
			run: (c) => c.call('my_teams', {}),
			expected: { status: 403, key: 'forbidden' },
			httpStatus: 401
		},
		{
			name: 'accepting an unknown invite → 404 invite_not_found',
			who: () => outsider,
			run: (c) => c.call('accept_invite', { token: 'f'.repeat(64) }),
			expected: { status: 404, key: 'invite_not_found' },
			httpStatus: 500
		},
		{
			name: 'accepting an expired invite → 409 invite_expired (P0001; PostgREST: 400)',
			who: () => outsider,
			run: (c) => c.call('accept_invite', { token: inviteToken }),
			expected: { status: 409, key: 'invite_expired' },
			httpStatus: 400
		}
	];

	it.each(cases)('$name', async ({ who, run, expected, httpStatus }) => {
		const actor = who();
		const supabaseActor = actor.kind === 'user' ? withToken(actor) : actor;
		const viaRpc = await failure(run(new DbClient(backend, supabaseActor)));
		expect(viaRpc).toMatchObject(expected);
		expect(standIn.requests).toHaveLength(1);
		expect(lastRequest().status).toBe(httpStatus);
		expect(lastRequest().error?.code).toBe(viaRpc.sqlstate);
		const viaSql = await failure(run(new DbClient(db.backend, actor)));
		expect({ status: viaSql.status, key: viaSql.key }).toEqual({ status: viaRpc.status, key: viaRpc.key });
	});

	it('a check inside the function (22023) → 400 with its message key', async () => {
		// Past zod (which would refuse this name first): straight to the backend.
		const error = await failure(backend.rpc('create_team', { p_name: ' ' }, withToken(alice)));
		expect(error).toEqual({ status: 400, key: 'team_name_length', sqlstate: '22023' });
		expect(lastRequest().status).toBe(400);
	});

	it("invalid input is refused by zod with the schema's key before any request is sent", async () => {
		const client = viaSupabase(alice);
		expect(await failure(client.call('create_team', { name: 'x' }))).toMatchObject({
			status: 400,
			key: 'team_name_length'
		});
		expect(await failure(client.call('team_overview', { teamId: 'not-a-uuid' }))).toMatchObject({
			status: 400,
			key: 'invalid_id'
		});
		expect(await failure(client.call('accept_invite', { token: 'short' }))).toMatchObject({
			status: 404,
			key: 'invite_not_found'
		});
		expect(standIn.requests).toHaveLength(0);
	});

	it('a user actor without an access token → 401 not_signed_in, without a request', async () => {
		const error = await failure(new DbClient(backend, { ...alice, accessToken: undefined }).call('my_teams', {}));
		expect(error).toMatchObject({ status: 401, key: 'not_signed_in' });
		expect(standIn.requests).toHaveLength(0);
	});

	it('an expired or forged access token → 401 not_signed_in (PostgREST answers 401 PGRST30x)', async () => {
		const expired = standIn.tokenFor(alice, { expiresInSeconds: -60 });
		expect(await failure(new DbClient(backend, withToken(alice, expired)).call('my_teams', {}))).toMatchObject({
			status: 401,
			key: 'not_signed_in'
		});
		expect(lastRequest()).toMatchObject({ status: 401, error: { code: 'PGRST303' } });

		const forged = signJwt({ role: 'authenticated', sub: alice.userId, exp: 2_000_000_000 }, 'not the secret');
		expect(await failure(new DbClient(backend, withToken(alice, forged)).call('my_teams', {}))).toMatchObject({
			status: 401,
			key: 'not_signed_in'
		});
		expect(lastRequest()).toMatchObject({ status: 401, error: { code: 'PGRST301' } });
	});

	it('an unknown function or parameter → PGRST202 from the stand-in, a 500 internal in the app', async () => {
		const unknownFn = await failure(backend.rpc('no_such_function', {}, withToken(alice)));
		expect(unknownFn).toEqual({ status: 500, key: 'internal', sqlstate: 'PGRST202' });
		expect(lastRequest().status).toBe(404);

		// camelCase names (as if toSqlArgs were skipped) do not match the SQL signature.
		const wrongName = await failure(backend.rpc('team_overview', { teamId }, withToken(alice)));
		expect(wrongName).toMatchObject({ status: 500, sqlstate: 'PGRST202' });
		expect(lastRequest().error?.message).toContain('public.team_overview(teamId)');
	});

	it('an unreachable Supabase → 503 database_unavailable', async () => {
		const gone = await startPostgrestStandIn(db);
		const url = gone.url;
		await gone.close();
		const offline = new SupabaseBackend({ url, publishableKey: standIn.anonKey });
		const error = await failure(new DbClient(offline, withToken(alice)).call('my_teams', {}));
		expect(error).toMatchObject({ status: 503, key: 'database_unavailable' });
	});
});
