// The live benchmark: a built server (node build) on a fresh embedded database, one presenter
// stream, N phones that join and each cast a position and then change it. It measures how long a
// vote takes from its HTTP acknowledgement to the arrival of its revision on the presenter's
// stream, and checks that no acknowledged vote is missing from the stream or the database.
//
// Plain Node ESM (Node 20, no TypeScript runtime). Run through `npm run bench` (which builds
// first) or `node scripts/bench/run.mjs --phones 1000` on an existing build.

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { parse as devalueParse } from 'devalue';

const demo = {
	email: 'fenna@voorbeeld.nl',
	password: 'werkplaats-demo',
	teamId: '7ea70000-0000-4000-8000-000000000001',
	dilemmas: ['zelf-doen-of-overdragen', 'optreden-of-terugtreden']
};

export const liveDefaults = {
	phones: 200,
	concurrency: 50,
	/** Seconds the whole run may take before it is stopped (server killed, exit code 1). */
	timeout: 0,
	/** Seconds to wait, after the last acknowledgement, for the stream to catch up. */
	grace: 15,
	/** Also open each phone's own event stream (the load of a real room). */
	phoneStreams: false,
	/** With phoneStreams: the events on which a phone reloads its state, as the phone page does. */
	phoneReloadKinds: ['participant', 'phase', 'notes', 'session'],
	build: 'build'
};

/** A cookie jar of one browser: name → value, from set-cookie headers. */
class Jar {
	#cookies = new Map();
	take(response) {
		for (const line of response.headers.getSetCookie()) {
			const [pair, ...attributes] = line.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
			if (expired) this.#cookies.delete(name);
			else this.#cookies.set(name, value);
		}
	}
	has(name) {
		return this.#cookies.has(name);
	}
	header() {
		return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}
}

function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Milliseconds since the epoch, comparable with the stream worker's clock. */
const now = () => performance.timeOrigin + performance.now();

