import type { z } from 'zod';
import { dilemmaCalls } from './dilemmas';
import { historyCalls } from './history';
import { limitCalls } from './limits';
import { networkCalls } from './networks';
import { reflectionCalls } from './reflections';
import { sessionCalls } from './sessions';
import { teamCalls } from './teams';

/**
 * The SQL functions the app may call, with zod schemas for their arguments (camelCase here,
 * `p_snake_case` in SQL) and for their results, one module per area. A function missing here
 * cannot be called. The values the arguments are made of are defined once, in $lib/domain.
 */
export const api = {
	...networkCalls,
	...reflectionCalls,
	...historyCalls,
	...teamCalls,
	...dilemmaCalls,
	...sessionCalls,
	...limitCalls
} as const;

export type ApiFunction = keyof typeof api;
export type ApiArgs<F extends ApiFunction> = z.input<(typeof api)[F]['args']>;
export type ApiResult<F extends ApiFunction> = z.output<(typeof api)[F]['result']>;

export type * from './teams';
export type * from './dilemmas';
export type * from './sessions';
export type * from './reflections';
export type * from './history';
export type * from './networks';
export type * from './limits';
