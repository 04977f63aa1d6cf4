// One crash run on one backend: start the server, set up a live session with phones, kill the
// server with SIGKILL in the middle of a burst of votes and notes saves, start it again on the
// same data, and check that everything acknowledged before the kill is still there.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, startAppServer } from '../lib/app-server.mjs';
import { createSession, joinByCode, readState, setPhase, signInFacilitator } from '../lib/demo-session.mjs';
import { httpClient, Jar, pool } from '../lib/http-client.mjs';
import { runBurst } from './burst.mjs';
import { distinctPositions, notesFor } from './random.mjs';
import { verifyNotes, verifyPhone } from './verify.mjs';

/**
 * @param {object} o
 * @param {ReturnType<typeof import('../lib/stores.mjs').embeddedStore>} o.store
 * @param {{ phones: number, casts: number, ports: { from: number, to: number }, startTimeoutMs: number, ledgerDir?: string }} o.options
 * @param {ReturnType<typeof import('./random.mjs').seededRandom>} o.random
 * @param {import('./cleanup.mjs').Cleanup} o.cleanup
 * @param {(line: string) => void} o.print
 * @returns {Promise<{ ok: boolean, problems: string[] }>}
 */
export async function crashRun({ store, options, random, cleanup, print }) {
	const figure = (name, value) => print(`crash.${store.name}.${name}: ${value}`);
	const started = performance.now();
	await store.prepare();

	// 1. The server on fresh storage (migrations and demo data on first start).
	let server = await startServer(store, options, cleanup);
	figure('start_ms', Math.round(await answering(server, 'the first start', options, print)));
	const client = httpClient(() => server.origin);

	// 2. A session of the demo team, its first round open for positions, phones joined by code.
	const facilitator = new Jar();
	await signInFacilitator(client, facilitator);
	const sessionId = await createSession(client, facilitator, { title: `Crashtest ${store.name}` });
	const before = await readState(client, facilitator, sessionId);
	const roundId = before.round.id;
	const initialNotes = {
		notesMd: before.round.notes_md,
		agreementsMd: before.round.agreements_md,
		version: before.round.notes_version
	};
	const phones = Array.from({ length: options.phones }, () => ({
		jar: new Jar(),
		plan: distinctPositions(random, options.casts)
	}));
	await pool(phones, 10, (phone, i) => joinByCode(client, phone.jar, before.session.join_code, `Telefoon ${i + 1}`));
	await setPhase(client, facilitator, sessionId, 1, 'position');
	// Every phone reloads its state at once, as the phone page does on the phase event. This also
	// opens a connection per phone: on new connections the busy server admits about one per
	// event-loop turn, and a quarter of the phones would sit out the burst waiting for theirs.
	await Promise.all(phones.map((phone) => readState(client, phone.jar, sessionId)));

	// 3–4. The burst, and SIGKILL after a random number of acknowledged votes: at least a tenth of
	// the planned votes are acknowledged before it and at least a tenth are still to come.
	const plannedVotes = options.phones * options.casts;
	const killAfterVotes = random.int(Math.ceil(plannedVotes * 0.1), Math.floor(plannedVotes * 0.9));
	figure('phones', options.phones);
	figure('planned_votes', plannedVotes);
	figure('kill_after_votes', killAfterVotes);
	const killed = server;
	const ledger = await runBurst({
		client,
		sessionId,
		roundId,
		phones,
		facilitator: { jar: facilitator, version: initialNotes.version },
		notesText: (seq) => notesFor(random, seq),
		killAfterVotes,
		kill: () => killed.kill('SIGKILL')
	});
	const ended = await killed.exited;
	if (ended.signal !== 'SIGKILL')
		throw new Error(`the server ended with ${ended.signal ?? `exit code ${ended.code}`}, not by the kill`);
	figure('burst_ms', Math.round(ledger.burstMs));

	// 5. The same storage again. For PGlite this start is the crash recovery of the data folder.
	server = await startServer(store, options, cleanup);
	figure('reopen_ms', Math.round(await answering(server, 'the restart after the kill', options, print)));

	// 6. Read back through the app (see readBack), then stop it and read the storage directly.
	const readBackAfter = await readBack(client, phones, facilitator, sessionId);
	const stopped = await server.stop();
	if (stopped.forced) print(`# the restarted ${store.name} server did not stop on SIGTERM within 10 s and was killed`);
	const direct = await store.inspect(roundId);
	if (direct.openMs !== undefined) figure('direct_open_ms', Math.round(direct.openMs));
	figure('direct_read_ms', Math.round(direct.readMs));

	// 7. Verify and report.
	const problems = [];
	const votes = { acknowledged: 0, lost: 0, unknownStored: 0 };
	for (const [i, requests] of ledger.votes.entries()) {
		const phone = verifyPhone(requests, readBackAfter.phones[i]);
		votes.acknowledged += phone.acknowledged;
		votes.lost += phone.lost;
		if (phone.unknownStored) votes.unknownStored += 1;
		if (phone.problem) problems.push(`phone ${i + 1} ${phone.problem}`);
	}
	const notes = verifyNotes(ledger.notes, readBackAfter.notes, initialNotes);
	if (notes.problem) problems.push(notes.problem);
	problems.push(...crossCheck(readBackAfter, direct));

	const all = [...ledger.votes.flat(), ...ledger.notes];
	const count = (entries, test) => entries.filter(test).length;
	const inFlight = (e) => e.outcome === 'unknown' && e.atKill;
	figure('sent_votes', ledger.votes.flat().length);
	figure('acknowledged_votes', votes.acknowledged);
	figure('acknowledged_notes', notes.acknowledged);
	figure(
		'refused',
		count(all, (e) => e.outcome === 'refused')
	);
	figure('in_flight', count(all, inFlight));
	figure('in_flight_votes', count(ledger.votes.flat(), inFlight));
	figure('in_flight_notes', count(ledger.notes, inFlight));
	// Unknown requests whose write turned out to be stored (committed, answer lost to the kill).
	figure('in_flight_stored', votes.unknownStored + (notes.unknownStored ? 1 : 0));
	const unansweredBefore = count(all, (e) => e.outcome === 'unknown' && !e.atKill);
	if (unansweredBefore) figure('unanswered_before_kill', unansweredBefore);
	figure('positions_stored', direct.positions.length);
	figure('notes_version', readBackAfter.notes.version);
	figure('lost_votes', votes.lost);
	figure('lost_notes', notes.lost);
	figure('lost', votes.lost + notes.lost);
	figure('duration_ms', Math.round(performance.now() - started));

	if (options.ledgerDir) {
		const file = join(options.ledgerDir, `crash-${store.name}.json`);
		await writeFile(
			file,
			JSON.stringify({ options, killAfterVotes, ledger, readBack: readBackAfter, direct }, null, 1)
		);
		print(`# ledger written to ${file}`);
	}
	const firstRefusal = all.find((e) => e.outcome === 'refused');
	if (firstRefusal) print(`# first refusal: ${firstRefusal.reason}`);
	for (const problem of problems.slice(0, 20)) print(`# ${store.name}: ${problem}`);
	if (problems.length > 20) print(`# ${store.name}: … and ${problems.length - 20} more`);
	return { ok: problems.length === 0, problems };
}

