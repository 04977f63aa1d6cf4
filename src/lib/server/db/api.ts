import { z } from 'zod';
import { displayName, id, inviteToken, locale, teamName, teamRole } from '$lib/domain/schemas';
import { dilemmaFrontmatterSchema, SLUG_PATTERN } from '$lib/content/dilemma-set';

/**
 * The SQL functions the app may call, with zod schemas for their arguments (camelCase here,
 * `p_snake_case` in SQL) and for their results. A function missing here cannot be called.
 */

const timestamp = z.string();
const none = z.null().or(z.literal('')).or(z.undefined()).transform(() => null);

export const profile = z.object({ id, display_name: z.string(), locale });
export const teamSummary = z.object({
	id,
	name: z.string(),
	role: teamRole,
	member_count: z.coerce.number().int()
});
export const teamMember = z.object({
	user_id: id,
	display_name: z.string(),
	role: teamRole,
	joined_at: timestamp
});
export const invite = z.object({
	id,
	token: z.string(),
	role: teamRole,
	expires_at: timestamp,
	accepted_count: z.coerce.number().int().optional()
});
export const teamOverview = z.object({
	id,
	name: z.string(),
	created_at: timestamp,
	my_role: teamRole,
	members: z.array(teamMember),
	invites: z.array(invite)
});
export type TeamOverview = z.infer<typeof teamOverview>;

export const dilemma = z.object({
	id,
	slug: z.string(),
	lang: locale,
	number: z.coerce.number().int(),
	theme: z.string(),
	title: z.string(),
	pole_left: z.string(),
	pole_right: z.string(),
	summary: z.string(),
	body_md: z.string(),
	team_questions: z.array(z.string()),
	reflection_questions: z.array(z.string())
});
export type DilemmaRow = z.infer<typeof dilemma>;
export const dilemmaSetInfo = z.object({
	id,
	name: z.string(),
	version: z.coerce.number().int(),
	team_id: id.nullable(),
	languages: z.array(locale),
	lang: locale
});
/** A validated dilemma on its way into the database (see src/lib/content/dilemma-set.ts). */
export const importedDilemma = dilemmaFrontmatterSchema(99).extend({ language: locale, body: z.string().min(300).max(6000) });
const slug = z.string().regex(SLUG_PATTERN, { error: 'dilemma_not_found' }).max(60, { error: 'dilemma_not_found' });

export const api = {
	my_profile: { args: z.object({}), result: profile.nullable() },
	update_profile: { args: z.object({ displayName, locale }), result: profile },
	create_team: { args: z.object({ name: teamName }), result: z.object({ id, name: z.string() }) },
	rename_team: { args: z.object({ teamId: id, name: teamName }), result: z.object({ id, name: z.string() }) },
	my_teams: { args: z.object({}), result: z.array(teamSummary) },
	team_overview: { args: z.object({ teamId: id }), result: teamOverview },
	create_invite: { args: z.object({ teamId: id, role: teamRole }), result: invite },
	revoke_invite: { args: z.object({ inviteId: id }), result: none },
	invite_preview: {
		args: z.object({ token: inviteToken }),
		result: z.object({ team_id: id, team_name: z.string(), role: teamRole, valid: z.boolean() })
	},
	accept_invite: { args: z.object({ token: inviteToken }), result: z.object({ team_id: id }) },
	leave_team: { args: z.object({ teamId: id }), result: none },
	remove_member: { args: z.object({ teamId: id, userId: id }), result: none },
	set_member_role: { args: z.object({ teamId: id, userId: id, role: teamRole }), result: none },
	dilemma_library: {
		args: z.object({ lang: locale, teamId: id.optional() }),
		result: z.object({ set: dilemmaSetInfo, dilemmas: z.array(dilemma) })
	},
	dilemma_detail: {
		args: z.object({ slug, lang: locale, teamId: id.optional() }),
		result: z.object({ set: dilemmaSetInfo, dilemma })
	},
	import_dilemma_set: {
		args: z.object({
			teamId: id.nullable(),
			name: z.string().trim().min(2, { error: 'set_name_length' }).max(120, { error: 'set_name_length' }),
			fingerprint: z.string().regex(/^[a-f0-9]{64}$/),
			dilemmas: z.array(importedDilemma).min(1).max(200)
		}),
		result: z.object({ id, version: z.coerce.number().int(), created: z.boolean() })
	},
	team_dilemma_sets: {
		args: z.object({ teamId: id }),
		result: z.array(
			z.object({
				id,
				name: z.string(),
				version: z.coerce.number().int(),
				builtin: z.boolean(),
				languages: z.array(locale),
				created_at: timestamp,
				active: z.boolean(),
				dilemma_count: z.coerce.number().int()
			})
		)
	},
	activate_dilemma_set: { args: z.object({ teamId: id, setId: id }), result: none }
} as const satisfies Record<string, { args: z.ZodObject; result: z.ZodType }>;

export type ApiFunction = keyof typeof api;
export type ApiArgs<F extends ApiFunction> = z.input<(typeof api)[F]['args']>;
export type ApiResult<F extends ApiFunction> = z.output<(typeof api)[F]['result']>;
