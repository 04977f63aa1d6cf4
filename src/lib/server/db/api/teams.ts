import { z } from 'zod';
import { displayName, id, inviteToken, locale, teamName, teamRole } from '$lib/domain/schemas';
import { count, none, timestamp, type Calls } from './common';

/** Profiles, teams, members and invites. */

export const profile = z.object({ id, display_name: z.string(), locale });
export const teamSummary = z.object({
	id,
	name: z.string(),
	role: teamRole,
	member_count: count
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
	accepted_count: count.optional()
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

export const teamCalls = {
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
	set_member_role: { args: z.object({ teamId: id, userId: id, role: teamRole }), result: none }
} as const satisfies Calls;
