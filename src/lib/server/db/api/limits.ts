import { z } from 'zod';
import { id } from '$lib/domain/schemas';
import { count, none, type Calls } from './common';

/**
 * The brakes counted in the database over the Data API (migration 20261205030000), for servers
 * that reach it only that way (Supabase): the server itself (service_role) calls them, nobody
 * else may (src/lib/server/limits-over-api.ts).
 */

/** A brake's key ("join-code:ip:198.51.100.7"); a guess names one to three of them. */
const limitKeys = z.array(z.string().min(1).max(300)).min(1).max(4);
const limitsPerKey = z.array(z.number().int().min(0).max(1_000_000)).min(1).max(4);
const seconds = z.number().int().min(1).max(86_400);

export const reservation = z.discriminatedUnion('state', [
	z.object({ state: z.literal('reserved'), reservation: id }),
	z.object({ state: z.enum(['blocked', 'busy']), reservation: z.null() })
]);

export const limitCalls = {
	limit_reserve: {
		args: z.object({ keys: limitKeys, limits: limitsPerKey, holdSeconds: seconds }),
		result: reservation
	},
	limit_settle: {
		args: z.object({ reservation: id, wrong: z.boolean(), windowSeconds: seconds }),
		result: none
	},
	limit_hit: {
		args: z.object({ keys: limitKeys, limits: limitsPerKey, windowSeconds: seconds }),
		result: count
	},
	limit_take: {
		args: z.object({
			keys: limitKeys,
			bursts: z.array(z.number().min(1).max(1_000_000)).min(1).max(4),
			rates: z.array(z.number().positive().max(1_000_000)).min(1).max(4)
		}),
		result: z.boolean()
	},
	limit_sweep: { args: z.object({}), result: none }
} as const satisfies Calls;
