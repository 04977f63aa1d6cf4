import { randomUUID } from 'node:crypto';
import { anonymousVisitor, type Actor } from '$lib/server/db/port';
import { installBuiltinDilemmaSet } from '$lib/server/dilemma-sets';
import { asSuperuser, type TestDatabase } from './harness';
import { as, createPerson, joinTeam, revokeAllInvites } from './factories';
import { builtinSlugs, createSession, importableSet, roundsOf } from './sessions-cast';
import type { ActorName } from './access-matrix';

// The world of the access matrix (tests/db/access-matrix.ts describes it in words), and what the
// matrix tries on it: the fixture rows of every table, the rows an insert tries, and the
// arguments of every API function call.

type Person = Actor & { kind: 'user' };

/** A text an actor must never receive from any function, unless listed as allowed. */
export interface Secret {
	name: string;
	text: string;
	allowed: ActorName[];
	/** Only these functions are searched for it (by name), when not all. */
	only?: RegExp;
}

export async function buildWorld(db: TestDatabase) {
	await installBuiltinDilemmaSet(db.backend);
	const mark = randomUUID().slice(0, 8);
	const [{ id: builtinSetId }] = (await asSuperuser(db, `select id from app.dilemma_sets where team_id is null`)) as {
		id: string;
	}[];
	const slug = builtinSlugs[0];

	// Team A, with the person who will be removed -------------------------------------------------
	const facilitatorA = await createPerson(db, { name: 'Facilitator Noord' });
	const teamA = await as(db, facilitatorA).call('create_team', { name: 'Wijkteam Noord' });
	const memberA = await createPerson(db, { name: `Lid A ${mark}` });
	const author = await createPerson(db, { name: 'Schrijver Noord' });
	const removed = await createPerson(db, { name: 'Vertrokken Noord' });
	for (const person of [memberA, author, removed]) await joinTeam(db, facilitatorA, teamA.id, person);
	await revokeAllInvites(db, teamA.id);
	// Created before the removal: the link the removed person may not come back through.
	const inviteA = await as(db, facilitatorA).call('create_invite', { teamId: teamA.id, role: 'member' });
	const ownSet = importableSet('nl', 3);
	const setA = await as(db, facilitatorA).call('import_dilemma_set', {
		teamId: teamA.id,
		name: 'Eigen set Noord',
		fingerprint: ownSet.fingerprint,
		dilemmas: ownSet.dilemmas
	});
	const slugOfSetA = ownSet.dilemmas[0].slug;

	// Team B
	const facilitatorB = await createPerson(db, { name: 'Facilitator Zuid' });
	const teamB = await as(db, facilitatorB).call('create_team', { name: 'Wijkteam Zuid' });
	const memberB = await createPerson(db, { name: 'Lid Zuid' });
	await joinTeam(db, facilitatorB, teamB.id, memberB);
	await revokeAllInvites(db, teamB.id);
	const inviteB = await as(db, facilitatorB).call('create_invite', { teamId: teamB.id, role: 'member' });

	// Session W of team A, before the removal: member A and the removed person voted; closed.
	const sessionW = await createSession(db, facilitatorA, teamA.id, {
		title: 'Teamdag juni',
		heldOn: '2026-06-01',
		slugs: [slug]
	});
	await as(db, memberA).call('join_session', { code: sessionW.join_code, displayName: 'Lid Noord' });
	await as(db, removed).call('join_session', { code: sessionW.join_code, displayName: 'Vertrokken' });
	const [w1] = await roundsOf(db, sessionW.id);
	await as(db, facilitatorA).call('set_round_phase', { sessionId: sessionW.id, position: 1, phase: 'position' });
	await as(db, memberA).call('cast_position', { roundId: w1.id, value: 40, desired: null });
	await as(db, removed).call('cast_position', { roundId: w1.id, value: 80, desired: null });
	await as(db, facilitatorA).call('set_round_phase', { sessionId: sessionW.id, position: 1, phase: 'shift' });
	// An agreement of session W marked as a follow-up, taken up by member A: it comes back in X.
	const followUpBodyA = `Afspraak Noord: elke week casusoverleg (${mark})`;
	const followUpA = await as(db, facilitatorA).call('save_follow_up', {
		id: randomUUID(),
		roundId: w1.id,
		body: followUpBodyA,
		ownerUserId: memberA.userId,
		ownerName: null,
		dueOn: '2026-07-01'
	});
	await as(db, facilitatorA).call('set_session_status', { sessionId: sessionW.id, status: 'closed' });
	await as(db, facilitatorA).call('remove_member', { teamId: teamA.id, userId: removed.userId });

	// Session X of team A, open, round 1 in the reposition phase.
	const participant = await createPerson(db, { anonymous: true, name: 'Deelnemer' });
	const participantName = `Gast ${mark}`;
	const sessionX = await createSession(db, facilitatorA, teamA.id, {
		title: 'Teamdag november',
		slugs: builtinSlugs.slice(0, 2)
	});
	await as(db, memberA).call('join_session', { code: sessionX.join_code, displayName: 'Lid Noord' });
	await as(db, participant).call('join_session', { code: sessionX.join_code, displayName: participantName });
	const [x1, x2] = await roundsOf(db, sessionX.id);
	await as(db, facilitatorA).call('set_round_phase', { sessionId: sessionX.id, position: 1, phase: 'position' });
	await as(db, memberA).call('cast_position', { roundId: x1.id, value: 20, desired: null });
	await as(db, participant).call('cast_position', { roundId: x1.id, value: 70, desired: null });
	await as(db, facilitatorA).call('set_round_phase', { sessionId: sessionX.id, position: 1, phase: 'reposition' });
	await as(db, memberA).call('cast_position', { roundId: x1.id, value: 30, desired: null });
	await as(db, participant).call('cast_position', { roundId: x1.id, value: 60, desired: null });

	// Session Y of team B, open, round 1 in the position phase.
	const sessionY = await createSession(db, facilitatorB, teamB.id, { title: 'Teamdag Zuid', slugs: [builtinSlugs[2]] });
	await as(db, memberB).call('join_session', { code: sessionY.join_code, displayName: 'Lid Zuid' });
	const [y1] = await roundsOf(db, sessionY.id);
	await as(db, facilitatorB).call('set_round_phase', { sessionId: sessionY.id, position: 1, phase: 'position' });
	await as(db, memberB).call('cast_position', { roundId: y1.id, value: 55, desired: null });
	const followUpBodyB = `Afspraak Zuid: wijkwandeling (${mark})`;
	const followUpB = await as(db, facilitatorB).call('save_follow_up', {
		id: randomUUID(),
		roundId: y1.id,
		body: followUpBodyB,
		ownerUserId: null,
		ownerName: 'Iedereen',
		dueOn: null
	});

	// Reflections
	const privateBody = `Privé: ik twijfel of ik moet overdragen (${mark})`;
	const sharedBody = `Gedeeld met Noord: wij houden te lang vast (${mark})`;
	const draftBody = `Concept van lid A, nog niet af (${mark})`;
	const save = (person: Person, bodyMd: string, isDraft: boolean) =>
		as(db, person).call('save_reflection', {
			id: randomUUID(),
			dilemmaSlug: slug,
			bodyMd,
			value: 35,
			desired: 65,
			isDraft,
			expectedVersion: 0
		});
	const privateEntry = await save(author, privateBody, false);
	const sharedEntry = await save(author, sharedBody, false);
	await as(db, author).call('share_reflection', { reflectionId: sharedEntry.id, teamId: teamA.id });
	const draftEntry = await save(memberA, draftBody, true);

	// Guests who are not actors: the third voter of team A's session V, two of team B's session Z.
	const guests = [];
	for (const name of ['Gast Noord', 'Gast Zuid 1', 'Gast Zuid 2'])
		guests.push(await createPerson(db, { anonymous: true, name }));
	const network = await addNetwork(db, {
		teamA,
		teamB,
		facilitatorA,
		facilitatorB,
		voters: { a: [memberA, author, guests[0]], b: [memberB, guests[1], guests[2]] },
		slug,
		mark
	});
	const coordinator = network.coordinator;

	// Team A works with its own set from now on (its sessions so far keep the built-in one).
	await as(db, facilitatorA).call('activate_dilemma_set', { teamId: teamA.id, setId: setA.id });

	const people: Record<ActorName, Actor> = {
		visitor: anonymousVisitor,
		participant,
		memberA,
		facilitatorA,
		removed,
		memberB,
		coordinator,
		author
	};
	const secrets: Secret[] = [
		{ name: "the author's private reflection", text: privateBody, allowed: ['author'] },
		{ name: "member A's draft", text: draftBody, allowed: ['memberA'] },
		{ name: 'the reflection shared with team A', text: sharedBody, allowed: ['author', 'memberA', 'facilitatorA'] },
		{ name: "team A's invite token", text: inviteA.token, allowed: ['facilitatorA'] },
		{ name: "member A's name", text: `Lid A ${mark}`, allowed: ['memberA', 'facilitatorA', 'author'] },
		{
			name: "the participant's name in session X",
			text: participantName,
			allowed: ['participant', 'memberA', 'facilitatorA', 'author']
		},
		{ name: "team A's follow-up", text: followUpBodyA, allowed: ['memberA', 'facilitatorA', 'author'] },
		{ name: "team B's follow-up", text: followUpBodyB, allowed: ['memberB'] },
		...network.secrets
	];
	return {
		people,
		facilitatorB,
		secrets,
		builtinSetId,
		slug,
		teamA,
		teamB,
		inviteA,
		inviteB,
		setA,
		slugOfSetA,
		sessionW: { ...sessionW, rounds: [w1] },
		sessionX: { ...sessionX, rounds: [x1, x2] },
		sessionY: { ...sessionY, rounds: [y1] },
		reflections: { privateEntry, sharedEntry, draftEntry },
		followUps: { a: followUpA, b: followUpB },
		network,
		dilemmaIds: await dilemmaIds(db, builtinSetId, setA.id, slug, slugOfSetA)
	};
}
export type World = Awaited<ReturnType<typeof buildWorld>>;

