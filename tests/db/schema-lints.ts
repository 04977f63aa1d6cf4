import type { CountingQuery } from './harness';

// The checks Supabase's Security and Performance Advisors make, as catalog queries of our own.
// Each takes the schemas to look at as $1 (text[]) and returns one row per problem, its column
// `name` saying where. tests/db/01-schema.test.ts runs them on the migrated schema, and once on a
// throwaway schema of deliberately bad objects, to show that each one can fail.

export interface Lint {
	/** What must hold, as a test title. */
	title: string;
	/** The schemas it applies to in our schema ('user schemas': every non-system schema). */
	schemas: readonly string[] | 'user schemas';
	sql: string;
	/**
	 * Findings accepted on purpose, each with the reason. The test requires exactly these: a new
	 * finding fails, and so does an exception whose object is gone or no longer flagged.
	 */
	exceptions?: Record<string, string>;
}

/** PostgREST exposes schema public (Supabase adds graphql_public, which we do not use). */
export const exposedSchemas = ['public'] as const;
/**
 * Where tables may live: schema app (not exposed; the functions in public work on it with the
 * caller's rights, so RLS there is what holds) and, should one ever appear, public.
 */
export const tableSchemas = ['public', 'app'] as const;

const inSchemas = (column: string) => `${column}::regnamespace::text = any ($1::text[])`;

