import { describe, expect, it } from 'vitest';
import {
	agreementRanking,
	networkCsv,
	parsePeriodCode,
	parseTeamSize,
	periodCode,
	periodLabel,
	teamSizeParam
} from '$lib/domain/network';

describe('periods', () => {
	it('writes and reads years and quarters as short codes', () => {
		expect(periodCode({ kind: 'year', start: '2026-01-01' })).toBe('2026');
		expect(periodCode({ kind: 'quarter', start: '2026-07-01' })).toBe('2026-q3');
		for (const period of [
			{ kind: 'year', start: '2025-01-01' },
			{ kind: 'quarter', start: '2025-01-01' },
			{ kind: 'quarter', start: '2025-10-01' }
		] as const) {
			expect(parsePeriodCode(periodCode(period))).toEqual(period);
		}
	});

	it('refuses anything that is not a year or a quarter code', () => {
		for (const code of [
			'',
			'26',
			'2026-q0',
			'2026-q5',
			'2026-Q3',
			'2026-07-01',
			' 2026',
			'2026;drop',
			null,
			undefined
		]) {
			expect(parsePeriodCode(code)).toBeNull();
		}
	});

	it('labels periods in both languages', () => {
		expect(periodLabel({ kind: 'quarter', start: '2026-04-01' }, 'nl')).toBe('2e kwartaal 2026');
		expect(periodLabel({ kind: 'quarter', start: '2026-04-01' }, 'en')).toBe('Q2 2026');
		expect(periodLabel({ kind: 'year', start: '2026-01-01' }, 'en')).toBe('2026');
	});
});

describe('team sizes', () => {
	it('maps the Dutch URL values both ways and refuses others', () => {
		expect(parseTeamSize('klein')).toBe('small');
		expect(parseTeamSize('groot')).toBe('large');
		expect(parseTeamSize('small')).toBeNull();
		expect(parseTeamSize('__proto__')).toBeNull();
		expect(teamSizeParam('medium')).toBe('middel');
		expect(teamSizeParam(null)).toBe('');
	});
});

describe('agreementRanking', () => {
	const d = (slug: string, q1: number, q3: number, teams = 5) => ({ slug, teams, median: (q1 + q3) / 2, q1, q3 });

	it('lists the narrowest middle halves as agreeing and the widest as differing', () => {
		const ranked = agreementRanking([
			d('a', 40, 60),
			d('b', 45, 50),
			d('c', 10, 90),
			d('d', 30, 70),
			d('e', 48, 49),
			d('f', 20, 75),
			d('g', 0, 10, 2)
		]);
		expect(ranked.agree.map((x) => x.slug)).toEqual(['e', 'b', 'a']);
		expect(ranked.differ.map((x) => x.slug)).toEqual(['c', 'f', 'd']);
		expect(ranked.agree[0]!.iqr).toBe(1);
	});

	it('leaves out dilemmas with too few teams and never lists one dilemma twice', () => {
		const ranked = agreementRanking([d('a', 40, 60), d('b', 45, 50), d('c', 0, 100, 2)]);
		expect(ranked.agree.map((x) => x.slug)).toEqual(['b', 'a']);
		expect(ranked.differ).toEqual([]);
	});
});

describe('networkCsv', () => {
	it('writes one row per period and dilemma, with a translated header, BOM and CRLF', () => {
		const csv = networkCsv(
			[
				{
					period_start: '2026-07-01',
					slug: 'zelf-doen-of-overdragen',
					title: 'Zelf doen, of overdragen',
					teams: 12,
					suppressed: 2,
					median: 47.5,
					q1: 40,
					q3: 55,
					min: 20,
					max: 80
				}
			],
			'network',
			'quarter',
			'nl'
		);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe(
			'periode,dilemma,titel,teams,weggelaten,mediaan,eerste kwartiel,derde kwartiel,laagste,hoogste'
		);
		expect(lines[1]).toBe('2026-q3,zelf-doen-of-overdragen,"Zelf doen, of overdragen",12,2,47.5,40,55,20,80');
		expect(lines[2]).toBe('');
	});

	it('writes team rows with the name only where the team chose it, and neutralises formulas', () => {
		const csv = networkCsv(
			[
				{ period_start: '2026-01-01', slug: 'x', team: 'Team K', named: false, median: 50 },
				{ period_start: '2026-01-01', slug: 'x', team: '=HYPERLINK("evil")', named: true, median: 61.5 }
			],
			'team',
			'year',
			'en',
			{ delimiter: ';' }
		);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe('period;dilemma;title;team;named;median');
		expect(lines[1]).toBe('2026;x;;Team K;no;50');
		expect(lines[2]).toBe(`2026;x;;"'=HYPERLINK(""evil"")";yes;61.5`);
	});
});
