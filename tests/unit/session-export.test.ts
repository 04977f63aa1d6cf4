import { describe, expect, it } from 'vitest';
import {
	CSV_BOM,
	csvField,
	exportFilename,
	formatDate,
	formatNumber,
	markdownText,
	positionRows,
	roundStatistics,
	shiftOfPairs,
	shiftSentence,
	spreadSentence,
	toCsv,
	toJsonExport,
	toMarkdown,
	type ExportReport,
	type ExportRound
} from '../../src/lib/domain/session-export';
import { summarize } from '../../src/lib/domain/statistics';

const dilemma = {
	slug: 'zelf-doen-of-overdragen',
	title: 'Zelf doen of overdragen',
	pole_left: 'Zelf doen',
	pole_right: 'Overdragen'
};

const p = (value: number, desired: number | null = null, name: string | null = null) => ({ value, desired, name });

/**
 * Round 1, checked by hand (percentile_cont, as in statistics.ts):
 *   before [20, 40, 40, 80]: median 40, q1 = 20 + 20·0.75 = 35, q3 = 40 + 40·0.25 = 50
 *   desired before [50, 60]: median 55, q1 52.5, q3 57.5
 *   after [30, 40, 70]: median 40, q1 35, q3 55
 *   pairs 20→30, 40→40, 80→70: moved (|Δ| ≥ 5) 2 of 3, mean |Δ| 20/3 = 6.67;
 *   paired before [20, 40, 80] IQR 60 − 30 = 30, after [30, 40, 70] IQR 55 − 35 = 20:
 *   −10 → converged; one person answered only before.
 */
const round1: ExportRound = {
	position: 1,
	phase: 'done',
	dilemma,
	notes_md: 'We zien **twee** groepen.',
	agreements_md: '- Casussen bespreken we voortaan in het overleg.\r\n- Evalueren in juni.',
	before: [p(20, 50), p(40), p(40, 60), p(80)],
	after: [p(30), p(40), p(70)],
	shift: [
		{ before: 20, after: 30, name: null },
		{ before: 40, after: 40, name: null },
		{ before: 80, after: 70, name: null }
	]
};
/** Not revealed: session_report gives empty lists. */
const round2: ExportRound = {
	position: 2,
	phase: 'position',
	dilemma: { slug: 'optreden-of-terugtreden', title: 'Optreden of terugtreden', pole_left: 'Optreden', pole_right: 'Terugtreden' },
	notes_md: '',
	agreements_md: '',
	before: [],
	after: [],
	shift: []
};
/** Revealed, only a before round so far. */
const round3: ExportRound = {
	position: 3,
	phase: 'discuss',
	dilemma: { slug: 'wijk-of-wachtlijst', title: 'Wijk of wachtlijst', pole_left: 'Wijk', pole_right: 'Wachtlijst' },
	notes_md: '',
	agreements_md: '',
	before: [p(50)],
	after: [],
	shift: []
};

const report: ExportReport = {
	session: {
		title: 'Teamdag voorjaar',
		held_on: '2026-03-12',
		status: 'closed',
		named_mode: false,
		ask_desired: true,
		team_name: 'Wijkteam Noord',
		participant_count: 4
	},
	rounds: [round1, round2, round3]
};