async function dilemmaIds(db: TestDatabase, builtinSetId: string, setAId: string, slug: string, slugOfSetA: string) {
	const id = async (setId: string, s: string) =>
		String(
			(
				await asSuperuser(db, `select id from app.dilemmas where set_id = $1 and slug = $2 and lang = 'nl'`, [setId, s])
			)[0].id
		);
	return { builtin: await id(builtinSetId, slug), teamA: await id(setAId, slugOfSetA) };
}

// =================================================================================================
// NETWORK COORDINATOR — the one place for this actor and the fixtures around it
// (supabase/migrations/20261123190000_create_networks.sql).
// - Network N (k = 3) has the coordinator, and a second coordinator who is not an actor; network
//   M has a coordinator of its own. Nobody creates networks through the API: they are inserted
//   here past RLS, as the seed does.
// - Team A joined N and shares, anonymously ("Team A"), with a reading of its own; team B joined
//   N and shares under its name. Each team wrote a reading of its 2026 result on the dilemma.
// - Both asked to join and the coordinator let them in. Three more teams stand elsewhere: one
//   pending, one refused, one let in that shares nothing (addStandingTeams).
// - Each team has a closed session of three voters (V for team A: member A, the author and a
//   guest; Z for team B: member B and two guests), so N has cells and aggregates to show.
// =================================================================================================
const networkHeldOn = { v: '2026-09-01', z: '2026-10-01', year: '2026-01-01' };

