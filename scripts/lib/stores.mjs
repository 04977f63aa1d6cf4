// The two backends the crash test and the live benchmark run on, each in throwaway storage: a
// fresh PGlite data folder, or a freshly created PostgreSQL database (dropped afterwards). Each can
// also be read and written directly, without the app, once the server is stopped.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

// What the direct read returns, the same on both backends.
const positionsSql = `select value, desired from app.positions where round_id = $1 and stage = 'before' order by value, desired`;
const notesSql = `select notes_md as "notesMd", agreements_md as "agreementsMd", notes_version as version from app.session_rounds where id = $1`;

/** The embedded backend: PGlite in a new temporary data folder. */
export function embeddedStore(cleanup) {
	let dataDir;
	return {
		name: 'embedded',
		async prepare() {
			dataDir = await mkdtemp(join(tmpdir(), 'werkplaats-run-'));
			cleanup.add(() => rm(dataDir, { recursive: true, force: true }));
		},
		env: () => ({ WERKPLAATS_DATA_DIR: dataDir, WERKPLAATS_DEMO_DATA: 'true' }),
		/**
		 * Opens the data folder with PGlite itself, as the server does, and reads the round. That it
		 * opens and answers a query is the second proof (after the restart) that the folder is sound.
		 */
		async inspect(roundId) {
			const started = performance.now();
			const db = await PGlite.create({ dataDir });
			try {
				const openMs = performance.now() - started;
				const positions = (await db.query(positionsSql, [roundId])).rows;
				const [notes] = (await db.query(notesSql, [roundId])).rows;
				return { openMs, readMs: performance.now() - started, positions, notes };
			} finally {
				await db.close();
			}
		},
		/** The database's own ceiling: cast_position called in this process, no HTTP (see rawCasts). */
		async rawCasts(roundId, rounds = 2) {
			const db = await PGlite.create({ dataDir });
			try {
				return await rawCasts(
					(sql, params) => db.query(sql, params).then((r) => r.rows),
					// In this thread there is no round trip to save: one statement after the other.
					(statements) =>
						db.transaction(async (tx) => {
							for (const [sql, params] of statements) await tx.query(sql, params);
						}),
					roundId,
					rounds,
					1
				);
			} finally {
				await db.close();
			}
		}
	};
}

/**
 * Every participant of the round's session casts `rounds` times, each cast one transaction as the
 * app makes it (role authenticated, the participant's claims, public.cast_position; `transaction`
 * runs a list of [sql, params] as one), `width` at a time. Returns casts per second. The round is
 * first put in the re-position phase, so casting is allowed whatever phase the run left it in.
 */
async function rawCasts(query, transaction, roundId, rounds, width) {
	await query(`update app.session_rounds set phase = 'reposition' where id = $1`, [roundId]);
	const people = (
		await query(
			`select p.user_id from app.session_participants p join app.session_rounds r on r.session_id = p.session_id where r.id = $1`,
			[roundId]
		)
	).map((r) => r.user_id);
	const casts = people.flatMap((userId) =>
		Array.from({ length: rounds }, (_, i) => ({ userId, value: (i * 37 + userId.charCodeAt(0)) % 101 }))
	);
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < casts.length) {
				const { userId, value } = casts[next++];
				await transaction([
					[
						`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
						[JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated', is_anonymous: true })]
					],
					[`select public.cast_position($1, $2, null)`, [roundId, value]]
				]);
			}
		})
	);
	return casts.length / ((performance.now() - started) / 1000);
}

/** The PostgreSQL server at `adminUrl` (a superuser): a new database for this run. */
export function postgresStore(cleanup, adminUrl) {
	const name = `werkplaats_run_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const databaseUrl = withDatabase(adminUrl, name);
	return {
		name: 'postgres',
		async prepare() {
			await withSql(adminUrl, (sql) => sql.unsafe(`create database "${name}"`));
			// `with (force)` ends any connection a killed server left behind (PostgreSQL 13+).
			cleanup.add(() => withSql(adminUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)));
		},
		env: () => ({ DATABASE_URL: databaseUrl, WERKPLAATS_DEMO_DATA: 'true' }),
		async inspect(roundId) {
			const started = performance.now();
			return withSql(databaseUrl, async (sql) => {
				const positions = await sql.unsafe(positionsSql, [roundId]);
				const [notes] = await sql.unsafe(notesSql, [roundId]);
				return { readMs: performance.now() - started, positions: [...positions], notes };
			});
		},
		/** As the embedded store's, with as many connections at once as the app's pool (10). */
		async rawCasts(roundId, rounds = 2) {
			const sql = postgres(databaseUrl, { max: 10, connect_timeout: 10, onnotice: () => {} });
			try {
				return await rawCasts(
					(text, params) => sql.unsafe(text, params).then((rows) => [...rows]),
					// As the app sends them (SqlBackend.rpc through the executor's batch): pipelined.
					(statements) => sql.begin((tx) => statements.map(([text, params]) => tx.unsafe(text, params))),
					roundId,
					rounds,
					10
				);
			} finally {
				await sql.end({ timeout: 5 });
			}
		}
	};
}

/** Fails with one sentence when the PostgreSQL server cannot be reached as a superuser. */
export async function checkPostgres(adminUrl) {
	const { hostname, port, username } = new URL(adminUrl);
	try {
		const superuser = await withSql(
			adminUrl,
			async (sql) => (await sql`select rolsuper from pg_roles where rolname = current_user`)[0]?.rolsuper
		);
		if (!superuser) throw Object.assign(new Error(`role ${username} is not a superuser`), { code: 'not superuser' });
	} catch (error) {
		throw new Error(
			`PostgreSQL is not usable at ${hostname}:${port || 5432} as ${username} (${error.code ?? error.message}); ` +
				'run `bash scripts/test-prerequisites.sh` or set TEST_DATABASE_URL to a superuser connection.',
			{ cause: error }
		);
	}
}

async function withSql(url, work) {
	const sql = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
	try {
		return await work(sql);
	} finally {
		await sql.end({ timeout: 5 });
	}
}

function withDatabase(url, database) {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}