describe('numbers, dates and file names', () => {
	it('formats statistics with at most one decimal, a decimal comma in Dutch and no grouping', () => {
		expect(formatNumber(62.5, 'nl')).toBe('62,5');
		expect(formatNumber(62.5, 'en')).toBe('62.5');
		expect(formatNumber(20 / 3, 'nl')).toBe('6,7');
		expect(formatNumber(40, 'nl')).toBe('40');
		expect(formatNumber(1000, 'nl')).toBe('1000');
		expect(formatNumber(-0, 'nl')).toBe('0');
	});

	it('writes dates in words, whatever the time zone', () => {
		expect(formatDate('2026-03-12', 'nl')).toBe('12 maart 2026');
		expect(formatDate('2026-03-12', 'en')).toBe('12 March 2026');
		expect(formatDate('niet-een-datum', 'nl')).toBe('niet-een-datum');
	});

	it('makes an ASCII file name from the title and date', () => {
		expect(exportFilename('Teamdag voorjaar', '2026-03-12', 'csv')).toBe('werkplaats-teamdag-voorjaar-2026-03-12.csv');
		expect(exportFilename('Overleg “Café” Zuid/Oost — ronde 2', '2026-03-12', 'md')).toBe(
			'werkplaats-overleg-cafe-zuid-oost-ronde-2-2026-03-12.md'
		);
		expect(exportFilename('!!!', '2026-03-12', 'json')).toBe('werkplaats-sessie-2026-03-12.json');
		expect(exportFilename('x"; filename=evil.exe\r\nSet-Cookie: a', 'nope', 'csv')).toBe(
			'werkplaats-x-filename-evil-exe-set-cookie-a.csv'
		);
		expect(exportFilename('a'.repeat(200), '2026-03-12', 'md')).toBe(`werkplaats-${'a'.repeat(60)}-2026-03-12.md`);
	});
});

describe('summary sentences', () => {
	it('sums up a spread: median, middle half and count', () => {
		expect(spreadSentence(summarize([20, 40, 40, 80]), 'nl')).toBe('Mediaan 40, middelste helft tussen 35 en 50, 4 antwoorden.');
		expect(spreadSentence(summarize([20, 40, 40, 80]), 'en')).toBe('Median 40, middle half between 35 and 50, 4 answers.');
		expect(spreadSentence(summarize([50, 60]), 'nl')).toBe('Mediaan 55, middelste helft tussen 52,5 en 57,5, 2 antwoorden.');
		expect(spreadSentence(summarize([62]), 'nl')).toBe('1 antwoord: 62.');
		expect(spreadSentence(summarize([]), 'nl')).toBe('Nog geen antwoorden.');
	});

	it('sums up a shift with statistics.shift: moved, mean, medians, spread', () => {
		const stats = roundStatistics(round1).shift;
		expect(stats).toMatchObject({ n: 3, moved: 2, medianBefore: 40, medianAfter: 40, iqrBefore: 30, iqrAfter: 20, spreadChange: 'converged', onlyBefore: 1, onlyAfter: 0 });
		expect(shiftSentence(stats, 'nl')).toBe(
			'Verschoven met 5 punten of meer: 2 van de 3 deelnemers. Gemiddelde verschuiving: 6,7 punten. Mediaan van 40 naar 40. ' +
				'De standpunten kwamen dichter bij elkaar: de middelste helft werd smaller (30 → 20 punten). Alleen vóór of alleen na gekozen: 1.'
		);
	});

	it('names diverging and unchanged spreads, and a round without pairs', () => {
		// before [40, 50, 60] IQR 10, after [10, 50, 90] IQR 40: diverged; everyone but the middle moved.
		const diverged = shiftOfPairs([
			{ before: 40, after: 10, name: null },
			{ before: 50, after: 50, name: null },
			{ before: 60, after: 90, name: null }
		]);
		expect(shiftSentence(diverged, 'en')).toBe(
			'Moved by 5 points or more: 2 of 3 participants. Mean shift: 20 points. Median from 50 to 50. ' +
				'Views moved further apart: the middle half became wider (10 → 40 points).'
		);
		const unchanged = shiftOfPairs([
			{ before: 40, after: 42, name: null },
			{ before: 60, after: 61, name: null }
		]);
		expect(shiftSentence(unchanged, 'nl')).toBe(
			'Verschoven met 5 punten of meer: 0 van de 2 deelnemers. Gemiddelde verschuiving: 1,5 punten. Mediaan van 50 naar 51,5. ' +
				'De spreiding bleef ongeveer gelijk: de middelste helft ging van 10 naar 9,5 punten.'
		);
		expect(shiftSentence(shiftOfPairs([], 2, 1), 'nl')).toBe(
			'Niemand koos zowel vóór als na het gesprek een positie. Alleen vóór of alleen na gekozen: 3.'
		);
	});
});

