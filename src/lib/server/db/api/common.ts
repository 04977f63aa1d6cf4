import { z } from 'zod';

/** What the rows of every area share. */

export const timestamp = z.string();
/** A function that returns nothing (void in SQL; PostgREST sends '' or null). */
export const none = z
	.null()
	.or(z.literal(''))
	.or(z.undefined())
	.transform(() => null);
/** A count or other whole number (bigint arrives as text from some drivers). */
export const count = z.coerce.number().int();

/** One SQL function: its arguments (camelCase here, `p_snake_case` in SQL) and its result. */
export type Calls = Record<string, { args: z.ZodObject; result: z.ZodType }>;
