import type { Cookies } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { SupabaseAuthProvider, participantCookie } from '$lib/server/auth/supabase';
import { DbError } from '$lib/server/db/errors';
import { DbClient, type Actor } from '$lib/server/db/port';
import { SupabaseBackend, type SupabaseSettings } from '$lib/server/db/supabase';
import { asSuperuser, pgliteDatabase, type TestDatabase } from './harness';
import { as, createPerson } from './factories';
import { createSession } from './sessions-cast';
import { signJwt, startPostgrestStandIn, type PostgrestStandIn } from './postgrest-standin';

// Issue #12, finding 5: Supabase Auth limits anonymous sign-ins per client address (30 an hour
// on a new project), and the app's server makes them, so one budget served every room of every
// team. With the project's JWT secret the server registers participants itself (one database
// call as the service role) and signs their tokens: what one join costs Supabase Auth, counted
// at the stand-in for a Supabase project (everything under /auth/v1 is Supabase Auth).

/** A cookie jar per phone, as SvelteKit's cookies would hold it. */
function phone() {
	const values = new Map<string, string>();
	const cookies = {
		get: (name: string) => values.get(name),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void values.set(name, value),
		delete: (name: string) => void values.delete(name),
		serialize: () => ''
	} as unknown as Cookies;
	const headers: Record<string, string>[] = [];
	return { cookies, values, headers, setHeaders: (h: Record<string, string>) => void headers.push(h) };
}

describe('joining a session on Supabase: a room of 500 phones, no Supabase Auth call per phone', () => {
	let db: TestDatabase;
	let standIn: PostgrestStandIn;
	let settings: SupabaseSettings;
	let backend: SupabaseBackend;
	let provider: SupabaseAuthProvider;
	let code: string;
	let sessionId: string;
	const url = new URL('https://werkplaats.example.nl/doe-mee');
	const authCalls = () => standIn.requests.filter((r) => r.path.startsWith('/auth/v1')).length;

	beforeAll(async () => {
		db = await pgliteDatabase();
		await installBuiltinDilemmaSet(db.backend);
		standIn = await startPostgrestStandIn(db);
		settings = {
			url: standIn.url,
			publishableKey: standIn.anonKey,
			serviceRoleKey: standIn.serviceRoleKey,
			jwtSecret: standIn.secret
		};
		backend = new SupabaseBackend(settings);
		provider = new SupabaseAuthProvider(settings, backend);
		const facilitator = await createPerson(db, { name: 'Facilitator' });
		const team = await as(db, facilitator).call('create_team', { name: 'Wijkteam Zaal' });
		const session = await createSession(db, facilitator, team.id);
		code = session.join_code!;
		sessionId = session.id;
	}, 60_000);
	afterAll(async () => {
		await standIn?.close();
		await db?.close();
	});

	it('500 phones join: 0 calls to Supabase Auth, two database calls each, 500 participants', async () => {
		standIn.requests.length = 0;
		const phones = [];
		for (let i = 0; i < 500; i++) {
			const p = phone();
			const auth = provider.forRequest({ cookies: p.cookies, url, setHeaders: p.setHeaders });
			const actor = await auth.joinAnonymously(`Telefoon ${i + 1}`, 'nl');
			await new DbClient(backend, actor).call('join_session', { code, displayName: `Telefoon ${i + 1}` });
			phones.push(p);
		}
		expect(authCalls()).toBe(0);
		const calls = (path: string) => standIn.requests.filter((r) => r.path === path).length;
		expect({
			register: calls('/rest/v1/rpc/register_participant'),
			join: calls('/rest/v1/rpc/join_session'),
			refused: standIn.requests.filter((r) => r.status !== 200).length
		}).toEqual({ register: 500, join: 500, refused: 0 });
		const [{ n }] = await asSuperuser(
			db,
			`select count(*)::int as n from app.session_participants where session_id = $1`,
			[sessionId]
		);
		expect(n).toBe(500);
		// Each phone holds an httpOnly participant cookie, and the response that set it is not cached.
		expect(phones.every((p) => p.values.has(participantCookie))).toBe(true);
		expect(phones[0].headers).toEqual([
			expect.objectContaining({ 'Cache-Control': expect.stringContaining('no-store') })
		]);

		// The next request from a phone: who it is comes from its cookie, still without Supabase Auth.
		const again = await provider.forRequest({ cookies: phones[42].cookies, url }).actor();
		expect(again).toMatchObject({ kind: 'user', isAnonymous: true });
		await new DbClient(backend, again).call('session_viewer', { sessionId, roundId: null });
		expect(authCalls()).toBe(0);
	}, 300_000);

	it('without the JWT secret each join is one anonymous sign-in at Supabase Auth (so the count above is not vacuous)', async () => {
		standIn.requests.length = 0;
		const signingIn = new SupabaseAuthProvider({ ...settings, jwtSecret: undefined }, backend);
		const p = phone();
		// The stand-in is no Supabase Auth: it records the call and refuses it.
		await signingIn
			.forRequest({ cookies: p.cookies, url })
			.joinAnonymously('Telefoon', 'nl')
			.catch(() => undefined);
		expect(standIn.requests.map((r) => r.path)).toEqual(['/auth/v1/signup']);
	});

	it('a participant made this way meets the same RLS as an anonymous sign-in: no team administration, own profile only', async () => {
		const p = phone();
		const actor = await provider.forRequest({ cookies: p.cookies, url }).joinAnonymously('Gast', 'en');
		const db2 = new DbClient(backend, actor);
		const refused = await db2.call('create_team', { name: 'Gekaapt' }).then(
			() => null,
			(e: unknown) => e
		);
		expect(refused).toBeInstanceOf(DbError);
		expect((refused as DbError).status).toBe(403);
		expect(await db2.call('my_profile', {})).toMatchObject({ display_name: 'Gast', locale: 'en' });
		const [user] = await asSuperuser(
			db,
			`select is_anonymous, confirmation_token, email_change from auth.users where id = $1`,
			[(actor as Actor & { kind: 'user' }).userId]
		);
		expect(user).toEqual({ is_anonymous: true, confirmation_token: '', email_change: '' });
	});

	it('only the server itself may register a participant, and a forged or expired participant cookie is no one', async () => {
		const someone = await createPerson(db, { name: 'Iemand' });
		for (const caller of [{ kind: 'anon' } as Actor, someone]) {
			const token = caller.kind === 'user' ? standIn.tokenFor(caller) : undefined;
			const outcome = await backend
				.rpc(
					'register_participant',
					{ p_display_name: 'Nep', p_locale: 'nl' },
					caller.kind === 'user' ? { ...caller, accessToken: token } : caller
				)
				.then(
					() => 'registered',
					(e: DbError) => e.status
				);
			expect([401, 403]).toContain(outcome);
		}
		const p = phone();
		const inAnHour = Math.floor(Date.now() / 1000) + 3600;
		p.values.set(
			participantCookie,
			signJwt({ role: 'authenticated', sub: someone.userId, is_anonymous: true, exp: inAnHour }, 'not the secret')
		);
		expect(await provider.forRequest({ cookies: p.cookies, url }).actor()).toEqual({ kind: 'anon' });
		expect(p.values.has(participantCookie)).toBe(false);
	});
});