describe('participants per position row', () => {
	it('links before and after rows only through the shift pairs, and numbers pseudonyms through the export', () => {
		const rows = positionRows(report, 'nl').map((row) => `${row.round} ${row.stage} ${row.value} ${row.desired ?? '-'} ${row.participant}`);
		expect(rows).toEqual([
			'1 before 20 50 Deelnemer 1',
			// Two people stood at 40; the pair 40→40 claims the first 40 row. Which of the two is
			// arbitrary (see positionRows), so the desired values of tied rows are not attributable.
			'1 before 40 - Deelnemer 2',
			'1 before 40 60 Deelnemer 3',
			'1 before 80 - Deelnemer 4',
			'1 after 30 - Deelnemer 1',
			'1 after 40 - Deelnemer 2',
			'1 after 70 - Deelnemer 4',
			// A new round never reuses a pseudonym: nothing links people across rounds.
			'3 before 50 - Deelnemer 5'
		]);
	});

	it('gives every row of a person who answered only once a pseudonym of its own', () => {
		const rows = positionRows(
			{ ...report, rounds: [{ ...round1, before: [p(10)], after: [p(90)], shift: [] }] },
			'en'
		).map((row) => row.participant);
		expect(rows).toEqual(['Participant 1', 'Participant 2']);
	});

	it('leaves rows unlinked when a pair does not match the lists, rather than guess', () => {
		const rows = positionRows(
			{ ...report, rounds: [{ ...round1, before: [p(10)], after: [p(90)], shift: [{ before: 11, after: 90, name: null }] }] },
			'nl'
		).map((row) => row.participant);
		expect(rows).toEqual(['Deelnemer 1', 'Deelnemer 2']);
	});

	it('uses names in named mode, pairing by name among equal values, with a pseudonym where a name is missing', () => {
		const named: ExportReport = {
			session: { ...report.session, named_mode: true },
			rounds: [
				{
					...round1,
					before: [p(40, null, 'Anne'), p(40, null, 'Bram'), p(70, null, null)],
					after: [p(35, null, 'Bram'), p(60, null, 'Anne')],
					shift: [
						{ before: 40, after: 35, name: 'Bram' },
						{ before: 40, after: 60, name: 'Anne' }
					]
				}
			]
		};
		expect(positionRows(named, 'nl').map((row) => `${row.stage} ${row.value} ${row.participant}`)).toEqual([
			'before 40 Anne',
			'before 40 Bram',
			'before 70 Deelnemer 1',
			'after 35 Bram',
			'after 60 Anne'
		]);
	});
});

