import { describe, expect, it } from 'vitest';
import {
	CSV_BOM,
	csvField,
	exportFilename,
	formatDate,
	formatNumber,
	demoteMarkdownHeadings,
	joinList,
	markdownText,
	medianCell,
	medianSentence,
	participantsText,
	personalShiftSentence,
	positionRows,
	roundStatistics,
	shiftOfPairs,
	shiftSentence,
	spreadSentence,
	summaryRows,
	toCsv,
	toJsonExport,
	toMarkdown,
	type ExportReport,
	type ExportRound
} from '../../src/lib/domain/session-export';
import { summarize } from '../../src/lib/domain/statistics';
import { Marked, type Token } from 'marked';

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
	dilemma: {
		slug: 'optreden-of-terugtreden',
		title: 'Optreden of terugtreden',
		pole_left: 'Optreden',
		pole_right: 'Terugtreden'
	},
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
		expect(spreadSentence(summarize([20, 40, 40, 80]), 'nl')).toBe(
			'Mediaan 40, middelste helft tussen 35 en 50, 4 antwoorden.'
		);
		expect(spreadSentence(summarize([20, 40, 40, 80]), 'en')).toBe(
			'Median 40, middle half between 35 and 50, 4 answers.'
		);
		expect(spreadSentence(summarize([50, 60]), 'nl')).toBe(
			'Mediaan 55, middelste helft tussen 52,5 en 57,5, 2 antwoorden.'
		);
		expect(spreadSentence(summarize([62]), 'nl')).toBe('1 antwoord: 62.');
		expect(spreadSentence(summarize([]), 'nl')).toBe('Nog geen antwoorden.');
	});

	it('sums up a shift with statistics.shift: moved, mean, medians, spread', () => {
		const stats = roundStatistics(round1).shift;
		expect(stats).toMatchObject({
			n: 3,
			moved: 2,
			medianBefore: 40,
			medianAfter: 40,
			iqrBefore: 30,
			iqrAfter: 20,
			spreadChange: 'converged',
			onlyBefore: 1,
			onlyAfter: 0
		});
		expect(shiftSentence(stats, 'nl')).toBe(
			'2 van de 3 deelnemers verschoven 5 punten of meer. Gemiddelde verschuiving: 6,7 punten. De mediaan bleef 40. ' +
				'De standpunten kwamen dichter bij elkaar: de middelste helft werd smaller (30 → 20 punten). 1 deelnemer koos alleen vóór of alleen na het gesprek.'
		);
		expect(shiftSentence(stats, 'en')).toBe(
			'2 of the 3 participants moved 5 points or more. Mean shift: 6.7 points. The median stayed at 40. ' +
				'Views moved closer together: the middle half became narrower (30 → 20 points). 1 participant chose only before or only after the discussion.'
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
			'2 of the 3 participants moved 5 points or more. Mean shift: 20 points. The median stayed at 50. ' +
				'Views moved further apart: the middle half became wider (10 → 40 points).'
		);
		const unchanged = shiftOfPairs([
			{ before: 40, after: 42, name: null },
			{ before: 60, after: 61, name: null }
		]);
		expect(shiftSentence(unchanged, 'nl')).toBe(
			'Niemand van de 2 deelnemers verschoof 5 punten of meer. Gemiddelde verschuiving: 1,5 punten. De mediaan ging van 50 naar 51,5. ' +
				'De spreiding bleef ongeveer gelijk: de middelste helft ging van 10 naar 9,5 punten.'
		);
		expect(shiftSentence(shiftOfPairs([], 2, 1), 'nl')).toBe(
			'Niemand koos zowel vóór als na het gesprek een positie. 3 deelnemers kozen alleen vóór of alleen na het gesprek.'
		);
	});

	it('counts movers in natural words: none, one, some, all, and the only one', () => {
		const pairs = (...moves: [number, number][]) =>
			shiftOfPairs(moves.map(([before, after]) => ({ before, after, name: null })));
		const first = (stats: ReturnType<typeof shiftOfPairs>, locale: 'nl' | 'en') =>
			shiftSentence(stats, locale).split('. ')[0] + '.';
		expect(first(pairs([40, 60], [50, 51], [70, 70]), 'nl')).toBe('1 van de 3 deelnemers verschoof 5 punten of meer.');
		expect(first(pairs([40, 60], [50, 51], [70, 70]), 'en')).toBe('1 of the 3 participants moved 5 points or more.');
		expect(first(pairs([40, 60], [50, 80]), 'nl')).toBe('Alle 2 deelnemers verschoven 5 punten of meer.');
		expect(first(pairs([40, 60], [50, 80]), 'en')).toBe('All 2 participants moved 5 points or more.');
		expect(first(pairs([40, 41], [50, 50]), 'en')).toBe('None of the 2 participants moved 5 points or more.');
		expect(first(pairs([40, 60]), 'nl')).toBe('De enige deelnemer die vóór én na koos, verschoof 5 punten of meer.');
		expect(first(pairs([40, 41]), 'en')).toBe(
			'The only participant who chose both before and after moved less than 5 points.'
		);
	});

	it('says "1 punt" and "1 point", and a middle half that kept its width as such', () => {
		// |Δ| 1 and 1: mean 1; before [40, 50] IQR 5, after [41, 51] IQR 5.
		const stats = shiftOfPairs([
			{ before: 40, after: 41, name: null },
			{ before: 50, after: 51, name: null }
		]);
		expect(shiftSentence(stats, 'nl')).toBe(
			'Niemand van de 2 deelnemers verschoof 5 punten of meer. Gemiddelde verschuiving: 1 punt. De mediaan ging van 45 naar 46. ' +
				'De spreiding bleef gelijk: de middelste helft bleef 5 punten breed.'
		);
		expect(shiftSentence(stats, 'en')).toContain(
			'Mean shift: 1 point. The median went from 45 to 46. The spread stayed the same: the middle half stayed 5 points wide.'
		);
		// One person moving one point: the middle half is 0 both times.
		expect(shiftSentence(shiftOfPairs([{ before: 40, after: 41, name: null }]), 'en')).toContain(
			'the middle half stayed 0 points wide.'
		);
	});

	it('says the median stayed or moved, in both languages', () => {
		expect(medianSentence(39, 39, 'nl')).toBe('De mediaan bleef 39.');
		expect(medianSentence(39, 39, 'en')).toBe('The median stayed at 39.');
		expect(medianSentence(39, 52, 'nl')).toBe('De mediaan ging van 39 naar 52.');
		expect(medianSentence(39, 52, 'en')).toBe('The median went from 39 to 52.');
		// Equal as printed: 39.96 and 40 both read "40", so the sentence says it stayed.
		expect(medianSentence(39.96, 40, 'nl')).toBe('De mediaan bleef 40.');
		expect(medianSentence(62.5, 40, 'nl')).toBe('De mediaan ging van 62,5 naar 40.');
		expect(medianSentence(39, null, 'nl')).toBe('De mediaan was 39; na het gesprek is (nog) niet opnieuw gekozen.');
		expect(medianSentence(null, 52, 'en')).toBe('After the discussion the median was 52.');
		expect(medianSentence(null, null, 'nl')).toBe('Nog geen posities.');
	});

	it('tells one person where they went: stayed or moved', () => {
		expect(personalShiftSentence(84, 84, 'nl')).toBe('Je bleef op 84.');
		expect(personalShiftSentence(84, 84, 'en')).toBe('You stayed at 84.');
		expect(personalShiftSentence(40, 55, 'nl')).toBe('Je ging van 40 naar 55.');
		expect(personalShiftSentence(40, 55, 'en')).toBe('You went from 40 to 55.');
	});

	it('does not say "between 40 and 40" for a middle half of width zero', () => {
		expect(spreadSentence(summarize([40, 40, 40]), 'nl')).toBe(
			'Mediaan 40, middelste helft precies op 40, 3 antwoorden.'
		);
		expect(spreadSentence(summarize([40, 40, 40]), 'en')).toBe('Median 40, middle half exactly at 40, 3 answers.');
	});
});

