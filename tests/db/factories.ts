import { randomUUID } from 'node:crypto';
import { DbClient, type Actor, anonymousVisitor } from '$lib/server/db/port';
import type { TestDatabase } from './harness';

/** Test people: inserted straight into auth.users (as sign-up would), returned as actors. */
export async function createPerson(
	db: TestDatabase,
	options: { name?: string; anonymous?: boolean } = {}
): Promise<Actor & { kind: 'user' }> {
	const userId = randomUUID();
	const anonymous = options.anonymous ?? false;
	const email = anonymous ? null : `${userId.slice(0, 8)}@test.invalid`;
	await db.executor.transaction((query) =>
		query(
			`insert into auth.users (id, email, is_anonymous, raw_user_meta_data) values ($1, $2, $3, $4::jsonb)`,
			[userId, email, anonymous, JSON.stringify({ display_name: options.name ?? `Persoon ${userId.slice(0, 4)}` })]
		)
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
		const invite = await as(db, facilitator).call('create_invite', { teamId: team.id, role: 'member' });
		await as(db, member).call('accept_invite', { token: invite.token });
		members.push(member);
	}
	return { team, facilitator, members };
}
