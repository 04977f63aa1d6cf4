import type { z } from 'zod';
import { DbError } from './errors';
import { firstErrorKey } from '$lib/i18n/error-key';
import { api, type ApiFunction, type ApiArgs, type ApiResult } from './api';
import { drainNetworkQueue, queueingCalls } from './network-queue';

/**
 * Who is calling: nobody signed in, an auth user (with an account or anonymous), or the server
 * itself for maintenance such as installing the built-in dilemma set (Supabase's service_role).
 */
export type Actor =
	| { kind: 'anon' }
	| { kind: 'service' }
	| { kind: 'user'; userId: string; isAnonymous: boolean; email?: string | null; accessToken?: string };

export const anonymousVisitor: Actor = { kind: 'anon' };
export const serverItself: Actor = { kind: 'service' };

/** JWT claims as PostgREST would set them in request.jwt.claims. */
export function claimsFor(actor: Actor): Record<string, unknown> {
	if (actor.kind === 'anon') return { role: 'anon' };
	if (actor.kind === 'service') return { role: 'service_role' };
	return {
		sub: actor.userId,
		role: 'authenticated',
		aud: 'authenticated',
		is_anonymous: actor.isAnonymous,
		email: actor.email ?? undefined
	};
}

/** A backend runs one API function as one actor. SQL argument names are already final. */
export interface Backend {
	readonly name: 'pglite' | 'postgres' | 'supabase';
	/**
	 * Whether calls as the server itself (service_role) can be made: always on the SQL backends,
	 * on Supabase only with the service role key. What needs it (the network queue's drain, the
	 * shared brakes) is skipped or kept in memory without it.
	 */
	readonly canActAsServer: boolean;
	rpc(fn: string, args: Record<string, unknown>, actor: Actor): Promise<unknown>;
	close(): Promise<void>;
}

/** camelCase TypeScript argument names become the `p_snake_case` parameters of the SQL API. */
export function toSqlArgs(args: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(args)) {
		if (value === undefined) continue;
		out['p_' + key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())] = value;
	}
	return out;
}

/** Argument refusals that mean "there is no such thing" rather than "you typed it wrong". */
const notFoundKeys = new Set([
	'dilemma_not_found',
	'invite_not_found',
	'join_code_unknown',
	'team_not_found',
	'session_not_found',
	'network_not_found'
]);

/** The database as one actor sees it: every call validated on the way in and on the way out. */
export class DbClient {
	constructor(
		readonly backend: Backend,
		readonly actor: Actor
	) {}

	async call<F extends ApiFunction>(fn: F, args: ApiArgs<F>): Promise<ApiResult<F>> {
		const spec = api[fn];
		const parsedArgs = (spec.args as z.ZodType).safeParse(args);
		if (!parsedArgs.success) {
			// A schema may name its own refusal (e.g. 'dilemma_not_found' for a malformed slug, a 404).
			const key = firstErrorKey(parsedArgs.error.issues);
			throw new DbError(notFoundKeys.has(key) ? 404 : 400, key, undefined, parsedArgs.error.issues);
		}
		const raw = await this.backend.rpc(fn, toSqlArgs(parsedArgs.data as Record<string, unknown>), this.actor);
		const parsedResult = (spec.result as z.ZodType).safeParse(raw);
		if (!parsedResult.success) {
			// The database answered something the app does not understand: a bug, not bad input.
			throw new DbError(500, 'internal', undefined, { fn, issues: parsedResult.error.issues });
		}
		// The answer is ready; the network aggregates this call queued are rewritten after it.
		if (queueingCalls.has(fn)) drainNetworkQueue(this.backend);
		return parsedResult.data as ApiResult<F>;
	}
}