async function addNetwork(
	db: TestDatabase,
	t: {
		teamA: { id: string };
		teamB: { id: string };
		facilitatorA: Person;
		facilitatorB: Person;
		voters: { a: Person[]; b: Person[] };
		slug: string;
		mark: string;
	}
) {
	const coordinator = await createPerson(db, { name: 'Coördinator Associatie' });
	const otherCoordinators = [
		await createPerson(db, { name: 'Tweede coördinator' }),
		await createPerson(db, { name: 'Coördinator M' })
	];
	const [n, m] = [randomUUID(), randomUUID()];
	await asSuperuser(db, `insert into app.networks (id, name, min_contributors) values ($1, $2, 3), ($3, $4, 5)`, [
		n,
		`Associatie Wijkteams ${t.mark}`,
		m,
		`Ander netwerk ${t.mark}`
	]);
	await asSuperuser(
		db,
		`insert into app.network_coordinators (network_id, user_id) values ($1, $2), ($1, $3), ($4, $5)`,
		[n, coordinator.userId, otherCoordinators[0].userId, m, otherCoordinators[1].userId]
	);
	const readingA = `Onze duiding, alleen voor team A (${t.mark})`;
	await as(db, t.facilitatorA).call('save_team_network', {
		teamId: t.teamA.id,
		networkId: n,
		sharing: true,
		showName: false,
		interpretationMd: readingA
	});
	await as(db, t.facilitatorB).call('save_team_network', {
		teamId: t.teamB.id,
		networkId: n,
		sharing: true,
		showName: true,
		interpretationMd: 'Zuid leest het zo.'
	});
	// A request to join waits for a coordinator (migration 20261204180000): N's lets A and B in.
	for (const teamId of [t.teamA.id, t.teamB.id]) {
		await as(db, coordinator).call('decide_network_request', { networkId: n, teamId, decision: 'approve' });
	}
	const closedSession = async (facilitator: Person, teamId: string, heldOn: string, voters: Person[]) => {
		const session = await createSession(db, facilitator, teamId, {
			title: 'Afgesloten sessie',
			heldOn,
			slugs: [t.slug]
		});
		const [round] = await roundsOf(db, session.id);
		for (const voter of voters)
			await as(db, voter).call('join_session', { code: session.join_code, displayName: 'Stemmer' });
		await as(db, facilitator).call('set_round_phase', { sessionId: session.id, position: 1, phase: 'position' });
		for (const [i, voter] of voters.entries())
			await as(db, voter).call('cast_position', { roundId: round.id, value: 20 + 25 * i, desired: null });
		await as(db, facilitator).call('set_round_phase', { sessionId: session.id, position: 1, phase: 'reveal' });
		await as(db, facilitator).call('set_session_status', { sessionId: session.id, status: 'closed' });
		return session;
	};
	const sessionV = await closedSession(t.facilitatorA, t.teamA.id, networkHeldOn.v, t.voters.a);
	const sessionZ = await closedSession(t.facilitatorB, t.teamB.id, networkHeldOn.z, t.voters.b);
	// Readings per dilemma and year (migration 20261204130000): team A's stays inside team A (it
	// shares anonymously); team B's shows beside its named result.
	const dilemmaReadingA = `Duiding van team A over dit dilemma in 2026 (${t.mark})`;
	const reading = (facilitator: Person, teamId: string, bodyMd: string) =>
		as(db, facilitator).call('save_network_reading', {
			teamId,
			networkId: n,
			dilemmaSlug: t.slug,
			periodKind: 'year',
			periodStart: networkHeldOn.year,
			bodyMd
		});
	await reading(t.facilitatorA, t.teamA.id, dilemmaReadingA);
	await reading(t.facilitatorB, t.teamB.id, 'Zuid duidt dit dilemma in 2026.');
	const teamAName = String((await asSuperuser(db, `select name from app.teams where id = $1`, [t.teamA.id]))[0].name);
	const standing = await addStandingTeams(db, { n, coordinator, mark: t.mark });
	return {
		coordinator,
		otherCoordinators,
		network: { n, m },
		sessionV,
		sessionZ,
		standing,
		secrets: [
			{
				name: 'the name of a team that asked to join N (only its coordinators see requests)',
				text: standing.pendingName,
				allowed: ['coordinator'],
				only: /^(my_networks|network_|team_vs_network|decide_network_request)/
			},
			{
				name: "team A's reading of its results (team A shares anonymously)",
				text: readingA,
				allowed: ['facilitatorA', 'memberA', 'author']
			},
			{
				name: "team A's reading of one dilemma in 2026 (team A shares anonymously)",
				text: dilemmaReadingA,
				allowed: ['facilitatorA', 'memberA', 'author']
			},
			{
				name: "team A's name in a network view (team A shares anonymously)",
				text: teamAName,
				allowed: ['facilitatorA', 'memberA', 'author'],
				only: /^(my_networks|network_|team_vs_network)/
			}
		] satisfies Secret[]
	};
}

/**
 * Three more teams in N, each with a facilitator who is in no other team: one whose request is
 * pending, one whose request the coordinator refused, one let in that shares nothing. With team B
 * (let in, sharing; member B) they are the columns of networkStanding in access-matrix.ts.
 */
async function addStandingTeams(db: TestDatabase, t: { n: string; coordinator: Person; mark: string }) {
	const team = async (name: string, decision: 'approve' | 'refuse' | null, sharing: boolean) => {
		const facilitator = await createPerson(db, { name: `Facilitator ${name}` });
		const { id } = await as(db, facilitator).call('create_team', { name: `${name} ${t.mark}` });
		await as(db, facilitator).call('save_team_network', {
			teamId: id,
			networkId: t.n,
			sharing,
			showName: true,
			interpretationMd: ''
		});
		if (decision) await as(db, t.coordinator).call('decide_network_request', { networkId: t.n, teamId: id, decision });
		return { actor: facilitator, teamId: id };
	};
	return {
		pending: await team('Wijkteam Wachtend', null, true),
		refused: await team('Wijkteam Geweigerd', 'refuse', true),
		notSharing: await team('Wijkteam Kijker', 'approve', false),
		pendingName: `Wijkteam Wachtend ${t.mark}`
	};
}

