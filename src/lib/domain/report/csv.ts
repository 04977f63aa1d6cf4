/** The report's CSV exports: every position (with pseudonyms where there are no names), and the follow-ups. */
import { translate } from '$lib/i18n';
import type { Locale } from '../schemas';
import { csvDocument, type CsvOptions } from '../csv';
import type { ExportFollowUps, ExportPoint, ExportReport } from './shapes';

export interface PositionRow {
	round: number;
	slug: string;
	title: string;
	stage: 'before' | 'after';
	value: number;
	desired: number | null;
	participant: string;
}

/**
 * One row per position, with a participant label: the name in named mode, otherwise a
 * pseudonym "Deelnemer n".
 *
 * Why the pseudonyms are built this way (honesty about what the data can say):
 * - In anonymous mode `session_report` gives, per round, the before list and the after list
 *   without identity, plus the (before, after) pairs of the people who answered both. Those
 *   pairs are the only link between a before row and an after row.
 * - A before row and an after row share a pseudonym only when one pair claims them both: for
 *   each pair we take the first unclaimed before row with exactly the pair's before value and
 *   the first unclaimed after row with exactly its after value. As values match exactly, the
 *   linked (before, after) values in the CSV are precisely the true pairs. What the data cannot
 *   settle: when several rows share a value, which of them is linked is arbitrary, so their
 *   `desired` column may belong to another person with the same value.
 * - Rows no pair claims (people who answered only before or only after) get a pseudonym of
 *   their own, even if in reality that person also has a row in the other stage.
 * - Pseudonyms are numbered through the whole export and never reused across rounds: nothing
 *   links the people of one round to those of another in anonymous mode, so "Deelnemer 3" in
 *   round 2 would falsely suggest the same person as in round 1. Hence there are usually more
 *   pseudonyms than participants.
 * - In named mode a row carries its display name (linked rows get the pair's name). Display
 *   names are not unique; two people called "Anne" cannot be told apart. A row without a name
 *   (the participant record is gone) falls back to a pseudonym.
 * Within a round the rows keep the report's order: before rows, then after rows, each by value.
 */
export function positionRows(report: ExportReport, locale: Locale): PositionRow[] {
	let counter = 0;
	const pseudonym = () => translate(locale, 'report.participant', { n: ++counter });
	const rows: PositionRow[] = [];

	for (const round of report.rounds) {
		const slug = round.dilemma?.slug ?? '';
		const title = round.dilemma?.title ?? '';
		const afterOfBefore = new Map<number, number>();
		const claimedAfter = new Set<number>();
		for (const pair of round.shift) {
			const sameName = (point: ExportPoint) => pair.name === null || point.name === null || point.name === pair.name;
			const b = round.before.findIndex(
				(point, i) => !afterOfBefore.has(i) && point.value === pair.before && sameName(point)
			);
			const a = round.after.findIndex(
				(point, i) => !claimedAfter.has(i) && point.value === pair.after && sameName(point)
			);
			// Inconsistent input (a pair without matching rows): leave the rows unlinked rather than guess.
			if (b === -1 || a === -1) continue;
			afterOfBefore.set(b, a);
			claimedAfter.add(a);
		}

		const labelOfAfter = new Map<number, string>();
		round.before.forEach((point, i) => {
			const label = point.name ?? pseudonym();
			const a = afterOfBefore.get(i);
			if (a !== undefined) labelOfAfter.set(a, label);
			rows.push({
				round: round.position,
				slug,
				title,
				stage: 'before',
				value: point.value,
				desired: point.desired ?? null,
				participant: label
			});
		});
		round.after.forEach((point, i) => {
			const label = labelOfAfter.get(i) ?? point.name ?? pseudonym();
			rows.push({
				round: round.position,
				slug,
				title,
				stage: 'after',
				value: point.value,
				desired: point.desired ?? null,
				participant: label
			});
		});
	}
	return rows;
}

/**
 * All positions of the session as CSV: UTF-8 with a byte order mark (so Excel reads é and ’),
 * CRLF line ends, a header row in the report's language, one row per position; see
 * `positionRows` for the participant column.
 */
export function toCsv(report: ExportReport, locale: Locale, options: CsvOptions = {}): string {
	const t = (key: string) => translate(locale, key);
	const header = ['round', 'dilemma', 'title', 'stage', 'value', 'desired', 'participant'].map((column) =>
		t(`report.csv.${column}`)
	);
	const body = positionRows(report, locale).map((row) => [
		row.round,
		row.slug,
		row.title,
		t(`report.csv.${row.stage}`),
		row.value,
		row.desired,
		row.participant
	]);
	return csvDocument([header, ...body], options);
}

/** The follow-ups as CSV (`rapport.csv?inhoud=vervolgafspraken`): those reviewed in the session, then those made in it. */
export function followUpsCsv(followUps: ExportFollowUps, locale: Locale, options: CsvOptions = {}): string {
	const header = ['kind', 'session', 'held_on', 'dilemma', 'follow_up', 'owner', 'due_on', 'status', 'note'];
	type FollowUp = ExportFollowUps['made'][number] | ExportFollowUps['review'][number];
	const row = (kind: string, f: FollowUp, status: string, note: string) => [
		kind,
		f.session_title,
		f.held_on,
		f.dilemma_slug,
		f.body,
		f.owner,
		f.due_on,
		status,
		note
	];
	const rows = [
		...followUps.review.map((f) => row('review', f, f.outcome ?? '', f.note)),
		...followUps.made.map((f) => row('made', f, f.status, ''))
	];
	void locale;
	return csvDocument([header, ...rows], options);
}
