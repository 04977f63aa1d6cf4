import { mkdirSync } from 'node:fs';
import type { Config } from './config';
import type { Backend } from './db/port';
import { openPglite } from './db/pglite';
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
import { LiveHub, listenSql, listenSupabase } from './live/hub';

/** The process-wide pieces: one backend and one auth provider, chosen by configuration. */
export interface Runtime {
	config: Config;
	backend: Backend;
	auth: AuthProvider;
	/** The SQL engine behind the embedded and PostgreSQL backends (absent on Supabase). */
	executor?: SqlExecutor;
	/** Session events for the live screens: LISTEN on the SQL engines, Realtime on Supabase. */
	live: LiveHub;
}

export async function startRuntime(config: Config, log: (line: string) => void = console.log): Promise<Runtime> {
	if (config.backend === 'supabase') {
		const settings = { url: config.url, publishableKey: config.publishableKey, serviceRoleKey: config.serviceRoleKey, jwtSecret: config.jwtSecret };
		log(`Werkplaats: Supabase at ${config.url}`);
		const backend = new SupabaseBackend(settings);
		if (!config.jwtSecret) {
			log('Werkplaats: SUPABASE_JWT_SECRET not set, so every participant who joins by code costs one anonymous ' +
				'sign-in from this server\'s address (a new project allows 30 an hour): see the README');
		}
		const live = new LiveHub();
		if (config.serviceRoleKey) {
			await reportBuiltinSet(backend, log);
			await live.attach(listenSupabase({ url: config.url, serviceRoleKey: config.serviceRoleKey }));
		} else {
			log('Werkplaats: SUPABASE_SERVICE_ROLE_KEY not set, so live screens update only when reloaded ' +
				'(the built-in dilemma set comes with the migrations)');
		}
		return { config, backend, auth: new SupabaseAuthProvider(settings, backend), live };
	}

	let executor: SqlExecutor;
	if (config.backend === 'pglite') {
		mkdirSync(config.dataDir, { recursive: true });
		executor = await openPglite(config.dataDir);
		log(`Werkplaats: embedded database in ${config.dataDir}`);
	} else {
		executor = openPostgres(config.databaseUrl);
		log('Werkplaats: PostgreSQL server from DATABASE_URL');
	}
	const applied = await migrate(executor);
	if (applied.length) log(`Werkplaats: applied migrations ${applied.join(', ')}`);
	const backend = new SqlBackend(executor);
	const live = new LiveHub();
	await live.attach(listenSql(executor));
	await reportBuiltinSet(backend, log);
	const store = new LocalAuthStore(executor);
	if (config.seedDemo) {
		await seedDemo(executor);
		await store.setPasswordWhereMissing(demoAccounts.map((a) => a.email), demoPassword);
		log(`Werkplaats: demo team ready; sign in as ${demoAccounts[0].email} (facilitator) or ` +
			`${demoAccounts[1].email} (member), password "${demoPassword}"`);
	}
	return { config, backend, auth: new LocalAuthProvider(store), executor, live };
}

async function reportBuiltinSet(backend: Backend, log: (line: string) => void) {
	const installed = await installBuiltinDilemmaSet(backend);
	if (installed.created) log(`Werkplaats: installed the built-in dilemma set, version ${installed.version}`);
}
