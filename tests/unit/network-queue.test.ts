import { describe, expect, it } from 'vitest';
import { drainNetworkQueue, queueingCalls } from '$lib/server/db/network-queue';
import { DbClient, type Actor, type Backend } from '$lib/server/db/port';

/** A backend whose queue holds `left` batches; records every call and who made it. */
function fakeBackend(name: Backend['name'], batches: number, settings?: { serviceRoleKey?: string }) {
	const calls: { fn: string; actor: Actor['kind'] }[] = [];
	let left = batches;
	const backend = {
		name,
		canActAsServer: name !== 'supabase' || Boolean(settings?.serviceRoleKey),
		async rpc(fn: string, _args: Record<string, unknown>, actor: Actor) {
			calls.push({ fn, actor: actor.kind });
			await new Promise((resolve) => setTimeout(resolve, 5));
			if (fn === 'process_network_queue') return (left = Math.max(0, left - 1));
			return null;
		},
		async close() {}
	} satisfies Backend;
	return { backend, calls, queue: (n: number) => (left += n) };
}
const drains = (calls: { fn: string }[]) => calls.filter((c) => c.fn === 'process_network_queue').length;
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('the network queue drain after a call', () => {
	it('runs as the server itself until nothing is left, one drain at a time per backend', async () => {
		const { backend, calls } = fakeBackend('postgres', 3);
		drainNetworkQueue(backend);
		drainNetworkQueue(backend);
		await settle();
		// Three calls until none is left, then one more for the request that came meanwhile: four,
		// one after the other (the second request did not start a drain of its own).
		expect(drains(calls)).toBe(4);
		expect(calls.every((c) => c.actor === 'service')).toBe(true);
	});

	it('follows a call that queues keys, and not one that reads', async () => {
		const { backend, calls } = fakeBackend('pglite', 0);
		const user: Actor = { kind: 'user', userId: '00000000-0000-4000-8000-000000000001', isAnonymous: false };
		const client = new DbClient(backend, user);
		await client.call('set_session_status', { sessionId: '00000000-0000-4000-8000-000000000002', status: 'closed' });
		await settle();
		expect(drains(calls)).toBe(1);
		await client.call('leave_network', {
			teamId: '00000000-0000-4000-8000-000000000002',
			networkId: '00000000-0000-4000-8000-000000000003'
		});
		await settle();
		expect(drains(calls)).toBe(2);
		expect(queueingCalls.has('network_dashboard')).toBe(false);
	});

	it('is skipped on Supabase without the service role key, and a failure is reported, not thrown', async () => {
		const { backend, calls } = fakeBackend('supabase', 2, {});
		drainNetworkQueue(backend);
		await settle();
		expect(drains(calls)).toBe(0);
		const errors: unknown[] = [];
		const failing: Backend = {
			name: 'postgres',
			canActAsServer: true,
			rpc: () => Promise.reject(new Error('down')),
			close: async () => {}
		};
		drainNetworkQueue(failing, (error) => errors.push(error));
		await settle();
		expect(errors).toHaveLength(1);
	});
});
