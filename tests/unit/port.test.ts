import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { api } from '$lib/server/db/api';
import { DbError, fromPostgresError } from '$lib/server/db/errors';
import { DbClient, anonymousVisitor, claimsFor, toSqlArgs, type Actor, type Backend } from '$lib/server/db/port';

describe('toSqlArgs', () => {
	it('turns camelCase names into p_snake_case parameters', () => {
		expect(toSqlArgs({ name: 'Wijkteam' })).toEqual({ p_name: 'Wijkteam' });
		expect(toSqlArgs({ teamId: 't', userId: 'u', role: 'member' })).toEqual({
			p_team_id: 't',
			p_user_id: 'u',
			p_role: 'member'
		});
		expect(toSqlArgs({ displayName: 'Anna', locale: 'nl' })).toEqual({ p_display_name: 'Anna', p_locale: 'nl' });
		expect(toSqlArgs({})).toEqual({});
	});

	it('drops undefined values but keeps null and falsy ones', () => {
		expect(toSqlArgs({ teamId: undefined, note: null, count: 0, flag: false, text: '' })).toEqual({
			p_note: null,
			p_count: 0,
			p_flag: false,
			p_text: ''
		});
	});

	it('passes values through untouched (objects and arrays included)', () => {
		const dilemmas = [{ slug: 'zelf-doen', poles: ['a', 'b'] }];
		expect(toSqlArgs({ dilemmas }).p_dilemmas).toBe(dilemmas);
	});

	it('every argument of every API function becomes a lowercase p_ identifier', () => {
		for (const [fn, spec] of Object.entries(api)) {
			const names = Object.keys(toSqlArgs(Object.fromEntries(Object.keys(spec.args.shape).map((k) => [k, 1]))));
			for (const name of names) expect(name, `${fn}.${name}`).toMatch(/^p_[a-z][a-z0-9_]*$/);
		}
	});

	it('property: one parameter per defined argument, named p_ + snake case, value kept', () => {
		fc.assert(
			fc.property(
				fc.dictionary(
					fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,15}$/),
					fc.oneof(fc.integer(), fc.string(), fc.constant(null))
				),
				(args) => {
					const out = toSqlArgs(args);
					expect(Object.keys(out)).toHaveLength(Object.keys(args).length);
					for (const [key, value] of Object.entries(args)) {
						const snake = 'p_' + key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
						expect(out[snake]).toBe(value);
						expect(snake).toBe(snake.toLowerCase());
					}
				}
			)
		);
	});
});

describe('claimsFor', () => {
	it('a visitor without a session is role anon, nothing else', () => {
		expect(claimsFor(anonymousVisitor)).toEqual({ role: 'anon' });
	});

	it('the server itself is service_role', () => {
		expect(claimsFor({ kind: 'service' } as Actor)).toEqual({ role: 'service_role' });
	});

	it('a member is authenticated with sub, aud, is_anonymous false and email', () => {
		const claims = claimsFor({ kind: 'user', userId: 'u-1', isAnonymous: false, email: 'anna@example.test' });
		expect(claims).toEqual({
			sub: 'u-1',
			role: 'authenticated',
			aud: 'authenticated',
			is_anonymous: false,
			email: 'anna@example.test'
		});
	});

	it('an anonymous participant is authenticated too, with is_anonymous true and no email claim', () => {
		const claims = claimsFor({ kind: 'user', userId: 'u-2', isAnonymous: true, email: null });
		expect(claims).toMatchObject({ sub: 'u-2', role: 'authenticated', is_anonymous: true });
		// What reaches request.jwt.claims is the JSON text: no "email": null in it.
		expect(JSON.parse(JSON.stringify(claims))).toEqual({
			sub: 'u-2',
			role: 'authenticated',
			aud: 'authenticated',
			is_anonymous: true
		});
	});

	it('never carries the access token into the claims', () => {
		const claims = claimsFor({ kind: 'user', userId: 'u-3', isAnonymous: false, accessToken: 'secret.jwt.token' });
		expect(JSON.stringify(claims)).not.toContain('secret.jwt.token');
	});
});

