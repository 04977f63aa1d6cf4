// `npm run test:crash` (after `vite build`): kills the production server with SIGKILL in the
// middle of a burst of votes and notes saves, starts it again on the same data, and checks that
// every request acknowledged before the kill is still stored — on the embedded backend (PGlite,
// a fresh data folder) and on the PostgreSQL server (a fresh database, dropped afterwards). With
// PostgreSQL it also runs a rolling restart: two servers, one stopped while phones vote, the
// phones carrying on with the other (crash/rolling-restart.mjs).
// Prints one figure per line (`name: value`); exits non-zero if anything acknowledged was lost,
// a restart failed, or a step could not run.
//
//   node scripts/crash-test.mjs [--backend embedded|postgres|both] [--phones 40] [--casts 25]
//                               [--seed n] [--ports 4300-4399] [--timeout s] [--ledger dir]
//
// --ledger writes every request (sent, answered, outcome) and what was read back, per backend,
// to <dir>/crash-<backend>.json: the evidence to study when a run fails.
//
// PostgreSQL: TEST_DATABASE_URL (a superuser connection), by default the one the db tests use.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Cleanup } from './crash/cleanup.mjs';
import { crashRun } from './crash/crash-run.mjs';
import { rollingRestart } from './crash/rolling-restart.mjs';
import { seededRandom } from './crash/random.mjs';
import { checkPostgres, embeddedStore, postgresStore } from './lib/stores.mjs';
import { requireRecentNode } from '../src/lib/node-version.js';

requireRecentNode('the crash test');

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://werkplaats:werkplaats@127.0.0.1:5432/postgres';

const { values } = parseArgs({
	options: {
		backend: { type: 'string', default: 'both' },
		phones: { type: 'string', default: '40' },
		casts: { type: 'string', default: '25' },
		seed: { type: 'string', default: String(Math.floor(Math.random() * 2 ** 31)) },
		ports: { type: 'string', default: '4300-4399' },
		timeout: { type: 'string', default: '900' },
		ledger: { type: 'string' }
	}
});

function usage(message) {
	console.error(`crash-test: ${message}`);
	process.exit(2);
}
const whole = (name, min = 1) => {
	const n = Number(values[name]);
	if (!Number.isInteger(n) || n < min) usage(`--${name} must be a whole number of at least ${min}`);
	return n;
};
const backends = { embedded: ['embedded'], postgres: ['postgres'], both: ['embedded', 'postgres'] }[values.backend];
if (!backends) usage('--backend must be embedded, postgres or both');
const [from, to] = values.ports.split('-').map(Number);
if (!(from > 0 && to >= from && to < 65536)) usage('--ports must be a range such as 4300-4399');
const options = {
	phones: whole('phones'),
	casts: whole('casts', 2),
	ports: { from, to },
	startTimeoutMs: 180_000,
	ledgerDir: values.ledger
};
const seed = whole('seed', 0);

const cleanup = new Cleanup();
let aborted = false;
// Once aborted, the run's own errors (its server is gone) are noise, not findings.
const print = (line) => aborted || console.log(line);

// Ctrl-C, a CI runner's SIGTERM or the overall time limit: stop the servers, drop what was made.
async function abort(message, code) {
	aborted = true;
	console.error(`crash-test: ${message}; cleaning up`);
	await cleanup.run();
	process.exit(code);
}
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
const timeLimit = setTimeout(() => abort(`still running after ${values.timeout} s`, 1), whole('timeout') * 1000);

const started = performance.now();
const failures = [];
try {
	if (backends.includes('postgres')) await checkPostgres(adminUrl);
	print(`crash.seed: ${seed}`);
	print(`crash.node: ${process.version}`);
	for (const [i, name] of backends.entries()) {
		if (aborted) break;
		const store = name === 'embedded' ? embeddedStore(cleanup) : postgresStore(cleanup, adminUrl);
		try {
			const result = await crashRun({ store, options, random: seededRandom(seed + i), cleanup, print });
			if (!result.ok) failures.push(`${name}: ${result.problems.length} problem(s), first: ${result.problems[0]}`);
		} catch (error) {
			failures.push(`${name}: ${error.message ?? error}`);
			print(`crash.${name}.error: ${error.message ?? error}`);
		} finally {
			// Each backend's servers, data folder or database go before the next one starts.
			await cleanup.run();
		}
	}
	// Several servers share PostgreSQL: one of two is stopped while phones vote (a rolling restart).
	if (backends.includes('postgres') && !aborted) {
		try {
			const result = await rollingRestart({
				store: postgresStore(cleanup, adminUrl),
				options,
				random: seededRandom(seed + 7),
				cleanup,
				print
			});
			if (!result.ok)
				failures.push(`rolling restart: ${result.problems.length} problem(s), first: ${result.problems[0]}`);
		} catch (error) {
			failures.push(`rolling restart: ${error.message ?? error}`);
			print(`crash.rolling.error: ${error.message ?? error}`);
		} finally {
			await cleanup.run();
		}
	}
} catch (error) {
	failures.push(error.message ?? String(error));
} finally {
	clearTimeout(timeLimit);
	await cleanup.run();
}
print(`crash.duration_ms: ${Math.round(performance.now() - started)}`);
print(`crash.result: ${failures.length ? 'FAILED' : 'ok'}`);
if (aborted) await cleanup.run(); // abort() exits (130, 143 or 1) as soon as the clean-up is done
for (const failure of failures) console.error(`crash-test: ${failure}`);
process.exit(failures.length ? 1 : 0);