describe('CSV', () => {
	it('quotes fields as RFC 4180 says', () => {
		expect(csvField('gewoon')).toBe('gewoon');
		expect(csvField('Noël’s café')).toBe('Noël’s café');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('zei "hoi"')).toBe('"zei ""hoi"""');
		expect(csvField('regel\nnieuw')).toBe('"regel\nnieuw"');
		expect(csvField('regel\r\nnieuw')).toBe('"regel\r\nnieuw"');
		expect(csvField('')).toBe('');
		expect(csvField(null)).toBe('');
		expect(csvField(0)).toBe('0');
		expect(csvField(100)).toBe('100');
	});

	it('quotes for the delimiter in use', () => {
		expect(csvField('a;b', ';')).toBe('"a;b"');
		expect(csvField('a,b', ';')).toBe('a,b');
		expect(csvField('a;b', ',')).toBe('a;b');
	});

	it('defuses formulas: a leading = + - @ tab or CR gets a single quote', () => {
		expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
		expect(csvField('+31 6 1234')).toBe("'+31 6 1234");
		expect(csvField('-2+3')).toBe("'-2+3");
		expect(csvField('@SUM(1)')).toBe("'@SUM(1)");
		expect(csvField('\t=1')).toBe("'\t=1");
		expect(csvField('\r=1')).toBe('"\'\r=1"');
		expect(csvField('=HYPERLINK("http://x","klik")')).toBe('"\'=HYPERLINK(""http://x"",""klik"")"');
		expect(csvField('=1,2')).toBe('"\'=1,2"');
		// Only at the start: elsewhere these characters are harmless.
		expect(csvField('a=b')).toBe('a=b');
		expect(csvField('e-mail')).toBe('e-mail');
	});

	it('writes the whole session: BOM, header in the report language, one row per position, CRLF', () => {
		const title = 'Zelf doen of overdragen';
		expect(toCsv(report, 'nl')).toBe(
			CSV_BOM +
				'ronde,dilemma,titel,moment,waarde,gewenst,deelnemer\r\n' +
				`1,zelf-doen-of-overdragen,${title},voor,20,50,Deelnemer 1\r\n` +
				`1,zelf-doen-of-overdragen,${title},voor,40,,Deelnemer 2\r\n` +
				`1,zelf-doen-of-overdragen,${title},voor,40,60,Deelnemer 3\r\n` +
				`1,zelf-doen-of-overdragen,${title},voor,80,,Deelnemer 4\r\n` +
				`1,zelf-doen-of-overdragen,${title},na,30,,Deelnemer 1\r\n` +
				`1,zelf-doen-of-overdragen,${title},na,40,,Deelnemer 2\r\n` +
				`1,zelf-doen-of-overdragen,${title},na,70,,Deelnemer 4\r\n` +
				'3,wijk-of-wachtlijst,Wijk of wachtlijst,voor,50,,Deelnemer 5\r\n'
		);
	});

	it('writes English headers and stage names in English, and semicolons on request', () => {
		const csv = toCsv({ ...report, rounds: [round3] }, 'en', { delimiter: ';' });
		expect(csv).toBe(CSV_BOM + 'round;dilemma;title;stage;value;desired;participant\r\n3;wijk-of-wachtlijst;Wijk of wachtlijst;before;50;;Participant 1\r\n');
	});

	it('gives only the header for a session without revealed rounds', () => {
		expect(toCsv({ ...report, rounds: [round2] }, 'nl')).toBe(CSV_BOM + 'ronde,dilemma,titel,moment,waarde,gewenst,deelnemer\r\n');
		expect(toCsv({ ...report, rounds: [] }, 'nl')).toBe(CSV_BOM + 'ronde,dilemma,titel,moment,waarde,gewenst,deelnemer\r\n');
	});

	it('defuses names and titles that look like formulas', () => {
		const hostile: ExportReport = {
			session: { ...report.session, named_mode: true },
			rounds: [
				{
					...round3,
					dilemma: { ...dilemma, title: '=cmd|"/c calc"!A1, en meer' },
					before: [p(50, null, '@Anne'), p(60, null, '-Bram')]
				}
			]
		};
		const lines = toCsv(hostile, 'nl').split('\r\n');
		expect(lines[1]).toBe('3,zelf-doen-of-overdragen,"\'=cmd|""/c calc""!A1, en meer",voor,50,,\'@Anne');
		expect(lines[2]).toBe('3,zelf-doen-of-overdragen,"\'=cmd|""/c calc""!A1, en meer",voor,60,,\'-Bram');
	});
});

