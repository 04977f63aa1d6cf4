import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api } from '$lib/server/db/api';
import { toSqlArgs } from '$lib/server/db/port';
import { asSuperuser, engines, type TestDatabase } from './harness';

// The zod registry (src/lib/server/db/api/) against the SQL functions in the catalog: every API
// function exists once in schema public with the same parameter names and compatible types, an
// argument the app may leave out has a default in SQL, and every function in public is in the
// registry. A Supabase project gets this from generated types; this runs without Docker.

interface SqlFunction {
	name: string;
	/** Input parameters in order: name and type as format_type writes it. */
	params: { name: string; type: string; hasDefault: boolean }[];
}

/** The SQL types a zod argument schema may be sent as (SqlBackend casts each to the parameter's type). */
function sqlTypesFor(schema: z.ZodType): string[] {
	const def = schema._zod.def as {
		type: string;
		format?: string;
		innerType?: z.ZodType;
		in?: z.ZodType;
		element?: z.ZodType;
	};
	switch (def.type) {
		case 'optional':
		case 'nullable':
		case 'default':
		case 'readonly':
			return sqlTypesFor(def.innerType!);
		case 'pipe':
			return sqlTypesFor(def.in!);
		case 'string':
			return def.format === 'guid' || def.format === 'uuid' ? ['uuid'] : def.format === 'date' ? ['date'] : ['text'];
		case 'enum':
		case 'literal':
			return ['text'];
		case 'number':
			return ['integer', 'smallint', 'bigint', 'numeric'];
		case 'boolean':
			return ['boolean'];
		case 'array':
			return [...sqlTypesFor(def.element!).map((type) => `${type}[]`), 'jsonb'];
		case 'object':
			return ['jsonb'];
		default:
			throw new Error(`no SQL type known for a zod ${def.type}`);
	}
}

const isOptional = (schema: z.ZodType) => (schema._zod as { optin?: string }).optin === 'optional';

/** The registry's view of each function: its SQL parameter names, the types allowed, optional or not. */
const registry = Object.entries(api).map(([name, spec]) => {
	const shape = (spec.args as z.ZodObject).shape as Record<string, z.ZodType>;
	return {
		name,
		params: Object.entries(shape).map(([key, schema]) => ({
			name: Object.keys(toSqlArgs({ [key]: true }))[0],
			types: sqlTypesFor(schema),
			optional: isOptional(schema)
		}))
	};
});

describe.each(engines)('the zod registry and the SQL functions in schema public, on %s', (_engine, open) => {
	let db: TestDatabase;
	let functions: SqlFunction[];

	beforeAll(async () => {
		db = await open();
		const rows = await asSuperuser(
			db,
			`select p.proname as name,
			        coalesce((select jsonb_agg(jsonb_build_object(
			                    'name', coalesce(p.proargnames[i + 1], ''),
			                    'type', format_type(p.proargtypes[i], null),
			                    'hasDefault', i >= p.pronargs - p.pronargdefaults) order by i)
			                  from generate_series(0, p.pronargs - 1) i), '[]'::jsonb) as params
			 from pg_proc p
			 where p.pronamespace = 'public'::regnamespace and p.prokind = 'f'
			 order by 1`
		);
		functions = rows as unknown as SqlFunction[];
	});
	afterAll(async () => {
		await db?.close();
	});

	it('sees the functions of the data API (so the checks below are not vacuous)', () => {
		expect(functions.length).toBeGreaterThan(40);
		expect(registry.length).toBeGreaterThan(40);
	});

	it('every function in schema public is in the registry, and no name is overloaded', () => {
		const names = functions.map((f) => f.name);
		expect(names.filter((name) => !(name in api))).toEqual([]);
		expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
	});

	it('every function of the registry exists in schema public', () => {
		const names = new Set(functions.map((f) => f.name));
		expect(registry.map((r) => r.name).filter((name) => !names.has(name))).toEqual([]);
	});

	it.each(registry.map((entry) => [entry.name, entry] as const))(
		'%s: the same parameter names, compatible types, and a default where the app may leave one out',
		(name, entry) => {
			const fn = functions.find((f) => f.name === name);
			expect(fn, `public.${name} is missing`).toBeDefined();
			const sqlParams = Object.fromEntries(fn!.params.map((p) => [p.name, p]));
			expect(Object.keys(sqlParams).sort(), 'parameter names').toEqual(entry.params.map((p) => p.name).sort());
			for (const param of entry.params) {
				const sql = sqlParams[param.name];
				expect(param.types, `${param.name}: the registry's type cannot be sent as ${sql.type}`).toContain(sql.type);
				if (param.optional)
					expect(sql.hasDefault, `${param.name} is optional in the registry but has no SQL default`).toBe(true);
			}
			for (const sql of fn!.params.filter((p) => !p.hasDefault)) {
				const param = entry.params.find((p) => p.name === sql.name);
				expect(param?.optional, `${sql.name} has no SQL default but the registry lets the app leave it out`).toBe(
					false
				);
			}
		}
	);

	it('the type check can fail: a uuid is not text, a number is not boolean, a list of uuids is uuid[] or jsonb', () => {
		expect(sqlTypesFor(z.guid())).toEqual(['uuid']);
		expect(sqlTypesFor(z.coerce.number().int())).not.toContain('boolean');
		expect(sqlTypesFor(z.array(z.guid()).min(1))).toEqual(['uuid[]', 'jsonb']);
		expect(sqlTypesFor(z.iso.date().optional())).toEqual(['date']);
	});
});
