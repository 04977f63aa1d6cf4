import { building, dev } from '$app/env';
import type { LiveHub } from './hub';
import { SessionSnapshots } from './session-snapshots';

export { LiveHub, liveEvent, liveEventKinds, type LiveEvent, type LiveEventKind, type LiveListener } from './hub';

/**
 * The process's live hub, for routes (the SSE endpoint). hooks.server.ts hands it over once the
 * runtime has started; nothing may subscribe before that.
 */
let current: LiveHub | undefined;
let snapshots: SessionSnapshots | undefined;

export function provideLiveHub(hub: LiveHub): void {
	current = hub;
	if (dev || building) return;
	// adapter-node closes the server on SIGTERM/SIGINT but waits for open responses, and an event
	// stream never ends by itself: end the streams first (browsers reconnect to the next server).
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		process.once(signal, () => {
			void hub.close();
			// Nobody else handles the signal (not adapter-node): keep its default, which exits.
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		});
	}
}

export function liveHub(): LiveHub {
	if (!current) throw new Error('The live hub is not running yet (hooks.server.ts init provides it).');
	return current;
}

/** The process's shared session snapshots, kept fresh by the live hub's events. */
export function sessionSnapshots(): SessionSnapshots {
	const hub = liveHub();
	if (!snapshots || snapshots.hub !== hub) snapshots = new SessionSnapshots(hub);
	return snapshots;
}
