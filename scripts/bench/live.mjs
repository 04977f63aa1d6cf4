// The live benchmark: a built server (node build) on a fresh database (embedded PGlite or a new
// PostgreSQL database), one presenter stream, N phones that join and each keep their own event
// stream open, as the phone page does, and reload the page's data on the events the page reloads
// on. Every phone casts a position and then changes it; then the facilitator reveals the spread.
// It measures joins per second, how long a vote takes from its HTTP acknowledgement to the
// arrival of its revision on the presenter's stream, how long the reveal takes to reach every
// phone's screen, the server's memory, and the database's own ceiling for the same votes
// (cast_position called in-process, no HTTP); and checks that no acknowledged vote is lost.
//
// Plain Node ESM (Node 20, no TypeScript runtime). Run through `npm run bench` (which builds
// first) or `node scripts/bench/run.mjs --phones 1000` on an existing build.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { freePort, startAppServer } from '../lib/app-server.mjs';
import {
	createSession,
	joinByCode,
	readState as readSessionState,
	setPhase,
	signInFacilitator
} from '../lib/demo-session.mjs';
import { checkPostgres, embeddedStore, postgresStore } from '../lib/stores.mjs';
import { find, httpClient, Jar, pool, sleep } from '../lib/http-client.mjs';
import { percentile } from '../lib/stats.mjs';

export const liveDefaults = {
	phones: 200,
	concurrency: 50,
	/** Seconds the whole run may take before it is stopped (server killed, exit code 1). */
	timeout: 0,
	/** Seconds to wait, after the last acknowledgement, for the stream to catch up. */
	grace: 15,
	/** Each phone also keeps its own event stream open, as the phone page does (the real room). */
	phoneStreams: true,
	/** With phoneStreams: the events on which a phone reloads its data, as the phone page does. */
	phoneReloadKinds: ['phase', 'session'],
	/** 'pglite' (the embedded default) or 'postgres' (a new database on the test server). */
	backend: 'pglite',
	databaseUrl:
		process.env.BENCH_DATABASE_URL ??
		process.env.TEST_DATABASE_URL ??
		'postgres://werkplaats:werkplaats@127.0.0.1:5432/postgres',
	/** Prefix of every printed figure, e.g. `live.pglite.1000`. */
	prefix: 'live',
	build: 'build',
	/** Port for the server; 0 takes any free one. */
	port: 0
};

/** Milliseconds since the epoch, comparable with the stream worker's clock. */
const now = () => performance.timeOrigin + performance.now();

/** Reads an SSE response, calling onEvent(kind, data, receivedAt) per frame. */
async function readEvents(response, onEvent) {
	const decoder = new TextDecoder();
	let buffer = '';
	for await (const chunk of response.body) {
		const receivedAt = performance.now();
		buffer += decoder.decode(chunk, { stream: true });
		let end;
		while ((end = buffer.indexOf('\n\n')) !== -1) {
			const block = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			let kind = 'message';
			const data = [];
			for (const line of block.split('\n')) {
				if (line.startsWith(':')) continue;
				const colon = line.indexOf(':');
				const field = colon === -1 ? line : line.slice(0, colon);
				const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
				if (field === 'event') kind = value;
				else if (field === 'data') data.push(value);
			}
			if (data.length) onEvent(kind, data.join('\n'), receivedAt);
		}
	}
}