/** The arguments of the calls networkStanding tries, for a member of the given team. */
export function standingProbes(w: World): Record<string, (teamId: string) => Record<string, unknown>> {
	const { n } = w.network.network;
	const year = { p_period_kind: 'year', p_period_start: networkHeldOn.year };
	return {
		network_overview: () => ({ p_network_id: n }),
		network_dashboard: () => ({ p_network_id: n, ...year, p_team_size: null }),
		network_dilemma: () => ({ p_network_id: n, p_dilemma_slug: w.slug, ...year }),
		network_export: () => ({ p_network_id: n, p_period_kind: 'year', p_level: 'team' }),
		team_vs_network: (teamId) => ({ p_team_id: teamId, p_network_id: n }),
		team_network_settings: (teamId) => ({ p_team_id: teamId }),
		network_requests: () => ({ p_network_id: n }),
		decide_network_request: (teamId) => ({ p_network_id: n, p_team_id: teamId, p_decision: 'approve' })
	};
}

/** What the matrix tries on the network's tables. */
async function networkTableProbes(db: TestDatabase, w: World): Promise<Record<string, TableProbe>> {
	const { n, m } = w.network.network;
	const coordinatorId = idOf(w, 'coordinator')!;
	const rowsOf = async (sql: string, params: unknown[], label: (r: Record<string, unknown>) => FixtureRow) =>
		(await asSuperuser(db, sql, params)).map(label);
	const teamTag = (teamId: unknown) => (teamId === w.teamA.id ? 'team A' : 'team B');
	const cellKey = `session_id::text || '/' || dilemma_slug`;
	const periodKey = `team_id::text || '/' || dilemma_slug || '/' || period_kind || '/' || period_start::text`;
	const readingKey = `network_id::text || '/' || team_id::text || '/' || dilemma_slug || '/' || period_kind || '/' || period_start::text`;
	const aggregateKey = `network_id::text || '/' || period_kind || '/' || period_start::text || '/' || dilemma_slug || '/' || team_size`;
	const teams = [w.teamA.id, w.teamB.id];
	return {
		networks: {
			key: 'id::text',
			rows: [
				{ key: n, label: 'network N', tags: ['network N'] },
				{ key: m, label: 'network M', tags: ['network M'] }
			],
			set: `description_md = description_md || '!'`,
			inserts: () => {
				const id = randomUUID();
				return [{ key: id, label: 'a new network', tags: ['new'], columns: { id, name: `Eigen netwerk ${id}` } }];
			}
		},
		network_coordinators: {
			key: `network_id::text || '/' || user_id::text`,
			rows: [
				{ key: `${n}/${coordinatorId}`, label: 'the coordinator of N', owner: 'coordinator', tags: ['network N'] },
				{
					key: `${n}/${w.network.otherCoordinators[0].userId}`,
					label: 'the second coordinator of N',
					tags: ['network N']
				},
				{ key: `${m}/${w.network.otherCoordinators[1].userId}`, label: 'the coordinator of M', tags: ['network M'] }
			],
			set: `added_at = now()`,
			inserts: (actor) => [
				{
					key: `${m}/${selfOf(w, actor)}`,
					label: 'themselves as coordinator of network M',
					owner: actor,
					columns: { network_id: m, user_id: selfOf(w, actor) }
				}
			]
		},
		network_teams: {
			key: `network_id::text || '/' || team_id::text`,
			rows: [
				{ key: `${n}/${w.teamA.id}`, label: 'team A in N', tags: ['team A'] },
				{ key: `${n}/${w.teamB.id}`, label: 'team B in N', tags: ['team B'] }
			],
			set: `sharing = not sharing`,
			inserts: () => [
				{
					key: `${m}/${w.teamA.id}`,
					label: 'team A into network M',
					tags: ['team A'],
					columns: { network_id: m, team_id: w.teamA.id, label_no: 7 }
				}
			]
		},
		network_cells: {
			key: cellKey,
			rows: await rowsOf(
				`select ${cellKey} as key, team_id from app.network_cells where team_id = any ($1::uuid[])`,
				[teams],
				(r) => ({ key: String(r.key), label: `a cell of ${teamTag(r.team_id)}`, tags: [teamTag(r.team_id)] })
			),
			set: `median = median + 1`,
			inserts: () => [
				{
					key: `${w.sessionX.id}/${w.slug}`,
					label: 'a made-up cell of open session X',
					tags: ['team A'],
					columns: {
						session_id: w.sessionX.id,
						dilemma_slug: w.slug,
						team_id: w.teamA.id,
						held_on: '2026-11-24',
						contributors: 9,
						median: 50,
						unanimous: false
					}
				}
			]
		},
		network_period_cells: {
			key: periodKey,
			rows: await rowsOf(
				`select ${periodKey} as key, team_id, period_kind from app.network_period_cells where team_id = any ($1::uuid[])`,
				[teams],
				(r) => ({
					key: String(r.key),
					label: `the ${r.period_kind} cell of ${teamTag(r.team_id)}`,
					tags: [teamTag(r.team_id)]
				})
			),
			set: `median = median + 1`,
			inserts: () => [
				{
					key: `${w.teamA.id}/${w.slug}/year/2025-01-01`,
					label: 'a made-up period cell of team A',
					tags: ['team A'],
					columns: {
						team_id: w.teamA.id,
						dilemma_slug: w.slug,
						period_kind: 'year',
						period_start: '2025-01-01',
						session_id: w.network.sessionV.id,
						held_on: '2025-06-01',
						contributors: 9,
						median: 50,
						unanimous: false
					}
				}
			]
		},
		network_readings: {
			key: readingKey,
			rows: await rowsOf(
				`select ${readingKey} as key, team_id from app.network_readings where team_id = any ($1::uuid[])`,
				[teams],
				(r) => ({ key: String(r.key), label: `the 2026 reading of ${teamTag(r.team_id)}`, tags: [teamTag(r.team_id)] })
			),
			set: `body_md = body_md || '!'`,
			inserts: () => [
				{
					key: `${n}/${w.teamA.id}/${w.slug}/quarter/2026-07-01`,
					label: 'a made-up reading of team A',
					tags: ['team A'],
					columns: {
						network_id: n,
						team_id: w.teamA.id,
						dilemma_slug: w.slug,
						period_kind: 'quarter',
						period_start: '2026-07-01',
						body_md: 'Zelf geschreven'
					}
				}
			]
		},
		network_aggregates: {
			key: aggregateKey,
			rows: await rowsOf(
				`select ${aggregateKey} as key from app.network_aggregates where network_id = $1`,
				[n],
				(r) => ({ key: String(r.key), label: `aggregate ${String(r.key).slice(37)}`, tags: ['network N'] })
			),
			set: `median = 50`,
			inserts: () => [
				{
					key: `${m}/year/2026-01-01/${w.slug}/all`,
					label: 'a made-up aggregate of network M',
					tags: ['network M'],
					columns: {
						network_id: m,
						period_kind: 'year',
						period_start: '2026-01-01',
						dilemma_slug: w.slug,
						team_size: 'all',
						teams: 9,
						suppressed: 0,
						bins: '{0,0,0,0,9,0,0,0,0,0}'
					}
				}
			]
		}
	};
}

