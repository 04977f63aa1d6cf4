import { z } from 'zod';

/**
 * Which backend runs, read once from the environment at start-up. A half-finished configuration
 * stops the server with one sentence saying what is missing, never a stack trace.
 */
export type Config =
	| { backend: 'pglite'; dataDir: string; seedDemo: boolean }
	| { backend: 'postgres'; databaseUrl: string; seedDemo: boolean }
	| { backend: 'supabase'; url: string; publishableKey: string; serviceRoleKey?: string; jwtSecret?: string };

export class ConfigError extends Error {}

const flag = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no'])
	.transform((v) => v === '1' || v === 'true' || v === 'yes');

export function readConfig(env: Record<string, string | undefined>): Config {
	const value = (name: string) => {
		const v = env[name]?.trim();
		return v ? v : undefined;
	};
	const databaseUrl = value('DATABASE_URL');
	const supabaseUrl = value('PUBLIC_SUPABASE_URL');
	// Supabase now issues publishable keys (sb_publishable_…); the legacy anon key (a JWT) still works.
	const publishableKey = value('PUBLIC_SUPABASE_PUBLISHABLE_KEY') ?? value('PUBLIC_SUPABASE_ANON_KEY');
	const serviceRoleKey = value('SUPABASE_SERVICE_ROLE_KEY');
	const jwtSecret = value('SUPABASE_JWT_SECRET');
	const demo = value('WERKPLAATS_DEMO_DATA');
	const parsedDemo = demo === undefined ? undefined : flag.safeParse(demo.toLowerCase());
	if (parsedDemo && !parsedDemo.success) {
		throw new ConfigError('WERKPLAATS_DEMO_DATA must be true or false.');
	}

	if (supabaseUrl || publishableKey || serviceRoleKey) {
		if (databaseUrl) {
			throw new ConfigError('Set either DATABASE_URL or the Supabase variables, not both.');
		}
		if (!supabaseUrl || !publishableKey) {
			const missing = [
				!supabaseUrl && 'PUBLIC_SUPABASE_URL',
				!publishableKey && 'PUBLIC_SUPABASE_PUBLISHABLE_KEY'
			].filter(Boolean);
			throw new ConfigError(`Supabase is half configured: ${missing.join(' and ')} missing.`);
		}
		if (!z.url({ protocol: /^https?$/ }).safeParse(supabaseUrl).success) {
			throw new ConfigError('PUBLIC_SUPABASE_URL is not an http(s) URL.');
		}
		if (jwtSecret && !serviceRoleKey) {
			throw new ConfigError(
				'SUPABASE_JWT_SECRET needs SUPABASE_SERVICE_ROLE_KEY too (participants are registered by the server).'
			);
		}
		return { backend: 'supabase', url: supabaseUrl, publishableKey, serviceRoleKey, jwtSecret };
	}
	if (databaseUrl) {
		if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
			throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://.');
		}
		return { backend: 'postgres', databaseUrl, seedDemo: parsedDemo?.data ?? false };
	}
	return {
		backend: 'pglite',
		dataDir: value('WERKPLAATS_DATA_DIR') ?? './data/werkplaats',
		seedDemo: parsedDemo?.data ?? true
	};
}
