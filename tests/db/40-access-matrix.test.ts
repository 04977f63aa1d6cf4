import { afterAll, beforeAll, describe, it } from 'vitest';
import { claimsFor, type Actor } from '$lib/server/db/port';
import { asSuperuser, engines, rolledBack, type CountingQuery, type TestDatabase } from './harness';
import {
	actorNames,
	functionAccess,
	networkStanding,
	standings,
	tableAccess,
	type ActorName,
	type TableAccess
} from './access-matrix';
import {
	buildWorld,
	functionProbes,
	standingProbes,
	tableProbes,
	type FixtureRow,
	type TableProbe,
	type World
} from './access-world';

// The access matrix: every table and every API function, tried as every actor, compared with the
// expected access written down in access-matrix.ts. Nothing here is assumed: a select counts the
// fixture rows it really sees, a write is read back past RLS to see whether the row changed, a
// function call reports what it answered. Every attempt is rolled back, so order does not matter.

const operations = ['select', 'insert', 'update', 'delete'] as const;
type Operation = (typeof operations)[number];

/** What one statement came to. */
type Attempt =
	| { kind: 'done' }
	| { kind: 'denied' } // no privilege for the table
	| { kind: 'rls' } // a new row refused by Row Level Security
	| { kind: 'rule'; message: string } // a trigger's rule of the domain (P0001)
	| { kind: 'error'; code: string; message: string };

/** What an actor achieved with one operation on a table. */
interface Observed {
	denied: boolean;
	keys: Set<string>;
	errors: string[];
}

function classify(error: unknown): Attempt {
	const { code, message } = error as { code?: unknown; message?: unknown };
	if (typeof code !== 'string') throw error;
	const text = String(message);
	if (code === '42501' && /permission denied for (table|relation|view|sequence)/.test(text)) return { kind: 'denied' };
	if (code === '42501' && /row-level security/.test(text)) return { kind: 'rls' };
	if (code === 'P0001') return { kind: 'rule', message: text };
	return { kind: 'error', code, message: text };
}

/** The API role and JWT claims of the actor, local to the transaction, as PostgREST sets them. */
async function become(query: CountingQuery, actor: Actor) {
	await query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
		actor.kind === 'anon' ? 'anon' : 'authenticated',
		JSON.stringify(claimsFor(actor))
	]);
}

/** A row's version (xmin) read past RLS, or null when the row does not exist. */
async function versionOf(query: CountingQuery, table: string, probe: TableProbe, key: string): Promise<string | null> {
	const { rows } = await query(`select xmin::text as v from app.${table} where ${probe.key} = $1`, [key]);
	return rows.length ? String(rows[0].v) : null;
}

async function observeSelect(db: TestDatabase, table: string, probe: TableProbe, actor: Actor): Promise<Observed> {
	return rolledBack(db, async (query) => {
		await become(query, actor);
		try {
			const { rows } = await query(
				`select ${probe.key} as key from app.${table}
				 where ${probe.key} in (select jsonb_array_elements_text($1::jsonb))`,
				[JSON.stringify(probe.rows.map((r) => r.key))]
			);
			return { denied: false, keys: new Set(rows.map((r) => String(r.key))), errors: [] };
		} catch (error) {
			const attempt = classify(error);
			if (attempt.kind === 'denied') return { denied: true, keys: new Set(), errors: [] };
			return { denied: false, keys: new Set(), errors: [JSON.stringify(attempt)] };
		}
	});
}

interface WriteTarget {
	key: string;
	sql: string;
	params: unknown[];
	prepare?: { sql: string; params: unknown[] };
}

/**
 * Tries each target in its own savepoint: prepare past RLS, become the actor, run the statement.
 * When the statement reports no row affected, nothing changed; otherwise the row is read back past
 * RLS to confirm: it changed when its version (xmin) changed (an update writes a new version even
 * of equal values), it appeared (insert) or it disappeared (delete).
 */