/** The arguments of the network's API functions. */
function networkFunctionProbes(w: World): Record<string, (actor: ActorName) => Record<string, unknown>> {
	const { n } = w.network.network;
	const year = { p_period_kind: 'year', p_period_start: networkHeldOn.year };
	return {
		my_networks: () => ({}),
		network_overview: () => ({ p_network_id: n }),
		network_dashboard: () => ({ p_network_id: n, ...year, p_team_size: null }),
		network_dilemma: () => ({ p_network_id: n, p_dilemma_slug: w.slug, ...year }),
		network_export: () => ({ p_network_id: n, p_period_kind: 'year', p_level: 'team' }),
		team_vs_network: () => ({ p_team_id: w.teamA.id, p_network_id: n }),
		team_network_settings: () => ({ p_team_id: w.teamA.id }),
		save_team_network: () => ({
			p_team_id: w.teamA.id,
			p_network_id: n,
			p_sharing: false,
			p_show_name: false,
			p_interpretation_md: ''
		}),
		save_network_reading: () => ({
			p_team_id: w.teamA.id,
			p_network_id: n,
			p_dilemma_slug: w.slug,
			...year,
			p_body_md: 'Een nieuwe duiding'
		}),
		leave_network: () => ({ p_team_id: w.teamA.id, p_network_id: n }),
		set_network_threshold: () => ({ p_network_id: n, p_min_contributors: 4 }),
		network_requests: () => ({ p_network_id: n }),
		decide_network_request: () => ({
			p_network_id: n,
			p_team_id: w.network.standing.pending.teamId,
			p_decision: 'approve'
		})
	};
}
// =================================================================================================

// --- what the matrix tries -----------------------------------------------------------------------

/** A fixture row of a table: its key, a label for messages, whose it is and its tags. */
export interface FixtureRow {
	key: string;
	label: string;
	owner?: ActorName;
	tags?: string[];
}

/** A row an insert tries: like a fixture row, plus its columns and what to clear first. */
export interface InsertCandidate extends FixtureRow {
	columns: Record<string, unknown>;
	/** Run past RLS before the attempt (e.g. remove the actor's existing row with this key). */
	prepare?: { sql: string; params: unknown[] };
}

export interface TableProbe {
	/** SQL expression of a row's key (text). */
	key: string;
	rows: FixtureRow[];
	/** The SET clause of the update tried on every fixture row. */
	set: string;
	inserts(actor: ActorName): InsertCandidate[];
}

/** A join code no session has (a random one of the 31^6). */
const joinCode = () =>
	Array.from({ length: 6 }, () => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 31)]).join('');

const idOf = (w: World, actor: ActorName): string | null => {
	const person = w.people[actor];
	return person.kind === 'user' ? person.userId : null;
};
/** The visitor has no user id; rows "of their own" get a stranger's (the privilege check comes first). */
const selfOf = (w: World, actor: ActorName) => idOf(w, actor) ?? randomUUID();