export const lints = {
	relationInExposedSchema: {
		title: 'no table or view in an exposed schema: only the SQL functions are on the Data API',
		schemas: exposedSchemas,
		sql: `select c.oid::regclass::text as name from pg_class c
		      where ${inSchemas('c.relnamespace')} and c.relkind in ('r', 'p', 'v', 'm', 'f')`
	},

	rlsDisabled: {
		title: 'every table has row level security enabled',
		schemas: tableSchemas,
		sql: `select c.oid::regclass::text as name from pg_class c
		      where ${inSchemas('c.relnamespace')} and c.relkind in ('r', 'p') and not c.relrowsecurity`
	},

	rlsWithoutPolicy: {
		title: 'every table with row level security has at least one policy',
		schemas: tableSchemas,
		sql: `select c.oid::regclass::text as name from pg_class c
		      where ${inSchemas('c.relnamespace')} and c.relkind in ('r', 'p') and c.relrowsecurity
		        and not exists (select 1 from pg_policy p where p.polrelid = c.oid)`
	},

	// Restrictive policies only narrow what permissive ones allow; alone they deny everything,
	// which is never what the author meant.
	restrictiveOnly: {
		title: 'every table with a restrictive policy also has a permissive one',
		schemas: tableSchemas,
		sql: `select c.oid::regclass::text as name from pg_class c
		      where ${inSchemas('c.relnamespace')} and c.relkind in ('r', 'p')
		        and exists (select 1 from pg_policy p where p.polrelid = c.oid and not p.polpermissive)
		        and not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polpermissive)`
	},

	definerInExposedSchema: {
		title: 'no SECURITY DEFINER function in an exposed schema',
		schemas: exposedSchemas,
		sql: `select p.oid::regprocedure::text as name from pg_proc p
		      where ${inSchemas('p.pronamespace')} and p.prosecdef`
	},

	searchPathMutable: {
		title: 'every function in schemas public and private has a fixed search_path',
		schemas: ['public', 'private'],
		sql: `select p.oid::regprocedure::text as name from pg_proc p
		      where ${inSchemas('p.pronamespace')}
		        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) s where s like 'search_path=%')`,
		// A SET clause stops the planner from inlining a SQL function. These two are inlined into
		// SECURITY DEFINER callers that run with search_path '' (so name resolution there is
		// fixed); they are SECURITY INVOKER themselves and not in an exposed schema.
		exceptions: {
			'private.network_cell_rules(uuid)':
				"inlined into the network views (SECURITY DEFINER, search_path ''); invoker rights; API roles may not execute it",
			'private.team_label(integer)': 'inlined when labelling up to 100,000 cells; invoker rights; calls only chr()'
		}
	},

	definerSearchPathNotEmpty: {
		title: "every SECURITY DEFINER function, in any schema, runs with search_path ''",
		schemas: 'user schemas',
		sql: `select p.oid::regprocedure::text as name from pg_proc p
		      where ${inSchemas('p.pronamespace')} and p.prosecdef
		        and not coalesce(p.proconfig, '{}') @> array['search_path=""']`
	},

	// auth.uid() written bare in a policy is evaluated once per row; wrapped as (select auth.uid())
	// it becomes an init plan, evaluated once per statement. The same holds for any function
	// called without arguments (our helpers such as private.is_member_account()). pg_get_expr shows
	// a wrapped call as "( SELECT auth.uid() AS uid)": a call that does not directly follow SELECT
	// is bare.
	authCallUnwrapped: {
		title: 'no policy calls auth.uid(), auth.jwt(), current_setting() or another argument-free function unwrapped',
		schemas: tableSchemas,
		sql: String.raw`
			select c.oid::regclass::text || ' / ' || p.polname as name
			from pg_policy p join pg_class c on c.oid = p.polrelid
			where ${inSchemas('c.relnamespace')}
			  and exists (
			    select 1
			    from unnest(array[pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)]) e(expr)
			    where regexp_replace(e.expr, '(SELECT\s+\(*\s*)(auth\.\w+|current_setting|\w+\.\w+)\(', '\1wrapped(', 'gi')
			          ~* '(auth\.\w+\(|current_setting\(|\w+\.\w+\(\))')`
	},

	// An index whose leading columns are the foreign key's columns (in any order); a partial
	// index counts only when its predicate is "<the key's column> IS NOT NULL", which every
	// lookup by a value satisfies.
	unindexedForeignKey: {
		title: 'every foreign key is covered by an index whose leading columns are its columns',
		schemas: tableSchemas,
		sql: String.raw`
			select c.conrelid::regclass::text || ' (' ||
			       (select string_agg(a.attname, ', ' order by k.ord)
			        from unnest(c.conkey) with ordinality k(attnum, ord)
			        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) || ')' as name
			from pg_constraint c join pg_class t on t.oid = c.conrelid
			where c.contype = 'f' and ${inSchemas('t.relnamespace')}
			  and not exists (
			    select 1 from pg_index i
			    where i.indrelid = c.conrelid and i.indisvalid
			      and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
			      and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
			      and (i.indpred is null
			           or (cardinality(c.conkey) = 1
			               and pg_get_expr(i.indpred, i.indrelid) =
			                   '(' || (select quote_ident(a.attname) from pg_attribute a
			                           where a.attrelid = c.conrelid and a.attnum = c.conkey[1]) || ' IS NOT NULL)')))`
	},

	// The columns a policy filters on: columns of the policy's own table that pg_get_expr shows as
	// an operand of a comparison in the USING expression (unqualified, or qualified with the
	// table's own name; a column passed to a function is not a filter an index could serve).
	// Each needs an index with it as leading column.
	unindexedPolicyColumn: {
		title: 'every column a policy filters on leads an index',
		schemas: tableSchemas,
		sql: String.raw`
			select distinct c.oid::regclass::text || '.' || a.attname || ' (policy "' || p.polname || '")' as name
			from pg_policy p
			join pg_class c on c.oid = p.polrelid
			join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
			cross join lateral (
			  select pg_get_expr(p.polqual, p.polrelid) as expr,
			         '(' || quote_ident(c.relname) || '\.)?' || quote_ident(a.attname) as col) q
			where ${inSchemas('c.relnamespace')} and q.expr is not null
			  and (q.expr ~ ('(^|[^.\w"])' || q.col || '\s+(=|<>|<=|>=|<|>|IN|IS|~~)\s')
			       or q.expr ~ ('\s(=|<>|<=|>=|<|>)\s+' || q.col || '($|[^.\w"(])'))
			  and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indkey[0] = a.attnum)`
	},

	viewWithoutSecurityInvoker: {
		title: 'every view runs with the rights of the caller (security_invoker), so RLS applies',
		schemas: tableSchemas,
		sql: `select c.oid::regclass::text as name from pg_class c
		      where ${inSchemas('c.relnamespace')} and c.relkind in ('v', 'm')
		        and not coalesce('security_invoker=true' = any (c.reloptions)
		                      or 'security_invoker=on' = any (c.reloptions), false)`
	},

	// PostgreSQL cuts a longer name to 63 bytes with no more than a NOTICE, so two long names can
	// become one and a script that names the object in full finds nothing. A cut name is exactly
	// 63 bytes long, so 63 is where the catalog can tell: names stay at 62 bytes or fewer.
	identifierTooLong: {
		title: 'no name created by the migrations is 63 bytes or longer (PostgreSQL would have cut it short)',
		schemas: 'user schemas',
		sql: `select kind || ' ' || name as name from (
		        select 'schema' as kind, n.nspname::text as name from pg_namespace n
		        where n.nspname::text = any ($1::text[])
		        union all
		        select 'relation', c.oid::regclass::text from pg_class c where ${inSchemas('c.relnamespace')}
		          and octet_length(c.relname::text) >= 63
		        union all
		        select 'column', c.oid::regclass::text || '.' || a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid
		        where ${inSchemas('c.relnamespace')} and a.attnum > 0 and octet_length(a.attname::text) >= 63
		        union all
		        select 'function', p.oid::regprocedure::text from pg_proc p where ${inSchemas('p.pronamespace')}
		          and (octet_length(p.proname::text) >= 63
		               or exists (select 1 from unnest(p.proargnames) g where octet_length(g) >= 63))
		        union all
		        select 'policy', c.oid::regclass::text || ' / ' || p.polname from pg_policy p join pg_class c on c.oid = p.polrelid
		        where ${inSchemas('c.relnamespace')} and octet_length(p.polname::text) >= 63
		        union all
		        select 'trigger', c.oid::regclass::text || ' / ' || t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
		        where ${inSchemas('c.relnamespace')} and not t.tgisinternal and octet_length(t.tgname::text) >= 63
		        union all
		        select 'constraint', n.nspname || '.' || k.conname from pg_constraint k join pg_namespace n on n.oid = k.connamespace
		        where ${inSchemas('k.connamespace')} and octet_length(k.conname::text) >= 63
		        union all
		        select 'type', t.oid::regtype::text from pg_type t where ${inSchemas('t.typnamespace')}
		          and t.typrelid = 0 and t.typcategory <> 'A' and octet_length(t.typname::text) >= 63
		      ) names
		      where kind <> 'schema' or octet_length(name) >= 63`
	}
} satisfies Record<string, Lint>;

export type LintName = keyof typeof lints;

/** Every non-system schema (where SECURITY DEFINER functions may hide). */
export const userSchemasSql = `select coalesce(array_agg(nspname::text), '{}') as schemas from pg_namespace
	where nspname not in ('pg_catalog', 'information_schema') and nspname not like 'pg\\_%'`;

/** Runs one lint on the given schemas: the names of what it flags, sorted. */
export async function runLint(query: CountingQuery, lint: Lint, schemas: readonly string[]): Promise<string[]> {
	const { rows } = await query(lint.sql, [[...schemas]]);
	return rows.map((row) => String(row.name)).sort();
}
