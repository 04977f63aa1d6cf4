/**
 * The parts of `SessionReport` (src/lib/server/db/api.ts) the report's text and exports read; a
 * `SessionReport` is assignable to `ExportReport`.
 */

export interface ExportPoint {
	value: number;
	desired: number | null;
	name: string | null;
}
export interface ExportPair {
	before: number;
	after: number;
	name: string | null;
}
export interface ExportDilemma {
	slug: string;
	title: string;
	pole_left: string;
	pole_right: string;
}
export interface ExportRound {
	position: number;
	phase: string;
	dilemma: ExportDilemma | null;
	notes_md: string;
	agreements_md: string;
	before: ExportPoint[];
	after: ExportPoint[];
	shift: ExportPair[];
	/** The meeting clock: minutes planned, seconds spent once the dilemma is done. */
	clock?: { planned_minutes: number | null; seconds_spent: number | null };
}
export interface ExportFollowUp {
	round_id: string;
	dilemma_slug: string;
	dilemma_title: string | null;
	session_title: string;
	held_on: string;
	body: string;
	owner: string | null;
	due_on: string | null;
	status: string;
}
export interface ExportFollowUps {
	made: ExportFollowUp[];
	review: (ExportFollowUp & { outcome: string | null; note: string })[];
}
export interface ExportSession {
	title: string;
	held_on: string;
	status: 'open' | 'closed';
	named_mode: boolean;
	ask_desired: boolean;
	team_name: string | null;
	participant_count: number;
}
export interface ExportReport<R extends ExportRound = ExportRound> {
	session: ExportSession;
	rounds: R[];
	/** Members of the team only (others get empty lists). */
	follow_ups?: ExportFollowUps;
}
