/**
 * The plain Node helpers the benchmark and the crash test drive servers with (scripts/lib), for
 * specs that start servers of their own: loaded at run time, as untyped JavaScript that the type
 * check of the app does not cover.
 */
const load = (name: string): Promise<any> => import(new URL(`../../scripts/lib/${name}.mjs`, import.meta.url).href);

export const [appServer, stores, http, demoSession] = await Promise.all(
	['app-server', 'stores', 'http-client', 'demo-session'].map(load)
);

/** The PostgreSQL server (a superuser) the db tests and the benchmark use. */
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://werkplaats:werkplaats@127.0.0.1:5432/postgres';
