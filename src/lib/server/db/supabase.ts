import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Actor, Backend } from './port';
import { DbError, fromPostgresError } from './errors';

export interface SupabaseSettings {
	url: string;
	/** The publishable key (sb_publishable_…), or a legacy anon key: it only says which project. */
	publishableKey: string;
	/** Only for the server's own maintenance calls (the `service` actor). */
	serviceRoleKey?: string;
	/**
	 * The project's JWT secret (server only). With it and the service role key, participants who
	 * join by code get identities from the server, not one Supabase Auth sign-in per phone.
	 */
	jwtSecret?: string;
}

/** A supabase-js client acting with the given access token (or as `anon` without one). */
export function supabaseClientFor(settings: SupabaseSettings, accessToken?: string): SupabaseClient {
	return createClient(settings.url, settings.publishableKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: { headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {} }
	});
}

/**
 * Supabase: a pass-through to PostgREST's RPC endpoint with the caller's JWT, so PostgREST sets
 * the role and claims and the same RLS and functions apply as on the SQL backends.
 */
export class SupabaseBackend implements Backend {
	readonly name = 'supabase' as const;
	/**
	 * One client per actor, and an actor is made once per request (the visitor and the server
	 * itself are one actor each): a request's calls share a client instead of making one per call.
	 */
	#clients = new WeakMap<Actor, SupabaseClient>();

	constructor(readonly settings: SupabaseSettings) {}

	get canActAsServer(): boolean {
		return Boolean(this.settings.serviceRoleKey);
	}

	/** The supabase-js client this actor's calls go through, made on its first call. */
	clientFor(actor: Actor, token?: string): SupabaseClient {
		let client = this.#clients.get(actor);
		if (!client) {
			client = supabaseClientFor(this.settings, token);
			this.#clients.set(actor, client);
		}
		return client;
	}

	async rpc(fn: string, args: Record<string, unknown>, actor: Actor): Promise<unknown> {
		const token =
			actor.kind === 'user' ? actor.accessToken : actor.kind === 'service' ? this.settings.serviceRoleKey : undefined;
		if (actor.kind !== 'anon' && !token) throw new DbError(401, 'not_signed_in');
		let response;
		try {
			response = await this.clientFor(actor, token).rpc(fn, args);
		} catch {
			throw new DbError(503, 'database_unavailable');
		}
		if (response.error) {
			// postgrest-js does not throw when the network fails: it answers status 0. PostgREST
			// itself answers 503/504 when it cannot reach the database (PGRST000-003, SQLSTATE 08*).
			if (response.status === 0 || response.status === 503 || response.status === 504) {
				throw new DbError(503, 'database_unavailable', response.error.code || undefined);
			}
			// An expired or invalid JWT (PGRST301/PGRST303, HTTP 401): the session is over.
			if (response.status === 401 && /^PGRST3/.test(response.error.code ?? '')) {
				throw new DbError(401, 'not_signed_in', response.error.code);
			}
			// PostgREST's other errors (PGRST…) have no SQLSTATE: they map to a 500 and are logged.
			throw fromPostgresError(response.error);
		}
		return response.data ?? null;
	}

	async close() {}
}
