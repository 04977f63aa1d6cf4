import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '$lib/server/config';

const supabase = {
	PUBLIC_SUPABASE_URL: 'https://abcdefgh.supabase.co',
	PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_key'
};

/** The ConfigError readConfig throws for this environment; fails if it returns or throws anything else. */
function configError(env: Record<string, string | undefined>): ConfigError {
	try {
		readConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		return error as ConfigError;
	}
	throw new Error(`readConfig accepted ${JSON.stringify(env)}`);
}

describe('readConfig', () => {
	it('without configuration: embedded PGlite in ./data/werkplaats with demo data', () => {
		expect(readConfig({})).toEqual({ backend: 'pglite', dataDir: './data/werkplaats', seedDemo: true });
	});

	it('blank values count as unset', () => {
		expect(readConfig({ DATABASE_URL: '  ', PUBLIC_SUPABASE_URL: '', WERKPLAATS_DEMO_DATA: ' ' })).toEqual({
			backend: 'pglite',
			dataDir: './data/werkplaats',
			seedDemo: true
		});
	});

	it('WERKPLAATS_DATA_DIR moves the embedded database; demo data can be switched off', () => {
		expect(readConfig({ WERKPLAATS_DATA_DIR: '/var/lib/werkplaats', WERKPLAATS_DEMO_DATA: 'false' })).toEqual({
			backend: 'pglite',
			dataDir: '/var/lib/werkplaats',
			seedDemo: false
		});
	});

	it('DATABASE_URL selects the PostgreSQL server, without demo data unless asked for', () => {
		const url = 'postgres://app:secret@db.internal:5432/werkplaats';
		expect(readConfig({ DATABASE_URL: url })).toEqual({ backend: 'postgres', databaseUrl: url, seedDemo: false });
		expect(readConfig({ DATABASE_URL: url, WERKPLAATS_DEMO_DATA: 'true' })).toEqual({
			backend: 'postgres',
			databaseUrl: url,
			seedDemo: true
		});
		expect(readConfig({ DATABASE_URL: 'postgresql://localhost/w', WERKPLAATS_DEMO_DATA: 'TRUE' })).toMatchObject({
			backend: 'postgres',
			seedDemo: true
		});
		for (const value of ['1', 'yes', 'Yes']) {
			expect(readConfig({ DATABASE_URL: url, WERKPLAATS_DEMO_DATA: value })).toMatchObject({ seedDemo: true });
		}
		for (const value of ['0', 'no', 'false']) {
			expect(readConfig({ DATABASE_URL: url, WERKPLAATS_DEMO_DATA: value })).toMatchObject({ seedDemo: false });
		}
	});

	it('both Supabase variables select Supabase; the service role key is optional', () => {
		expect(readConfig(supabase)).toEqual({
			backend: 'supabase',
			url: supabase.PUBLIC_SUPABASE_URL,
			publishableKey: 'sb_publishable_key',
			serviceRoleKey: undefined
		});
		expect(readConfig({ ...supabase, SUPABASE_SERVICE_ROLE_KEY: 'service-key' })).toMatchObject({
			backend: 'supabase',
			serviceRoleKey: 'service-key'
		});
		expect(readConfig({ ...supabase, PUBLIC_SUPABASE_URL: 'http://127.0.0.1:54321' })).toMatchObject({
			backend: 'supabase',
			url: 'http://127.0.0.1:54321'
		});
	});

	it('the legacy PUBLIC_SUPABASE_ANON_KEY is still accepted; the publishable key wins when both are set', () => {
		const legacy = { PUBLIC_SUPABASE_URL: supabase.PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_ANON_KEY: 'eyJ-legacy-anon' };
		expect(readConfig(legacy)).toMatchObject({ backend: 'supabase', publishableKey: 'eyJ-legacy-anon' });
		expect(readConfig({ ...legacy, ...supabase })).toMatchObject({ publishableKey: 'sb_publishable_key' });
		expect(configError({ PUBLIC_SUPABASE_ANON_KEY: 'eyJ-legacy-anon' }).message).toContain('PUBLIC_SUPABASE_URL');
	});

	it('SUPABASE_JWT_SECRET (participants without a sign-in each) needs the service role key', () => {
		expect(readConfig({ ...supabase, SUPABASE_SERVICE_ROLE_KEY: 'k', SUPABASE_JWT_SECRET: 's' })).toMatchObject({
			jwtSecret: 's'
		});
		expect(configError({ ...supabase, SUPABASE_JWT_SECRET: 's' }).message).toContain('SUPABASE_SERVICE_ROLE_KEY');
	});

	it('half a Supabase configuration names what is missing', () => {
		const noKey = configError({ PUBLIC_SUPABASE_URL: supabase.PUBLIC_SUPABASE_URL });
		expect(noKey.message).toContain('PUBLIC_SUPABASE_PUBLISHABLE_KEY');
		expect(noKey.message).not.toContain('PUBLIC_SUPABASE_URL');

		const noUrl = configError({ PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_key' });
		expect(noUrl.message).toContain('PUBLIC_SUPABASE_URL');
		expect(noUrl.message).not.toContain('PUBLIC_SUPABASE_PUBLISHABLE_KEY');

		const onlyService = configError({ SUPABASE_SERVICE_ROLE_KEY: 'service-key' });
		expect(onlyService.message).toContain('PUBLIC_SUPABASE_URL');
		expect(onlyService.message).toContain('PUBLIC_SUPABASE_PUBLISHABLE_KEY');
	});

	it('DATABASE_URL together with Supabase is refused', () => {
		const error = configError({ ...supabase, DATABASE_URL: 'postgres://localhost/w' });
		expect(error.message).toMatch(/DATABASE_URL/);
		expect(error.message).toMatch(/Supabase/);
		// Even half a Supabase configuration next to DATABASE_URL is a conflict, not a silent choice.
		expect(configError({ DATABASE_URL: 'postgres://localhost/w', SUPABASE_SERVICE_ROLE_KEY: 'k' }).message).toMatch(
			/not both/
		);
	});

	it('refuses URLs of the wrong scheme', () => {
		for (const databaseUrl of [
			'mysql://localhost/w',
			'localhost:5432',
			'https://db.example/w',
			'postgres:/missing-slash'
		]) {
			expect(configError({ DATABASE_URL: databaseUrl }).message).toContain('DATABASE_URL');
		}
		for (const url of ['ftp://abcdefgh.supabase.co', 'javascript:alert(1)', 'abcdefgh.supabase.co', 'not a url']) {
			expect(configError({ ...supabase, PUBLIC_SUPABASE_URL: url }).message).toContain('PUBLIC_SUPABASE_URL');
		}
	});

	it('refuses a WERKPLAATS_DEMO_DATA that is not a yes/no value, on every backend', () => {
		for (const env of [{}, { DATABASE_URL: 'postgres://localhost/w' }, supabase]) {
			for (const value of ['maybe', 'on', '2', 'ja']) {
				expect(configError({ ...env, WERKPLAATS_DEMO_DATA: value }).message).toContain('WERKPLAATS_DEMO_DATA');
			}
		}
	});
});
