/**
 * A whole dilemma set: every file on its own (dilemma-file.ts), then the rules between files —
 * duplicates, count, numbering, required languages and consistency between languages. Each
 * rule is one named check that returns its issues.
 */
import {
	DEFAULT_EXPECTED_COUNT,
	DEFAULT_LANGUAGE,
	SUPPORTED_LANGUAGES,
	type Dilemma,
	type DilemmaSet,
	type ValidateOptions,
	type ValidateSetResult
} from './dilemma-schema.ts';
import { parseDilemmaFile } from './dilemma-file.ts';
import { baseName, type InputFile } from './input-file.ts';
import { SET_FILE, issue, type SetIssue } from './set-issue.ts';

interface PreparedFile {
	label: string;
	language: string;
	text: string;
}

function prepareFile(file: InputFile, options: ValidateOptions): PreparedFile {
	const base = baseName(file.name);
	if (options.language !== undefined) {
		return { label: base, language: options.language, text: file.text };
	}
	const parts = file.name.split(/[\\/]/).filter((p) => p.length > 0);
	if (parts.length >= 2) {
		const language = parts[parts.length - 2];
		return { label: `${language}/${base}`, language, text: file.text };
	}
	return { label: base, language: DEFAULT_LANGUAGE, text: file.text };
}

