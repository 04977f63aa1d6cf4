import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Action, Actions, PageServerLoad } from './$types';
import { id, inviteForm, memberForm, roleForm, createTeamForm } from '$lib/domain/schemas';
import { formAction, refusalAsFormError } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { teamIdFrom } from '$lib/server/params';
import { loadTeamPage, teamOverview } from '$lib/server/teams';

/**
 * The page offers these for the others in the team only; for oneself there is `leave`. Without
 * this, a forged request could make a team's only member stop being its facilitator (the
 * database keeps a facilitator only while others are in the team), and nobody could manage it.
 */
const isSelf = (userId: string, me: string) => userId.toLowerCase() === me.toLowerCase();

/** An action on another member of the team, refused on oneself (see isSelf). */
const onOtherMember =
	<S extends z.ZodType<{ userId: string }>>(
		schema: S,
		run: (locals: App.Locals, teamId: string, data: z.output<S>) => Promise<{ message: string }>
	) =>
	async ({ request, locals, params, url }: Parameters<Action>[0]) => {
		const user = requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		return formAction(request, schema, async (data) => {
			if (isSelf(data.userId, user.id)) return fail(403, { error: 'forbidden' });
			return run(locals, teamId, data);
		});
	};

export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	return loadTeamPage(event, async (teamId, user) => {
		const [team, sessions, followUps] = await Promise.all([
			// The whole overview (members, invites): the layout's query, not a second one.
			teamOverview(locals, teamId),
			locals.db.call('team_sessions', { teamId }),
			locals.db.call('team_follow_ups', { teamId, lang: locals.locale })
		]);
		// Open: not yet done or dropped (they come back at the next session).
		const openFollowUps = followUps.filter(
			(f) => f.status === 'open' || f.status === 'partly' || f.status === 'not_done'
		);
		return {
			team,
			sessions,
			openFollowUps,
			me: user.id,
			origin: url.origin,
			justCreated: url.searchParams.has('created')
		};
	});
};

export const actions: Actions = {
	rename: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		return formAction(
			request,
			createTeamForm,
			async (data) => {
				await locals.db.call('rename_team', { teamId, name: data.name });
				return { message: 'team.renamed' };
			},
			(data) => ({ name: data.name })
		);
	},
	createInvite: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		return formAction(request, inviteForm, async (data) => {
			const invite = await locals.db.call('create_invite', { teamId, role: data.role });
			return { message: 'team.invite.created', inviteToken: invite.token };
		});
	},
	revokeInvite: async ({ request, locals, url }) => {
		requireUser(locals, url);
		return formAction(request, z.object({ inviteId: id }), async (data) => {
			await locals.db.call('revoke_invite', { inviteId: data.inviteId });
			return { message: 'team.invite.revoked' };
		});
	},
	removeMember: onOtherMember(memberForm, async (locals, teamId, data) => {
		await locals.db.call('remove_member', { teamId, userId: data.userId });
		return { message: 'team.member.removed' };
	}),
	setRole: onOtherMember(roleForm, async (locals, teamId, data) => {
		await locals.db.call('set_member_role', { teamId, userId: data.userId, role: data.role });
		return { message: 'team.member.roleChanged' };
	}),
	leave: async ({ locals, params, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		return refusalAsFormError(async () => {
			await locals.db.call('leave_team', { teamId });
			redirect(303, '/teams');
		});
	}
};