describe('Markdown', () => {
	it('escapes plain text that Markdown would interpret', () => {
		expect(markdownText('a *b* [c](d) <x> `e` _f_ | ~g~ \\')).toBe('a \\*b\\* \\[c\\](d) \\<x\\> \\`e\\` \\_f\\_ \\| \\~g\\~ \\\\');
		expect(markdownText('  twee\nregels  ')).toBe('twee regels');
	});

	it('writes the report: meta, poles, spread before and after, shift, notes and agreements', () => {
		expect(toMarkdown(report, 'nl')).toBe(
			[
				'# Teamdag voorjaar',
				'',
				'- Team: Wijkteam Noord',
				'- Datum: 12 maart 2026',
				'- Deelnemers: 4',
				'- Status: afgesloten',
				'- Weergave: anoniem: het verslag toont geen namen',
				'',
				'## 1. Zelf doen of overdragen',
				'',
				'Schaal: 0 = Zelf doen, 100 = Overdragen',
				'',
				'- Vóór het gesprek: Mediaan 40, middelste helft tussen 35 en 50, 4 antwoorden.',
				'  - Gewenst: Mediaan 55, middelste helft tussen 52,5 en 57,5, 2 antwoorden.',
				'- Na het gesprek: Mediaan 40, middelste helft tussen 35 en 55, 3 antwoorden.',
				'- Verschuiving per deelnemer: Verschoven met 5 punten of meer: 2 van de 3 deelnemers. Gemiddelde verschuiving: 6,7 punten. ' +
					'Mediaan van 40 naar 40. De standpunten kwamen dichter bij elkaar: de middelste helft werd smaller (30 → 20 punten). ' +
					'Alleen vóór of alleen na gekozen: 1.',
				'',
				'### Aantekeningen',
				'',
				'We zien **twee** groepen.',
				'',
				'### Afspraken',
				'',
				'- Casussen bespreken we voortaan in het overleg.',
				'- Evalueren in juni.',
				'',
				'## 2. Optreden of terugtreden',
				'',
				'Schaal: 0 = Optreden, 100 = Terugtreden',
				'',
				'De spreiding van dit dilemma is (nog) niet getoond.',
				'',
				'## 3. Wijk of wachtlijst',
				'',
				'Schaal: 0 = Wijk, 100 = Wachtlijst',
				'',
				'- Vóór het gesprek: 1 antwoord: 50.',
				'',
				'---',
				'',
				'Gemaakt met Werkplaats.',
				''
			].join('\n')
		);
	});

	it('escapes titles and poles, and copes with a missing dilemma', () => {
		const md = toMarkdown(
			{
				session: { ...report.session, title: 'Sessie *1* <b>', team_name: null, status: 'open', named_mode: true },
				rounds: [{ ...round2, dilemma: null }]
			},
			'en'
		);
		expect(md).toBe(
			[
				'# Sessie \\*1\\* \\<b\\>',
				'',
				'- Date: 12 March 2026',
				'- Participants: 4',
				'- Status: still running',
				'- Display: with names, as the team agreed',
				'',
				'## 2. Dilemma 2',
				'',
				'This dilemma is not (or no longer) in the team’s set.',
				'',
				'The spread of this dilemma has not been shown (yet).',
				'',
				'---',
				'',
				'Made with Werkplaats.',
				''
			].join('\n')
		);
	});
});

describe('JSON', () => {
	it('is the report plus the statistics of every round', () => {
		const json = JSON.parse(JSON.stringify(toJsonExport(report)));
		expect(json.format).toBe('werkplaats/session-report');
		expect(json.version).toBe(1);
		expect(json.session.title).toBe('Teamdag voorjaar');
		expect(json.rounds).toHaveLength(3);
		const [first, second] = json.rounds;
		expect(first.before).toEqual(round1.before);
		expect(first.notes_md).toBe(round1.notes_md);
		expect(first.statistics.before).toMatchObject({ n: 4, median: 40, q1: 35, q3: 50, iqr: 15, min: 20, max: 80, mean: 45 });
		expect(first.statistics.desiredBefore).toMatchObject({ n: 2, median: 55 });
		expect(first.statistics.after).toMatchObject({ n: 3, median: 40, q1: 35, q3: 55 });
		expect(first.statistics.desiredAfter.n).toBe(0);
		expect(first.statistics.shift).toMatchObject({ n: 3, moved: 2, threshold: 5, spreadChange: 'converged', onlyBefore: 1, onlyAfter: 0 });
		expect(first.statistics.shift.meanAbsoluteShift).toBeCloseTo(20 / 3, 10);
		// The pairs are in the report already; the synthetic ids of statistics.shift are not exported.
		expect(first.statistics.shift).not.toHaveProperty('pairs');
		expect(second.statistics.before).toEqual({ n: 0, median: null, q1: null, q3: null, iqr: null, min: null, max: null, mean: null, consensus: null });
		expect(second.statistics.shift).toMatchObject({ n: 0, moved: 0, spreadChange: null });
	});
});
