import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '$lib/server/db/port';
import { asSuperuser, engines, rolledBack, sqlAs, type SqlOutcome, type TestDatabase } from './harness';
import { as } from './factories';
import { actorNames, exposedRelations, type ActorName } from './access-matrix';
import { buildWorld, type World } from './access-world';
import { exposedSchemas } from './schema-lints';

// Issue #12, finding 4: PostgREST serves every table of the exposed schemas, and Supabase's
// default privileges grant anon and authenticated everything on them (the shim now applies those
// defaults too). RLS decides which rows, not the rules the SQL functions keep, and not TRUNCATE.
// These are the table writes an ordinary person could make through the Data API; each must fail
// and change nothing. A statement on `public.<table>` is what PostgREST runs for /rest/v1/<table>.

/** Where a table lives now (read past RLS, to see what an attempt changed). */
async function tableOf(db: TestDatabase, table: string): Promise<string> {
	const [row] = await asSuperuser(
		db,
		`select coalesce(to_regclass('app.' || $1), to_regclass('public.' || $1))::text as name`,
		[table]
	);
	return String(row.name);
}

async function pastRls(db: TestDatabase, table: string, columns: string, where: string, params: unknown[]) {
	return asSuperuser(db, `select ${columns} from ${await tableOf(db, table)} where ${where}`, params);
}

/** Every table, view and foreign table PostgREST would serve: those of the exposed schemas. */
async function exposedRelationNames(db: TestDatabase): Promise<string[]> {
	const rows = await asSuperuser(
		db,
		`select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
		 where n.nspname = any ($1::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'f')`,
		[[...exposedSchemas]]
	);
	return rows.map((r) => String(r.name));
}

/** The attempt was refused: no such relation in the exposed schema, or no privilege. */
function expectRefused(outcome: SqlOutcome) {
	expect(outcome.error, `the statement went through (${outcome.rowCount} row(s))`).toBeDefined();
	expect(['42P01', '42501']).toContain(outcome.error!.code);
}