async function observeWrites(db: TestDatabase, table: string, probe: TableProbe, actor: Actor, targets: WriteTarget[]) {
	const attempts = await rolledBack(db, async (query) => {
		const { rows: versions } = await query(
			`select ${probe.key} as key, xmin::text as v from app.${table}
			 where ${probe.key} in (select jsonb_array_elements_text($1::jsonb))`,
			[JSON.stringify(targets.map((t) => t.key))]
		);
		const before = new Map(versions.map((r) => [String(r.key), String(r.v)]));
		const results: { key: string; attempt: Attempt; changed: boolean }[] = [];
		for (const target of targets) {
			await query('savepoint attempt');
			if (target.prepare) {
				// Setting the stage past RLS and past triggers (e.g. the one that keeps a last facilitator).
				await query('set local session_replication_role = replica');
				await query(target.prepare.sql, target.prepare.params);
				await query('set local session_replication_role = origin');
			}
			await become(query, actor);
			let attempt: Attempt = { kind: 'done' };
			let affected = 0;
			try {
				affected = (await query(target.sql, target.params)).rowCount;
			} catch (error) {
				attempt = classify(error);
			}
			let changed = false;
			if (attempt.kind === 'done' && affected > 0) {
				await query('set local role none');
				changed = (await versionOf(query, table, probe, target.key)) !== (before.get(target.key) ?? null);
			}
			await query('rollback to savepoint attempt');
			results.push({ key: target.key, attempt, changed });
		}
		return results;
	});
	const denied = attempts.filter((a) => a.attempt.kind === 'denied');
	const errors = attempts.flatMap((a) =>
		a.attempt.kind === 'error' ? [`${a.key}: ${a.attempt.code} ${a.attempt.message}`] : []
	);
	if (denied.length > 0 && denied.length < attempts.length) errors.push('permission denied for some rows only');
	return {
		denied: attempts.length > 0 && denied.length === attempts.length,
		keys: new Set(attempts.filter((a) => a.changed).map((a) => a.key)),
		errors
	} satisfies Observed;
}

