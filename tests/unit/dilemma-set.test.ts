import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	BUILTIN_SET_OPTIONS,
	FRONTMATTER_FIELDS,
	parseDilemmaFile,
	splitPastedBundle,
	validateDilemmaSet,
	validatePastedBundle,
	type SetIssue,
	type ValidateOptions
} from '../../src/lib/content/dilemma-set.ts';
import { computeSetFingerprint } from '../../src/lib/content/fingerprint.ts';
import { contentMessages, formatIssue } from '../../src/lib/content/messages.ts';
import { checkDilemmaDir, contentCheck, readDilemmaDir } from '../../src/lib/content/vite-plugin-content-check.ts';
import {
	dilemmaText,
	makeDilemmaSet,
	toPastedBundle,
	validBody,
	validFrontmatter,
	type FactoryFile
} from '../fixtures/dilemma-factory.ts';

const NL7 = 'nl/07-testdilemma-07.md';

/** Validates and returns the issues; fails if the set is (unexpectedly) valid. */
function issuesOf(files: FactoryFile[], options: ValidateOptions = BUILTIN_SET_OPTIONS): SetIssue[] {
	const result = validateDilemmaSet(files, options);
	if (result.ok) throw new Error('expected the set to be invalid');
	// Every issue must format without leftover placeholders in both languages.
	for (const issue of result.issues) {
		for (const locale of ['nl', 'en'] as const) {
			expect(formatIssue(issue, locale)).not.toMatch(/\{\w+\}/);
		}
	}
	return result.issues;
}

/** Strips `line` and `params` to compare the essentials. */
function essentials(issues: SetIssue[]): Array<Pick<SetIssue, 'file' | 'field' | 'code'>> {
	return issues.map(({ file, field, code }) => ({ file, field, code }));
}

/** A set where only dilemma 7 (nl) has its frontmatter edited. */
function withNl7(edit: (fm: Record<string, unknown>) => Record<string, unknown> | void): FactoryFile[] {
	return makeDilemmaSet({
		editFrontmatter: (fm, { number, lang }) => (number === 7 && lang === 'nl' ? edit(fm) : undefined)
	});
}

describe('a valid set', () => {
	it('passes and is returned parsed, sorted by number then language', () => {
		const result = validateDilemmaSet(makeDilemmaSet(), BUILTIN_SET_OPTIONS);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.set.languages).toEqual(['nl', 'en']);
		expect(result.set.dilemmas).toHaveLength(40);
		expect(result.set.dilemmas.slice(0, 3).map((d) => [d.number, d.language])).toEqual([
			[1, 'nl'],
			[1, 'en'],
			[2, 'nl']
		]);
		const d = result.set.dilemmas.find((x) => x.language === 'nl' && x.number === 7);
		expect(d).toMatchObject({
			...validFrontmatter(7, 'nl'),
			language: 'nl',
			file: NL7,
			body: validBody(7, 'nl')
		});
	});

	it('passes with a different expected count', () => {
		expect(validateDilemmaSet(makeDilemmaSet({ count: 5 }), { ...BUILTIN_SET_OPTIONS, expectedCount: 5 }).ok).toBe(
			true
		);
	});

	it('accepts CRLF line endings, a BOM and trims text fields', () => {
		const files = makeDilemmaSet({
			editText: (text, { number }) => (number === 3 ? '\uFEFF' + text.replace(/\n/g, '\r\n') : text),
			editFrontmatter: (fm, { number }) => (number === 4 ? { ...fm, title: '  Met spaties  ' } : undefined)
		});
		const result = validateDilemmaSet(files, BUILTIN_SET_OPTIONS);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const d3 = result.set.dilemmas.find((x) => x.number === 3 && x.language === 'nl');
		expect(d3?.body).toBe(validBody(3, 'nl'));
		expect(d3?.body).not.toContain('\r');
		expect(result.set.dilemmas.find((x) => x.number === 4)?.title).toBe('Met spaties');
	});
});

describe('parseDilemmaFile', () => {
	it('returns frontmatter and body of a valid file', () => {
		const result = parseDilemmaFile('x.md', dilemmaText(validFrontmatter(2), validBody(2)));
		expect(result).toEqual({ ok: true, frontmatter: validFrontmatter(2), body: validBody(2) });
	});

	it('reports an empty file', () => {
		expect(parseDilemmaFile('x.md', ' \n')).toEqual({
			ok: false,
			issues: [{ file: 'x.md', field: 'file', code: 'file.empty' }]
		});
	});

	it('reports a binary file', () => {
		expect(parseDilemmaFile('x.md', 'PK\u0003\u0004\u0000\u0000')).toEqual({
			ok: false,
			issues: [{ file: 'x.md', field: 'file', code: 'file.binary' }]
		});
	});

	it('reports a file that was not valid UTF-8', () => {
		const text = dilemmaText(validFrontmatter(2), validBody(2).replace('Een gezin', 'Een gezin \uFFFD'));
		const result = parseDilemmaFile('x.md', text);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(essentials(result.issues)).toEqual([{ file: 'x.md', field: 'file', code: 'file.encoding' }]);
	});
});