/** Starts `node build` on a free port of the range; the clean-up kills it if it is still running. */
async function startServer(store, options, cleanup) {
	const server = startAppServer({ port: await freePort(options.ports), env: store.env() });
	cleanup.add(async () => {
		server.kill('SIGKILL');
		await server.exited;
	});
	return server;
}

/** Waits until the server answers; if it does not, shows the end of its log and says which start failed. */
async function answering(server, which, options, print) {
	try {
		return await server.waitUntilAnswering({ timeoutMs: options.startTimeoutMs });
	} catch (error) {
		for (const line of server.log.slice(-20)) print(`# server: ${line}`);
		throw new Error(`${which} failed: ${error.message}`, { cause: error });
	}
}

/**
 * Reads the state back through the app, as its users would after the restart: each phone with its
 * own cookie (raw positions are their author's alone, so only the phone itself can read its exact
 * value; this also shows its anonymous identity and participation survived), and the notes as the
 * facilitator. Read through the same port and RLS on both backends, without database credentials.
 */
async function readBack(client, phones, facilitator, sessionId) {
	const phoneReads = new Array(phones.length);
	await pool(phones, 10, async (phone, i) => {
		const response = await client.request(`/sessies/${sessionId}/state.json`, {
			jar: phone.jar,
			accept: 'application/json'
		});
		if (!response.ok)
			return void (phoneReads[i] = { ok: false, reason: `state.json answered HTTP ${response.status}`, mine: null });
		const state = await response.json();
		if (!state.me) return void (phoneReads[i] = { ok: false, reason: 'no longer a participant', mine: null });
		const mine = state.mine?.before;
		phoneReads[i] = { ok: true, mine: mine ? { value: mine.value, desired: mine.desired } : null };
	});
	const state = await readState(client, facilitator, sessionId);
	return {
		phones: phoneReads,
		notes: {
			notesMd: state.round.notes_md,
			agreementsMd: state.round.agreements_md,
			version: state.round.notes_version
		}
	};
}

/** The app and the storage read directly must agree: the same positions and the same notes. */
function crossCheck(app, direct) {
	const key = (p) => `${p.value}/${p.desired}`;
	const fromApp = app.phones
		.filter((p) => p.mine)
		.map((p) => key(p.mine))
		.sort();
	const fromDb = direct.positions.map(key).sort();
	const problems = [];
	if (fromApp.join() !== fromDb.join()) {
		problems.push(
			`the phones read ${fromApp.length} positions through the app, the database holds ${fromDb.length} that differ`
		);
	}
	const n = direct.notes;
	if (
		!n ||
		n.version !== app.notes.version ||
		n.notesMd !== app.notes.notesMd ||
		n.agreementsMd !== app.notes.agreementsMd
	) {
		problems.push(
			`the notes read through the app (version ${app.notes.version}) differ from the database (version ${n?.version})`
		);
	}
	return problems;
}