describe('who took part and the summary rows', () => {
	it('counts participants in anonymous mode, singular and plural', () => {
		expect(participantsText(report, 'nl')).toBe('4 deelnemers');
		expect(participantsText({ ...report, session: { ...report.session, participant_count: 1 } }, 'nl')).toBe(
			'1 deelnemer'
		);
		expect(participantsText({ ...report, session: { ...report.session, participant_count: 1 } }, 'en')).toBe(
			'1 participant'
		);
		expect(participantsText({ ...report, session: { ...report.session, participant_count: 2 } }, 'en')).toBe(
			'2 participants'
		);
	});

	it('names people only in named mode, each once, and says so when not everyone chose a position', () => {
		const rounds = [
			{ ...round1, before: [p(40, null, 'Kim'), p(60, null, 'Anne')], after: [p(50, null, 'Bram')], shift: [] }
		];
		const named = { session: { ...report.session, named_mode: true, participant_count: 3 }, rounds };
		expect(participantsText(named, 'nl')).toBe('3 deelnemers: Anne, Bram en Kim');
		expect(participantsText({ ...named, session: { ...named.session, participant_count: 5 } }, 'en')).toBe(
			'5 participants, including Anne, Bram and Kim'
		);
		// The same data in an anonymous session (which never has names) would show no names either way.
		expect(participantsText({ ...named, session: { ...named.session, named_mode: false } }, 'nl')).toBe('3 deelnemers');
	});

	it('joins lists the way people write them', () => {
		expect(joinList([], 'nl')).toBe('');
		expect(joinList(['Anne'], 'nl')).toBe('Anne');
		expect(joinList(['Anne', 'Bram'], 'nl')).toBe('Anne en Bram');
		expect(joinList(['Anne', 'Bram', 'Kim'], 'en')).toBe('Anne, Bram and Kim');
	});

	it('gives every dilemma its medians before and after, and the desired median', () => {
		const rows = summaryRows(report, 'nl');
		expect(
			rows.map((row) => [row.position, row.before, row.after, row.desiredBefore, row.desiredAfter, row.sentence])
		).toEqual([
			[1, 40, 40, 55, null, 'De mediaan bleef 40.'],
			[2, null, null, null, null, 'Nog geen posities.'],
			[3, 50, null, null, null, 'De mediaan was 50; na het gesprek is (nog) niet opnieuw gekozen.']
		]);
		// After the discussion counts everyone's last point: of four people only the one at 80 moved
		// (to 30), so after is the median of 10, 20, 60 and 30 (25), not of the single new answer.
		const moved = summaryRows(
			{
				session: report.session,
				rounds: [
					{
						...round3,
						before: [10, 20, 60, 80].map((value) => ({ value, desired: null, name: null })),
						after: [{ value: 30, desired: null, name: null }],
						shift: [{ before: 80, after: 30, name: null }]
					}
				]
			},
			'nl'
		);
		expect([moved[0]!.before, moved[0]!.after, moved[0]!.sentence]).toEqual([
			40,
			25,
			'De mediaan ging van 40 naar 25.'
		]);
		expect(medianCell(55, null, 'nl')).toBe('55');
		expect(medianCell(55, 60, 'nl')).toBe('55 → 60');
		expect(medianCell(55, 55, 'nl')).toBe('55');
		expect(medianCell(null, null, 'nl')).toBeNull();
	});
});

