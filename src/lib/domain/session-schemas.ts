import { z } from 'zod';
import { SCALE_MAX, SCALE_MIN } from './statistics';
import { markdownText } from './schemas';

/**
 * The boundary values of a session: positions, join codes, phases, notes, follow-ups and the
 * meeting clock. ./statistics.ts checks positions without zod (the browser's plots use it); a
 * unit test holds `position` and `participantValue` in agreement with `isPosition` and
 * `isParticipantValue`.
 */

const outOfRange = { error: 'position_out_of_range' } as const;
/** A position on the dilemma scale: an integer in 0..100 (0 = left pole, 100 = right pole). */
export const position = z.number(outOfRange).int(outOfRange).min(SCALE_MIN, outOfRange).max(SCALE_MAX, outOfRange);
/** A position as a form sends it (slider, number field): whole digits only; blank is refused, not read as 0. */
export const positionField = z
	.string(outOfRange)
	.trim()
	.regex(/^\d{1,3}$/, outOfRange)
	.transform(Number)
	.pipe(position);
/** A position a form may leave out: absent or blank is null. */
export const optionalPositionField = z.preprocess(
	(v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v),
	positionField.nullable()
);
/** One participant's position in one round. */
export const participantValue = z.object({ participant: z.string().min(1), value: position });

/** Six characters without look-alikes (no 0/O, 1/I/L): read from a projector, typed on a phone. */
export const joinCode = z
	.string({ error: 'join_code_unknown' })
	.trim()
	.toUpperCase()
	.regex(/^[A-HJKMNP-Z2-9]{6}$/, { error: 'join_code_unknown' });
export const sessionTitle = z
	.string({ error: 'session_title_length' })
	.trim()
	.min(2, { error: 'session_title_length' })
	.max(120, { error: 'session_title_length' });
export const sessionStatus = z.enum(['open', 'closed']);
export const phase = z.enum(['waiting', 'position', 'reveal', 'discuss', 'reposition', 'shift', 'done']);
export type Phase = z.infer<typeof phase>;
/** A round's place in its session (a session has at most 20 dilemmas); a form sends it as text. */
export const roundPosition = z.coerce.number().int().min(1).max(20);
/** The notes and agreements of a round (Markdown). */
export const roundNotes = markdownText(20000, 'notes_too_long');
/** A step through the session: forward or back from the step the screen showed. */
export const stepDirection = z.enum(['forward', 'back']);
/** The version an edit was based on (optimistic locking); a form sends it as text. */
export const expectedVersion = z.coerce.number().int().min(0);

// Follow-ups, their review in the next session, and the meeting clock (migration 20261204210000).
export const followUpStatus = z.enum(['open', 'done', 'partly', 'not_done', 'dropped']);
export type FollowUpStatus = z.infer<typeof followUpStatus>;
export const followUpOutcome = z.enum(['done', 'partly', 'not_done', 'dropped'], { error: 'invalid_input' });
export type FollowUpOutcome = z.infer<typeof followUpOutcome>;
export const followUpBody = z
	.string({ error: 'follow_up_length' })
	.trim()
	.min(2, { error: 'follow_up_length' })
	.max(200, { error: 'follow_up_length' });
export const followUpOwnerName = z
	.string({ error: 'follow_up_owner_length' })
	.trim()
	.max(60, { error: 'follow_up_owner_length' });
export const followUpNote = z
	.string({ error: 'follow_up_note_length' })
	.trim()
	.max(300, { error: 'follow_up_note_length' });
export const clockMinutes = z.coerce
	.number({ error: 'clock_minutes' })
	.int({ error: 'clock_minutes' })
	.min(1, { error: 'clock_minutes' })
	.max(180, { error: 'clock_minutes' });
