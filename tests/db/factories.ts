import { randomUUID } from 'node:crypto';
import { DbClient, type Actor, anonymousVisitor } from '$lib/server/db/port';
import { asSuperuser, type TestDatabase } from './harness';

/** Test people: inserted straight into auth.users (as sign-up would), returned as actors. */
export async function createPerson(
	db: TestDatabase,
	options: { name?: string; anonymous?: boolean } = {}
): Promise<Actor & { kind: 'user' }> {
	const userId = randomUUID();
	const anonymous = options.anonymous ?? false;
	const email = anonymous ? null : `${userId.slice(0, 8)}@test.invalid`;
	await db.executor.transaction((query) =>
		query(`insert into auth.users (id, email, is_anonymous, raw_user_meta_data) values ($1, $2, $3, $4::jsonb)`, [
			userId,
			email,
			anonymous,
			JSON.stringify({ display_name: options.name ?? `Persoon ${userId.slice(0, 4)}` })
		])
	);
	return { kind: 'user', userId, isAnonymous: anonymous, email };
}

export function as(db: TestDatabase, actor: Actor): DbClient {
	return new DbClient(db.backend, actor);
}

export function asVisitor(db: TestDatabase): DbClient {
	return new DbClient(db.backend, anonymousVisitor);
}

/** A team with a facilitator and the given number of members, all of them clients ready to call. */
export async function createTeam(db: TestDatabase, memberCount = 1, name = 'Wijkteam Test') {
	const facilitator = await createPerson(db, { name: 'Facilitator' });
	const team = await as(db, facilitator).call('create_team', { name });
	const members = [];
	for (let i = 0; i < memberCount; i++) {
		const member = await createPerson(db, { name: `Lid ${i + 1}` });
		await joinTeam(db, facilitator, team.id, member);
		members.push(member);
	}
	return { team, facilitator, members };
}

/** The facilitator invites the person, who accepts: the way anyone really joins a team. */
export async function joinTeam(
	db: TestDatabase,
	facilitator: Actor,
	teamId: string,
	person: Actor,
	role: 'facilitator' | 'member' = 'member'
) {
	const invite = await as(db, facilitator).call('create_invite', { teamId, role });
	await as(db, person).call('accept_invite', { token: invite.token });
	return invite;
}

/**
 * Everyone the RLS tests need, around two teams:
 * - team A (Wijkteam Noord): its facilitator and a member; a former member the facilitator
 *   removed; one open invite for members;
 * - team B (Wijkteam Zuid): its facilitator and a member;
 * - an anonymous session participant (no account, no team) and the visitor who is not signed in.
 */
export async function createCast(db: TestDatabase) {
	const a = await createTeam(db, 2, 'Wijkteam Noord');
	const b = await createTeam(db, 1, 'Wijkteam Zuid');
	const [memberA, removed] = a.members;
	await as(db, a.facilitator).call('remove_member', { teamId: a.team.id, userId: removed.userId });
	// The links the members joined by are spent: team A's one open invite is inviteA.
	await revokeAllInvites(db, a.team.id);
	const inviteA = await as(db, a.facilitator).call('create_invite', { teamId: a.team.id, role: 'member' });
	const inviteB = await as(db, b.facilitator).call('create_invite', { teamId: b.team.id, role: 'member' });
	const anonymous = await createPerson(db, { anonymous: true, name: 'Deelnemer' });
	return {
		teamA: a.team,
		teamB: b.team,
		facilitatorA: a.facilitator,
		memberA,
		removed,
		facilitatorB: b.facilitator,
		memberB: b.members[0],
		anonymous,
		visitor: anonymousVisitor,
		inviteA,
		inviteB
	};
}
export type Cast = Awaited<ReturnType<typeof createCast>>;

/** Revokes every open invite of a team, past RLS. */
export async function revokeAllInvites(db: TestDatabase, teamId: string) {
	await asSuperuser(db, `update app.team_invites set revoked_at = now() where team_id = $1 and revoked_at is null`, [
		teamId
	]);
}

/** Lets an invite run out, as time would: sets its expiry in the past, past RLS. */
export async function expireInvite(db: TestDatabase, inviteId: string) {
	await asSuperuser(db, `update app.team_invites set expires_at = now() - interval '1 minute' where id = $1`, [
		inviteId
	]);
}

/** A fresh random 64-hex token, shaped like a real one but matching no invite. */
export function unknownToken(): string {
	return randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', '');
}
