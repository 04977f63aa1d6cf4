/**
 * The learning agenda: which dilemmas to propose for the team's next session, each with the one
 * reason that weighs most. Pure: the facts come from team_agenda (the team's latest revealed
 * result per dilemma, how many sessions ago, open follow-ups).
 */

export interface AgendaInput {
	slug: string;
	number: number;
	title: string;
	/** Sessions since the dilemma was last shown (1: the latest session); null: never. */
	sessionsAgo: number | null;
	/** Median distance between now and desired (points), when asked; null otherwise. */
	gap: number | null;
	/** Width of the middle half of the team's answers (points); null when never shown. */
	iqr: number | null;
	openFollowUps: number;
}

export type AgendaReason =
	| { kind: 'follow_ups'; count: number }
	| { kind: 'gap'; points: number }
	| { kind: 'disagreement'; points: number }
	| { kind: 'stale'; count: number }
	| { kind: 'never' };

export interface AgendaProposal {
	slug: string;
	number: number;
	title: string;
	score: number;
	reason: AgendaReason;
}

/** Below these a signal says nothing worth a proposal. */
export const agendaThresholds = { gap: 15, iqr: 25, staleSessions: 4 } as const;

/** Each signal scored on one scale (about 0–100), so the strongest one is the reason given. */
function signals(d: AgendaInput): { reason: AgendaReason; score: number }[] {
	const out: { reason: AgendaReason; score: number }[] = [];
	// An open agreement is the team's own wish to come back: it weighs most.
	if (d.openFollowUps > 0)
		out.push({ reason: { kind: 'follow_ups', count: d.openFollowUps }, score: 70 + 10 * Math.min(d.openFollowUps, 3) });
	if (d.gap !== null && Math.abs(d.gap) >= agendaThresholds.gap) {
		const points = Math.round(Math.abs(d.gap));
		out.push({ reason: { kind: 'gap', points }, score: Math.min(100, points * 1.5) });
	}
	if (d.iqr !== null && d.iqr >= agendaThresholds.iqr) {
		const points = Math.round(d.iqr);
		out.push({ reason: { kind: 'disagreement', points }, score: Math.min(100, points * 1.2) });
	}
	if (d.sessionsAgo === null) out.push({ reason: { kind: 'never' }, score: 35 });
	else if (d.sessionsAgo >= agendaThresholds.staleSessions) {
		out.push({ reason: { kind: 'stale', count: d.sessionsAgo }, score: Math.min(60, 10 + 8 * d.sessionsAgo) });
	}
	return out;
}

/**
 * The dilemmas to propose, strongest first, at most `limit`. A dilemma's score is its strongest
 * signal plus a little for each other one; ties go to the lower number (the guide's order).
 * Nothing is proposed for a team without any result yet: "never discussed" alone is everything.
 */
export function rankAgenda(dilemmas: AgendaInput[], limit = 3): AgendaProposal[] {
	if (!dilemmas.some((d) => d.sessionsAgo !== null)) return [];
	return dilemmas
		.map((d) => {
			const found = signals(d).sort((a, b) => b.score - a.score);
			if (found.length === 0) return null;
			const score = found[0].score + found.slice(1).reduce((sum, s) => sum + s.score * 0.25, 0);
			return {
				slug: d.slug,
				number: d.number,
				title: d.title,
				score: Math.round(score * 10) / 10,
				reason: found[0].reason
			};
		})
		.filter((p): p is AgendaProposal => p !== null)
		.sort((a, b) => b.score - a.score || a.number - b.number)
		.slice(0, limit);
}

/** The message key and values of a reason (followUps bundle). */
export function reasonMessage(reason: AgendaReason): { key: string; values: Record<string, number> } {
	const { kind, ...values } = reason;
	return { key: `agenda.reason.${kind}`, values: values as Record<string, number> };
}