export async function tableProbes(db: TestDatabase, w: World): Promise<Record<string, TableProbe>> {
	const personal = (actor: ActorName) => ({ key: idOf(w, actor)!, label: `${actor}'s`, owner: actor });
	const facB = w.facilitatorB.userId;
	const [x1, x2] = w.sessionX.rounds;
	const [w1] = w.sessionW.rounds;
	const [y1] = w.sessionY.rounds;
	const teamAPeople: ActorName[] = ['facilitatorA', 'memberA', 'author'];
	const member = (team: string, actor: ActorName | 'facilitatorB', tags: string[]): FixtureRow => {
		const userId = actor === 'facilitatorB' ? facB : idOf(w, actor)!;
		return {
			key: `${team}/${userId}`,
			label: `${actor} in ${team === w.teamA.id ? 'team A' : 'team B'}`,
			owner: actor === 'facilitatorB' ? undefined : actor,
			tags
		};
	};
	const vote = (
		round: { id: string },
		roundLabel: string,
		actor: ActorName,
		stage: 'before' | 'after',
		tags: string[] = []
	): FixtureRow => ({
		key: `${round.id}/${idOf(w, actor)}/${stage}`,
		label: `${actor}'s ${stage} vote in ${roundLabel}`,
		owner: actor,
		tags
	});
	const participation = (session: { id: string }, label: string, actor: ActorName, tags: string[]): FixtureRow => ({
		key: `${session.id}/${idOf(w, actor)}`,
		label: `${actor} in ${label}`,
		owner: actor,
		tags
	});
	const newRound = (sessionId: string, position: number, tags: string[], label: string) => {
		const id = randomUUID();
		return { key: id, label, tags, columns: { id, session_id: sessionId, position, dilemma_slug: w.slug } };
	};
	const newSession = (actor: ActorName, teamId: string, tag: string): InsertCandidate => {
		const id = randomUUID();
		return {
			key: id,
			label: `a session for ${tag}`,
			tags: [tag],
			columns: {
				id,
				team_id: teamId,
				set_id: w.builtinSetId,
				title: 'Ingeslopen',
				join_code: joinCode(),
				created_by: selfOf(w, actor)
			}
		};
	};
	const newSet = (actor: ActorName, teamId: string | null, tag: string): InsertCandidate => {
		const id = randomUUID();
		return {
			key: id,
			label: `a ${tag} set`,
			tags: [tag],
			columns: {
				id,
				team_id: teamId,
				name: 'Ingeslopen set',
				version: 9,
				fingerprint: randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', ''),
				languages: '{nl}',
				created_by: selfOf(w, actor)
			}
		};
	};
	const newDilemma = (setId: string, tag: string): InsertCandidate => {
		const id = randomUUID();
		return {
			key: id,
			label: `a dilemma in the ${tag} set`,
			tags: [tag],
			columns: {
				id,
				set_id: setId,
				slug: 'ingeslopen-dilemma',
				lang: 'nl',
				number: 99,
				theme: 'Ingeslopen',
				title: 'Een ingeslopen dilemma',
				pole_left: 'Links',
				pole_right: 'Rechts',
				summary: 'Een dilemma dat hier niet hoort te staan.',
				body_md: 'Een tekst die lang genoeg is. '.repeat(12),
				team_questions: '{"Een vraag?"}',
				reflection_questions: '{"Een vraag?"}'
			}
		};
	};
	const newEntry = (authorId: string, label: string, owner?: ActorName): InsertCandidate => {
		const id = randomUUID();
		return {
			key: id,
			label,
			owner,
			tags: owner ? [] : ['someone else'],
			columns: {
				id,
				author_id: authorId,
				dilemma_slug: w.slug,
				set_id: w.builtinSetId,
				body_md: 'Ingeslopen',
				is_draft: true
			}
		};
	};

	return {
		...(await networkTableProbes(db, w)),

		profiles: {
			key: 'id::text',
			rows: [
				...(['participant', 'removed', 'memberB', 'coordinator'] as const).map((a) => ({
					...personal(a),
					tags: a === 'memberB' ? ['team B'] : []
				})),
				...teamAPeople.map((a) => ({ ...personal(a), tags: ['team A'] })),
				{ key: facB, label: "facilitatorB's", tags: ['team B'] }
			],
			set: `display_name = display_name || '!'`,
			inserts: (actor) => {
				const self = selfOf(w, actor);
				return [
					{
						key: self,
						label: 'their own profile',
						owner: actor,
						columns: { id: self, display_name: 'Nieuw profiel' },
						prepare: { sql: `delete from app.profiles where id = $1`, params: [self] }
					}
				];
			}
		},

		teams: {
			key: 'id::text',
			rows: [
				{ key: w.teamA.id, label: 'team A', tags: ['team A'] },
				{ key: w.teamB.id, label: 'team B', tags: ['team B'] }
			],
			set: `name = name || '!'`,
			inserts: (actor) => {
				const own = randomUUID();
				const other = randomUUID();
				return [
					{
						key: own,
						label: 'a team of their own',
						owner: actor,
						columns: { id: own, name: 'Eigen team', created_by: selfOf(w, actor) }
					},
					{
						key: other,
						label: "a team in facilitator B's name",
						tags: ['someone else'],
						columns: { id: other, name: 'Andermans team', created_by: facB }
					}
				];
			}
		},

		team_members: {
			key: `team_id::text || '/' || user_id::text`,
			rows: [
				member(w.teamA.id, 'facilitatorA', ['team A']),
				member(w.teamA.id, 'memberA', ['team A', 'team A members']),
				member(w.teamA.id, 'author', ['team A', 'team A members']),
				member(w.teamB.id, 'facilitatorB', ['team B']),
				member(w.teamB.id, 'memberB', ['team B'])
			],
			set: `role = 'facilitator'`,
			inserts: (actor) => {
				const self = selfOf(w, actor);
				return [
					{
						key: `${w.teamA.id}/${self}`,
						label: 'themselves into team A as facilitator',
						owner: actor,
						tags: ['team A'],
						columns: { team_id: w.teamA.id, user_id: self, role: 'facilitator' },
						prepare: {
							sql: `delete from app.team_members where team_id = $1 and user_id = $2`,
							params: [w.teamA.id, self]
						}
					}
				];
			}
		},

		team_invites: {
			key: 'id::text',
			rows: [
				{ key: w.inviteA.id, label: "team A's invite", tags: ['team A'] },
				{ key: w.inviteB.id, label: "team B's invite", tags: ['team B'] }
			],
			set: `revoked_at = now()`,
			inserts: (actor) =>
				(
					[
						[w.teamA.id, 'team A'],
						[w.teamB.id, 'team B']
					] as const
				).map(([teamId, tag]) => {
					const id = randomUUID();
					return {
						key: id,
						label: `an invite to ${tag}`,
						tags: [tag],
						columns: { id, team_id: teamId, role: 'member', created_by: selfOf(w, actor) }
					};
				})
		},

		dilemma_sets: {
			key: 'id::text',
			rows: [
				{ key: w.builtinSetId, label: 'the built-in set', tags: ['built-in'] },
				{ key: w.setA.id, label: "team A's set", tags: ['team A'] }
			],
			set: `name = name || '!'`,
			inserts: (actor) => [newSet(actor, w.teamA.id, 'team A'), newSet(actor, null, 'built-in')]
		},

		dilemmas: {
			key: 'id::text',
			rows: [
				{ key: w.dilemmaIds.builtin, label: 'a built-in dilemma', tags: ['built-in'] },
				{ key: w.dilemmaIds.teamA, label: "a dilemma of team A's set", tags: ['team A'] }
			],
			set: `title = left(title, 70) || '!'`,
			inserts: () => [newDilemma(w.setA.id, 'team A'), newDilemma(w.builtinSetId, 'built-in')]
		},

		sessions: {
			key: 'id::text',
			rows: [
				{ key: w.sessionX.id, label: 'session X', tags: ['team A', 'session X'] },
				{ key: w.sessionW.id, label: 'session W', tags: ['team A', 'session W'] },
				{ key: w.sessionY.id, label: 'session Y', tags: ['team B', 'session Y'] }
			],
			set: `title = title || '!'`,
			inserts: (actor) => [newSession(actor, w.teamA.id, 'team A'), newSession(actor, w.teamB.id, 'team B')]
		},

		session_rounds: {
			key: 'id::text',
			rows: [
				{ key: x1.id, label: 'round 1 of session X', tags: ['team A', 'session X'] },
				{ key: x2.id, label: 'round 2 of session X', tags: ['team A', 'session X'] },
				{ key: w1.id, label: 'round 1 of session W', tags: ['team A', 'session W'] },
				{ key: y1.id, label: 'round 1 of session Y', tags: ['team B', 'session Y'] }
			],
			set: `notes_md = notes_md || '.'`,
			inserts: () => [
				newRound(w.sessionX.id, 3, ['team A'], 'a third round in session X'),
				newRound(w.sessionY.id, 2, ['team B'], 'a second round in session Y')
			]
		},

		session_participants: {
			key: `session_id::text || '/' || user_id::text`,
			rows: [
				participation(w.sessionX, 'session X', 'memberA', ['team A', 'session X']),
				participation(w.sessionX, 'session X', 'participant', ['team A', 'session X']),
				participation(w.sessionW, 'session W', 'memberA', ['team A', 'session W']),
				participation(w.sessionW, 'session W', 'removed', ['team A', 'session W']),
				participation(w.sessionY, 'session Y', 'memberB', ['team B', 'session Y'])
			],
			set: `display_name = display_name || '!'`,
			inserts: (actor) => {
				const self = selfOf(w, actor);
				return [
					{
						key: `${w.sessionX.id}/${self}`,
						label: 'themselves into session X without the code',
						owner: actor,
						columns: { session_id: w.sessionX.id, user_id: self, display_name: 'Ingeslopen' },
						prepare: {
							sql: `delete from app.session_participants where session_id = $1 and user_id = $2`,
							params: [w.sessionX.id, self]
						}
					}
				];
			}
		},

		positions: {
			key: `round_id::text || '/' || user_id::text || '/' || stage`,
			rows: [
				vote(x1, 'session X', 'memberA', 'before'),
				vote(x1, 'session X', 'memberA', 'after', ['open for votes']),
				vote(x1, 'session X', 'participant', 'before'),
				vote(x1, 'session X', 'participant', 'after', ['open for votes']),
				vote(w1, 'session W', 'memberA', 'before'),
				vote(w1, 'session W', 'removed', 'before'),
				vote(y1, 'session Y', 'memberB', 'before', ['open for votes'])
			],
			set: `value = 99`,
			inserts: (actor) => {
				const self = selfOf(w, actor);
				return [
					{
						key: `${x1.id}/${self}/after`,
						label: "their own 'after' vote in session X",
						owner: actor,
						columns: { round_id: x1.id, user_id: self, stage: 'after', value: 50 },
						prepare: {
							sql: `delete from app.positions where round_id = $1 and user_id = $2 and stage = 'after'`,
							params: [x1.id, self]
						}
					},
					{
						key: `${x1.id}/${facB}/after`,
						label: "a vote in facilitator B's name in session X",
						tags: ['someone else'],
						columns: { round_id: x1.id, user_id: facB, stage: 'after', value: 50 }
					}
				];
			}
		},

		follow_ups: {
			key: 'id::text',
			rows: [
				{ key: w.followUps.a.id, label: "team A's follow-up from session W", tags: ['team A'] },
				{ key: w.followUps.b.id, label: "team B's follow-up from session Y", tags: ['team B'] }
			],
			set: `body = body || '!'`,
			inserts: () => {
				const id = randomUUID();
				return [
					{
						key: id,
						label: 'a made-up follow-up of team A',
						tags: ['team A'],
						columns: {
							id,
							team_id: w.teamA.id,
							session_id: w.sessionX.id,
							round_id: x1.id,
							dilemma_slug: w.slug,
							body: 'Zelf verzonnen'
						}
					}
				];
			}
		},

		follow_up_reviews: {
			key: `session_id::text || '/' || follow_up_id::text`,
			rows: [
				{
					key: `${w.sessionX.id}/${w.followUps.a.id}`,
					label: "the review of team A's follow-up in session X",
					tags: ['team A']
				}
			],
			set: `outcome = 'dropped'`,
			inserts: () => [
				{
					key: `${w.sessionX.id}/${w.followUps.b.id}`,
					label: "team B's follow-up put in team A's session",
					tags: ['team A'],
					columns: { session_id: w.sessionX.id, follow_up_id: w.followUps.b.id, team_id: w.teamA.id, position: 2 }
				}
			]
		},

		reflections: {
			key: 'id::text',
			rows: [
				{ key: w.reflections.privateEntry.id, label: "the author's private entry", owner: 'author' },
				{
					key: w.reflections.sharedEntry.id,
					label: "the author's shared entry",
					owner: 'author',
					tags: ['shared with team A']
				},
				{ key: w.reflections.draftEntry.id, label: "member A's draft", owner: 'memberA' }
			],
			set: `body_md = body_md || '!'`,
			inserts: (actor) => [
				newEntry(selfOf(w, actor), 'an entry of their own', actor),
				newEntry(facB, "an entry in facilitator B's name")
			]
		},

		team_removals: {
			key: `team_id::text || '/' || user_id::text`,
			rows: [
				{
					key: `${w.teamA.id}/${idOf(w, 'removed')}`,
					label: 'the removal from team A',
					owner: 'removed',
					tags: ['team A']
				}
			],
			set: `removed_at = now()`,
			inserts: () => [
				{
					key: `${w.teamA.id}/${idOf(w, 'memberB')}`,
					label: 'a removal of member B from team A',
					tags: ['team A'],
					columns: { team_id: w.teamA.id, user_id: idOf(w, 'memberB'), removed_by: facB }
				}
			]
		}
	};
}

