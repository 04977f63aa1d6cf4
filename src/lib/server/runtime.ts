import { mkdirSync } from 'node:fs';
import type { Config } from './config';
import type { Backend } from './db/port';
import { openPgliteThread, type ThreadedPglite } from './db/pglite-thread';
import { lockDataDir } from './db/data-dir-lock';
import { openPostgres } from './db/postgres';
import { SqlBackend, type SqlExecutor } from './db/sql-backend';
import { SupabaseBackend } from './db/supabase';
import { migrate, seedDemo } from './db/migrate';
import type { AuthProvider } from './auth';
import { LocalAuthProvider } from './auth/local';
import { LocalAuthStore } from './auth/local-store';
import { SupabaseAuthProvider } from './auth/supabase';
import { demoAccounts, demoPassword } from './demo';
import { installBuiltinDilemmaSet } from './dilemma-sets';
import { LiveHub } from './live/hub';
import { listenSql } from './live/listen-sql';
import { listenSupabase } from './live/listen-supabase';
import { drainNetworkQueue } from './db/network-queue';
import { apiLimits, defaultJoinLimits, memoryLimits, sharedLimits, type JoinLimits, type Limits } from './limits';
import { sweepApiLimits } from './limits-over-api';

/** The process-wide pieces: one backend and one auth provider, chosen by configuration. */
export interface Runtime {
	config: Config;
	backend: Backend;
	auth: AuthProvider;
	/** The SQL engine behind the embedded and PostgreSQL backends (absent on Supabase). */
	executor?: SqlExecutor;
	/** Session events for the live screens: LISTEN on the SQL engines, Realtime on Supabase. */
	live: LiveHub;
	/** The brakes on guessing and joining: in memory on the embedded database, else in the database, shared. */
	limits: Limits;
	/** Ends the live streams, then closes the database connections. */
	close(): Promise<void>;
}

export async function startRuntime(
	config: Config,
	log: (line: string) => void = console.log,
	options: { joinLimits?: JoinLimits } = {}
): Promise<Runtime> {
	const joinLimits = options.joinLimits ?? defaultJoinLimits;
	if (config.backend === 'supabase') {
		const settings = {
			url: config.url,
			publishableKey: config.publishableKey,
			serviceRoleKey: config.serviceRoleKey,
			jwtSecret: config.jwtSecret
		};
		log(`Werkplaats: Supabase at ${config.url}`);
		const backend = new SupabaseBackend(settings);
		if (!config.jwtSecret) {
			log(
				'Werkplaats: SUPABASE_JWT_SECRET not set, so every participant who joins by code costs one anonymous ' +
					"sign-in from this server's address (a new project allows 30 an hour): see the README"
			);
		}
		const live = new LiveHub();
		let limits: Limits;
		let sweeper: NodeJS.Timeout | undefined;
		if (config.serviceRoleKey) {
			await reportBuiltinSet(backend, log);
			// Network aggregates queued by writes no server drained (one stopped, or a seed).
			drainNetworkQueue(backend);
			await live.attach(listenSupabase({ url: config.url, serviceRoleKey: config.serviceRoleKey }));
			// The brakes count in the project's database, shared by every server on it.
			limits = apiLimits(backend, joinLimits);
			sweeper = everyTenMinutes(() => sweepApiLimits(backend));
		} else {
			log(
				'Werkplaats: SUPABASE_SERVICE_ROLE_KEY not set, so live screens update only when reloaded ' +
					'(the built-in dilemma set comes with the migrations), and the limits on wrong codes, ' +
					'passwords and joins count in this server alone'
			);
			limits = memoryLimits(joinLimits);
		}
		const close = async () => {
			clearInterval(sweeper);
			await live.close();
			await backend.close();
		};
		return { config, backend, auth: new SupabaseAuthProvider(settings, backend), live, limits, close };
	}

	let executor: SqlExecutor;
	let embedded: ThreadedPglite | undefined;
	let limitsPool: SqlExecutor | undefined;
	if (config.backend === 'pglite') {
		mkdirSync(config.dataDir, { recursive: true });
		const lock = lockDataDir(config.dataDir);
		executor = embedded = await openPgliteThread(config.dataDir, { onClose: lock.release });
		log(`Werkplaats: embedded database in ${config.dataDir}`);
	} else {
		executor = openPostgres(config.databaseUrl);
		// Several servers may share PostgreSQL: their brakes count there, on a small pool of their own.
		limitsPool = openPostgres(config.databaseUrl, { max: 4 });
		log('Werkplaats: PostgreSQL server from DATABASE_URL');
	}
	const limits = limitsPool ? sharedLimits(limitsPool, joinLimits) : memoryLimits(joinLimits);
	const sweeper = limitsPool && everyTenMinutes(() => limitsPool.transaction((q) => q('select private.limit_sweep()')));
	const applied = await migrate(executor);
	if (applied.length) log(`Werkplaats: applied migrations ${applied.join(', ')}`);
	const backend = new SqlBackend(executor);
	const live = new LiveHub();
	await live.attach(listenSql(executor));
	await reportBuiltinSet(backend, log);
	// The embedded database has this one server: it may remember cookies (see LocalAuthStore).
	const store = new LocalAuthStore(executor, { cache: Boolean(embedded) });
	if (embedded) await store.followSessionEnds(embedded.listen);
	if (config.seedDemo) {
		await seedDemo(executor);
		await store.setPasswordWhereMissing(
			demoAccounts.map((a) => a.email),
			demoPassword
		);
		log(
			`Werkplaats: demo team ready; sign in as ${demoAccounts[0].email} (facilitator) or ` +
				`${demoAccounts[1].email} (member), password "${demoPassword}"`
		);
	}
	// Network aggregates queued by writes no server drained (one stopped mid-drain, or the seed):
	// in the background, the readers compute queued keys meanwhile.
	drainNetworkQueue(backend);
	const close = async () => {
		clearInterval(sweeper);
		await live.close();
		await backend.close();
		await limitsPool?.close();
	};
	return { config, backend, auth: new LocalAuthProvider(store), executor, live, limits, close };
}

/** Passed windows, full buckets and lapsed reservations carry nothing: each server clears them now and then. */
function everyTenMinutes(sweep: () => Promise<unknown>) {
	const timer = setInterval(() => void sweep().catch(() => {}), 10 * 60_000);
	timer.unref();
	return timer;
}

async function reportBuiltinSet(backend: Backend, log: (line: string) => void) {
	const installed = await installBuiltinDilemmaSet(backend);
	if (installed.created) log(`Werkplaats: installed the built-in dilemma set, version ${installed.version}`);
}
