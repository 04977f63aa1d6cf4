// A rolling restart (issue #15): two app servers on one PostgreSQL database, phones spread over
// both, and one server stopped in the middle of their votes as a deployment stops it (SIGTERM,
// then SIGKILL after a grace period). A phone whose server stops sends its vote again to the
// other one, by itself, as the phone page's retry does. Afterwards every phone's last
// acknowledged vote must be what the database holds, and every phone must have finished.
import { performance } from 'node:perf_hooks';
import { freePort, startAppServer } from '../lib/app-server.mjs';
import { createSession, joinByCode, readState, setPhase, signInFacilitator } from '../lib/demo-session.mjs';
import { find, httpClient, Jar, pool } from '../lib/http-client.mjs';
import { distinctPositions } from './random.mjs';

/**
 * @param {object} o
 * @param {ReturnType<typeof import('../lib/stores.mjs').postgresStore>} o.store
 * @param {{ phones: number, casts: number, ports: { from: number, to: number }, startTimeoutMs: number }} o.options
 * @param {ReturnType<typeof import('./random.mjs').seededRandom>} o.random
 * @param {import('./cleanup.mjs').Cleanup} o.cleanup
 * @param {(line: string) => void} o.print
 * @returns {Promise<{ ok: boolean, problems: string[] }>}
 */
export async function rollingRestart({ store, options, random, cleanup, print }) {
	const figure = (name, value) => print(`crash.rolling.${name}: ${value}`);
	const started = performance.now();
	await store.prepare();

	// 1. Two servers on one database; the first applies the migrations and the demo data.
	const servers = [];
	for (let i = 0; i < 2; i++) {
		const server = startAppServer({ port: await freePort(options.ports), env: store.env() });
		cleanup.add(async () => {
			server.kill('SIGKILL');
			await server.exited;
		});
		await server.waitUntilAnswering({ timeoutMs: options.startTimeoutMs });
		servers.push(server);
	}
	const clients = servers.map((server) => httpClient(server.origin));

	// 2. A session on the first server; the phones join round robin over both.
	const facilitator = new Jar();
	await signInFacilitator(clients[1], facilitator);
	const sessionId = await createSession(clients[1], facilitator, { title: 'Rollende herstart' });
	const state = await readState(clients[1], facilitator, sessionId);
	const roundId = state.round.id;
	const phones = Array.from({ length: options.phones }, (_, i) => ({
		jar: new Jar(),
		home: i % 2,
		plan: distinctPositions(random, options.casts),
		acknowledged: [],
		switched: false,
		done: false
	}));
	await pool(phones, 10, (phone, i) =>
		joinByCode(clients[phone.home], phone.jar, state.session.join_code, `Telefoon ${i + 1}`)
	);
	await setPhase(clients[1], facilitator, sessionId, 1, 'position');

	// 3. The votes; server 0 is stopped once a third of them are acknowledged.
	const planned = options.phones * options.casts;
	const stopAfter = Math.ceil(planned / 3);
	let acknowledged = 0;
	let stopping;
	const send = (client, phone, vote) =>
		client
			.action(`/sessie/${sessionId}?/cast`, {
				jar: phone.jar,
				form: { roundId, value: vote.value, desired: vote.desired },
				signal: AbortSignal.timeout(30_000)
			})
			.catch((error) => ({ type: 'unreachable', reason: String(error?.cause?.code ?? error?.message ?? error) }));
	await Promise.all(
		phones.map(async (phone) => {
			for (const vote of phone.plan) {
				// The same vote again is harmless (one row per person, round and stage), so a phone
				// that heard nothing tries again, from the other server once its own is gone.
				for (let attempt = 0; ; attempt++) {
					const result = await send(clients[phone.home], phone, vote);
					if (result.type === 'success' && find(result.data, 'value') === vote.value) {
						phone.acknowledged.push(vote);
						if (++acknowledged === stopAfter) stopping = servers[0].stop({ graceMs: 3_000 });
						break;
					}
					if (result.type === 'failure') throw new Error(`a vote was refused: ${JSON.stringify(result.data)}`);
					if (attempt >= 20)
						throw new Error(
							`a phone could not place its vote after ${attempt} tries (${result.type} ${result.reason ?? result.status})`
						);
					if (phone.home === 0 && stopping) {
						phone.home = 1;
						phone.switched = true;
					}
					await new Promise((resolve) => setTimeout(resolve, 100));
				}
			}
			phone.done = true;
		})
	);
	const stopped = await stopping;
	figure('servers', 2);
	figure('phones', options.phones);
	figure('acknowledged_votes', acknowledged);
	figure('stopped_after_votes', stopAfter);
	figure('stop', stopped ? (stopped.forced ? 'SIGTERM, then SIGKILL after the grace period' : 'SIGTERM') : 'never');
	figure('phones_switched', phones.filter((p) => p.switched).length);

	// 4. Read back through the server still running: each phone's own point is its last vote.
	const problems = [];
	if (!stopped) problems.push('the first server was never stopped');
	await pool(phones, 10, async (phone, i) => {
		const mine = (await readState(clients[1], phone.jar, sessionId)).mine?.before;
		const last = phone.acknowledged.at(-1);
		if (!phone.done) problems.push(`phone ${i + 1} did not finish its votes`);
		else if (!mine || mine.value !== last.value || mine.desired !== last.desired) {
			problems.push(
				`phone ${i + 1}: last acknowledged ${last.value}/${last.desired}, stored ${mine ? `${mine.value}/${mine.desired}` : 'nothing'}`
			);
		}
	});
	const lost = problems.length;
	figure('lost', lost);
	figure('duration_ms', Math.round(performance.now() - started));
	await servers[1].stop();
	for (const problem of problems.slice(0, 20)) print(`# rolling: ${problem}`);
	return { ok: problems.length === 0, problems };
}
