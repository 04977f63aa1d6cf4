import { z } from 'zod';
import { markdownText } from './schemas';

/** The boundary values of a network of teams: periods, size classes, the threshold k, readings. */

export const periodKind = z.enum(['quarter', 'year'], { error: 'invalid_period' });
export type PeriodKind = z.infer<typeof periodKind>;
/** The first day of a period (a quarter or a year). */
export const periodStart = z.iso.date({ error: 'invalid_period' });
export const teamSize = z.enum(['small', 'medium', 'large'], { error: 'invalid_team_size' });
export type TeamSize = z.infer<typeof teamSize>;
export const exportLevel = z.enum(['network', 'team'], { error: 'invalid_input' });
export const networkStatus = z.enum(['pending', 'approved', 'refused']);
export type NetworkStatus = z.infer<typeof networkStatus>;
export const networkDecision = z.enum(['approve', 'refuse'], { error: 'invalid_input' });
/** k: the fewest distinct people behind a team's result before the network sees it (the rule is SQL's). */
export const minContributors = z.coerce
	.number({ error: 'invalid_threshold' })
	.int({ error: 'invalid_threshold' })
	.min(3, { error: 'invalid_threshold' })
	.max(100, { error: 'invalid_threshold' });
/** A team's reading of a result (Markdown). */
export const interpretation = markdownText(2000, 'interpretation_too_long');