/** Runs fn over items with at most `limit` in flight. */
async function pool(items, limit, fn) {
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const index = next++;
			await fn(items[index], index);
		}
	});
	await Promise.all(workers);
}

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Finds `key` anywhere in a parsed action result (its shape is the route's business). */
function find(value, key) {
	if (!value || typeof value !== 'object') return undefined;
	if (key in value) return value[key];
	for (const inner of Object.values(value)) {
		const found = find(inner, key);
		if (found !== undefined) return found;
	}
	return undefined;
}

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
	const timeoutMs = (o.timeout || 120 + phones * 0.5) * 1000;
	const root = resolve(import.meta.dirname, '../..');
	const dataDir = await mkdtemp(join(tmpdir(), 'werkplaats-bench-'));
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;

	const env = { ...process.env };
	for (const name of ['DATABASE_URL', 'PUBLIC_SUPABASE_URL', 'PUBLIC_SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY']) delete env[name];
	Object.assign(env, {
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: origin,
		WERKPLAATS_DATA_DIR: dataDir,
		WERKPLAATS_DEMO_DATA: 'true',
		NODE_ENV: 'production'
	});
	const server = spawn(process.execPath, [o.build], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const serverLog = [];
	const keep = (chunk) => {
		for (const line of String(chunk).split('\n')) if (line.trim()) serverLog.push(line);
		if (serverLog.length > 200) serverLog.splice(0, serverLog.length - 200);
	};
	server.stdout.on('data', keep);
	server.stderr.on('data', keep);
	let serverExited = false;
	const exited = new Promise((r) => server.once('exit', (code, signal) => ((serverExited = true), r({ code, signal }))));
	const killHard = () => {
		if (!serverExited) server.kill('SIGKILL');
	};
	process.once('exit', killHard);

	const streams = [];
	const workers = [];
	const hardTimeout = setTimeout(() => {
		print(`live.error: hard timeout after ${Math.round(timeoutMs / 1000)} s`);
		for (const line of serverLog.slice(-20)) print(`# server: ${line}`);
		killHard();
		rmSync(dataDir, { recursive: true, force: true });
		process.exit(1);
	}, timeoutMs);

	async function http(path, { jar, method = 'GET', form, action = false, accept } = {}) {
		const headers = { origin };
		if (jar) headers.cookie = jar.header();
		if (action) {
			headers['x-sveltekit-action'] = 'true';
			headers.accept = 'application/json';
		}
		if (accept) headers.accept = accept;
		let body;
		if (form) {
			body = new URLSearchParams();
			for (const [key, value] of Object.entries(form)) {
				for (const v of Array.isArray(value) ? value : [value]) body.append(key, String(v));
			}
			headers['content-type'] = 'application/x-www-form-urlencoded';
		}
		const response = await fetch(origin + path, { method, headers, body, redirect: 'manual' });
		jar?.take(response);
		return response;
	}
	async function actionResult(response) {
		const text = await response.text();
		let result;
		try {
			result = JSON.parse(text);
		} catch {
			throw new Error(`not an action result (HTTP ${response.status}): ${text.slice(0, 200)}`);
		}
		if (typeof result.data === 'string') result.data = devalueParse(result.data);
		return result;
	}
	const ok = (result) => result.type === 'success' || result.type === 'redirect';

	try {
		// 1. The server, on a new data folder.
		const started = performance.now();
		for (;;) {
			if (serverExited) throw new Error('the server stopped during start-up');
			const up = await fetch(origin + '/', { redirect: 'manual' }).then((r) => r.status < 500, () => false);
			if (up) break;
			if (performance.now() - started > 90_000) throw new Error('the server did not start within 90 s');
			await sleep(200);
		}
		print(`live.server_start_ms: ${Math.round(performance.now() - started)}`);

		// 2. The facilitator signs in and creates a session.
		const facilitator = new Jar();
		const login = await actionResult(
			await http('/inloggen', { jar: facilitator, method: 'POST', action: true, form: { email: demo.email, password: demo.password } })
		);
		if (!ok(login) || !facilitator.has('wp_session')) throw new Error(`sign-in failed: ${JSON.stringify(login)}`);
		const created = await actionResult(
			await http(`/teams/${demo.teamId}/sessies/nieuw`, {
				jar: facilitator,
				method: 'POST',
				action: true,
				form: {
					title: `Benchmark ${phones} telefoons`,
					heldOn: new Date().toISOString().slice(0, 10),
					dilemmas: demo.dilemmas,
					askDesired: 'on'
				}
			})
		);
		const sessionId = String(created.location ?? '').match(/\/sessies\/([0-9a-f-]{36})\/presenter/)?.[1];
		if (!sessionId) throw new Error(`creating the session failed: ${JSON.stringify(created)}`);
		const readState = async () => {
			const response = await http(`/sessies/${sessionId}/state.json`, { jar: facilitator, accept: 'application/json' });
			if (!response.ok) throw new Error(`state.json answered HTTP ${response.status}`);
			return response.json();
		};
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

		// Optionally, each phone also keeps its own stream open from the moment it joined and, like
		// the phone page, reloads its state (at most every 150 ms) on the events it listens to.
		const phoneLoad = { streams: 0, frames: 0, reloads: 0, reloadFailures: 0 };
		const reloadKinds = new Set(o.phoneReloadKinds);
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
			const reload = async () => {
				if (busy) return void (again = true);
				busy = true;
				do {
					again = false;
					const started = performance.now();
					const r = await fetch(`${origin}/sessies/${sessionId}/state.json`, { headers: { cookie: jar.header() }, signal: abort.signal }).catch(() => null);
					if (r?.ok) {
						await r.arrayBuffer().catch(() => {});
						phoneLoad.reloads += 1;
					} else if (!abort.signal.aborted) phoneLoad.reloadFailures += 1;
					await sleep(Math.max(0, 150 - (performance.now() - started)));
				} while (again && !abort.signal.aborted);
				busy = false;
			};
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
				const result = await actionResult(
					await http('/doe-mee?/join', { jar, method: 'POST', action: true, form: { code, displayName: `Telefoon ${i + 1}` } })
				);
				if (!ok(result) || !jar.has('wp_session')) throw new Error(`${result.type} ${result.status} ${JSON.stringify(result.data)}`);
				if (o.phoneStreams) await openPhoneStream(jar);
			} catch (error) {
				joinFailures += 1;
				firstJoinError ??= String(error.message ?? error);
			}
		});
		const joinMs = performance.now() - joinStart;
		print(`live.joins_per_s: ${(phones / (joinMs / 1000)).toFixed(1)}`);
		if (joinFailures) {
			print(`live.join_failures: ${joinFailures}`);
			print(`# first join failure: ${firstJoinError}`);
		}

		// 5. The facilitator opens round 1 for positions.
		const moved = await actionResult(
			await http(`/sessies/${sessionId}/presenter?/phase`, {
				jar: facilitator,
				method: 'POST',
				action: true,
				form: { position: 1, phase: 'position' }
			})
		);
		if (!ok(moved)) throw new Error(`moving to the position phase failed: ${JSON.stringify(moved)}`);

		// 6. Every phone casts a position and then changes it.
		const votes = [];
		const finalValues = new Array(phones);
		let voteFailures = 0;
		let firstVoteError;
		const cast = async (jar, value, desired) => {
			const sentAt = now();
			const result = await actionResult(
				await http(`/sessie/${sessionId}?/cast`, { jar, method: 'POST', action: true, form: { roundId, value, desired } })
			);
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
		while ([...acknowledged].some((r) => !seen.has(r)) && performance.now() - waitStart < o.grace * 1000) await sleep(50);

		// 8. Reveal and read what the database holds.
		const revealed = await actionResult(
			await http(`/sessies/${sessionId}/presenter?/phase`, { jar: facilitator, method: 'POST', action: true, form: { position: 1, phase: 'reveal' } })
		);
		if (!ok(revealed)) throw new Error(`revealing failed: ${JSON.stringify(revealed)}`);
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

		print(`live.phones: ${phones}`);
		print(`live.votes_sent: ${phones * 2}`);
		print(`live.votes_acknowledged: ${votes.length}`);
		if (voteFailures) {
			print(`live.vote_failures: ${voteFailures}`);
			print(`# first vote failure: ${firstVoteError}`);
		}
		print(`live.votes_stored: ${acknowledged.size}`);
		print(`live.positions_stored: ${state1.round.counts.before}`);
		print(`live.values_match: ${valuesMatch ? 'yes' : 'no'}`);
		print(`live.lost: ${lost}`);
		print(`live.p50_ms: ${fmt(percentile(latencies, 50))}`);
		print(`live.p95_ms: ${fmt(percentile(latencies, 95))}`);
		print(`live.p99_ms: ${fmt(percentile(latencies, 99))}`);
		print(`live.max_ms: ${fmt(latencies[latencies.length - 1])}`);
		print(`live.seen_before_ack: ${votes.filter((v) => seen.get(v.revision) < v.ackAt).length}`);
		print(`live.votes_per_s: ${(votes.length / (voteMs / 1000)).toFixed(1)}`);
		print(`live.position_frames: ${positionFrames}`);
		print(`live.phase_event_seen: ${phaseToPosition !== undefined ? 'yes' : 'no'}`);
		if (o.phoneStreams) {
			print(`live.phone_streams: ${phoneLoad.streams}`);
			print(`live.phone_stream_frames: ${phoneLoad.frames}`);
			print(`live.phone_reloads: ${phoneLoad.reloads}`);
			if (phoneLoad.reloadFailures) print(`live.phone_reload_failures: ${phoneLoad.reloadFailures}`);
		}

		for (const abort of streams) abort.abort();
		await Promise.all(workers.map((w) => w.terminate()));
		const stopping = performance.now();
		server.kill('SIGTERM');
		const stopped = await Promise.race([exited, sleep(5_000).then(() => null)]);
		if (stopped) print(`live.server_stop_ms: ${Math.round(performance.now() - stopping)}`);
		else print('live.server_stop_ms: timeout (killed)');

		return { lost, failures: joinFailures + voteFailures, valuesMatch };
	} catch (error) {
		print(`live.error: ${error.message ?? error}`);
		for (const line of serverLog.slice(-20)) print(`# server: ${line}`);
		return { lost: NaN, failures: 1, valuesMatch: false };
	} finally {
		clearTimeout(hardTimeout);
		for (const abort of streams) abort.abort();
		await Promise.all(workers.map((w) => w.terminate()));
		killHard();
		await Promise.race([exited, sleep(2_000)]);
		process.off('exit', killHard);
		await rm(dataDir, { recursive: true, force: true }).catch(() => {});
	}
}
