import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { DbError } from '$lib/server/db/errors';
import { liveHub, sessionSnapshots, type LiveEvent, type LiveEventKind } from '$lib/server/live';
import { translateError } from '$lib/i18n';

/**
 * The live stream of one session as Server-Sent Events: `event: <kind>` and `data: <json>`,
 * for everyone who may see the session. Position events (one per vote) reach the session's
 * facilitators only; several that arrive together are sent as one frame listing every revision.
 * A client that loses the stream reconnects and reloads the state (src/lib/live.svelte.ts).
 */

const pingMs = 15_000;
/** A client that stops reading for this many frames is dropped; it reconnects and reloads. */
const maxQueuedFrames = 5_000;
const encoder = new TextEncoder();
// Every stream of a session gets the same event object from the hub: encode it once.
const encoded = new WeakMap<LiveEvent, Uint8Array>();

const frame = (kind: string, data: unknown) => encoder.encode(`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`);
const ping = encoder.encode(': ping\n\n');
/**
 * Streams one person may hold open at once (per server): a presenter on two screens and a phone
 * or two. Opening one more closes that person's oldest, so a script cannot pile up streams
 * behind one cookie; a browser whose stream was closed reconnects, closing the next-oldest.
 */
const maxStreamsPerPerson = 4;
const openStreams = new Map<string, (() => void)[]>();

/** What a session's people other than its facilitators are sent: the steps, and opening or closing. */
const phoneKinds: readonly LiveEventKind[] = ['phase', 'session'];

const streamHeaders = {
	'content-type': 'text/event-stream; charset=utf-8',
	'cache-control': 'no-cache, no-transform',
	'x-accel-buffering': 'no'
};

/** Who may follow this session, or the 404 for everyone else (not a session, or not theirs: the same answer). */
async function follower(
	locals: App.Locals,
	params: { sessionId: string }
): Promise<{ facilitator: boolean; sessionId: string } | Response> {
	try {
		// The light question (a room of phones opens a stream each): may this person follow it?
		const viewer = await locals.db.call('session_viewer', { sessionId: params.sessionId, roundId: null });
		// As the database writes it (lower case), which is how the events name it.
		return { facilitator: viewer.is_facilitator, sessionId: params.sessionId.toLowerCase() };
	} catch (cause) {
		if (cause instanceof DbError && cause.status < 500) {
			return json({ message: translateError(locals.locale, 'session_not_found') }, { status: 404 });
		}
		throw cause;
	}
}

/**
 * The stream's headers without the stream. Answered by GET, a HEAD would open a subscription
 * that no one reads and that lasts until the client closes the connection.
 */
export const HEAD: RequestHandler = async ({ locals, params }) => {
	const found = await follower(locals, params);
	return found instanceof Response
		? new Response(null, { status: found.status, headers: found.headers })
		: new Response(null, { headers: streamHeaders });
};

export const GET: RequestHandler = async ({ locals, params, request }) => {
	const found = await follower(locals, params);
	if (found instanceof Response) return found;
	const { facilitator, sessionId } = found;
	const hub = liveHub();
	// follower() admitted a signed-in actor, so there is a user id.
	const person = locals.actor.kind === 'user' ? locals.actor.userId : 'nobody';

	let stop = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let open = true;
			const send = (chunk: Uint8Array) => {
				if (!open) return;
				if ((controller.desiredSize ?? 0) < -maxQueuedFrames) return stop();
				try {
					controller.enqueue(chunk);
				} catch {
					stop();
				}
			};

			// Votes that arrive together (several notifications from one socket read) become one
			// frame per round and stage, sent before anything that follows them. A microtask, not
			// setImmediate: PGlite runs queued transactions back to back in microtasks, and a
			// macrotask would wait for the whole queue (measured: ~100 ms more under load).
			const positions = new Map<string, { round_id?: string; stage?: string; revisions: number[] }>();
			let flushQueued = false;
			const flushPositions = () => {
				flushQueued = false;
				for (const group of positions.values()) {
					const revisions = group.revisions.sort((a, b) => a - b);
					send(
						frame('position', {
							session_id: sessionId,
							kind: 'position',
							round_id: group.round_id,
							stage: group.stage,
							revision: revisions[revisions.length - 1],
							revisions
						})
					);
				}
				positions.clear();
			};

			const snapshots = sessionSnapshots();
			const readState = () => locals.db.call('session_state', { sessionId, lang: locals.locale });
			let phoneSteps: Promise<void> = Promise.resolve();
			// Phones follow the steps only: a join, a vote or a note is news for the presenter, and
			// the hub does not even pass it by a phone's stream (a vote costs its presenters only).
			const unsubscribe = hub.subscribe(
				sessionId,
				(event) => {
					if (event.kind === 'position') {
						const key = `${event.round_id}/${event.stage}`;
						let group = positions.get(key);
						if (!group) {
							group = { round_id: event.round_id, stage: event.stage, revisions: [] };
							positions.set(key, group);
						}
						if (event.revision !== undefined) group.revisions.push(event.revision);
						if (!flushQueued) {
							flushQueued = true;
							queueMicrotask(flushPositions);
						}
						return;
					}
					if (positions.size) flushPositions();
					let chunk = encoded.get(event);
					if (!chunk) {
						chunk = frame(event.kind, event);
						encoded.set(event, chunk);
					}
					if (facilitator) return send(chunk);
					// A phone hears of a step once the room's new snapshot is read (in order, step by step).
					const ready = chunk;
					phoneSteps = phoneSteps
						.then(() => snapshots.readyFor(event, locals.locale, readState))
						.then(() => send(ready));
				},
				facilitator ? undefined : phoneKinds
			);
			const pinger = setInterval(() => send(ping), pingMs);

			stop = () => {
				if (!open) return;
				open = false;
				const streams = openStreams.get(person);
				if (streams) {
					const index = streams.indexOf(stop);
					if (index !== -1) streams.splice(index, 1);
					if (streams.length === 0) openStreams.delete(person);
				}
				unsubscribe();
				clearInterval(pinger);
				positions.clear();
				request.signal.removeEventListener('abort', stop);
				hub.signal.removeEventListener('abort', stop);
				try {
					controller.close();
				} catch {
					// Already cancelled by the client.
				}
			};
			request.signal.addEventListener('abort', stop);
			hub.signal.addEventListener('abort', stop);
			if (request.signal.aborted || hub.signal.aborted) return stop();

			// At most a few streams per person: this one in, the oldest out.
			const mine = openStreams.get(person) ?? [];
			mine.push(stop);
			openStreams.set(person, mine);
			while (mine.length > maxStreamsPerPerson) mine.shift()!();

			// Reconnect after 2 s when the connection drops; the comment opens the stream at once.
			send(encoder.encode('retry: 2000\n: live\n\n'));
		},
		cancel() {
			// The client went away (adapter-node cancels the body when the socket closes).
			stop();
		}
	});

	return new Response(stream, { headers: streamHeaders });
};
