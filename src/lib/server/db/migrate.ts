import shim from './sql/supabase-shim.sql?raw';
import type { SqlExecutor } from './sql-backend';

// Vite inlines the files at build time, so the built server carries its schema with it.
const migrationFiles = import.meta.glob('/supabase/migrations/*.sql', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;
const seedFiles = import.meta.glob('/supabase/seed.sql', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

const fileName = /(\d{14})_([a-z0-9_]+)\.sql$/;

export interface Migration {
	version: string;
	name: string;
	sql: string;
}

export const migrations: Migration[] = Object.entries(migrationFiles)
	.map(([path, sql]) => {
		const match = fileName.exec(path);
		if (!match) throw new Error(`Migration file name must be <YYYYMMDDHHMMSS>_<name>.sql: ${path}`);
		return { version: match[1], name: match[2], sql };
	})
	.sort((a, b) => a.version.localeCompare(b.version));

export const seedSql = Object.values(seedFiles)[0] ?? '';

/**
 * Brings a plain PostgreSQL or PGlite database to the current schema: the Supabase shim first,
 * then every migration not yet recorded, each in its own transaction. The bookkeeping table is
 * the one the Supabase CLI uses. Returns the versions it applied.
 */
export async function migrate(executor: SqlExecutor): Promise<string[]> {
	await executor.exec(shim);
	await executor.exec(`
		create schema if not exists supabase_migrations;
		create table if not exists supabase_migrations.schema_migrations (
			version text primary key, name text, statements text[]
		);`);
	const appliedRows = await executor.transaction((query) =>
		query('select version from supabase_migrations.schema_migrations')
	);
	const applied = new Set(appliedRows.map((row) => String(row.version)));
	const done: string[] = [];
	for (const migration of migrations) {
		if (applied.has(migration.version)) continue;
		await executor.exec(
			`${migration.sql}\n;insert into supabase_migrations.schema_migrations (version, name) ` +
				`values ('${migration.version}', '${migration.name}');`
		);
		done.push(migration.version);
	}
	return done;
}

/** Loads the demo data of supabase/seed.sql (idempotent: it inserts only what is missing). */
export async function seedDemo(executor: SqlExecutor): Promise<void> {
	await executor.exec(seedSql);
}
