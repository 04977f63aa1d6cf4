/**
 * Network comparison, the parts without a database: periods (quarter or year) as they appear in
 * URLs and on screen, team-size classes, rankings for "where teams agree / differ", and the CSV
 * for researchers. Pure, so the pages, the export and the unit tests share one definition.
 */
import type { Locale } from './schemas';
import { translate } from '$lib/i18n';
import { csvDocument, type CsvOptions } from './csv';

export type PeriodKind = 'quarter' | 'year';
export interface Period {
	kind: PeriodKind;
	/** First day of the period, `2026-07-01`. */
	start: string;
}

const CODE = /^(\d{4})(?:-q([1-4]))?$/;
const START = /^(\d{4})-(01|04|07|10)-01$/;

/** `2026` for a year, `2026-q3` for a quarter: short, the same in both languages. */
export function periodCode(period: Period): string {
	const match = START.exec(period.start);
	if (!match) return period.start;
	return period.kind === 'year' ? match[1]! : `${match[1]}-q${(Number(match[2]) - 1) / 3 + 1}`;
}

/** The period a code names, or null for anything else (the page then falls back to a default). */
export function parsePeriodCode(code: string | null | undefined): Period | null {
	const match = CODE.exec(code ?? '');
	if (!match) return null;
	const year = match[1]!;
	if (!match[2]) return { kind: 'year', start: `${year}-01-01` };
	const month = String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0');
	return { kind: 'quarter', start: `${year}-${month}-01` };
}

/** "2026" or "3e kwartaal 2026" / "Q3 2026". */
export function periodLabel(period: Period, locale: Locale): string {
	const match = START.exec(period.start);
	if (!match) return period.start;
	if (period.kind === 'year') return match[1]!;
	return translate(locale, 'network.period.quarter', { quarter: (Number(match[2]) - 1) / 3 + 1, year: match[1]! });
}

/** Team-size classes by the number of people behind a team's result; URL values are Dutch. */
export const teamSizes = { klein: 'small', middel: 'medium', groot: 'large' } as const;
export type TeamSizeParam = keyof typeof teamSizes;
export type TeamSize = (typeof teamSizes)[TeamSizeParam];
export const parseTeamSize = (value: string | null): TeamSize | null =>
	value && Object.hasOwn(teamSizes, value) ? teamSizes[value as TeamSizeParam] : null;
export const teamSizeParam = (size: TeamSize | null): TeamSizeParam | '' =>
	(Object.entries(teamSizes).find(([, v]) => v === size)?.[0] as TeamSizeParam | undefined) ?? '';

export interface Distribution {
	slug: string;
	teams: number;
	median: number | null;
	q1: number | null;
	q3: number | null;
}

/**
 * Where teams agree most (narrowest middle half of the team medians) and where practice differs
 * most (widest). Only dilemmas with at least `minTeams` teams: a spread of two teams says little.
 */
export function agreementRanking<D extends Distribution>(dilemmas: readonly D[], count = 3, minTeams = 3) {
	const ranked = dilemmas
		.filter((d): d is D & { q1: number; q3: number } => d.teams >= minTeams && d.q1 !== null && d.q3 !== null)
		.map((d) => ({ ...d, iqr: Math.round((d.q3 - d.q1) * 10) / 10 }))
		.sort((a, b) => a.iqr - b.iqr || a.slug.localeCompare(b.slug));
	const agree = ranked.slice(0, count);
	// Widest first; a dilemma already listed as agreeing (few dilemmas) is not listed twice.
	const differ = ranked
		.slice(-count)
		.reverse()
		.filter((d) => !agree.includes(d));
	return { agree, differ };
}

export interface NetworkCsvRow {
	period_start: string;
	slug: string;
	title?: string | null;
	teams?: number;
	suppressed?: number;
	median: number | null;
	q1?: number | null;
	q3?: number | null;
	min?: number | null;
	max?: number | null;
	team?: string;
	named?: boolean;
}

/**
 * The comparison as CSV (UTF-8 with BOM, CRLF, header in the reader's language). Level 'network':
 * one row per period and dilemma with the distribution of team medians; level 'team': one row
 * per team result (a median of at least k people), under the team's name only where it chose so.
 */
export function networkCsv(
	rows: readonly NetworkCsvRow[],
	level: 'network' | 'team',
	kind: PeriodKind,
	locale: Locale,
	options: CsvOptions = {}
): string {
	const t = (key: string) => translate(locale, `network.csv.${key}`);
	const columns =
		level === 'network'
			? ['period', 'dilemma', 'title', 'teams', 'suppressed', 'median', 'q1', 'q3', 'min', 'max']
			: ['period', 'dilemma', 'title', 'team', 'named', 'median'];
	const body = rows.map((row) => {
		const period = periodCode({ kind, start: row.period_start });
		return level === 'network'
			? [period, row.slug, row.title, row.teams, row.suppressed, row.median, row.q1, row.q3, row.min, row.max]
			: [period, row.slug, row.title, row.team, row.named ? t('yes') : t('no'), row.median];
	});
	return csvDocument([columns.map(t), ...body], options);
}
