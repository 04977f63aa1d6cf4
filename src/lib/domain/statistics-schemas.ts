import { z } from 'zod';
import { SCALE_MAX, SCALE_MIN } from './statistics';

/**
 * The positions of ./statistics.ts as zod schemas, for code that parses input with zod. Kept
 * apart so the statistics (which the browser's plots use) carry no zod; a unit test checks these
 * accept exactly what `isPosition` and `isParticipantValue` accept.
 */
export const positionValue = z.number().int().min(SCALE_MIN).max(SCALE_MAX);

/** One participant's position in one round. */
export const participantValue = z.object({
	participant: z.string().min(1),
	value: positionValue
});