async function observeTable(db: TestDatabase, table: string, probe: TableProbe, world: World, who: ActorName) {
	const actor = world.people[who];
	const rowKey = (key: string) => [key];
	const candidates = probe.inserts(who);
	const observed: Record<Operation, Observed> = {
		select: await observeSelect(db, table, probe, actor),
		insert: await observeWrites(
			db,
			table,
			probe,
			actor,
			candidates.map((c) => {
				const columns = Object.keys(c.columns);
				return {
					key: c.key,
					prepare: c.prepare,
					sql: `insert into app.${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
					params: Object.values(c.columns)
				};
			})
		),
		update: await observeWrites(
			db,
			table,
			probe,
			actor,
			probe.rows.map((r) => ({
				key: r.key,
				sql: `update app.${table} set ${probe.set} where ${probe.key} = $1`,
				params: rowKey(r.key)
			}))
		),
		delete: await observeWrites(
			db,
			table,
			probe,
			actor,
			probe.rows.map((r) => ({
				key: r.key,
				sql: `delete from app.${table} where ${probe.key} = $1`,
				params: rowKey(r.key)
			}))
		)
	};
	return { observed, candidates };
}

/** The words a cell may use for "nothing", per operation. */
const nothing: Record<Operation, string> = {
	select: 'none visible',
	insert: 'refused',
	update: 'no effect',
	delete: 'no effect'
};

/** The rows a cell of the matrix stands for, or why the cell makes no sense for this fixture. */
function expectedRows(
	cell: string,
	op: Operation,
	rows: FixtureRow[],
	who: ActorName
): { denied: true } | { keys: Set<string> } | { invalid: string } {
	const keys = (selected: FixtureRow[], what: string) =>
		selected.length > 0 ? { keys: new Set(selected.map((r) => r.key)) } : { invalid: `no row here is ${what}` };
	if (cell === 'denied') return { denied: true };
	if (cell === nothing[op]) return { keys: new Set() };
	if (cell === 'all rows') return keys(rows, 'there at all');
	if (cell === 'own rows only')
		return keys(
			rows.filter((r) => r.owner === who),
			`${who}'s own: write "${nothing[op]}"`
		);
	const own = /^own rows of: (.+)$/.exec(cell);
	if (own)
		return keys(
			rows.filter((r) => r.owner === who && r.tags?.includes(own[1])),
			`${who}'s own and tagged '${own[1]}'`
		);
	const tagged = /^rows of: (.+)$/.exec(cell);
	if (tagged) {
		const tags = tagged[1].split(/,\s*/);
		const unknown = tags.filter((t) => !rows.some((r) => r.tags?.includes(t)));
		if (unknown.length) return { invalid: `no row here is tagged ${unknown.map((t) => `'${t}'`).join(', ')}` };
		return keys(
			rows.filter((r) => tags.some((t) => r.tags?.includes(t))),
			'tagged so'
		);
	}
	return {
		invalid: `it is not a word of the matrix (for ${op}: denied, ${nothing[op]}, all rows, own rows only, own rows of: …, rows of: …)`
	};
}

function describeObserved(observed: Observed, rows: FixtureRow[]): string {
	if (observed.denied) return 'denied';
	const labels = rows.filter((r) => observed.keys.has(r.key)).map((r) => r.label);
	return labels.length ? `rows: ${labels.join('; ')}` : 'none';
}

function compareTable(
	table: string,
	spec: TableAccess,
	probe: TableProbe,
	who: ActorName,
	observed: Record<Operation, Observed>,
	candidates: FixtureRow[]
) {
	const mismatches: string[] = [];
	operations.forEach((op, i) => {
		const cell = spec.access[who][i];
		const rows = op === 'insert' ? candidates : probe.rows;
		const expected = expectedRows(cell, op, rows, who);
		const seen = observed[op];
		const where = `${table} ${op} as ${who}`;
		if ('invalid' in expected) {
			mismatches.push(`${where}: the matrix says "${cell}", but ${expected.invalid}`);
		} else if ('denied' in expected ? !seen.denied : seen.denied || !sameSet(expected.keys, seen.keys)) {
			mismatches.push(`${where}: the matrix says "${cell}", observed ${describeObserved(seen, rows)}`);
		}
		for (const error of seen.errors) mismatches.push(`${where}: unexpected error ${error}`);
	});
	return mismatches;
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((k) => b.has(k));

/** Calls public.fn as the actor, as PostgREST's /rpc would, in a transaction that is rolled back. */
async function callAs(
	db: TestDatabase,
	actor: Actor,
	fn: string,
	args: Record<string, unknown>,
	types: Map<string, string>
) {
	const names = Object.keys(args);
	const unknown = names.filter((n) => !types.has(n));
	if (unknown.length) return { outcome: `public.${fn} has no parameter ${unknown.join(', ')}` };
	const call = names.map((name, i) => `${name} => $${i + 1}::${types.get(name)}`).join(', ');
	const params = names.map((name) => {
		const value = args[name];
		return value !== null && /^jsonb?$/.test(types.get(name)!) ? JSON.stringify(value) : value;
	});
	return rolledBack(db, async (query) => {
		await become(query, actor);
		try {
			const { rows } = await query(`select public.${fn}(${call}) as result`, params);
			return { outcome: 'ok', result: rows[0]?.result };
		} catch (error) {
			const { code, message } = error as { code?: unknown; message?: unknown };
			if (typeof code !== 'string') throw error;
			const text = String(message);
			if (code === '42501' && /permission denied for function/.test(text)) return { outcome: 'no execute' };
			const outcome = { '42501': 'forbidden', P0002: 'not found', P0001: 'refused' }[code];
			return { outcome: outcome ?? `error ${code}`, key: text };
		}
	});
}

// The two engines run side by side (PGlite works in this process, PostgreSQL in the server);
// within each engine the tests run one after the other.
describe.concurrent('access matrix', () => {
	describe.each(engines)('on %s', { concurrent: false }, (_engine, open) => {
		let db: TestDatabase;
		let world: World;
		let probes: Record<string, TableProbe>;
		let calls: ReturnType<typeof functionProbes>;
		let signatures: Map<string, Map<string, string>>;

		beforeAll(async () => {
			db = await open();
			world = await buildWorld(db);
			probes = await tableProbes(db, world);
			calls = functionProbes(world);
			const rows = await asSuperuser(
				db,
				`select p.proname as fn, a.name, format_type(a.type, null) as type
			 from pg_proc p
			 cross join lateral unnest(coalesce(p.proargnames, '{}'::text[]), p.proargtypes::oid[]) as a(name, type)
			 where p.pronamespace = 'public'::regnamespace`
			);
			signatures = new Map();
			for (const row of rows) {
				const fn = String(row.fn);
				if (!signatures.has(fn)) signatures.set(fn, new Map());
				signatures.get(fn)!.set(String(row.name), String(row.type));
			}
		});
		afterAll(async () => {
			await db?.close();
		});

		it('lists every table and view in schema app, and nothing that is not there (schema public: 42-data-api-tables)', async ({
			expect
		}) => {
			const rows = await asSuperuser(
				db,
				`select c.relname as name from pg_class c
			 where c.relnamespace = 'app'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')`
			);
			const inSchema = rows.map((r) => String(r.name)).sort();
			expect(inSchema.length).toBeGreaterThan(0);
			expect({
				unlisted: inSchema.filter((t) => !(t in tableAccess)),
				gone: Object.keys(tableAccess).filter((t) => !inSchema.includes(t))
			}).toEqual({
				unlisted: [],
				gone: []
			});
			expect(Object.keys(probes).sort()).toEqual(Object.keys(tableAccess).sort());
		});

		it('lists every function in schema public that anon or authenticated may execute, and nothing else', async ({
			expect
		}) => {
			const rows = await asSuperuser(
				db,
				`select p.proname as name, count(*) over (partition by p.proname) as overloads from pg_proc p
			 where p.pronamespace = 'public'::regnamespace
			   and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))`
			);
			const exposed = rows.map((r) => String(r.name)).sort();
			expect(exposed.length).toBeGreaterThan(0);
			// The matrix names functions; an overload would be a second function under one name.
			expect(rows.filter((r) => Number(r.overloads) > 1).map((r) => String(r.name))).toEqual([]);
			expect({
				unlisted: exposed.filter((f) => !(f in functionAccess)),
				gone: Object.keys(functionAccess).filter((f) => !exposed.includes(f))
			}).toEqual({ unlisted: [], gone: [] });
			expect(Object.keys(calls).sort()).toEqual(Object.keys(functionAccess).sort());
		});

		it.for(Object.keys(tableAccess))(
			'table %s: select, insert, update and delete as every actor',
			async (table, { expect }) => {
				const probe = probes[table];
				expect(probe, `access-world.ts has no fixture rows for ${table}`).toBeDefined();
				const mismatches: string[] = [];
				for (const who of actorNames) {
					const { observed, candidates } = await observeTable(db, table, probe, world, who);
					mismatches.push(...compareTable(table, tableAccess[table], probe, who, observed, candidates));
				}
				expect(mismatches).toEqual([]);
			}
		);

		it.for(Object.keys(functionAccess))('function %s: called as every actor', async (fn, { expect }) => {
			const args = calls[fn];
			expect(args, `access-world.ts has no call for ${fn}`).toBeDefined();
			const types = signatures.get(fn) ?? new Map<string, string>();
			const mismatches: string[] = [];
			for (const [i, who] of actorNames.entries()) {
				const expected = functionAccess[fn].access[i];
				const { outcome, key, result } = (await callAs(db, world.people[who], fn, args(who), types)) as {
					outcome: string;
					key?: string;
					result?: unknown;
				};
				if (outcome !== expected)
					mismatches.push(
						`${fn} as ${who}: the matrix says "${expected}", observed "${outcome}"${key ? ` (${key})` : ''}`
					);
				if (outcome === 'ok') {
					const text = JSON.stringify(result ?? null);
					for (const secret of world.secrets) {
						if (secret.only && !secret.only.test(fn)) continue;
						if (text.includes(secret.text) && !secret.allowed.includes(who))
							mismatches.push(`${fn} as ${who} returned ${secret.name}`);
					}
				}
			}
			expect(mismatches).toEqual([]);
		});

		it('network standing: a member of a pending, a refused, a not sharing and a sharing team', async ({ expect }) => {
			const probes = standingProbes(world);
			const { n } = world.network.network;
			const mismatches: string[] = [];
			for (const [i, standing] of standings.entries()) {
				const { actor, teamId } =
					standing === 'sharing'
						? { actor: world.people.memberB, teamId: world.teamB.id }
						: world.network.standing[standing];
				for (const [fn, row] of Object.entries(networkStanding)) {
					let observed: string;
					if (fn === 'aggregates') {
						const count = await rolledBack(db, async (query) => {
							await become(query, actor);
							return Number(
								(await query(`select count(*) as c from app.network_aggregates where network_id = $1`, [n])).rows[0].c
							);
						});
						observed = count > 0 ? 'rows of: network N' : 'none visible';
					} else {
						const result = (await callAs(db, actor, fn, probes[fn](teamId), signatures.get(fn) ?? new Map())) as {
							outcome: string;
							key?: string;
						};
						observed = result.outcome;
						if (observed === 'ok' && fn === 'team_network_settings') {
							// Its own place is told as it is.
							const own = ((result as { result?: { network_id: string; status: string | null }[] }).result ?? []).find(
								(r) => r.network_id === n
							);
							const status = { pending: 'pending', refused: 'refused', notSharing: 'approved', sharing: 'approved' }[
								standing
							];
							if (own?.status !== status)
								mismatches.push(`${fn} as ${standing}: status ${own?.status}, expected ${status}`);
						}
					}
					if (observed !== row[i])
						mismatches.push(`${fn} as ${standing}: the matrix says "${row[i]}", observed "${observed}"`);
				}
			}
			expect(Object.keys(probes).sort()).toEqual(
				Object.keys(networkStanding)
					.filter((k) => k !== 'aggregates')
					.sort()
			);
			expect(mismatches).toEqual([]);
		});
	});
});
