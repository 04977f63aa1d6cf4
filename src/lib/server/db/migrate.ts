import { createHash } from 'node:crypto';
import shim from './sql/supabase-shim.sql?raw';
import { ConfigError } from '../config';
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

/** What a migration's text was when it was applied: an edit after that would never arrive. */
export const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/** The one lock two servers starting on one database take before migrating (pg_advisory_lock). */
const migrationLock = 0x5765726b; // "Werk"

/**
 * Brings a plain PostgreSQL or PGlite database to the current schema: the Supabase shim first,
 * then every migration not yet recorded, each in its own transaction. The bookkeeping table is
 * the one the Supabase CLI uses; beside it we keep a checksum per applied migration, and refuse
 * to start when an applied migration's file has changed since (a landed migration is never
 * edited: a later one changes what it made). Servers starting at once take turns (a lock), so
 * no migration is applied twice. Returns the versions it applied.
 */
export async function migrate(executor: SqlExecutor, files: Migration[] = migrations): Promise<string[]> {
	const work = async () => {
		await executor.exec(shim);
		await executor.exec(`
			create schema if not exists supabase_migrations;
			create table if not exists supabase_migrations.schema_migrations (
				version text primary key, name text, statements text[]
			);
			create table if not exists supabase_migrations.werkplaats_checksums (
				version text primary key, sha256 text not null
			);`);
		const appliedRows = await executor.transaction((query) =>
			query(
				`select m.version, c.sha256 from supabase_migrations.schema_migrations m
				 left join supabase_migrations.werkplaats_checksums c on c.version = m.version`
			)
		);
		const applied = new Map(appliedRows.map((row) => [String(row.version), row.sha256 as string | null]));
		for (const migration of files) {
			const stored = applied.get(migration.version);
			if (stored && stored !== checksum(migration.sql)) {
				throw new ConfigError(
					`supabase/migrations/${migration.version}_${migration.name}.sql was changed after it was applied to this database. ` +
						'A migration that has been applied is never edited: put the change in a new migration.'
				);
			}
		}
		// Databases migrated before checksums were kept: their applied files are taken as they are now.
		const adopt = files.filter((m) => applied.has(m.version) && applied.get(m.version) === null);
		if (adopt.length) {
			await executor.transaction(async (query) => {
				for (const m of adopt)
					await query('insert into supabase_migrations.werkplaats_checksums (version, sha256) values ($1, $2)', [
						m.version,
						checksum(m.sql)
					]);
			});
		}
		const done: string[] = [];
		for (const migration of files) {
			if (applied.has(migration.version)) continue;
			await executor.exec(
				`${migration.sql}\n;insert into supabase_migrations.schema_migrations (version, name) ` +
					`values ('${migration.version}', '${migration.name}');` +
					`insert into supabase_migrations.werkplaats_checksums (version, sha256) values ('${migration.version}', '${checksum(migration.sql)}');`
			);
			done.push(migration.version);
		}
		return done;
	};
	return executor.withLock ? executor.withLock(migrationLock, work) : work();
}

/** Loads the demo data of supabase/seed.sql (idempotent: it inserts only what is missing). */
export async function seedDemo(executor: SqlExecutor): Promise<void> {
	await executor.exec(seedSql);
}