/** The arguments (SQL names) of every API function call the matrix tries, per actor. */
export function functionProbes(w: World): Record<string, (actor: ActorName) => Record<string, unknown>> {
	const [x1] = w.sessionX.rounds;
	const anotherSet = importableSet('en', 2);
	return {
		my_profile: () => ({}),
		update_profile: () => ({ p_display_name: 'Nieuwe naam', p_locale: 'nl' }),
		create_team: () => ({ p_name: 'Nieuw team' }),
		rename_team: () => ({ p_team_id: w.teamA.id, p_name: 'Overgenomen' }),
		my_teams: () => ({}),
		team_overview: () => ({ p_team_id: w.teamA.id }),
		create_invite: () => ({ p_team_id: w.teamA.id, p_role: 'member' }),
		revoke_invite: () => ({ p_invite_id: w.inviteA.id }),
		invite_preview: () => ({ p_token: w.inviteA.token }),
		accept_invite: () => ({ p_token: w.inviteA.token }),
		leave_team: () => ({ p_team_id: w.teamA.id }),
		remove_member: () => ({ p_team_id: w.teamA.id, p_user_id: idOf(w, 'memberA') }),
		set_member_role: () => ({ p_team_id: w.teamA.id, p_user_id: idOf(w, 'memberA'), p_role: 'facilitator' }),

		dilemma_library: () => ({ p_lang: 'nl', p_team_id: w.teamA.id }),
		dilemma_detail: () => ({ p_slug: w.slugOfSetA, p_lang: 'nl', p_team_id: w.teamA.id }),
		import_dilemma_set: () => ({
			p_team_id: w.teamA.id,
			p_name: 'Nog een set',
			p_fingerprint: anotherSet.fingerprint,
			p_dilemmas: anotherSet.dilemmas
		}),
		import_and_activate_dilemma_set: () => ({
			p_team_id: w.teamA.id,
			p_name: 'Nog een set',
			p_fingerprint: anotherSet.fingerprint,
			p_dilemmas: anotherSet.dilemmas
		}),
		team_dilemma_sets: () => ({ p_team_id: w.teamA.id }),
		activate_dilemma_set: () => ({ p_team_id: w.teamA.id, p_set_id: w.setA.id }),

		create_session: () => ({
			p_team_id: w.teamA.id,
			p_title: 'Nieuwe sessie',
			p_held_on: '2026-12-01',
			p_dilemma_slugs: [w.slugOfSetA],
			p_ask_desired: false,
			p_named_mode: false
		}),
		team_sessions: () => ({ p_team_id: w.teamA.id }),
		join_session: () => ({ p_code: w.sessionX.join_code, p_display_name: 'Nieuwkomer' }),
		join_preview: () => ({ p_code: w.sessionX.join_code }),
		session_state: () => ({ p_session_id: w.sessionX.id, p_lang: 'nl' }),
		session_viewer: () => ({ p_session_id: w.sessionX.id, p_round_id: x1.id }),
		cast_position: () => ({ p_round_id: x1.id, p_value: 45 }),
		set_round_phase: () => ({ p_session_id: w.sessionX.id, p_position: 1, p_phase: 'shift' }),
		step_session: () => ({
			p_session_id: w.sessionX.id,
			p_from_position: 1,
			p_from_phase: 'reposition',
			p_direction: 'forward',
			p_confirm_empty: true
		}),
		save_round_notes: () => ({
			p_round_id: x1.id,
			p_notes_md: 'Aantekening',
			p_agreements_md: '',
			p_expected_version: 0
		}),
		set_session_status: () => ({ p_session_id: w.sessionX.id, p_status: 'closed' }),
		session_report: () => ({ p_session_id: w.sessionW.id, p_lang: 'nl' }),
		save_follow_up: () => ({
			p_id: randomUUID(),
			p_round_id: x1.id,
			p_body: 'Nieuwe afspraak',
			p_owner_user_id: null,
			p_owner_name: null,
			p_due_on: null
		}),
		delete_follow_up: () => ({ p_id: w.followUps.a.id }),
		review_follow_up: () => ({
			p_session_id: w.sessionX.id,
			p_follow_up_id: w.followUps.a.id,
			p_outcome: 'done',
			p_note: 'Gelukt'
		}),
		set_session_review: () => ({ p_session_id: w.sessionX.id, p_reviewing: false }),
		plan_session_clock: () => ({ p_session_id: w.sessionX.id, p_minutes: [15, 20] }),
		session_follow_ups: () => ({ p_session_id: w.sessionX.id, p_lang: 'nl' }),
		team_follow_ups: () => ({ p_team_id: w.teamA.id, p_lang: 'nl' }),
		team_agenda: () => ({ p_team_id: w.teamA.id, p_lang: 'nl' }),

		save_reflection: () => ({
			p_id: w.reflections.privateEntry.id,
			p_dilemma_slug: w.slug,
			p_body_md: 'Overschreven',
			p_value: null,
			p_desired: null,
			p_is_draft: false,
			p_expected_version: w.reflections.privateEntry.version
		}),
		delete_reflection: () => ({ p_reflection_id: w.reflections.privateEntry.id }),
		share_reflection: () => ({ p_reflection_id: w.reflections.privateEntry.id, p_team_id: w.teamA.id }),
		unshare_reflection: () => ({ p_reflection_id: w.reflections.sharedEntry.id }),
		my_reflections: () => ({}),
		team_shared_reflections: () => ({ p_team_id: w.teamA.id, p_dilemma_slug: w.slug }),
		my_history: () => ({ p_dilemma_slug: w.slug }),
		team_trend: () => ({ p_team_id: w.teamA.id, p_dilemma_slug: w.slug }),
		team_profile: () => ({ p_team_id: w.teamA.id, p_session_id: w.sessionX.id, p_lang: 'nl' }),
		compare_sessions: () => ({
			p_team_id: w.teamA.id,
			p_session_a: w.sessionW.id,
			p_session_b: w.sessionX.id,
			p_lang: 'nl'
		}),

		my_data_export: () => ({}),
		delete_my_account: () => ({}),

		...networkFunctionProbes(w)
	};
}
