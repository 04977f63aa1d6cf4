// The network benchmark: a database the size of a national network, and the dashboard's queries
// timed on it as the app runs them (one transaction, role `authenticated` and the viewer's JWT
// claims, then `select public.fn(...)`).
//
// Scale: teams × 10 sessions × 20 dilemmas × 10 people, one position each (5,000 teams are 10
// million positions). The app itself migrates the database (the built server starts once on it and
// stops); the bulk rows are then written with set-based SQL as superuser, with triggers off, and
// the network cells are computed with the same function the close trigger calls.
//
// Why the dashboard does not slow down with positions: it reads network_aggregates (one row per
// period, dilemma and size class), never positions or cells. Positions cost once, when their
// session closes. Since issue 15 a closing or a sharing change only queues the aggregates it
// touches and answers; the rewrite, in proportion to the teams in the network, comes after the
// answer (timed here as `…_deferred`), and a read before it computes the queued keys itself
// (`dashboard_while_queued`).

import { mkdtemp, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { freePort, startAppServer } from '../lib/app-server.mjs';
import { percentile } from '../lib/stats.mjs';

export const networkDefaults = {
	postgresTeams: 5000,
	pgliteTeams: 500,
	sessions: 10,
	people: 10,
	repeats: 40,
	databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://werkplaats:werkplaats@127.0.0.1:5432/postgres'
};

const network = '4e770000-0000-4000-8000-00000000b000';
const ms = (start) => performance.now() - start;
/** What PostgreSQL's md5(text)::uuid gives: the seed's ids, computed here without a query. */
const md5uuid = (text) =>
	createHash('md5')
		.update(text)
		.digest('hex')
		.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
const round1 = (n) => Math.round(n * 10) / 10;

/** Starts the built server on the given database until it has migrated and seeded, then stops it. */
async function migrateWithApp(env) {
	const server = startAppServer({ port: await freePort(), env: { WERKPLAATS_DEMO_DATA: 'true', ...env } });
	try {
		await server.waitUntilAnswering();
	} catch (error) {
		throw new Error(`${error.message}\n${server.log.slice(-20).join('\n')}`, { cause: error });
	} finally {
		await server.stop();
	}
}

/** The rows of a network of `teams` teams, in set-based statements (PostgreSQL and PGlite alike). */
function seedStatements({ teams, sessions, people }) {
	const T = Number(teams),
		S = Number(sessions),
		P = Number(people);
	return [
		// Bulk rows: triggers (live events, profiles, close → cells) would fire per row.
		`set session_replication_role = replica`,
		`insert into app.networks (id, name, min_contributors) values ('${network}', 'Benchmarknetwerk', 5)`,
		`insert into auth.users (id, instance_id, aud, role, email, raw_app_meta_data, raw_user_meta_data, is_anonymous, created_at, updated_at)
		 select md5('bench-person-' || t || '-' || p)::uuid, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
		        'b' || t || '-' || p || '@bench.invalid', '{}', '{}', false, now(), now()
		 from generate_series(1, ${T}) t cross join generate_series(1, ${P}) p`,
		`insert into app.teams (id, name, created_by) select md5('bench-team-' || t)::uuid, 'Benchteam ' || t, null
		 from generate_series(1, ${T}) t`,
		`insert into app.team_members (team_id, user_id, role)
		 select md5('bench-team-' || t)::uuid, md5('bench-person-' || t || '-' || p)::uuid, case when p = 1 then 'facilitator' else 'member' end
		 from generate_series(1, ${T}) t cross join generate_series(1, ${P}) p`,
		`insert into app.network_teams (network_id, team_id, sharing, show_name, label_no)
		 select '${network}', md5('bench-team-' || t)::uuid, t % 10 <> 0, t % 2 = 0, t from generate_series(1, ${T}) t`,
		// Sessions a quarter apart, the newest a month ago; every session covers all twenty dilemmas.
		`insert into app.sessions (id, team_id, set_id, title, held_on, join_code, status, current_round, created_at, closed_at)
		 select md5('bench-session-' || t || '-' || q)::uuid, md5('bench-team-' || t)::uuid, s.id, 'Sessie ' || q,
		        (current_date - make_interval(months => 1 + 3 * q))::date,
		        -- unique six-letter codes from the join-code alphabet, no randomness needed
		        translate(lpad(upper(to_hex(t * 16 + q)), 6, 'Z'), '01', 'XY'), 'closed', 20, now(), now()
		 from generate_series(1, ${T}) t cross join generate_series(0, ${S - 1}) q
		 cross join (select id from app.dilemma_sets where team_id is null order by version desc limit 1) s`,
		`insert into app.session_rounds (id, session_id, position, dilemma_slug, phase, revealed_at)
		 select md5('bench-round-' || ss.id || '-' || d.n)::uuid, ss.id, d.n, d.slug, 'done', now()
		 from app.sessions ss
		 cross join (select slug, row_number() over (order by slug)::int as n from app.dilemmas
		             where set_id = (select id from app.dilemma_sets where team_id is null order by version desc limit 1)
		               and lang = 'nl') d
		 where ss.team_id in (select team_id from app.network_teams where network_id = '${network}')`,
		`insert into app.session_participants (session_id, user_id, display_name)
		 select ss.id, tm.user_id, 'Deelnemer' from app.sessions ss join app.team_members tm on tm.team_id = ss.team_id
		 where ss.team_id in (select team_id from app.network_teams where network_id = '${network}')`,
		// One position per person and round: a team lean per dilemma plus a personal scatter.
		`insert into app.positions (round_id, user_id, stage, value)
		 select r.id, sp.user_id, 'before',
		        greatest(0, least(100, 30 + abs(hashtext(r.session_id::text || r.dilemma_slug)) % 41
		                              + abs(hashtext(r.id::text || sp.user_id::text)) % 41 - 20))
		 from app.session_rounds r join app.session_participants sp on sp.session_id = r.session_id
		 where r.session_id in (select id from app.sessions
		                        where team_id in (select team_id from app.network_teams where network_id = '${network}'))`,
		`set session_replication_role = origin`
	];
}

async function timeCalls(call, label, repeats, print) {
	const times = [];
	for (let i = 0; i < repeats; i++) {
		const start = performance.now();
		await call(i);
		times.push(ms(start));
	}
	times.sort((a, b) => a - b);
	print(`${label}_p50_ms: ${round1(percentile(times, 50))}`);
	print(`${label}_p95_ms: ${round1(percentile(times, 95))}`);
	return percentile(times, 95);
}

/** One backend: seed, compute cells, time the dashboard's functions. */
async function runOn(backend, { query, rpc, teams }, options, print) {
	const { sessions, people, repeats } = options;
	const prefix = `network.${backend}`;
	const [{ n: loaded }] = await query(
		`select count(*)::int as n from app.network_teams where network_id = '${network}'`
	);
	// --network-reuse: a database an earlier run loaded (and kept); the app has just applied any
	// newer migrations to it. Its scale is what was loaded then.
	if (Number(loaded) > 0) teams = Number(loaded);
	print(
		`${prefix}.scale: teams=${teams} sessions_per_team=${sessions} people_per_team=${people} dilemmas=20${Number(loaded) > 0 ? ' (reused database)' : ''}`
	);
	let start;
	if (Number(loaded) === 0) {
		start = performance.now();
		for (const statement of seedStatements({ teams, sessions, people })) await query(statement);
		print(`${prefix}.seed_s: ${round1(ms(start) / 1000)}`);
		const [{ n: positions }] = await query(`select count(*)::bigint as n from app.positions`);
		print(`${prefix}.positions: ${Number(positions)}`);

		// Every session at once, in batches: what the close trigger does for one session at a time.
		const ids = (
			await query(
				`select id from app.sessions where team_id in (select team_id from app.network_teams where network_id = '${network}') order by id`
			)
		).map((r) => r.id);
		start = performance.now();
		for (let i = 0; i < ids.length; i += 2000) {
			await query(`select private.refresh_network_cells($1::uuid[], false)`, [ids.slice(i, i + 2000)]);
		}
		print(`${prefix}.cells_refresh_all_s: ${round1(ms(start) / 1000)}`);
		start = performance.now();
		await query(`select private.refresh_network_aggregates($1::uuid)`, [network]);
		print(`${prefix}.aggregates_refresh_all_s: ${round1(ms(start) / 1000)}`);
		const [{ cells, period_cells }] = await query(
			`select (select count(*) from app.network_cells)::bigint as cells, (select count(*) from app.network_period_cells)::bigint as period_cells`
		);
		print(`${prefix}.cells: ${Number(cells)}`);
		print(`${prefix}.period_cells: ${Number(period_cells)}`);
		// Autovacuum would do this in production; a benchmark should not wait for it.
		await query(`vacuum analyze`);
	}
	// The rest of the analyze, on a reused database too (a new migration's tables and indexes).
	await query(`analyze`);
	// Sharing teams (every tenth team does not share), by number: team t's facilitator is person 1.
	const sharingTeams = Array.from({ length: teams }, (_, i) => i + 1).filter((t) => t % 10 !== 0);
	const pick = (i) => sharingTeams[(i * 7919) % sharingTeams.length];
	// What the server does after answering (src/lib/server/db/network-queue.ts): rewrite the queued
	// aggregates, forty keys per transaction, until none are left.
	const drain = async () => {
		const t0 = performance.now();
		for (;;) {
			const [{ left }] = await query(`select public.process_network_queue(40) as left`);
			if (Number(left) === 0) break;
		}
		return ms(t0);
	};
	const sorted = (values) => [...values].sort((a, b) => a - b);
	const figures = {};
	await drain();

	// Closing a session as its facilitator does (set_session_status): the session's own cells are
	// written in the transaction, the forty network keys it touches are queued.
	// Right after each close, before the drain, another team's member reads the dashboard of the
	// session's year: its queued keys are computed on the spot.
	const closeTimes = [];
	const closeDrains = [];
	const queuedReads = [];
	const readDashboard = async (viewerTeam, periodStart) => {
		const r0 = performance.now();
		await rpc(md5uuid(`bench-person-${viewerTeam}-2`), 'network_dashboard', {
			p_network_id: network,
			p_period_kind: 'year',
			p_period_start: periodStart,
			p_team_size: null
		});
		queuedReads.push(ms(r0));
	};
	for (let i = 0; i < Math.min(20, sharingTeams.length); i++) {
		const t = pick(i);
		const id = md5uuid(`bench-session-${t}-${i % sessions}`);
		const [{ year: sessionYear }] = await query(
			`update app.sessions set status = 'open', closed_at = null where id = $1
			 returning date_trunc('year', held_on)::date::text as year`,
			[id]
		);
		const t0 = performance.now();
		await rpc(md5uuid(`bench-person-${t}-1`), 'set_session_status', { p_session_id: id, p_status: 'closed' });
		closeTimes.push(ms(t0));
		await readDashboard(pick(300 + i), sessionYear);
		closeDrains.push(await drain());
	}
	figures.closeP95 = percentile(sorted(closeTimes), 95);
	print(`${prefix}.close_session_p50_ms: ${round1(percentile(sorted(closeTimes), 50))}`);
	print(`${prefix}.close_session_p95_ms: ${round1(figures.closeP95)}`);
	print(`${prefix}.close_session_deferred_p95_ms: ${round1(percentile(sorted(closeDrains), 95))}`);

	const [year] = await query(
		`select max(period_start)::text as start from app.network_period_cells where period_kind = 'year'`
	);
	const [quarter] = await query(
		`select max(period_start)::text as start from app.network_period_cells where period_kind = 'quarter'`
	);

	// A team withdrawing and sharing again as its facilitator does (save_team_network), ten teams
	// twice each. Right after each change, before the queue is drained, another team's member reads
	// the dashboard: the queued keys are computed on the spot (the withdrawn team is never in them).
	const sharingTimes = [];
	const sharingDrains = [];
	for (let i = 0; i < Math.min(10, sharingTeams.length); i++) {
		const t = pick(100 + i);
		const viewerTeam = pick(200 + i);
		for (const sharing of [false, true]) {
			const t0 = performance.now();
			await rpc(md5uuid(`bench-person-${t}-1`), 'save_team_network', {
				p_team_id: md5uuid(`bench-team-${t}`),
				p_network_id: network,
				p_sharing: sharing,
				p_show_name: t % 2 === 0,
				p_interpretation_md: null
			});
			sharingTimes.push(ms(t0));
			await readDashboard(viewerTeam, year.start);
			sharingDrains.push(await drain());
		}
	}
	figures.sharingP95 = percentile(sorted(sharingTimes), 95);
	print(`${prefix}.sharing_change_p50_ms: ${round1(percentile(sorted(sharingTimes), 50))}`);
	print(`${prefix}.sharing_change_p95_ms: ${round1(figures.sharingP95)}`);
	print(`${prefix}.sharing_change_deferred_p95_ms: ${round1(percentile(sorted(sharingDrains), 95))}`);
	// The reads made before the drain, after closes and sharing changes (40).
	figures.queuedReadP95 = percentile(sorted(queuedReads), 95);
	print(`${prefix}.dashboard_while_queued_p50_ms: ${round1(percentile(sorted(queuedReads), 50))}`);
	print(`${prefix}.dashboard_while_queued_p95_ms: ${round1(figures.queuedReadP95)}`);
	await query(`vacuum analyze app.network_aggregates, app.network_period_cells, app.network_cells, app.network_teams`);

	// A different member (and team) per call, so no cache of one viewer flatters the figures.
	const viewers = Array.from({ length: repeats }, (_, i) => {
		// Members of sharing teams: a team that shares nothing sees no figures (share_to_see).
		const team = sharingTeams[(i * 37) % sharingTeams.length];
		return { user: md5uuid(`bench-person-${team}-2`), team: md5uuid(`bench-team-${team}`) };
	});

	figures.dashboardP95 = await timeCalls(
		(i) =>
			rpc(viewers[i].user, 'network_dashboard', {
				p_network_id: network,
				p_period_kind: 'year',
				p_period_start: year.start,
				p_team_size: null
			}),
		`${prefix}.dashboard`,
		repeats,
		print
	);
	await timeCalls(
		(i) =>
			rpc(viewers[i].user, 'network_dashboard', {
				p_network_id: network,
				p_period_kind: 'quarter',
				p_period_start: quarter.start,
				p_team_size: 'small'
			}),
		`${prefix}.dashboard_quarter_small`,
		repeats,
		print
	);
	figures.teamByTeamP95 = await timeCalls(
		(i) =>
			rpc(viewers[i].user, 'network_dilemma', {
				p_network_id: network,
				p_dilemma_slug: 'zelf-doen-of-overdragen',
				p_period_kind: 'quarter',
				p_period_start: quarter.start
			}),
		`${prefix}.team_by_team`,
		repeats,
		print
	);
	await timeCalls(
		(i) => rpc(viewers[i].user, 'team_vs_network', { p_team_id: viewers[i].team, p_network_id: network }),
		`${prefix}.team_vs_network`,
		repeats,
		print
	);
	const exportStart = performance.now();
	const rows = await rpc(viewers[0].user, 'network_export', {
		p_network_id: network,
		p_period_kind: 'quarter',
		p_level: 'network'
	});
	print(`${prefix}.export_network_quarter_ms: ${round1(ms(exportStart))} (${rows.length} rows)`);
	return figures;
}

const callSql = (fn, args) =>
	`select public.${fn}(${Object.keys(args)
		.map((k, i) => `${k} => $${i + 1}`)
		.join(', ')}) as result`;
const claims = (userId) =>
	JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated', is_anonymous: false });

export async function runNetworkOnPostgres(options = {}, print = console.log) {
	const o = { ...networkDefaults, ...options };
	const admin = postgres(o.databaseUrl, { max: 1, onnotice: () => {} });
	try {
		await admin`select 1`;
	} catch (error) {
		throw new Error(
			`PostgreSQL is not reachable at ${o.databaseUrl.replace(/:[^:@/]+@/, ':***@')} (${error.message}); start it with scripts/test-prerequisites.sh or set BENCH_DATABASE_URL`,
			{ cause: error }
		);
	}
	// --network-reuse NAME: a database a run with BENCH_KEEP_DATABASE loaded and kept (loading 5,000
	// teams takes many minutes); it is kept again afterwards.
	const reuse = o.reuseDatabase;
	if (reuse && !/^werkplaats_bench_[a-z0-9_]+$/.test(reuse))
		throw new Error(`--network-reuse takes a kept bench database (werkplaats_bench_…), not ${reuse}`);
	const name = reuse ?? `werkplaats_bench_${randomBytes(5).toString('hex')}`;
	if (!reuse) await admin.unsafe(`create database ${name}`);
	const url = new URL(o.databaseUrl);
	url.pathname = `/${name}`;
	const sql = postgres(url.toString(), { max: 4, onnotice: () => {}, prepare: true });
	try {
		await migrateWithApp({ DATABASE_URL: url.toString() });
		return await runOn(
			'postgres',
			{
				teams: o.postgresTeams,
				query: (text, params = []) => sql.unsafe(text, params),
				rpc: (userId, fn, args) =>
					sql.begin(async (tx) => {
						await tx.unsafe(
							`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
							[claims(userId)]
						);
						const [row] = await tx.unsafe(callSql(fn, args), Object.values(args));
						return row.result;
					})
			},
			o,
			print
		);
	} finally {
		await sql.end();
		if (process.env.BENCH_KEEP_DATABASE || reuse) print(`# kept database ${name}`);
		else await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
}

export async function runNetworkOnPglite(options = {}, print = console.log) {
	const o = { ...networkDefaults, ...options };
	const dataDir = await mkdtemp(join(tmpdir(), 'werkplaats-network-bench-'));
	try {
		await migrateWithApp({ WERKPLAATS_DATA_DIR: dataDir });
		const db = await PGlite.create(dataDir);
		try {
			return await runOn(
				'pglite',
				{
					teams: o.pgliteTeams,
					query: async (text, params = []) => (await db.query(text, params)).rows,
					rpc: (userId, fn, args) =>
						db.transaction(async (tx) => {
							await tx.query(
								`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`,
								[claims(userId)]
							);
							const result = await tx.query(callSql(fn, args), Object.values(args));
							return result.rows[0].result;
						})
				},
				o,
				print
			);
		} finally {
			await db.close();
		}
	} finally {
		await rm(dataDir, { recursive: true, force: true });
	}
}