function compareLabels(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

/** What the checks share: the options with their defaults filled in. */
interface SetRules {
	expectedCount: number;
	allowed: readonly string[];
	checkFileNames: boolean;
}

/** What reading every file gave: the dilemmas that parsed, and per language how many files came and whether any failed. */
interface FilesRead {
	dilemmas: Dilemma[];
	fileCount: Map<string, number>;
	failedLanguages: Set<string>;
	issues: SetIssue[];
}

// Per file -------------------------------------------------------------------

function checkDuplicateName(file: PreparedFile, seenLabels: Set<string>): SetIssue[] {
	const duplicate = seenLabels.has(file.label);
	seenLabels.add(file.label);
	return duplicate ? [issue(file.label, 'file', 'file.duplicate_name')] : [];
}

function checkLanguageAllowed(file: PreparedFile, rules: SetRules): SetIssue[] {
	if (rules.allowed.includes(file.language)) return [];
	return [
		issue(file.label, 'language', 'language.unsupported', {
			code: file.language,
			allowed: rules.allowed.join(', ')
		})
	];
}

function checkExtension(file: PreparedFile): SetIssue[] {
	return /\.md$/i.test(file.label) ? [] : [issue(file.label, 'file', 'file.extension')];
}

/** The built-in set's files are named `NN-<slug>.md` after their frontmatter. */
function checkFileName(file: PreparedFile, dilemma: { number: number; slug: string }): SetIssue[] {
	const expected = `${pad2(dilemma.number)}-${dilemma.slug}.md`;
	return baseName(file.label) === expected ? [] : [issue(file.label, 'file', 'file.name_mismatch', { expected })];
}

function readFiles(prepared: readonly PreparedFile[], rules: SetRules): FilesRead {
	const read: FilesRead = { dilemmas: [], fileCount: new Map(), failedLanguages: new Set(), issues: [] };
	const seenLabels = new Set<string>();
	for (const file of prepared) {
		read.issues.push(
			...checkDuplicateName(file, seenLabels),
			...checkLanguageAllowed(file, rules),
			...checkExtension(file)
		);
		read.fileCount.set(file.language, (read.fileCount.get(file.language) ?? 0) + 1);
		const parsed = parseDilemmaFile(file.label, file.text, { expectedCount: rules.expectedCount });
		if (!parsed.ok) {
			read.issues.push(...parsed.issues);
			read.failedLanguages.add(file.language);
			continue;
		}
		if (rules.checkFileNames) read.issues.push(...checkFileName(file, parsed.frontmatter));
		read.dilemmas.push({ ...parsed.frontmatter, language: file.language, file: file.label, body: parsed.body });
	}
	return read;
}

// Per language ---------------------------------------------------------------

/** The languages present: the allowed ones in their order, then any others alphabetically. */
function languagesPresent(fileCount: Map<string, number>, allowed: readonly string[]): string[] {
	return [
		...allowed.filter((l) => fileCount.has(l)),
		...[...fileCount.keys()].filter((l) => !allowed.includes(l)).sort()
	];
}

function groupByLanguage(languages: readonly string[], dilemmas: readonly Dilemma[]): Map<string, Dilemma[]> {
	const byLanguage = new Map<string, Dilemma[]>();
	for (const language of languages) byLanguage.set(language, []);
	for (const d of dilemmas) byLanguage.get(d.language)?.push(d);
	return byLanguage;
}

/** A slug or a number used twice in one language: the second (and later) file is named. */
function checkDuplicates(list: readonly Dilemma[]): SetIssue[] {
	const issues: SetIssue[] = [];
	const slugOwner = new Map<string, string>();
	const numberOwner = new Map<number, string>();
	for (const d of list) {
		const slugFirst = slugOwner.get(d.slug);
		if (slugFirst !== undefined)
			issues.push(issue(d.file, 'slug', 'slug.duplicate', { slug: d.slug, other: slugFirst }));
		else slugOwner.set(d.slug, d.file);
		const numberFirst = numberOwner.get(d.number);
		if (numberFirst !== undefined)
			issues.push(issue(d.file, 'number', 'number.duplicate', { number: d.number, other: numberFirst }));
		else numberOwner.set(d.number, d.file);
	}
	return issues;
}

function checkCount(language: string, count: number, rules: SetRules): SetIssue[] {
	if (count === rules.expectedCount) return [];
	return [issue(SET_FILE, language, 'set.count', { language, expected: rules.expectedCount, actual: count })];
}

/** Numbers 1..expectedCount nobody has; left out when a file of the language failed (it may be the one). */
function checkNumbering(language: string, list: readonly Dilemma[], read: FilesRead, rules: SetRules): SetIssue[] {
	if (read.failedLanguages.has(language)) return [];
	const numbers = new Set(list.map((d) => d.number));
	const missing: number[] = [];
	for (let n = 1; n <= rules.expectedCount; n++) if (!numbers.has(n)) missing.push(n);
	if (missing.length === 0) return [];
	return [issue(SET_FILE, language, 'set.numbers_missing', { language, numbers: missing.join(', ') })];
}

function checkRequiredLanguages(fileCount: Map<string, number>, required: readonly string[]): SetIssue[] {
	return required
		.filter((language) => !fileCount.has(language))
		.map((language) => issue(SET_FILE, language, 'set.language_missing', { language }));
}

// Between languages ----------------------------------------------------------

/**
 * Every slug in every allowed language, under the same number. The reference for a slug is its
 * dilemma in the first language that has it.
 */
function checkBetweenLanguages(
	byLanguage: Map<string, Dilemma[]>,
	comparable: readonly string[],
	read: FilesRead
): SetIssue[] {
	if (comparable.length <= 1) return [];
	const issues: SetIssue[] = [];
	const reference = new Map<string, Dilemma>();
	for (const language of comparable) {
		for (const d of byLanguage.get(language) ?? []) {
			if (!reference.has(d.slug)) reference.set(d.slug, d);
		}
	}
	for (const language of comparable) {
		const own = new Map((byLanguage.get(language) ?? []).map((d) => [d.slug, d]));
		for (const [slug, ref] of reference) {
			if (ref.language === language) continue;
			const mine = own.get(slug);
			if (mine === undefined) {
				// A broken file in this language may be the missing one: its own issues come first,
				// so don't add noise.
				if (!read.failedLanguages.has(language)) {
					issues.push(issue(ref.file, 'slug', 'language.slug_missing', { slug, language }));
				}
			} else if (mine.number !== ref.number) {
				issues.push(
					issue(mine.file, 'number', 'language.number_mismatch', {
						slug,
						number: mine.number,
						expected: ref.number,
						language: ref.language
					})
				);
			}
		}
	}
	return issues;
}

/** All dilemmas by number, then by the order of their language. */
function sortDilemmas(dilemmas: Dilemma[], languages: readonly string[]): Dilemma[] {
	const languageRank = new Map(languages.map((l, i) => [l, i]));
	return dilemmas.sort(
		(a, b) => a.number - b.number || (languageRank.get(a.language) ?? 0) - (languageRank.get(b.language) ?? 0)
	);
}

/**
 * Validates a complete set: every file on its own, then duplicates, count,
 * numbering and consistency between languages. Returns the parsed set or
 * all issues found (about files first, then about the set as a whole).
 */
export function validateDilemmaSet(files: readonly InputFile[], options: ValidateOptions = {}): ValidateSetResult {
	const rules: SetRules = {
		expectedCount: options.expectedCount ?? DEFAULT_EXPECTED_COUNT,
		allowed: options.allowedLanguages ?? SUPPORTED_LANGUAGES,
		checkFileNames: options.checkFileNames ?? false
	};
	const prepared = files.map((f) => prepareFile(f, options)).sort((a, b) => compareLabels(a.label, b.label));
	if (prepared.length === 0) return { ok: false, issues: [issue(SET_FILE, 'files', 'set.empty')] };

	const read = readFiles(prepared, rules);
	const languages = languagesPresent(read.fileCount, rules.allowed);
	const byLanguage = groupByLanguage(languages, read.dilemmas);
	const fileIssues = [...read.issues];
	const setIssues: SetIssue[] = [];
	for (const language of languages) {
		const list = byLanguage.get(language) ?? [];
		fileIssues.push(...checkDuplicates(list));
		setIssues.push(
			...checkCount(language, read.fileCount.get(language) ?? 0, rules),
			...checkNumbering(language, list, read, rules)
		);
	}
	setIssues.push(...checkRequiredLanguages(read.fileCount, options.requiredLanguages ?? []));
	fileIssues.push(
		...checkBetweenLanguages(
			byLanguage,
			languages.filter((l) => rules.allowed.includes(l)),
			read
		)
	);

	const issues = [...fileIssues, ...setIssues];
	if (issues.length > 0) return { ok: false, issues };
	return { ok: true, set: { languages, dilemmas: sortDilemmas(read.dilemmas, languages) } };
}

/** The dilemmas of one language, in number order. */
export function dilemmasInLanguage(set: DilemmaSet, language: string): Dilemma[] {
	return set.dilemmas.filter((d) => d.language === language);
}
