import { serverItself, type Backend } from './port';

/**
 * The network's deferred work (migration 20261205010000_network_deferred_aggregates): a call that
 * closes a session or changes a team's place in a network queues the (period, dilemma) keys whose
 * aggregates it changed and answers at once; the server then rewrites them here, after the answer.
 * Nothing depends on this for correctness: a queued key is computed on the spot by every reader
 * until it is drained, and a withdrawn team is out of every figure from the moment its call
 * commits. Several servers may drain at once (one writer per network, by advisory lock).
 */
export const queueingCalls: ReadonlySet<string> = new Set([
	'set_session_status',
	'save_team_network',
	'leave_network',
	'decide_network_request',
	'set_network_threshold'
]);

const running = new WeakMap<Backend, { again: boolean }>();

/** Drains the queue in the background, forty keys per transaction; one drain per backend at a time. */
export function drainNetworkQueue(backend: Backend, onError: (error: unknown) => void = logError): void {
	// Supabase without the service role key: the server cannot run it (a pg_cron job could: docs/architecture.md).
	if (!backend.canActAsServer) return;
	const state = running.get(backend);
	if (state) {
		state.again = true;
		return;
	}
	const mine = { again: false };
	running.set(backend, mine);
	void (async () => {
		try {
			do {
				mine.again = false;
				// As the server itself (service_role), the only role that may run it; returns the keys left.
				while (Number(await backend.rpc('process_network_queue', { p_limit: 40 }, serverItself)) > 0) {
					// another batch of keys is queued
				}
			} while (mine.again);
		} catch (error) {
			onError(error);
		} finally {
			running.delete(backend);
		}
	})();
}

function logError(error: unknown) {
	// Readers compute queued keys themselves, so a failed drain costs speed, not correctness.
	console.error('network queue: drain failed, the next call that queues keys tries again', error);
}
