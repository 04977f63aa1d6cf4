import { z } from 'zod';
import { DILEMMA_LIMITS, SLUG_PATTERN } from '$lib/content/dilemma-set';
import { markdownProblem } from '$lib/markdown';

/**
 * The values that cross a boundary (form, URL, SQL function), each defined once: here the ones
 * every area shares, people and teams; sessions, networks and reflections have their own module
 * beside this one. Error messages are error keys (`errors.<key>`, see ./error-key.ts), translated
 * where they are shown. Server code and routes import these; the browser needs none of them.
 */

export const id = z.guid({ error: 'invalid_id' });
export const locale = z.enum(['nl', 'en'], { error: 'invalid_locale' });
export type Locale = z.infer<typeof locale>;
/** A calendar day, `2026-11-23`. */
export const isoDate = z.iso.date({ error: 'invalid_date' });
export const dilemmaSlug = z
	.string({ error: 'dilemma_not_found' })
	.regex(SLUG_PATTERN, { error: 'dilemma_not_found' })
	.min(DILEMMA_LIMITS.slug.min, { error: 'dilemma_not_found' })
	.max(DILEMMA_LIMITS.slug.max, { error: 'dilemma_not_found' });
/** An HTML checkbox: 'on' when ticked, absent when not; anything else is refused. */
export const checkbox = z
	.literal('on')
	.optional()
	.transform((v) => v === 'on');

/** Saved Markdown must render within the renderer's work budget (issue 11): else a 400 with this key. */
export const renderableMarkdown = (md: string) => markdownProblem(md) === null;
/** Markdown a person writes: at most `max` characters (else `tooLongKey`), and renderable. */
export const markdownText = (max: number, tooLongKey: string) =>
	z
		.string({ error: tooLongKey })
		.max(max, { error: tooLongKey })
		.refine(renderableMarkdown, { error: 'markdown_too_complex' });

const trimmed = (min: number, max: number, key: string) =>
	z.string({ error: key }).trim().min(min, { error: key }).max(max, { error: key });

// --- people and teams ------------------------------------------------------------------------------
export const teamRole = z.enum(['facilitator', 'member'], { error: 'invalid_role' });
export type TeamRole = z.infer<typeof teamRole>;
export const teamName = trimmed(2, 80, 'team_name_length');
export const displayName = trimmed(1, 60, 'display_name_length');
/** The name a participant gives when joining a session (shown on the projector in named mode). */
export const participantName = trimmed(1, 40, 'participant_name_length');
export const email = z
	.string({ error: 'invalid_email' })
	.trim()
	.toLowerCase()
	.max(254, { error: 'invalid_email' })
	.pipe(z.email({ error: 'invalid_email' }));
// Long passphrases welcome; the upper bound keeps scrypt's input sane.
export const password = z
	.string({ error: 'password_length' })
	.min(10, { error: 'password_length' })
	.max(200, { error: 'password_length' });
export const inviteToken = z
	.string({ error: 'invite_not_found' })
	.regex(/^[a-f0-9]{64}$/, { error: 'invite_not_found' });
export const setName = trimmed(2, 120, 'set_name_length');

export const signUpForm = z.object({ displayName, email, password });
export const logInForm = z.object({ email, password: z.string({ error: 'password_length' }).min(1).max(200) });
export const createTeamForm = z.object({ name: teamName });
export const inviteForm = z.object({ role: teamRole });
export const memberForm = z.object({ userId: id });
export const roleForm = z.object({ userId: id, role: teamRole });
export const profileForm = z.object({ displayName, locale });
