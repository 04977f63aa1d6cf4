// The production server (`node build`, adapter-node) as a child process, for scripts that drive
// it over HTTP. Whoever starts one owns it: it is killed when this process exits, however it exits.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sleep } from './http-client.mjs';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** Variables that choose a backend: removed from the inherited environment so only ours count. */
const backendVariables = [
	'DATABASE_URL',
	'WERKPLAATS_DATA_DIR',
	'PUBLIC_SUPABASE_URL',
	'PUBLIC_SUPABASE_ANON_KEY',
	'SUPABASE_SERVICE_ROLE_KEY'
];

/**
 * A port nobody listens on now: any free one (`range` omitted), or one from `range`
 * ({ from, to }, tried in random order) where the machine's ports are shared out by range.
 */
export async function freePort(range) {
	if (!range) return listenOnce(0);
	const ports = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
	for (let i = ports.length - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[ports[i], ports[j]] = [ports[j], ports[i]];
	}
	for (const port of ports) {
		const free = await listenOnce(port).then(
			() => true,
			() => false
		);
		if (free) return port;
	}
	throw new Error(`no free port between ${range.from} and ${range.to}`);
}

function listenOnce(port) {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const { port: bound } = server.address();
			server.close(() => resolvePort(bound));
		});
	});
}

/**
 * Starts `node <build>` on 127.0.0.1:`port` with the given backend variables (e.g.
 * WERKPLAATS_DATA_DIR or DATABASE_URL) on top of the inherited environment.
 */
export function startAppServer({ port, env: backendEnv, build = 'build', keepLines = 200 }) {
	const origin = `http://127.0.0.1:${port}`;
	const env = { ...process.env };
	for (const name of backendVariables) delete env[name];
	// ORIGIN must be the address we post to, or SvelteKit refuses form posts as cross-site.
	Object.assign(env, { HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin, NODE_ENV: 'production' }, backendEnv);

	const child = spawn(process.execPath, [build], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = [];
	let listening = false;
	const keep = (chunk) => {
		for (const line of String(chunk).split('\n')) {
			if (!line.trim()) continue;
			log.push(line);
			// adapter-node's line once it holds the port: from then on, answers on it are ours.
			if (line.startsWith('Listening on ')) listening = true;
		}
		if (log.length > keepLines) log.splice(0, log.length - keepLines);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);

	let exitedWith = null;
	const exited = new Promise((r) =>
		child.once('exit', (code, signal) => {
			exitedWith = { code, signal };
			r(exitedWith);
		})
	);
	const killHard = () => {
		if (!exitedWith) child.kill('SIGKILL');
	};
	process.once('exit', killHard);
	exited.then(() => process.off('exit', killHard));

	return {
		origin,
		port,
		pid: child.pid,
		log,
		exited,
		get hasExited() {
			return exitedWith !== null;
		},
		/** Resolves with the milliseconds until the server answered HTTP; throws if it died or took too long. */
		async waitUntilAnswering({ timeoutMs = 90_000 } = {}) {
			const started = performance.now();
			for (;;) {
				if (exitedWith) throw new Error(`the server stopped during start-up (${describeExit(exitedWith)})`);
				if (listening) {
					const up = await fetch(origin + '/', { redirect: 'manual' }).then(
						(r) => r.status < 500,
						() => false
					);
					if (up) return performance.now() - started;
				}
				if (performance.now() - started > timeoutMs)
					throw new Error(`the server did not answer within ${timeoutMs / 1000} s`);
				await sleep(100);
			}
		},
		/** Sends a signal now (SIGKILL: no clean-up of any kind, as in a crash). */
		kill(signal = 'SIGKILL') {
			if (!exitedWith) child.kill(signal);
		},
		/** SIGTERM, then SIGKILL after `graceMs`. Resolves with how it ended. */
		async stop({ graceMs = 10_000 } = {}) {
			if (exitedWith) return { ...exitedWith, forced: false };
			child.kill('SIGTERM');
			const ended = await Promise.race([exited, sleep(graceMs).then(() => null)]);
			if (ended) return { ...ended, forced: false };
			killHard();
			return { ...(await exited), forced: true };
		}
	};
}

export const describeExit = ({ code, signal }) => (signal ? `signal ${signal}` : `exit code ${code}`);
