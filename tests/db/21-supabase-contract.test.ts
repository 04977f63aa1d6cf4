import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError } from '$lib/server/db/errors';
import { DbClient, type Actor } from '$lib/server/db/port';
import { SupabaseBackend, supabaseClientFor } from '$lib/server/db/supabase';

/**
 * The contract suite: the same calls as 20-supabase-rpc, against a real Supabase project with
 * the migrations applied (`supabase db push`). It needs the project's URL, publishable (or anon) key and service
 * role key (to create and delete its two test users through the admin API). Teams it creates are
 * named "Contracttest …" and lose their members when the users are deleted afterwards.
 */

const url = process.env.PUBLIC_SUPABASE_URL?.trim();
const anonKey = (process.env.PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? process.env.PUBLIC_SUPABASE_ANON_KEY)?.trim();
const serviceRoleKey = process.env.SUPABASE_SERVICE_ROLE_KEY?.trim();
const configured = Boolean(url && anonKey && serviceRoleKey);

if (!configured) {
	console.info(
		'Supabase contract suite skipped: set PUBLIC_SUPABASE_URL, PUBLIC_SUPABASE_PUBLISHABLE_KEY (or the legacy _ANON_KEY) and SUPABASE_SERVICE_ROLE_KEY to run it against a real project'
	);
}

describe.skipIf(!configured)('Supabase contract (real project)', () => {
	const password = `Contract-${randomBytes(12).toString('base64url')}`;
	const createdUserIds: string[] = [];
	let backend: SupabaseBackend;
	let owner: Actor & { kind: 'user' };
	let outsider: Actor & { kind: 'user' };

	const admin = () => supabaseClientFor({ url: url!, publishableKey: serviceRoleKey! });

	async function signedInUser(displayName: string): Promise<Actor & { kind: 'user' }> {
		const email = `contract-${randomBytes(6).toString('hex')}@example.com`;
		const created = await admin().auth.admin.createUser({
			email,
			password,
			email_confirm: true,
			user_metadata: { display_name: displayName, locale: 'nl' }
		});
		if (created.error) throw created.error;
		createdUserIds.push(created.data.user.id);
		const signIn = await supabaseClientFor({ url: url!, publishableKey: anonKey! }).auth.signInWithPassword({
			email,
			password
		});
		if (signIn.error) throw signIn.error;
		return {
			kind: 'user',
			userId: signIn.data.user.id,
			isAnonymous: false,
			email,
			accessToken: signIn.data.session.access_token
		};
	}

	beforeAll(async () => {
		backend = new SupabaseBackend({ url: url!, publishableKey: anonKey! });
		owner = await signedInUser('Contract Eigenaar');
		outsider = await signedInUser('Contract Buitenstaander');
	});

	afterAll(async () => {
		for (const id of createdUserIds) await admin().auth.admin.deleteUser(id);
	});

	it('creates a team, lists it and shows its overview; an outsider gets 404', async () => {
		const name = `Contracttest ${new Date().toISOString().slice(0, 19)}`;
		const asOwner = new DbClient(backend, owner);
		const team = await asOwner.call('create_team', { name });
		expect(team.name).toBe(name);

		const mine = await asOwner.call('my_teams', {});
		expect(mine).toContainEqual({ id: team.id, name, role: 'facilitator', member_count: 1 });

		const overview = await asOwner.call('team_overview', { teamId: team.id });
		expect(overview.my_role).toBe('facilitator');
		expect(overview.members).toEqual([
			expect.objectContaining({ user_id: owner.userId, display_name: 'Contract Eigenaar', role: 'facilitator' })
		]);

		const refused = await new DbClient(backend, outsider).call('team_overview', { teamId: team.id }).catch((e) => e);
		expect(refused).toBeInstanceOf(DbError);
		expect({ status: refused.status, key: refused.key }).toEqual({ status: 404, key: 'team_not_found' });
		expect(await new DbClient(backend, outsider).call('my_teams', {})).not.toContainEqual(
			expect.objectContaining({ id: team.id })
		);
	});
});