describe('fromPostgresError', () => {
	const mapped = (code: unknown, message: unknown) => {
		const error = fromPostgresError({ code, message });
		expect(error).toBeInstanceOf(DbError);
		return { status: error.status, key: error.key, sqlstate: error.sqlstate };
	};

	it('our own message keys pass through with the status of their SQLSTATE', () => {
		expect(mapped('P0002', 'team_not_found')).toEqual({ status: 404, key: 'team_not_found', sqlstate: 'P0002' });
		expect(mapped('42501', 'facilitator_only')).toEqual({ status: 403, key: 'facilitator_only', sqlstate: '42501' });
		expect(mapped('42501', 'account_required')).toEqual({ status: 403, key: 'account_required', sqlstate: '42501' });
		expect(mapped('22023', 'team_name_length')).toEqual({ status: 400, key: 'team_name_length', sqlstate: '22023' });
		expect(mapped('P0001', 'invite_expired')).toEqual({ status: 409, key: 'invite_expired', sqlstate: 'P0001' });
		expect(mapped('P0001', 'last_facilitator')).toEqual({ status: 409, key: 'last_facilitator', sqlstate: 'P0001' });
	});

	it("Postgres' own messages become generic keys, never shown as they are", () => {
		expect(mapped('23505', 'duplicate key value violates unique constraint "users_email_key"')).toMatchObject({
			status: 409,
			key: 'conflict'
		});
		expect(mapped('42501', 'permission denied for function my_teams')).toMatchObject({ status: 403, key: 'forbidden' });
		expect(mapped('22P02', 'invalid input syntax for type uuid: "x"')).toMatchObject({
			status: 400,
			key: 'invalid_input'
		});
		expect(mapped('23514', 'new row for relation "teams" violates check constraint "teams_name_check"')).toMatchObject({
			status: 400,
			key: 'invalid_input'
		});
		expect(mapped('23502', 'null value in column "name" violates not-null constraint')).toMatchObject({
			status: 400,
			key: 'invalid_input'
		});
		expect(mapped('23503', 'insert or update on table "x" violates foreign key constraint "y"')).toMatchObject({
			status: 404,
			key: 'not_found'
		});
		expect(mapped('P0002', 'query returned no rows')).toMatchObject({ status: 404, key: 'not_found' });
	});

	it('only lowercase snake_case keys of 3 to 61 characters count as ours', () => {
		expect(mapped('P0002', 'Team_not_found').key).toBe('not_found');
		expect(mapped('P0002', 'team not found').key).toBe('not_found');
		expect(mapped('P0002', 'ab').key).toBe('not_found');
		expect(mapped('P0002', 'a' + 'b'.repeat(60)).key).toBe('a' + 'b'.repeat(60));
		expect(mapped('P0002', 'a' + 'b'.repeat(61)).key).toBe('not_found');
		expect(mapped('P0002', '_private').key).toBe('not_found');
		expect(mapped('P0002', 'team_not_found\n').key).toBe('not_found');
	});

	it('an unknown or missing SQLSTATE is a 500 internal, keeping the code and text for the log', () => {
		const unknown = fromPostgresError({ code: '42P01', message: 'relation "x" does not exist' });
		expect({ status: unknown.status, key: unknown.key, sqlstate: unknown.sqlstate }).toEqual({
			status: 500,
			key: 'internal',
			sqlstate: '42P01'
		});
		expect(unknown.details).toBe('relation "x" does not exist');
		// Even a message that looks like one of our keys does not lift an unknown code out of 500.
		expect(mapped('XX000', 'team_not_found')).toMatchObject({ status: 500, key: 'internal' });
		expect(mapped('PGRST202', 'Could not find the function')).toMatchObject({ status: 500, key: 'internal' });
		expect(mapped(undefined, 'team_not_found')).toMatchObject({ status: 500, key: 'internal', sqlstate: undefined });
		expect(mapped(42501, 'facilitator_only')).toMatchObject({ status: 500, key: 'internal' });
		expect(mapped('', '')).toMatchObject({ status: 500, key: 'internal' });
	});
});

describe('DbClient', () => {
	const member: Actor = { kind: 'user', userId: '00000000-0000-4000-8000-000000000001', isAnonymous: false };
	const teamId = '11111111-1111-4111-8111-111111111111';

	function fakeBackend(answer: unknown) {
		const calls: { fn: string; args: Record<string, unknown>; actor: Actor }[] = [];
		const backend: Backend = {
			name: 'pglite',
			canActAsServer: true,
			rpc: async (fn, args, actor) => {
				calls.push({ fn, args, actor });
				return answer;
			},
			close: async () => {}
		};
		return { backend, calls };
	}

	it('validates, renames and forwards the call as its actor, and parses the result', async () => {
		const { backend, calls } = fakeBackend({ id: teamId, name: 'Wijkteam' });
		const result = await new DbClient(backend, member).call('rename_team', { teamId, name: '  Wijkteam ' });
		expect(result).toEqual({ id: teamId, name: 'Wijkteam' });
		expect(calls).toEqual([{ fn: 'rename_team', args: { p_team_id: teamId, p_name: 'Wijkteam' }, actor: member }]);
	});

	it("refuses invalid arguments with the schema's own key before reaching the backend", async () => {
		const { backend, calls } = fakeBackend(null);
		const error = await new DbClient(backend, member).call('team_overview', { teamId: 'nope' }).catch((e) => e);
		expect(error).toBeInstanceOf(DbError);
		expect({ status: error.status, key: error.key }).toEqual({ status: 400, key: 'invalid_id' });
		expect(calls).toHaveLength(0);
	});

	it('a "no such thing" key from a schema answers 404', async () => {
		const { backend, calls } = fakeBackend(null);
		const error = await new DbClient(backend, member).call('join_preview', { code: 'O0O0O0' }).catch((e) => e);
		expect({ status: error.status, key: error.key }).toEqual({ status: 404, key: 'join_code_unknown' });
		expect(calls).toHaveLength(0);
	});

	it('an answer the schema does not accept is a 500 internal, not passed on', async () => {
		const { backend } = fakeBackend([{ id: teamId, name: 'Wijkteam', role: 'owner', member_count: 1 }]);
		const error = await new DbClient(backend, member).call('my_teams', {}).catch((e) => e);
		expect(error).toBeInstanceOf(DbError);
		expect({ status: error.status, key: error.key }).toEqual({ status: 500, key: 'internal' });
	});

	it('coerces member_count that arrives as a string (int8 from postgres.js)', async () => {
		const { backend } = fakeBackend([{ id: teamId, name: 'Wijkteam', role: 'member', member_count: '3' }]);
		expect(await new DbClient(backend, member).call('my_teams', {})).toEqual([
			{ id: teamId, name: 'Wijkteam', role: 'member', member_count: 3 }
		]);
	});
});
