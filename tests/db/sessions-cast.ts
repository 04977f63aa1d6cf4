import { loadBuiltinDilemmaSet } from '$lib/content/builtin';
import { dilemmasInLanguage, validateDilemmaSet } from '$lib/content/dilemma-set';
import { computeSetFingerprint } from '$lib/content/fingerprint';
import { toImportRows } from '$lib/server/dilemma-sets';
import type { Actor } from '$lib/server/db/port';
import type { Phase } from '$lib/domain/session-schemas';
import { makeDilemmaSet, type Lang } from '../fixtures/dilemma-factory';
import { asSuperuser, type TestDatabase } from './harness';
import { as, createCast, createPerson, joinTeam } from './factories';

// Shared set-up of the session tests (15-sessions, 16-positions): two teams, one session of
// team A, and everyone around it.

/** The slugs of the built-in set in number order (the set is installed by the test). */
export const builtinSlugs = dilemmasInLanguage(loadBuiltinDilemmaSet(), 'nl').map((d) => d.slug);
export const builtinTitle = (slug: string, lang: Lang) =>
	dilemmasInLanguage(loadBuiltinDilemmaSet(), lang).find((d) => d.slug === slug)!.title;

export const JOIN_CODE = /^[A-HJKMNP-Z2-9]{6}$/;

export interface SessionOptions {
	title?: string;
	slugs?: string[];
	namedMode?: boolean;
	askDesired?: boolean;
	heldOn?: string;
}

export function createSession(db: TestDatabase, facilitator: Actor, teamId: string, options: SessionOptions = {}) {
	return as(db, facilitator).call('create_session', {
		teamId,
		title: options.title ?? 'Teamdag Noord',
		heldOn: options.heldOn ?? '2026-11-24',
		dilemmaSlugs: options.slugs ?? builtinSlugs.slice(0, 3),
		askDesired: options.askDesired ?? false,
		namedMode: options.namedMode ?? false
	});
}

/** The session's rounds in order, read past RLS. */
export async function roundsOf(db: TestDatabase, sessionId: string) {
	const rows = await asSuperuser(
		db,
		`select id, position, dilemma_slug, phase from app.session_rounds where session_id = $1 order by position`,
		[sessionId]
	);
	return rows.map((r) => ({
		id: String(r.id),
		position: Number(r.position),
		slug: String(r.dilemma_slug),
		phase: String(r.phase)
	}));
}

/**
 * Everyone the session tests need. Around team A's session `session`:
 * - facilitatorA runs it (and did not join as a participant);
 * - memberA is a member of team A who joined (as "Lid Noord"); bystanderA a member who did not;
 * - anonymous joined by code without an account (as "Gast");
 * - guestB is a member of team B who joined team A's session by code (as "Gast Zuid");
 * - memberB and facilitatorB are team B and did not join; removed was removed from team A before;
 * - visitor is not signed in at all.
 */
export async function createSessionCast(db: TestDatabase, options: SessionOptions = {}) {
	const cast = await createCast(db);
	const bystanderA = await createPerson(db, { name: 'Toeschouwer Noord' });
	await joinTeam(db, cast.facilitatorA, cast.teamA.id, bystanderA);
	const guestB = await createPerson(db, { name: 'Gast Zuid' });
	await joinTeam(db, cast.facilitatorB, cast.teamB.id, guestB);
	const session = await createSession(db, cast.facilitatorA, cast.teamA.id, options);
	await as(db, cast.memberA).call('join_session', { code: session.join_code, displayName: 'Lid Noord' });
	await as(db, cast.anonymous).call('join_session', { code: session.join_code, displayName: 'Gast' });
	await as(db, guestB).call('join_session', { code: session.join_code, displayName: 'Gast Zuid' });
	const rounds = await roundsOf(db, session.id);
	return { ...cast, bystanderA, guestB, session, rounds };
}
export type SessionCast = Awaited<ReturnType<typeof createSessionCast>>;
export type Who = Exclude<keyof SessionCast, 'teamA' | 'teamB' | 'inviteA' | 'inviteB' | 'session' | 'rounds'>;

/** People who may read team A's session: its team and everyone who joined it. */
export const sessionPeople: Who[] = ['facilitatorA', 'memberA', 'bystanderA', 'anonymous', 'guestB'];
/** Signed-in people who may not: team B's non-participants and the removed member. */
export const outsiders: Who[] = ['memberB', 'facilitatorB', 'removed'];
/** Those who joined team A's session. */
export const participants: Who[] = ['memberA', 'anonymous', 'guestB'];

/** The facilitator moves the session to this round and phase. */
export function setPhase(db: TestDatabase, c: SessionCast, position: number, phase: Phase, sessionId = c.session.id) {
	return as(db, c.facilitatorA).call('set_round_phase', { sessionId, position, phase });
}

/** A valid one-language set of the dilemma factory, as the import page sends it. */
export function importableSet(language: Lang, count = 20) {
	const files = makeDilemmaSet({ languages: [language], folders: false, count });
	const result = validateDilemmaSet(files, { language, expectedCount: count });
	if (!result.ok) throw new Error(`factory set is invalid: ${JSON.stringify(result.issues)}`);
	return { fingerprint: computeSetFingerprint(result.set), dilemmas: toImportRows(result.set) };
}

/** Every row of the four session tables for one session, past RLS, for before/after comparisons. */
export async function sessionSnapshot(db: TestDatabase, sessionId: string) {
	const [sessions, rounds, participants, positions] = await Promise.all([
		asSuperuser(db, `select * from app.sessions where id = $1`, [sessionId]),
		asSuperuser(db, `select * from app.session_rounds where session_id = $1 order by position`, [sessionId]),
		asSuperuser(db, `select * from app.session_participants where session_id = $1 order by user_id`, [sessionId]),
		asSuperuser(
			db,
			`select p.* from app.positions p join app.session_rounds r on r.id = p.round_id
			 where r.session_id = $1 order by p.round_id, p.user_id, p.stage`,
			[sessionId]
		)
	]);
	return { sessions, rounds, participants, positions };
}