describe('structural problems in one file', () => {
	const broken = (text: string) =>
		makeDilemmaSet({ editText: (t, { number, lang }) => (number === 7 && lang === 'nl' ? text : t) });
	const good = dilemmaText(validFrontmatter(7), validBody(7));

	it('missing frontmatter', () => {
		const issues = issuesOf(broken(validBody(7)));
		expect(issues).toEqual([{ file: NL7, field: 'frontmatter', code: 'frontmatter.missing', line: 1 }]);
		expect(formatIssue(issues[0], 'nl')).toBe(
			`${NL7} (regel 1) — frontmatter: ontbreekt; het bestand moet beginnen met een regel '---', dan de velden, dan weer '---'`
		);
	});

	it('unclosed frontmatter', () => {
		const issues = issuesOf(broken(good.replace(/\n---\n\n##/, '\n\n##')));
		expect(essentials(issues)).toEqual([{ file: NL7, field: 'frontmatter', code: 'frontmatter.unclosed' }]);
	});

	it('invalid YAML, with the line in the file', () => {
		// Unquoted "Ja: nee" on line 5 (line 1 is the opening ---).
		const text = good.replace(/^title: .*$/m, 'title: Ja: nee of toch niet');
		expect(text.split('\n')[4]).toBe('title: Ja: nee of toch niet');
		const issues = issuesOf(broken(text));
		expect(issues).toEqual([{ file: NL7, field: 'frontmatter', code: 'yaml.invalid', line: 5 }]);
		expect(formatIssue(issues[0], 'nl')).toBe(
			`${NL7} (regel 5) — frontmatter: ongeldige YAML; controleer de inspringing en zet waarden met een dubbele punt tussen aanhalingstekens`
		);
		expect(formatIssue(issues[0], 'en')).toBe(
			`${NL7} (line 5) — frontmatter: invalid YAML; check the indentation and put values containing a colon in quotes`
		);
	});

	it('bad indentation', () => {
		const text = good.replace(/^pole_left:/m, ' pole_left:');
		expect(text.split('\n')[5]).toMatch(/^ pole_left:/);
		const issues = issuesOf(broken(text));
		expect(issues).toEqual([{ file: NL7, field: 'frontmatter', code: 'yaml.invalid', line: 6 }]);
	});

	it('a tab used for indentation', () => {
		const text = good.replace(/^ {2}- /m, '\t- ');
		const issues = issuesOf(broken(text));
		expect(essentials(issues)).toEqual([{ file: NL7, field: 'frontmatter', code: 'yaml.invalid' }]);
		expect(issues[0].line).toBe(10);
	});

	it('a duplicate key', () => {
		const text = good.replace(/^title: .*$/m, (line) => `${line}\ntitle: Nog een titel`);
		const issues = issuesOf(broken(text));
		expect(issues).toEqual([{ file: NL7, field: 'frontmatter', code: 'yaml.duplicate_key', line: 6 }]);
	});

	it('frontmatter that is not a mapping', () => {
		const issues = issuesOf(broken(`---\n- a\n- b\n---\n\n${validBody(7)}`));
		expect(essentials(issues)).toEqual([{ file: NL7, field: 'frontmatter', code: 'frontmatter.not_mapping' }]);
	});

	it('empty frontmatter reports every field as missing', () => {
		const issues = issuesOf(broken(`---\n---\n\n${validBody(7)}`));
		expect(essentials(issues)).toEqual(
			FRONTMATTER_FIELDS.map((field) => ({ file: NL7, field, code: 'field.missing' }))
		);
	});
});

describe('field rules', () => {
	it.each(FRONTMATTER_FIELDS.map((f) => [f]))('%s missing', (field) => {
		const issues = issuesOf(
			withNl7((fm) => {
				delete fm[field];
			})
		);
		expect(issues).toEqual([{ file: NL7, field, code: 'field.missing' }]);
	});

	it('an empty value counts as missing, in natural Dutch and English', () => {
		const issues = issuesOf(withNl7((fm) => ({ ...fm, pole_right: null })));
		expect(essentials(issues)).toEqual([{ file: NL7, field: 'pole_right', code: 'field.missing' }]);
		expect(formatIssue(issues[0], 'nl')).toBe(`${NL7} (regel 7) — pole_right: ontbreekt`);
		expect(formatIssue(issues[0], 'en')).toBe(`${NL7} (line 7) — pole_right: missing`);

		const blank = issuesOf(withNl7((fm) => ({ ...fm, pole_right: '   ' })));
		expect(essentials(blank)).toEqual([{ file: NL7, field: 'pole_right', code: 'field.missing' }]);
	});

	it.each([
		['title', 42, 'field.expected_text', 'moet tekst zijn'],
		['theme', ['a', 'b'], 'field.expected_text', 'moet tekst zijn'],
		['slug', 123, 'field.expected_text', 'moet tekst zijn'],
		['number', '7', 'field.expected_integer', 'moet een geheel getal zijn'],
		['number', 7.5, 'field.expected_integer', 'moet een geheel getal zijn'],
		[
			'team_questions',
			'Eén vraag als tekst, geen lijst',
			'field.expected_list',
			"moet een lijst zijn (elke vraag op een eigen regel die begint met '- ')"
		],
		[
			'reflection_questions',
			{ a: 'b' },
			'field.expected_list',
			"moet een lijst zijn (elke vraag op een eigen regel die begint met '- ')"
		]
	])('%s with a wrong type (%j)', (field, value, code, dutch) => {
		const issues = issuesOf(withNl7((fm) => ({ ...fm, [field]: value })));
		expect(essentials(issues)).toEqual([{ file: NL7, field, code }]);
		expect(formatIssue(issues[0], 'nl')).toMatch(new RegExp(` — ${field}: ${dutch.replace(/[()]/g, '\\$&')}$`));
	});

	it('a list item with a wrong type names the item (1-based)', () => {
		const issues = issuesOf(
			withNl7((fm) => ({
				...fm,
				team_questions: ['Een goede vraag voor het team?', 12345678901, 'Nog een goede vraag?']
			}))
		);
		expect(issues).toEqual([{ file: NL7, field: 'team_questions[2]', code: 'field.expected_text', line: 11 }]);
	});

	const long = (n: number) => 'x'.repeat(n);
	it.each([
		['slug', 'ab', 'field.too_short', { min: 3, actual: 2 }],
		['slug', 'a'.repeat(61), 'field.too_long', { max: 60, actual: 61 }],
		['theme', 'x', 'field.too_short', { min: 2, actual: 1 }],
		['theme', long(81), 'field.too_long', { max: 80, actual: 81 }],
		['title', 'ab', 'field.too_short', { min: 3, actual: 2 }],
		['title', long(81), 'field.too_long', { max: 80, actual: 81 }],
		['pole_left', 'a', 'field.too_short', { min: 2, actual: 1 }],
		['pole_left', long(61), 'field.too_long', { max: 60, actual: 61 }],
		['pole_right', long(61), 'field.too_long', { max: 60, actual: 61 }],
		['summary', 'Te kort.', 'field.too_short', { min: 20, actual: 8 }],
		['summary', long(281), 'field.too_long', { max: 280, actual: 281 }]
	])('%s out of length bounds (%s)', (field, value, code, params) => {
		const issues = issuesOf(withNl7((fm) => ({ ...fm, [field]: value })));
		expect(issues).toHaveLength(1);
		expect(issues[0]).toMatchObject({ file: NL7, field, code, params });
	});

	it('formats a length problem with the line number', () => {
		const issues = issuesOf(withNl7((fm) => ({ ...fm, title: 'ab' })));
		expect(formatIssue(issues[0], 'nl')).toBe(`${NL7} (regel 5) — title: te kort: 2 tekens, minimaal 3`);
		expect(formatIssue(issues[0], 'en')).toBe(`${NL7} (line 5) — title: too short: 2 characters, at least 3`);
	});

	const q = (n: number) => Array.from({ length: n }, (_, i) => `Dit is teamvraag nummer ${i + 1}?`);
	it.each([
		['team_questions', q(2), 'field.too_few', { min: 3, actual: 2 }],
		['team_questions', q(6), 'field.too_many', { max: 5, actual: 6 }],
		['reflection_questions', q(1), 'field.too_few', { min: 2, actual: 1 }],
		['reflection_questions', q(5), 'field.too_many', { max: 4, actual: 5 }]
	])('%s with a wrong number of questions', (field, value, code, params) => {
		const issues = issuesOf(withNl7((fm) => ({ ...fm, [field]: value })));
		expect(issues).toHaveLength(1);
		expect(issues[0]).toMatchObject({ file: NL7, field, code, params });
	});

	it('a question that is too short or too long names the question', () => {
		const short = issuesOf(withNl7((fm) => ({ ...fm, team_questions: [...q(2), 'Kort?'] })));
		expect(short).toEqual([
			{ file: NL7, field: 'team_questions[3]', code: 'field.too_short', params: { min: 10, actual: 5 }, line: 12 }
		]);
		expect(formatIssue(short[0], 'nl')).toBe(`${NL7} (regel 12) — team_questions[3]: te kort: 5 tekens, minimaal 10`);
		const longOne = issuesOf(withNl7((fm) => ({ ...fm, reflection_questions: [q(1)[0], long(301)] })));
		expect(longOne).toMatchObject([
			{ file: NL7, field: 'reflection_questions[2]', code: 'field.too_long', params: { max: 300, actual: 301 } }
		]);
	});

	it.each(['Zelf_Doen', 'zelf doen', '-zelf-doen', 'zelf--doen', 'zelf-doen-', 'zélf-doen'])(
		'slug %j violates the pattern',
		(slug) => {
			const issues = issuesOf(
				withNl7((fm) => ({ ...fm, slug })),
				{ ...BUILTIN_SET_OPTIONS, requiredLanguages: [], checkFileNames: false }
			);
			// The en file still has the original slug: that mismatch is not reported
			// because the nl file itself is broken.
			expect(issues).toEqual([{ file: NL7, field: 'slug', code: 'slug.pattern', line: 2 }]);
			expect(formatIssue(issues[0], 'nl')).toBe(
				`${NL7} (regel 2) — slug: mag alleen kleine letters, cijfers en losse koppeltekens bevatten, zoals zelf-doen-of-overdragen`
			);
		}
	);

	it('an unknown field (typo) is reported next to the missing one', () => {
		const issues = issuesOf(
			withNl7((fm) => {
				const { pole_right, ...rest } = fm;
				return { ...rest, pole_rigth: pole_right };
			})
		);
		expect(essentials(issues)).toEqual([
			{ file: NL7, field: 'pole_right', code: 'field.missing' },
			{ file: NL7, field: 'pole_rigth', code: 'field.unknown' }
		]);
		expect(formatIssue(issues[1], 'nl')).toBe(
			`${NL7} (regel 15) — pole_rigth: onbekend veld (tikfout?); toegestaan zijn alleen de velden uit FORMAT.md`
		);
	});

	it('equal poles (ignoring case)', () => {
		const issues = issuesOf(withNl7((fm) => ({ ...fm, pole_left: 'Zelf doen', pole_right: 'zelf DOEN' })));
		expect(issues).toEqual([{ file: NL7, field: 'pole_right', code: 'poles.equal', line: 7 }]);
		expect(formatIssue(issues[0], 'nl')).toBe(
			`${NL7} (regel 7) — pole_right: is gelijk aan pole_left; de twee uitersten moeten verschillen`
		);
	});

	it('several problems in one file are all reported, in field order', () => {
		const issues = issuesOf(withNl7((fm) => ({ ...fm, summary: 'kort', title: undefined, team_questions: [] })));
		expect(essentials(issues)).toEqual([
			{ file: NL7, field: 'title', code: 'field.missing' },
			{ file: NL7, field: 'summary', code: 'field.too_short' },
			{ file: NL7, field: 'team_questions', code: 'field.too_few' }
		]);
	});
});

describe('number rules', () => {
	it.each([0, 21, -3])('number %i is out of range', (number) => {
		const issues = issuesOf(withNl7((fm) => ({ ...fm, number })));
		expect(issues).toEqual([
			{
				file: NL7,
				field: 'number',
				code: 'number.out_of_range',
				params: { value: String(number), min: 1, max: 20 },
				line: 3
			}
		]);
		expect(formatIssue(issues[0], 'nl')).toBe(`${NL7} (regel 3) — number: ${number} ligt niet tussen 1 en 20`);
	});

	it('a duplicate number names the other file and the missing number', () => {
		const files = makeDilemmaSet({
			languages: ['nl'],
			folders: false,
			editFrontmatter: (fm, { number }) => (number === 8 ? { ...fm, number: 7 } : undefined)
		});
		const issues = issuesOf(files, { language: 'nl' });
		expect(issues).toEqual([
			{
				file: '08-testdilemma-08.md',
				field: 'number',
				code: 'number.duplicate',
				params: { number: 7, other: '07-testdilemma-07.md' }
			},
			{ file: '(set)', field: 'nl', code: 'set.numbers_missing', params: { language: 'nl', numbers: '8' } }
		]);
		expect(formatIssue(issues[0], 'nl')).toBe(
			'08-testdilemma-08.md — number: nummer 7 wordt ook gebruikt in 07-testdilemma-07.md'
		);
		expect(formatIssue(issues[1], 'nl')).toBe('(set) — nl: deze nummers ontbreken: 8');
	});

	it('a duplicate slug names the other file', () => {
		const files = makeDilemmaSet({
			languages: ['nl'],
			folders: false,
			editFrontmatter: (fm, { number }) => (number === 9 ? { ...fm, slug: 'testdilemma-03' } : undefined)
		});
		const issues = issuesOf(files, { language: 'nl' });
		expect(issues).toEqual([
			{
				file: '09-testdilemma-09.md',
				field: 'slug',
				code: 'slug.duplicate',
				params: { slug: 'testdilemma-03', other: '03-testdilemma-03.md' }
			}
		]);
		expect(formatIssue(issues[0], 'nl')).toBe(
			"09-testdilemma-09.md — slug: 'testdilemma-03' wordt ook gebruikt in 03-testdilemma-03.md"
		);
	});
});

describe('set-level rules', () => {
	it('too few dilemmas', () => {
		const files = makeDilemmaSet().filter((f) => f.name !== 'nl/20-testdilemma-20.md');
		const issues = issuesOf(files);
		expect(issues).toEqual(
			[
				{ file: '(set)', field: 'nl', code: 'set.count', params: { language: 'nl', expected: 20, actual: 19 } },
				{ file: '(set)', field: 'nl', code: 'set.numbers_missing', params: { language: 'nl', numbers: '20' } },
				{
					file: 'en/20-testdilemma-20.md',
					field: 'slug',
					code: 'language.slug_missing',
					params: { slug: 'testdilemma-20', language: 'nl' }
				}
			].sort((a, b) => (a.file === '(set)' ? 1 : 0) - (b.file === '(set)' ? 1 : 0))
		);
		expect(
			formatIssue(
				issues.find((i) => i.code === 'set.count')!,
				'nl'
			)
		).toBe("(set) — nl: 19 dilemma's gevonden, verwacht precies 20");
		expect(
			formatIssue(
				issues.find((i) => i.code === 'set.count')!,
				'en'
			)
		).toBe('(set) — nl: found 19 dilemmas, expected exactly 20');
		expect(
			formatIssue(
				issues.find((i) => i.code === 'language.slug_missing')!,
				'nl'
			)
		).toBe("en/20-testdilemma-20.md — slug: 'testdilemma-20' ontbreekt in het Nederlands");
	});

	it('too many dilemmas', () => {
		const files = makeDilemmaSet({ languages: ['nl'], count: 21, folders: false });
		const issues = issuesOf(files, { language: 'nl' });
		expect(essentials(issues)).toEqual([
			{ file: '21-testdilemma-21.md', field: 'number', code: 'number.out_of_range' },
			{ file: '(set)', field: 'nl', code: 'set.count' }
		]);
		expect(issues[1].params).toEqual({ language: 'nl', expected: 20, actual: 21 });
	});

	it('no files at all', () => {
		expect(issuesOf([])).toEqual([{ file: '(set)', field: 'files', code: 'set.empty' }]);
	});

	it('a required language is missing', () => {
		const issues = issuesOf(makeDilemmaSet({ languages: ['nl'] }));
		expect(issues).toEqual([{ file: '(set)', field: 'en', code: 'set.language_missing', params: { language: 'en' } }]);
		expect(formatIssue(issues[0], 'nl')).toBe('(set) — en: deze taal ontbreekt in de set');
	});

	it('an unsupported language folder', () => {
		const files = [
			...makeDilemmaSet(),
			...makeDilemmaSet({ languages: ['nl'] }).map((f) => ({ ...f, name: f.name.replace(/^nl\//, 'de/') }))
		];
		const issues = issuesOf(files);
		expect(issues).toHaveLength(20);
		expect(issues[0]).toEqual({
			file: 'de/01-testdilemma-01.md',
			field: 'language',
			code: 'language.unsupported',
			params: { code: 'de', allowed: 'nl, en' }
		});
		expect(formatIssue(issues[0], 'nl')).toBe(
			"de/01-testdilemma-01.md — language: taal 'de' wordt niet ondersteund (mogelijk: nl, en)"
		);
	});

	it('a file name that does not match number and slug (built-in set)', () => {
		const files = makeDilemmaSet().map((f) => (f.name === NL7 ? { ...f, name: 'nl/7-wijk.md' } : f));
		const issues = issuesOf(files);
		expect(issues).toEqual([
			{ file: 'nl/7-wijk.md', field: 'file', code: 'file.name_mismatch', params: { expected: '07-testdilemma-07.md' } }
		]);
	});

	it('a file that is not .md, and a duplicate file name', () => {
		const files = makeDilemmaSet({ languages: ['nl'], folders: false }).map((f) =>
			f.name === '07-testdilemma-07.md'
				? { ...f, name: 'dilemma.txt' }
				: f.name === '08-testdilemma-08.md'
					? { ...f, name: '09-testdilemma-09.md' }
					: f
		);
		const issues = issuesOf(files, { language: 'nl' });
		expect(essentials(issues)).toEqual([
			{ file: '09-testdilemma-09.md', field: 'file', code: 'file.duplicate_name' },
			{ file: 'dilemma.txt', field: 'file', code: 'file.extension' }
		]);
	});
});

describe('body rules', () => {
	const withBody = (body: string) =>
		makeDilemmaSet({ editBody: (b, { number, lang }) => (number === 7 && lang === 'nl' ? body : b) });

	it('a missing body', () => {
		expect(essentials(issuesOf(withBody('')))).toEqual([{ file: NL7, field: 'body', code: 'field.missing' }]);
	});

	it('a body that is too short (299 characters after trimming)', () => {
		const issues = issuesOf(withBody(`\n\n${'a'.repeat(299)}\n\n`));
		expect(issues).toEqual([{ file: NL7, field: 'body', code: 'field.too_short', params: { min: 300, actual: 299 } }]);
		expect(formatIssue(issues[0], 'nl')).toBe(`${NL7} — body: te kort: 299 tekens, minimaal 300`);
	});

	it('a body of exactly 300 and 6000 characters is fine', () => {
		expect(validateDilemmaSet(withBody('a'.repeat(300)), BUILTIN_SET_OPTIONS).ok).toBe(true);
		expect(validateDilemmaSet(withBody('a'.repeat(6000)), BUILTIN_SET_OPTIONS).ok).toBe(true);
	});

	it('a body the renderer cannot render within its work budget (issue 11)', () => {
		const issues = issuesOf(withBody('*a_'.repeat(2000)));
		expect(essentials(issues)).toEqual([{ file: NL7, field: 'body', code: 'field.too_complex' }]);
		expect(formatIssue(issues[0], 'nl')).toMatch(/te ingewikkeld om op te maken/);
	});

	it('a body that is too long', () => {
		const issues = issuesOf(withBody('a'.repeat(6001)));
		expect(issues).toEqual([{ file: NL7, field: 'body', code: 'field.too_long', params: { max: 6000, actual: 6001 } }]);
		expect(formatIssue(issues[0], 'en')).toBe(`${NL7} — body: too long: 6001 characters, at most 6000`);
	});
});

describe('consistency between languages', () => {
	it('a slug present in nl but not in en', () => {
		const files = makeDilemmaSet({
			editFrontmatter: (fm, { number, lang }) =>
				number === 5 && lang === 'en' ? { ...fm, slug: 'other-slug' } : undefined
		});
		const issues = issuesOf(files, { ...BUILTIN_SET_OPTIONS, checkFileNames: false });
		expect(issues).toEqual([
			{
				file: 'en/05-testdilemma-05.md',
				field: 'slug',
				code: 'language.slug_missing',
				params: { slug: 'other-slug', language: 'nl' }
			},
			{
				file: 'nl/05-testdilemma-05.md',
				field: 'slug',
				code: 'language.slug_missing',
				params: { slug: 'testdilemma-05', language: 'en' }
			}
		]);
		expect(formatIssue(issues[1], 'nl')).toBe(
			"nl/05-testdilemma-05.md — slug: 'testdilemma-05' ontbreekt in het Engels"
		);
		expect(formatIssue(issues[1], 'en')).toBe("nl/05-testdilemma-05.md — slug: 'testdilemma-05' is missing in English");
	});

	it('the same slug with a different number', () => {
		const files = makeDilemmaSet({
			editFrontmatter: (fm, { number, lang }) =>
				lang === 'en' && (number === 3 || number === 4) ? { ...fm, number: 7 - number } : undefined
		});
		const issues = issuesOf(files, { ...BUILTIN_SET_OPTIONS, checkFileNames: false });
		expect(issues).toEqual([
			{
				file: 'en/03-testdilemma-03.md',
				field: 'number',
				code: 'language.number_mismatch',
				params: { slug: 'testdilemma-03', number: 4, expected: 3, language: 'nl' }
			},
			{
				file: 'en/04-testdilemma-04.md',
				field: 'number',
				code: 'language.number_mismatch',
				params: { slug: 'testdilemma-04', number: 3, expected: 4, language: 'nl' }
			}
		]);
		expect(formatIssue(issues[0], 'nl')).toBe(
			"en/03-testdilemma-03.md — number: heeft nummer 4, maar 'testdilemma-03' heeft in het Nederlands nummer 3"
		);
	});
});

describe('uploaded and pasted sets', () => {
	it('an upload uses the given language and base names', () => {
		const files = makeDilemmaSet({ languages: ['en'] }).map((f) => ({
			...f,
			name: `C:\\Users\\x\\${f.name.replace('/', '\\')}`
		}));
		const result = validateDilemmaSet(files, { language: 'en' });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.set.languages).toEqual(['en']);
		expect(result.set.dilemmas[0].file).toBe('01-testdilemma-01.md');
	});

	it('an upload defaults to nl for bare names', () => {
		const result = validateDilemmaSet(makeDilemmaSet({ languages: ['nl'], folders: false }));
		expect(result.ok && result.set.languages).toEqual(['nl']);
	});

	it('splits a pasted bundle', () => {
		const files = makeDilemmaSet({ languages: ['nl'], folders: false, count: 2 });
		const split = splitPastedBundle(`\n  \n${toPastedBundle(files)}`);
		expect(split.issues).toEqual([]);
		expect(split.files.map((f) => f.name)).toEqual(['01-testdilemma-01.md', '02-testdilemma-02.md']);
		expect(split.files[0].text.trimEnd()).toBe(files[0].text.trimEnd());
	});

	it('drops blank lines after a separator and accepts CRLF', () => {
		const split = splitPastedBundle('+++ a.md\r\n\r\n---\r\nx: 1\r\n+++   b.md  \r\nB');
		expect(split).toEqual({
			files: [
				{ name: 'a.md', text: '---\nx: 1' },
				{ name: 'b.md', text: 'B' }
			],
			issues: []
		});
	});

	it('reports text before the first separator', () => {
		const split = splitPastedBundle('Hier zijn mijn dilemma’s:\n\n+++ a.md\n---\n');
		expect(split.issues).toEqual([
			{ file: '(set)', field: 'text', code: 'bundle.leading_text', params: { lastLine: 1 }, line: 1 }
		]);
		expect(formatIssue(split.issues[0], 'nl')).toBe(
			"(set) (regel 1) — text: tekst vóór de eerste regel '+++ bestandsnaam.md' (regel 1 t/m 1); zet boven elk bestand zo'n regel"
		);
		expect(split.files).toHaveLength(1);
	});

	it('reports text without any separator, and a separator without a name', () => {
		expect(essentials(splitPastedBundle('---\nslug: x\n---\nBody').issues)).toEqual([
			{ file: '(set)', field: 'text', code: 'bundle.leading_text' },
			{ file: '(set)', field: 'text', code: 'bundle.empty' }
		]);
		expect(splitPastedBundle('   \n').issues).toEqual([{ file: '(set)', field: 'text', code: 'bundle.empty' }]);
		const noName = splitPastedBundle('+++ a.md\nA\n+++\nB\n+++ c.md\nC');
		expect(noName.issues).toEqual([{ file: '(set)', field: 'text', code: 'bundle.missing_name', line: 3 }]);
		expect(noName.files.map((f) => f.name)).toEqual(['a.md', 'c.md']);
	});

	it('validates a complete pasted bundle, and reports split issues with validation issues', () => {
		const files = makeDilemmaSet({ languages: ['en'], folders: false });
		const ok = validatePastedBundle(toPastedBundle(files), { language: 'en' });
		expect(ok.ok).toBe(true);
		const bad = validatePastedBundle(`intro\n${toPastedBundle(files.slice(1))}`, { language: 'en' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) {
			expect(essentials(bad.issues)).toEqual([
				{ file: '(set)', field: 'text', code: 'bundle.leading_text' },
				{ file: '(set)', field: 'en', code: 'set.count' },
				{ file: '(set)', field: 'en', code: 'set.numbers_missing' }
			]);
		}
	});
});

describe('messages', () => {
	it('has every code in both languages with the same placeholders', () => {
		const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		const nlCodes = Object.keys(contentMessages.nl).sort();
		expect(Object.keys(contentMessages.en).sort()).toEqual(nlCodes);
		for (const code of nlCodes as Array<keyof typeof contentMessages.nl>) {
			expect(placeholders(contentMessages.en[code]), code).toEqual(placeholders(contentMessages.nl[code]));
			expect(contentMessages.nl[code].length).toBeGreaterThan(3);
		}
	});

	it('formats the example from the brief', () => {
		expect(formatIssue({ file: '07-wijk-of-wachtlijst.md', field: 'pole_right', code: 'field.missing' }, 'nl')).toBe(
			'07-wijk-of-wachtlijst.md — pole_right: ontbreekt'
		);
		expect(formatIssue({ file: '07-wijk-of-wachtlijst.md', field: 'pole_right', code: 'field.missing' }, 'en')).toBe(
			'07-wijk-of-wachtlijst.md — pole_right: missing'
		);
	});
});

describe('fingerprint', () => {
	const setOf = (files: FactoryFile[]) => {
		const r = validateDilemmaSet(files, BUILTIN_SET_OPTIONS);
		if (!r.ok) throw new Error('invalid');
		return r.set;
	};

	it('is a sha256 hex string, stable under formatting, order and line endings', () => {
		const a = computeSetFingerprint(setOf(makeDilemmaSet()));
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		const reformatted = makeDilemmaSet({
			editText: (t) => t.replace(/\n/g, '\r\n').replace(/^slug: (.*)$/m, 'slug: "$1"   # comment')
		}).reverse();
		expect(computeSetFingerprint(setOf(reformatted))).toBe(a);
	});

	it('changes when any text changes', () => {
		const a = computeSetFingerprint(setOf(makeDilemmaSet()));
		const b = computeSetFingerprint(
			setOf(
				makeDilemmaSet({ editBody: (body, { number, lang }) => (number === 13 && lang === 'en' ? `${body}!` : body) })
			)
		);
		const c = computeSetFingerprint(
			setOf(
				makeDilemmaSet({
					editFrontmatter: (fm, { number }) => (number === 2 ? { ...fm, theme: 'Ander thema' } : undefined)
				})
			)
		);
		expect(new Set([a, b, c]).size).toBe(3);
	});
});

describe('vite plugin contentCheck', () => {
	function withTempDir(files: FactoryFile[], run: (dir: string) => void) {
		const root = mkdtempSync(path.join(tmpdir(), 'werkplaats-content-'));
		try {
			const dir = path.join(root, 'src/lib/content/dilemmas');
			for (const f of files) {
				mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
				writeFileSync(path.join(dir, f.name), f.text);
			}
			run(root);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	}

	type Hook = (this: unknown, ...args: unknown[]) => unknown;
	function runBuildStart(root: string, command: 'build' | 'serve') {
		const plugin = contentCheck();
		const errors: string[] = [];
		const warnings: string[] = [];
		const ctx = {
			error(message: string) {
				errors.push(message);
				throw new Error(message);
			},
			warn(message: string) {
				warnings.push(message);
			},
			addWatchFile() {}
		};
		(plugin.configResolved as Hook).call(ctx, { command, root });
		let thrown: unknown;
		try {
			(plugin.buildStart as Hook).call(ctx, {});
		} catch (e) {
			thrown = e;
		}
		return { errors, warnings, thrown };
	}

	it('passes a valid set', () => {
		withTempDir(makeDilemmaSet(), (root) => {
			expect(runBuildStart(root, 'build')).toEqual({ errors: [], warnings: [], thrown: undefined });
		});
	});

	it('fails the build listing file, field and reason of every issue', () => {
		const files = makeDilemmaSet({
			editFrontmatter: (fm, { number, lang }) =>
				number === 7 && lang === 'nl'
					? { ...fm, pole_right: undefined }
					: number === 2 && lang === 'en'
						? { ...fm, title: 'ab' }
						: undefined
		});
		withTempDir(files, (root) => {
			const { errors, thrown } = runBuildStart(root, 'build');
			expect(thrown).toBeInstanceOf(Error);
			expect(errors).toHaveLength(1);
			expect(errors[0]).toContain('2 issue(s)');
			expect(errors[0]).toContain('nl/07-testdilemma-07.md — pole_right: missing');
			expect(errors[0]).toContain('en/02-testdilemma-02.md (line 5) — title: too short: 2 characters, at least 3');
		});
	});

	it('only warns in dev', () => {
		withTempDir(makeDilemmaSet({ count: 19 }), (root) => {
			const { errors, warnings } = runBuildStart(root, 'serve');
			expect(errors).toEqual([]);
			expect(warnings).toHaveLength(1);
			expect(warnings[0]).toContain('(set) — nl: found 19 dilemmas, expected exactly 20');
		});
	});

	it('reports a missing folder as an empty set', () => {
		expect(checkDilemmaDir(path.join(tmpdir(), 'werkplaats-does-not-exist'))).toContain('no dilemma files were found');
	});
});

describe('the real built-in set on disk', () => {
	// Completed by the content writers; this test must pass once all 40 files exist.
	const dir = fileURLToPath(new URL('../../src/lib/content/dilemmas', import.meta.url));

	it('is a complete, valid set of 20 dilemmas in nl and en', () => {
		const files = readDilemmaDir(dir);
		const result = validateDilemmaSet(files, BUILTIN_SET_OPTIONS);
		if (!result.ok) throw new Error(result.issues.map((i) => formatIssue(i, 'en')).join('\n'));
		expect(result.set.languages).toEqual(['nl', 'en']);
		expect(result.set.dilemmas).toHaveLength(40);
	});

	it('loads through loadBuiltinDilemmaSet (import.meta.glob) with a fingerprint', async () => {
		const { loadBuiltinDilemmaSet, builtinDilemmaFiles } = await import('../../src/lib/content/builtin.ts');
		expect(builtinDilemmaFiles().map((f) => f.name)).toEqual(readDilemmaDir(dir).map((f) => f.name));
		const set = loadBuiltinDilemmaSet();
		expect(set.dilemmas).toHaveLength(40);
		expect(set.fingerprint).toMatch(/^[0-9a-f]{64}$/);
		expect(loadBuiltinDilemmaSet()).toBe(set);
	});
});