describe.each(engines)('no table writes through the Data API, on %s', (_engine, open) => {
	let db: TestDatabase;
	let w: World;
	let facilitatorA: Actor;
	let facilitatorB: Actor;
	let memberA: Actor;
	let memberB: Actor;

	beforeAll(async () => {
		db = await open();
		w = await buildWorld(db);
		const byName = (name: ActorName) => w.people[name] as Actor;
		facilitatorA = byName('facilitatorA');
		memberA = byName('memberA');
		memberB = byName('memberB');
		facilitatorB = w.facilitatorB;
	}, 120_000);
	afterAll(async () => {
		await db?.close();
	});

	it("a facilitator cannot point their session at another team's private set and read its text", async () => {
		const outcome = await sqlAs(db, facilitatorB, `update public.sessions set set_id = $1 where id = $2`, [
			w.setA.id,
			w.sessionY.id
		]);
		expectRefused(outcome);
		expect(await pastRls(db, 'sessions', 'set_id', 'id = $1', [w.sessionY.id])).toEqual([{ set_id: w.builtinSetId }]);
		const state = JSON.stringify(
			await as(db, facilitatorB).call('session_state', { sessionId: w.sessionY.id, lang: 'nl' })
		);
		expect(state).not.toContain(w.slugOfSetA);
	});

	it("a facilitator cannot make another team's set their team's active set", async () => {
		expectRefused(
			await sqlAs(db, facilitatorB, `update public.teams set active_set_id = $1 where id = $2`, [w.setA.id, w.teamB.id])
		);
		const [team] = await pastRls(db, 'teams', 'active_set_id', 'id = $1', [w.teamB.id]);
		expect(team.active_set_id).not.toBe(w.setA.id);
	});

	it("a facilitator cannot rewrite an invite's token, expiry or creator", async () => {
		const before = await pastRls(db, 'team_invites', 'token, expires_at, created_by', 'id = $1', [w.inviteA.id]);
		expectRefused(
			await sqlAs(
				db,
				facilitatorA,
				`update public.team_invites set token = 'chosen-by-me', expires_at = now() + interval '10 years', created_by = $1 where id = $2`,
				[(memberA as { userId: string }).userId, w.inviteA.id]
			)
		);
		expect(await pastRls(db, 'team_invites', 'token, expires_at, created_by', 'id = $1', [w.inviteA.id])).toEqual(
			before
		);
	});

	it("a facilitator cannot delete an invite (revoking is the way) nor change a session's creator or join code", async () => {
		expectRefused(await sqlAs(db, facilitatorA, `delete from public.team_invites where id = $1`, [w.inviteA.id]));
		expect(await pastRls(db, 'team_invites', 'id', 'id = $1', [w.inviteA.id])).toHaveLength(1);
		const before = await pastRls(db, 'sessions', 'created_by, join_code', 'id = $1', [w.sessionX.id]);
		expectRefused(
			await sqlAs(db, facilitatorA, `update public.sessions set created_by = $1, join_code = 'AAAAAA' where id = $2`, [
				(memberA as { userId: string }).userId,
				w.sessionX.id
			])
		);
		expect(await pastRls(db, 'sessions', 'created_by, join_code', 'id = $1', [w.sessionX.id])).toEqual(before);
	});

	it('a member cannot write a position with a desired value the session does not ask for, nor choose its revision', async () => {
		const [round] = w.sessionY.rounds;
		const userId = (memberB as { userId: string }).userId;
		const before = await pastRls(db, 'positions', 'value, desired, revision::text', 'round_id = $1 and user_id = $2', [
			round.id,
			userId
		]);
		expectRefused(
			await sqlAs(
				db,
				memberB,
				`insert into public.positions (round_id, user_id, stage, value, desired, revision) values ($1, $2, 'before', 50, 90, 1)
				 on conflict (round_id, user_id, stage) do update set value = excluded.value, desired = excluded.desired, revision = excluded.revision`,
				[round.id, userId]
			)
		);
		expect(
			await pastRls(db, 'positions', 'value, desired, revision::text', 'round_id = $1 and user_id = $2', [
				round.id,
				userId
			])
		).toEqual(before);
	});

	it('a member cannot truncate positions (RLS does not govern TRUNCATE)', async () => {
		const count = async () =>
			Number((await asSuperuser(db, `select count(*) as n from ${await tableOf(db, 'positions')}`))[0].n);
		const before = await count();
		expect(before).toBeGreaterThan(0);
		expectRefused(await sqlAs(db, memberA, `truncate public.positions`));
		expect(await count()).toBe(before);
	});

	it('PostgREST sees only what the access matrix lists in the exposed schemas', async () => {
		expect((await exposedRelationNames(db)).sort()).toEqual(Object.keys(exposedRelations).sort());
	});

	it('select, insert, update, delete and truncate on every relation of the exposed schemas, as every actor: nothing beyond the matrix', async () => {
		const relations = await exposedRelationNames(db);
		// A table a later migration adds to public, as the migrations' role: it must start closed.
		const probe = 'public.a_table_from_a_later_migration';
		const seen: Record<string, string[]> = {};
		for (const name of actorNames) {
			const actor = (name === 'visitor' ? { kind: 'anon' } : w.people[name]) as Actor;
			for (const relation of [...relations, probe]) {
				for (const [op, sql] of [
					['select', `select * from ${relation} limit 1`],
					['insert', `insert into ${relation} default values`],
					[
						'update',
						`update ${relation} set ${relation === probe ? 'note' : 'ctid'} = ${relation === probe ? "'x'" : 'ctid'}`
					],
					['delete', `delete from ${relation}`],
					['truncate', `truncate ${relation}`]
				] as const) {
					const outcome = await rolledBack(db, async (query) => {
						if (relation === probe) await query(`create table ${probe} (id serial primary key, note text)`);
						await query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
							actor.kind === 'anon' ? 'anon' : 'authenticated',
							JSON.stringify(
								actor.kind === 'anon'
									? { role: 'anon' }
									: { role: 'authenticated', sub: (actor as { userId: string }).userId }
							)
						]);
						try {
							await query(`savepoint attempt`);
							await query(sql);
							return 'allowed';
						} catch (error) {
							await query(`rollback to savepoint attempt`);
							return (error as { code?: string }).code === '42501'
								? 'denied'
								: `error ${(error as { code?: string }).code}`;
						}
					});
					if (outcome !== 'denied') (seen[`${relation} ${op}`] ??= []).push(`${name}: ${outcome}`);
				}
			}
		}
		const expected: Record<string, string[]> = {};
		for (const [relation, ops] of Object.entries(exposedRelations)) {
			for (const [op, who] of Object.entries(ops)) expected[`${relation} ${op}`] = who.map((n) => `${n}: allowed`);
		}
		expect(seen).toEqual(expected);
	}, 120_000);
});
