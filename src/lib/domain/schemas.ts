import { z } from 'zod';

/**
 * The values that cross a boundary (form, URL, SQL function), each defined once. Error messages
 * are i18n keys (`errors.<key>`), translated where they are shown.
 */

export const id = z.guid({ error: 'invalid_id' });
export const locale = z.enum(['nl', 'en'], { error: 'invalid_locale' });
export type Locale = z.infer<typeof locale>;
export const teamRole = z.enum(['facilitator', 'member'], { error: 'invalid_role' });
export type TeamRole = z.infer<typeof teamRole>;

const trimmed = (min: number, max: number, key: string) =>
	z
		.string({ error: key })
		.trim()
		.min(min, { error: key })
		.max(max, { error: key });

export const teamName = trimmed(2, 80, 'team_name_length');
export const displayName = trimmed(1, 60, 'display_name_length');
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

export const signUpForm = z.object({ displayName, email, password });
export const logInForm = z.object({ email, password: z.string({ error: 'password_length' }).min(1).max(200) });
export const createTeamForm = z.object({ name: teamName });
export const inviteForm = z.object({ role: teamRole });
export const memberForm = z.object({ userId: id });
export const roleForm = z.object({ userId: id, role: teamRole });
export const profileForm = z.object({ displayName, locale });
/** An HTML checkbox: 'on' when ticked, absent when not; anything else is refused. */
export const checkbox = z.literal('on').optional().transform((v) => v === 'on');