export async function runLiveBench(options = {}, print = console.log) {
	const o = { ...liveDefaults, ...options };
	const phones = o.phones;
	const figure = (name, value) => print(`${o.prefix}.${name}: ${value}`);
	const timeoutMs = (o.timeout || 120 + phones * 0.5) * 1000;
	const cleanup = new Set();
	if (o.backend === 'postgres') await checkPostgres(o.databaseUrl);
	const store = o.backend === 'postgres' ? postgresStore(cleanup, o.databaseUrl) : embeddedStore(cleanup);
	await store.prepare();
	// A thousand phones from one address at a script's pace is exactly what the join brake refuses
	// (src/lib/server/limits.ts): lifted here, where the load is ours on purpose.
	const joinLimits = { WERKPLAATS_JOINS_PER_ADDRESS: '1000000', WERKPLAATS_JOINS_PER_SESSION: '1000000' };
	const server = startAppServer({
		port: o.port || (await freePort()),
		env: { ...store.env(), ...joinLimits },
		build: o.build
	});
	const origin = server.origin;
	const client = httpClient(origin);
	const serverLog = server.log;
	const { exited } = server;
	const killHard = () => server.kill('SIGKILL');
	const cleanUp = async () => {
		for (const task of cleanup) await task().catch(() => {});
		cleanup.clear();
	};

	// The server's resident memory, sampled every 200 ms; the peak is the figure.
	let peakRssKb = 0;
	const sampleRss = () => {
		try {
			const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0);
			peakRssKb = Math.max(peakRssKb, kb);
		} catch {
			// Not Linux, or the server is gone: no figure.
		}
	};
	const rssTimer = setInterval(sampleRss, 200);

	const streams = [];
	const workers = [];
	const hardTimeout = setTimeout(() => {
		print(`${o.prefix}.error: hard timeout after ${Math.round(timeoutMs / 1000)} s`);
		for (const line of serverLog.slice(-20)) print(`# server: ${line}`);
		killHard();
		void cleanUp().finally(() => process.exit(1));
	}, timeoutMs);

	try {
		// 1. The server, on a new database.
		const startMs = await server.waitUntilAnswering({ timeoutMs: 90_000 });
		figure('server_start_ms', Math.round(startMs));

		// 2. The facilitator signs in and creates a session.
		const facilitator = new Jar();
		await signInFacilitator(client, facilitator);
		const sessionId = await createSession(client, facilitator, { title: `Benchmark ${phones} telefoons` });
		const readState = () => readSessionState(client, facilitator, sessionId);
		const state0 = await readState();
		const code = state0.session.join_code;
		const roundId = state0.round.id;

		// 3. The presenter's stream.
		const seen = new Map(); // revision → first arrival on the presenter stream
		const kindsSeen = {};
		let positionFrames = 0;
		let phaseToPosition;
		// Read in a worker thread: arrival times unaffected by the phones' work on this thread.
		const presenter = new Worker(new URL('./stream-worker.mjs', import.meta.url), {
			workerData: { url: `${origin}/sessies/${sessionId}/events`, cookie: facilitator.header() }
		});
		workers.push(presenter);
		await new Promise((resolveOpen, rejectOpen) => {
			presenter.on('error', rejectOpen);
			presenter.on('message', (message) => {
				if (message.type === 'open') {
					if (message.status === 200 && message.contentType?.startsWith('text/event-stream')) resolveOpen();
					else rejectOpen(new Error(`the presenter stream answered HTTP ${message.status} ${message.contentType}`));
				} else if (message.type === 'error') {
					rejectOpen(new Error(`the presenter stream failed: ${message.message}`));
				} else if (message.type === 'event') {
					const { kind, at } = message;
					kindsSeen[kind] = (kindsSeen[kind] ?? 0) + 1;
					const data = JSON.parse(message.data);
					if (kind === 'position') {
						positionFrames += 1;
						for (const revision of data.revisions ?? [data.revision]) if (!seen.has(revision)) seen.set(revision, at);
					} else if (kind === 'phase' && data.phase === 'position') phaseToPosition ??= at;
				}
			});
		});

		// Each phone keeps its own stream open from the moment it joined and, like the phone page,
		// fetches the room's shared snapshot (snapshot.json) when the stream opens and on the events
		// it listens to, at most every 150 ms; its own points need no reload (no round changes
		// here). A fetch that shows the round revealed is the moment that phone has the spread.
		const phoneLoad = { streams: 0, frames: 0, reloads: 0, reloadFailures: 0 };
		const reloadKinds = new Set(o.phoneReloadKinds);
		const spreadSeenAt = [];
		const openPhoneStream = async (jar) => {
			const abort = new AbortController();
			streams.push(abort);
			const response = await fetch(`${origin}/sessies/${sessionId}/events`, {
				headers: { cookie: jar.header(), accept: 'text/event-stream' },
				signal: abort.signal
			}).catch(() => null);
			if (response?.status !== 200) return;
			phoneLoad.streams += 1;
			let busy = false;
			let again = false;
			let sawSpread = false;
			const reload = async () => {
				if (busy) return void (again = true);
				busy = true;
				do {
					again = false;
					const started = performance.now();
					const r = await fetch(`${origin}/sessies/${sessionId}/snapshot.json`, {
						headers: { cookie: jar.header() },
						signal: abort.signal
					}).catch(() => null);
					if (r?.ok) {
						const body = await r.text().catch(() => '');
						phoneLoad.reloads += 1;
						if (!sawSpread && body.includes('"reveal"')) {
							sawSpread = true;
							spreadSeenAt.push(now());
						}
					} else if (!abort.signal.aborted) phoneLoad.reloadFailures += 1;
					await sleep(Math.max(0, 150 - (performance.now() - started)));
				} while (again && !abort.signal.aborted);
				busy = false;
			};
			void reload();
			readEvents(response, (kind) => {
				phoneLoad.frames += 1;
				if (reloadKinds.has(kind)) void reload();
			}).catch(() => {});
		};

		// 4. The phones join by code.
		const jars = Array.from({ length: phones }, () => new Jar());
		let joinFailures = 0;
		let firstJoinError;
		const joinStart = performance.now();
		await pool(jars, o.concurrency, async (jar, i) => {
			try {
				await joinByCode(client, jar, code, `Telefoon ${i + 1}`);
				if (o.phoneStreams) await openPhoneStream(jar);
			} catch (error) {
				joinFailures += 1;
				firstJoinError ??= String(error.message ?? error);
			}
		});
		const joinMs = performance.now() - joinStart;
		figure('joins_per_s', (phones / (joinMs / 1000)).toFixed(1));
		if (joinFailures) {
			figure('join_failures', joinFailures);
			print(`# first join failure: ${firstJoinError}`);
		}

		// 5. The facilitator opens round 1 for positions.
		await setPhase(client, facilitator, sessionId, 1, 'position');

		// 6. Every phone casts a position and then changes it.
		const votes = [];
		const finalValues = new Array(phones);
		let voteFailures = 0;
		let firstVoteError;
		const cast = async (jar, value, desired) => {
			const sentAt = now();
			const result = await client.action(`/sessie/${sessionId}?/cast`, { jar, form: { roundId, value, desired } });
			const ackAt = now();
			const revision = Number(find(result.data, 'revision'));
			if (result.type !== 'success' || !Number.isFinite(revision)) {
				throw new Error(`${result.type} ${result.status} ${JSON.stringify(result.data)}`);
			}
			votes.push({ revision, sentAt, ackAt });
		};
		const voteStart = performance.now();
		await pool(jars, o.concurrency, async (jar, i) => {
			const first = Math.floor(Math.random() * 101);
			const second = (first + 1 + Math.floor(Math.random() * 100)) % 101; // always different
			try {
				await cast(jar, first, Math.floor(Math.random() * 101));
				await cast(jar, second, Math.floor(Math.random() * 101));
				finalValues[i] = second;
			} catch (error) {
				voteFailures += 1;
				firstVoteError ??= String(error.message ?? error);
			}
		});
		const voteMs = performance.now() - voteStart;

		// 7. Wait for the stream to catch up with every acknowledged revision.
		const acknowledged = new Set(votes.map((v) => v.revision));
		const waitStart = performance.now();
		while ([...acknowledged].some((r) => !seen.has(r)) && performance.now() - waitStart < o.grace * 1000)
			await sleep(50);

		// 8. Reveal: every phone reloads and shows the spread. Then read what the database holds.
		const reloadsBeforeReveal = phoneLoad.reloads;
		const revealAt = now();
		await setPhase(client, facilitator, sessionId, 1, 'reveal');
		const revealWait = performance.now();
		while (o.phoneStreams && spreadSeenAt.length < phoneLoad.streams && performance.now() - revealWait < o.grace * 1000)
			await sleep(20);
		const phoneLatencies = spreadSeenAt.map((at) => Math.max(0, at - revealAt)).sort((a, b) => a - b);
		const state1 = await readState();
		const stored = (state1.round.before ?? []).map((p) => p.value).sort((a, b) => a - b);
		const expected = finalValues.filter((v) => v !== undefined).sort((a, b) => a - b);
		const valuesMatch = stored.length === expected.length && stored.every((v, i) => v === expected[i]);

		const latencies = votes
			.filter((v) => seen.has(v.revision))
			.map((v) => Math.max(0, seen.get(v.revision) - v.ackAt))
			.sort((a, b) => a - b);
		const lost = [...acknowledged].filter((r) => !seen.has(r)).length;
		const fmt = (ms) => (Number.isFinite(ms) ? ms.toFixed(1) : 'n/a');

		figure('phones', phones);
		figure('votes_sent', phones * 2);
		figure('votes_acknowledged', votes.length);
		if (voteFailures) {
			figure('vote_failures', voteFailures);
			print(`# first vote failure: ${firstVoteError}`);
		}
		figure('votes_stored', acknowledged.size);
		figure('positions_stored', state1.round.counts.before);
		figure('values_match', valuesMatch ? 'yes' : 'no');
		figure('lost', lost);
		figure('p50_ms', fmt(percentile(latencies, 50)));
		figure('p95_ms', fmt(percentile(latencies, 95)));
		figure('p99_ms', fmt(percentile(latencies, 99)));
		figure('max_ms', fmt(latencies[latencies.length - 1]));
		figure('seen_before_ack', votes.filter((v) => seen.get(v.revision) < v.ackAt).length);
		figure('votes_per_s', (votes.length / (voteMs / 1000)).toFixed(1));
		figure('position_frames', positionFrames);
		figure('phase_event_seen', phaseToPosition !== undefined ? 'yes' : 'no');
		if (o.phoneStreams) {
			figure('phone_streams', phoneLoad.streams);
			figure('phone_stream_frames', phoneLoad.frames);
			figure('phone_reloads', phoneLoad.reloads);
			// Joins and votes make no phone reload: a phone fetches the snapshot when its stream opens
			// and on each step (two here: the opening of positions and the reveal).
			figure('phone_reloads_per_phone', (phoneLoad.reloads / Math.max(1, phoneLoad.streams)).toFixed(2));
			figure('phone_reloads_before_reveal', reloadsBeforeReveal);
			figure('phones_with_spread', spreadSeenAt.length);
			figure('phone_p50_ms', fmt(percentile(phoneLatencies, 50)));
			figure('phone_p95_ms', fmt(percentile(phoneLatencies, 95)));
			if (phoneLoad.reloadFailures) figure('phone_reload_failures', phoneLoad.reloadFailures);
		}
		sampleRss();
		figure('server_rss_mb', (peakRssKb / 1024).toFixed(0));

		for (const abort of streams) abort.abort();
		await Promise.all(workers.map((w) => w.terminate()));
		const stopping = performance.now();
		server.kill('SIGTERM');
		const stopped = await Promise.race([exited, sleep(5_000).then(() => null)]);
		if (stopped) figure('server_stop_ms', Math.round(performance.now() - stopping));
		else {
			figure('server_stop_ms', 'timeout (killed)');
			killHard();
			await Promise.race([exited, sleep(2_000)]);
		}

		// 9. The database's own ceiling for the same votes, without the app: cast_position in this
		// process. Its speed varies from pass to pass on a shared machine; a ceiling is the best of
		// three, so the ratio below is never flattered by one slow pass.
		let raw = 0;
		for (let pass = 0; pass < 3; pass++) raw = Math.max(raw, await store.rawCasts(roundId, 2));
		const votesPerS = votes.length / (voteMs / 1000);
		figure('raw_casts_per_s', raw.toFixed(1));
		figure('votes_to_raw_ratio', (votesPerS / raw).toFixed(2));

		return {
			lost,
			failures: joinFailures + voteFailures,
			valuesMatch,
			joinsPerS: phones / (joinMs / 1000),
			p95: percentile(latencies, 95),
			phoneP95: o.phoneStreams ? percentile(phoneLatencies, 95) : 0,
			phonesWithSpread: spreadSeenAt.length,
			phoneStreams: phoneLoad.streams,
			rssMb: peakRssKb / 1024,
			votesPerS,
			rawPerS: raw
		};
	} catch (error) {
		print(`${o.prefix}.error: ${error.message ?? error}`);
		for (const line of serverLog.slice(-20)) print(`# server: ${line}`);
		return { lost: NaN, failures: 1, valuesMatch: false };
	} finally {
		clearTimeout(hardTimeout);
		clearInterval(rssTimer);
		for (const abort of streams) abort.abort();
		await Promise.all(workers.map((w) => w.terminate()));
		killHard();
		await Promise.race([exited, sleep(2_000)]);
		await cleanUp();
	}
}
