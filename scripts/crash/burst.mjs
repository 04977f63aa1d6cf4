// The burst: every phone casts and re-casts its position while the facilitator keeps saving the
// round's notes, all at once, through the same form actions the pages use. Partway through, the
// server is killed. Every request is written down with how it ended (see verify.mjs).
import { find, succeeded } from '../lib/http-client.mjs';

/**
 * @param {object} o
 * @param {ReturnType<typeof import('../lib/http-client.mjs').httpClient>} o.client
 * @param {string} o.sessionId
 * @param {string} o.roundId
 * @param {Array<{ jar: import('../lib/http-client.mjs').Jar, plan: Array<{ value: number, desired: number }> }>} o.phones
 * @param {{ jar: import('../lib/http-client.mjs').Jar, version: number }} o.facilitator
 * @param {(seq: number) => { notesMd: string, agreementsMd: string }} o.notesText
 * @param {number} o.killAfterVotes  the kill comes right after this many votes were acknowledged
 * @param {() => void} o.kill
 * @param {number} [o.requestTimeoutMs]
 */
export async function runBurst({
	client,
	sessionId,
	roundId,
	phones,
	facilitator,
	notesText,
	killAfterVotes,
	kill,
	requestTimeoutMs = 120_000
}) {
	const burst = { stopping: false, killed: false, killedAt: 0, votesAcknowledged: 0 };
	const votes = phones.map(() => /** @type {any[]} */ ([]));
	const notes = /** @type {any[]} */ ([]);

	const killNow = () => {
		if (burst.killed) return;
		// No request starts after this line: whatever has no answer yet was in flight at the kill.
		burst.stopping = true;
		burst.killed = true;
		burst.killedAt = performance.now();
		kill();
	};

	/** Sends one request and records how it ended; `atKill` marks answers lost to the kill. */
	async function send(entry, post) {
		entry.outcome = 'unknown';
		entry.sentAt = performance.now();
		try {
			const result = await post(AbortSignal.timeout(requestTimeoutMs));
			if (succeeded(result)) {
				entry.outcome = 'acknowledged';
				entry.answer = result.data;
			} else if (result.type === 'failure') {
				entry.outcome = 'refused';
				entry.reason = `${result.status} ${result.data?.error ?? JSON.stringify(result.data?.errors ?? '')}`;
			} else {
				// A 5xx: the app did not say whether it wrote. Unknown, like a request cut off.
				entry.reason = `${result.type} ${result.status}`;
			}
		} catch (error) {
			entry.reason = String(error?.cause?.code ?? error?.message ?? error);
		}
		entry.answeredAt = performance.now();
		if (entry.outcome === 'unknown') entry.atKill = burst.killed;
	}

	async function phone(index) {
		const { jar, plan } = phones[index];
		for (const [seq, planned] of plan.entries()) {
			if (burst.stopping) return;
			const request = { seq: seq + 1, value: planned.value, desired: planned.desired };
			votes[index].push(request);
			await send(request, (signal) =>
				client.action(`/sessie/${sessionId}?/cast`, {
					jar,
					form: { roundId, value: planned.value, desired: planned.desired },
					signal
				})
			);
			if (request.outcome === 'acknowledged') {
				const cast = find(request.answer, 'cast');
				// The app answers with what it stored; it must be what was sent.
				if (cast?.value !== planned.value || cast?.desired !== planned.desired) {
					throw new Error(
						`phone ${index + 1}: cast ${planned.value}/${planned.desired} was answered with ${JSON.stringify(cast)}`
					);
				}
				request.revision = cast.revision;
				if (++burst.votesAcknowledged === killAfterVotes) killNow();
			}
			// A phone without an answer sends nothing more, so its unknown request stays its last.
			if (request.outcome === 'unknown') return;
		}
	}

	async function notesWriter() {
		let version = facilitator.version;
		for (let seq = 1; !burst.stopping; seq++) {
			// Each save starts from the last version the app confirmed, as the presenter's editor does.
			const save = { seq, ...notesText(seq), expectedVersion: version };
			notes.push(save);
			await send(save, (signal) =>
				client.action(`/sessies/${sessionId}/presenter?/notes`, {
					jar: facilitator.jar,
					form: { roundId, notesMd: save.notesMd, agreementsMd: save.agreementsMd, expectedVersion: version },
					signal
				})
			);
			if (save.outcome === 'acknowledged') {
				save.version = Number(find(save.answer, 'notesSaved'));
				if (save.version !== version + 1)
					throw new Error(`notes save ${seq} from version ${version} was answered with version ${save.version}`);
				version = save.version;
			}
			if (save.outcome === 'unknown') return;
		}
	}

	const started = performance.now();
	const writer = notesWriter();
	await Promise.all(phones.map((_, i) => phone(i)));
	// The phones ran out of votes before the kill point: the kill would not be mid-burst.
	const endedEarly = !burst.killed;
	burst.stopping = true;
	await writer;
	if (endedEarly)
		throw new Error(
			`the burst ended after ${burst.votesAcknowledged} acknowledged votes, before the kill point (${killAfterVotes})`
		);

	return { votes, notes, burstMs: burst.killedAt - started };
}