describe('participants per position row', () => {
	it('links before and after rows only through the shift pairs, and numbers pseudonyms through the export', () => {
		const rows = positionRows(report, 'nl').map(
			(row) => `${row.round} ${row.stage} ${row.value} ${row.desired ?? '-'} ${row.participant}`
		);
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
			{
				...report,
				rounds: [{ ...round1, before: [p(10)], after: [p(90)], shift: [{ before: 11, after: 90, name: null }] }]
			},
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
				'ronde,dilemma,titel,moment,nu,gewenst,deelnemer\r\n' +
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
		expect(csv).toBe(
			CSV_BOM +
				'round;dilemma;title;stage;now;desired;participant\r\n3;wijk-of-wachtlijst;Wijk of wachtlijst;before;50;;Participant 1\r\n'
		);
	});

	it('gives only the header for a session without revealed rounds', () => {
		expect(toCsv({ ...report, rounds: [round2] }, 'nl')).toBe(
			CSV_BOM + 'ronde,dilemma,titel,moment,nu,gewenst,deelnemer\r\n'
		);
		expect(toCsv({ ...report, rounds: [] }, 'nl')).toBe(
			CSV_BOM + 'ronde,dilemma,titel,moment,nu,gewenst,deelnemer\r\n'
		);
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
		expect(markdownText('a *b* [c](d) <x> `e` _f_ | ~g~ \\')).toBe(
			'a \\*b\\* \\[c\\](d) \\<x\\> \\`e\\` \\_f\\_ \\| \\~g\\~ \\\\'
		);
		expect(markdownText('  twee\nregels  ')).toBe('twee regels');
	});

	it('writes the report: meta, a summary with medians and agreements, then per dilemma poles, spread, shift and notes', () => {
		const withHeadings: ExportReport = {
			...report,
			rounds: [
				{
					...round1,
					notes_md: 'We zien **twee** groepen.\n\n## Wat opviel\n\nVeel casussen.',
					agreements_md: '# Vóór juni\n\n' + round1.agreements_md
				},
				round2,
				round3
			]
		};
		expect(toMarkdown(withHeadings, 'nl')).toBe(
			[
				'# Teamdag voorjaar',
				'',
				'- Team: Wijkteam Noord',
				'- Datum: 12 maart 2026',
				'- Wie deed mee: 4 deelnemers',
				'- Status: afgesloten',
				'- Weergave: anoniem: het verslag toont geen namen',
				'',
				'## Samenvatting',
				'',
				'Een positie is jouw eigen beeld van hoe het team nu werkt, tussen de twee polen. ' +
					'Het gewenste punt is waar het team volgens jou zou moeten staan. ' +
					'De mediaan is het midden van die beelden: de ene helft van de posities ligt links ervan, de andere helft rechts.',
				'',
				'| Dilemma | Nu, vóór het gesprek | Nu, na het gesprek | Gewenst |',
				'| --- | ---: | ---: | ---: |',
				'| 1. Zelf doen of overdragen (0 = Zelf doen, 100 = Overdragen) | 40 | 40 | 55 |',
				'| 2. Optreden of terugtreden (0 = Optreden, 100 = Terugtreden) | – | – | – |',
				'| 3. Wijk of wachtlijst (0 = Wijk, 100 = Wachtlijst) | 50 | – | – |',
				'',
				'## Afspraken',
				'',
				'### 1. Zelf doen of overdragen',
				'',
				// The agreements' own "#" sits below the export's "###".
				'#### Vóór juni',
				'',
				'- Casussen bespreken we voortaan in het overleg.',
				'- Evalueren in juni.',
				'',
				'## 1. Zelf doen of overdragen',
				'',
				'Schaal: 0 = Zelf doen, 100 = Overdragen',
				'',
				'- Nu, vóór het gesprek: Mediaan 40, middelste helft tussen 35 en 50, 4 antwoorden.',
				'  - Gewenst: Mediaan 55, middelste helft tussen 52,5 en 57,5, 2 antwoorden.',
				'- Nu, na het gesprek: Mediaan 40, middelste helft tussen 35 en 55, 3 antwoorden.',
				'- Verschuiving per deelnemer: 2 van de 3 deelnemers verschoven 5 punten of meer. Gemiddelde verschuiving: 6,7 punten. ' +
					'De mediaan bleef 40. De standpunten kwamen dichter bij elkaar: de middelste helft werd smaller (30 → 20 punten). ' +
					'1 deelnemer koos alleen vóór of alleen na het gesprek.',
				'',
				'### Aantekeningen',
				'',
				'We zien **twee** groepen.',
				'',
				'##### Wat opviel',
				'',
				'Veel casussen.',
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
				'- Nu, vóór het gesprek: 1 antwoord: 50.',
				'',
				'---',
				'',
				'Gemaakt met Werkplaats.',
				''
			].join('\n')
		);
	});

	it('escapes titles and poles, says when there are no agreements, and copes with a missing dilemma', () => {
		const md = toMarkdown(
			{
				session: {
					...report.session,
					title: 'Sessie *1* <b>',
					team_name: null,
					status: 'open',
					named_mode: true,
					ask_desired: false,
					participant_count: 1
				},
				rounds: [{ ...round2, dilemma: null }]
			},
			'en'
		);
		expect(md).toBe(
			[
				'# Sessie \\*1\\* \\<b\\>',
				'',
				'- Date: 12 March 2026',
				'- Who took part: 1 participant',
				'- Status: still running',
				'- Display: with names, as the team agreed',
				'',
				'## Summary',
				'',
				'A position is your own view of how the team works now, between the two poles. ' +
					'The median is the middle of those views: half of the positions lie to its left, half to its right.',
				'',
				'| Dilemma | Now, before the discussion | Now, after the discussion |',
				'| --- | ---: | ---: |',
				'| 2. Dilemma 2 | – | – |',
				'',
				'## Agreements',
				'',
				'No agreements were recorded.',
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

	it('escapes a pipe in a title so the summary table keeps its columns', () => {
		const md = toMarkdown(
			{ ...report, rounds: [{ ...round3, dilemma: { ...round3.dilemma!, title: 'Wijk | wachtlijst' } }] },
			'nl'
		);
		expect(md).toContain('| 3. Wijk \\| wachtlijst (0 = Wijk, 100 = Wachtlijst) | 50 | – | – |');
	});
});

describe('demoting headings in notes (Markdown export)', () => {
	it('adds levels to ATX headings, also in quotes and lists, capped at ######', () => {
		expect(demoteMarkdownHeadings('# Een\n## Twee\n#### Vier\n###### Zes', 3)).toBe(
			'#### Een\n##### Twee\n###### Vier\n###### Zes'
		);
		expect(demoteMarkdownHeadings('> ## In een citaat\n\n- ## In een lijst', 3)).toBe(
			'> ##### In een citaat\n\n- ##### In een lijst'
		);
		expect(demoteMarkdownHeadings('  # ingesprongen #', 2)).toBe('  ### ingesprongen #');
	});

	it('turns setext headings into ATX headings, joining their lines', () => {
		expect(demoteMarkdownHeadings('Titel\n=====\n\nTwee\nregels\n---', 3)).toBe('#### Titel\n\n##### Twee regels');
	});

	it('leaves code, hashtags, escaped hashes, thematic breaks and plain text alone', () => {
		const untouched = [
			'```\n# geen kop\nTekst\n---\n```',
			'~~~~md\n## ook geen kop\n~~~~',
			'#hashtag en #meer',
			'\\# geen kop',
			'Tekst\n\n---\n\nMeer tekst',
			'    # ingesprongen code',
			'> citaat\nlui vervolg\n---',
			'- punt\n---'
		];
		for (const md of untouched) expect(demoteMarkdownHeadings(md, 3), md).toBe(md);
	});

	it('agrees with marked: the same blocks, every heading `levels` deeper', () => {
		const marked = new Marked({ gfm: true });
		/** Block token types in document order, headings as "h<depth>: text". */
		const outline = (tokens: Token[]): string[] =>
			tokens.flatMap((token) => {
				if (token.type === 'space') return [];
				const own = token.type === 'heading' ? `h${token.depth}: ${token.text.replace(/\s+/g, ' ')}` : token.type;
				const children =
					token.type === 'blockquote'
						? outline(token.tokens ?? [])
						: token.type === 'list'
							? token.items.flatMap((item: Token & { tokens: Token[] }) => outline(item.tokens))
							: [];
				return [own, ...children];
			});
		const samples = [
			'# Een\n\nTekst met #hashtag.\n\n## Twee\n\n- punt\n- ## kop in lijst\n\n> ### citaatkop\n\n```\n# code\n```\n\nSetext\n===\n\nNog een\n---\n\n---\n\n###### Zes',
			'Alinea\nover twee regels\n---\n\n~~~\n## code\n~~~\n\n1. een\n2. # twee',
			'    # code\n\n#\n\n#leeg',
			'> citaat\nlui vervolg\n---\n\n- punt\n---\n\nTekst\n\n***\n\nEind\n==='
		];
		for (const md of samples) {
			const expected = outline(marked.lexer(md)).map((line) =>
				line.replace(/^h(\d)/, (_, d) => `h${Math.min(6, Number(d) + 3)}`)
			);
			expect(outline(marked.lexer(demoteMarkdownHeadings(md, 3))), md).toEqual(expected);
		}
	});
});

describe('JSON', () => {
	it('is the report plus the statistics of every round', () => {
		const json = JSON.parse(JSON.stringify(toJsonExport(report, 'nl')));
		expect(json.format).toBe('werkplaats/session-report');
		expect(json.version).toBe(1);
		// What the numbers mean, in the one wording of the instrument.
		expect(json.meaning.value).toContain('de positie (Nu)');
		expect(json.meaning.value).toContain('eigen beeld van hoe het team nu werkt');
		expect(json.meaning.desired).toContain('het gewenste punt (Gewenst)');
		expect(toJsonExport(report, 'en').meaning.desired).toContain("where in that person's view the team should be");
		expect(json.session.title).toBe('Teamdag voorjaar');
		expect(json.rounds).toHaveLength(3);
		const [first, second] = json.rounds;
		expect(first.before).toEqual(round1.before);
		expect(first.notes_md).toBe(round1.notes_md);
		expect(first.statistics.before).toMatchObject({
			n: 4,
			median: 40,
			q1: 35,
			q3: 50,
			iqr: 15,
			min: 20,
			max: 80,
			mean: 45
		});
		expect(first.statistics.desiredBefore).toMatchObject({ n: 2, median: 55 });
		expect(first.statistics.after).toMatchObject({ n: 3, median: 40, q1: 35, q3: 55 });
		expect(first.statistics.desiredAfter.n).toBe(0);
		expect(first.statistics.shift).toMatchObject({
			n: 3,
			moved: 2,
			threshold: 5,
			spreadChange: 'converged',
			onlyBefore: 1,
			onlyAfter: 0
		});
		expect(first.statistics.shift.meanAbsoluteShift).toBeCloseTo(20 / 3, 10);
		// The pairs are in the report already; the synthetic ids of statistics.shift are not exported.
		expect(first.statistics.shift).not.toHaveProperty('pairs');
		expect(second.statistics.before).toEqual({
			n: 0,
			median: null,
			q1: null,
			q3: null,
			iqr: null,
			min: null,
			max: null,
			mean: null,
			consensus: null
		});
		expect(second.statistics.shift).toMatchObject({ n: 0, moved: 0, spreadChange: null });
	});
});
