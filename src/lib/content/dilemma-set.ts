/**
 * Parser and validator for dilemma sets (see FORMAT.md in this folder).
 *
 * Pure and isomorphic (no Node or browser APIs): used by the built-in set
 * loader, the build-time content check (Vite plugin) and the upload/paste
 * import. Every problem becomes a `SetIssue` with a stable `code`; the
 * Dutch/English wording lives in `messages.ts`.
 */
import { LineCounter, isMap, isSeq, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { ContentIssueCode } from './messages.ts';
import { markdownProblem } from '../markdown.ts';

// ---------------------------------------------------------------------------
// Limits and constants
// ---------------------------------------------------------------------------

export const DEFAULT_EXPECTED_COUNT = 20;
export const SUPPORTED_LANGUAGES = ['nl', 'en'] as const;
export const DEFAULT_LANGUAGE = 'nl';
/** `file` value of issues about the set as a whole (or the pasted bundle). */
export const SET_FILE = '(set)';

export const DILEMMA_LIMITS = {
	slug: { min: 3, max: 60 },
	theme: { min: 2, max: 80 },
	title: { min: 3, max: 80 },
	pole: { min: 2, max: 60 },
	summary: { min: 20, max: 280 },
	teamQuestions: { min: 3, max: 5 },
	reflectionQuestions: { min: 2, max: 4 },
	question: { min: 10, max: 300 },
	body: { min: 300, max: 6000 }
} as const;

/** Lowercase letters and digits, separated by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Frontmatter keys in the order of FORMAT.md. */
export const FRONTMATTER_FIELDS = [
	'slug',
	'number',
	'theme',
	'title',
	'pole_left',
	'pole_right',
	'summary',
	'team_questions',
	'reflection_questions'
] as const;

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export interface SetIssue {
	/** File label (e.g. "nl/07-wijk-of-wachtlijst.md", or "(set)"). */
	file: string;
	/** Frontmatter field, "body", "frontmatter", "file", a language code, ... */
	field: string;
	/** Stable message key, see `contentMessages`. */
	code: ContentIssueCode;
	params?: Record<string, string | number>;
	/** 1-based line in the file, when known. */
	line?: number;
}

export interface InputFile {
	name: string;
	text: string;
}

// ---------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------

function textField(limits: { min: number; max: number }) {
	return z.string().trim().min(limits.min).max(limits.max);
}

/** zod schema of the frontmatter; `expectedCount` bounds `number`. */
export function dilemmaFrontmatterSchema(expectedCount: number = DEFAULT_EXPECTED_COUNT) {
	const L = DILEMMA_LIMITS;
	return z.strictObject({
		slug: z.string().regex(SLUG_PATTERN).min(L.slug.min).max(L.slug.max),
		number: z.number().int().min(1).max(expectedCount),
		theme: textField(L.theme),
		title: textField(L.title),
		pole_left: textField(L.pole),
		pole_right: textField(L.pole),
		summary: textField(L.summary),
		team_questions: z.array(textField(L.question)).min(L.teamQuestions.min).max(L.teamQuestions.max),
		reflection_questions: z
			.array(textField(L.question))
			.min(L.reflectionQuestions.min)
			.max(L.reflectionQuestions.max)
	});
}

export type DilemmaFrontmatter = z.infer<ReturnType<typeof dilemmaFrontmatterSchema>>;

export interface Dilemma extends DilemmaFrontmatter {
	/** Language code, e.g. "nl". */
	language: string;
	/** File label the dilemma came from. */
	file: string;
	/** Markdown body (trimmed, LF line endings). Render with `renderMarkdown`. */
	body: string;
}

export interface DilemmaSet {
	/** Languages present, in the order of `SUPPORTED_LANGUAGES` / `allowedLanguages`. */
	languages: string[];
	/** All dilemmas of all languages, sorted by number, then language. */
	dilemmas: Dilemma[];
}

export type ParseFileResult =
	| { ok: true; frontmatter: DilemmaFrontmatter; body: string }
	| { ok: false; issues: SetIssue[] };

export type ValidateSetResult = { ok: true; set: DilemmaSet } | { ok: false; issues: SetIssue[] };

export interface ValidateOptions {
	/** Number of dilemmas required per language (default 20). */
	expectedCount?: number;
	/**
	 * Single language of all files (uploaded or pasted sets); file names are
	 * reduced to their basename. If omitted, the language is the parent folder
	 * of each file (`nl/01-x.md`), or `DEFAULT_LANGUAGE` for bare names.
	 */
	language?: string;
	/** Accepted language codes (default `SUPPORTED_LANGUAGES`). */
	allowedLanguages?: readonly string[];
	/** Languages that must be present (default: none; built-in set: nl and en). */
	requiredLanguages?: readonly string[];
	/** Require file names `NN-<slug>.md` matching the frontmatter (built-in set). */
	checkFileNames?: boolean;
}

/** Options for the built-in set; shared by the loader and the build check. */
export const BUILTIN_SET_OPTIONS: ValidateOptions = {
	expectedCount: DEFAULT_EXPECTED_COUNT,
	allowedLanguages: SUPPORTED_LANGUAGES,
	requiredLanguages: SUPPORTED_LANGUAGES,
	checkFileNames: true
};

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function normalizeNewlines(text: string): string {
	return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function baseName(name: string): string {
	const parts = name.split(/[\\/]/).filter((p) => p.length > 0);
	return parts.length > 0 ? parts[parts.length - 1] : name;
}

function issue(
	file: string,
	field: string,
	code: ContentIssueCode,
	params?: Record<string, string | number>,
	line?: number
): SetIssue {
	const result: SetIssue = { file, field, code };
	if (params !== undefined) result.params = params;
	if (line !== undefined) result.line = line;
	return result;
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

/** Line numbers (1-based, file-relative) of top-level keys and list items. */
interface FieldLines {
	keys: Map<string, number>;
	items: Map<string, number[]>;
}

function collectFieldLines(doc: Document, counter: LineCounter, lineOffset: number): FieldLines {
	const keys = new Map<string, number>();
	const items = new Map<string, number[]>();
	const toLine = (offset: number | undefined) =>
		offset === undefined ? undefined : counter.linePos(offset).line + lineOffset;
	if (!isMap(doc.contents)) return { keys, items };
	for (const pair of doc.contents.items) {
		const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
		if (!key || typeof key.value !== 'string') continue;
		const line = toLine(key.range?.[0]);
		if (line !== undefined && !keys.has(key.value)) keys.set(key.value, line);
		if (isSeq(pair.value)) {
			const lines: number[] = [];
			for (const item of pair.value.items) {
				const itemLine = toLine((item as { range?: [number, number, number] }).range?.[0]);
				lines.push(itemLine ?? line ?? 0);
			}
			items.set(key.value, lines);
		}
	}
	return { keys, items };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
	let current: unknown = data;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<PropertyKey, unknown>)[key];
	}
	return current;
}

function textLength(value: unknown): number {
	if (typeof value === 'string') return value.trim().length;
	if (Array.isArray(value)) return value.length;
	return 0;
}

/** Translates one zod issue into SetIssues (several for unknown keys). */
function issuesFromZod(
	file: string,
	zi: z.core.$ZodIssue,
	data: unknown,
	lines: FieldLines,
	expectedCount: number
): SetIssue[] {
	const [key, index] = zi.path;
	const keyName = key === undefined ? 'frontmatter' : String(key);
	const field = typeof index === 'number' ? `${keyName}[${index + 1}]` : keyName;
	const line =
		typeof index === 'number' ? lines.items.get(keyName)?.[index] : lines.keys.get(keyName);
	const value = valueAt(data, zi.path);
	const make = (code: ContentIssueCode, params?: Record<string, string | number>) => [
		issue(file, field, code, params, line)
	];

	switch (zi.code) {
		case 'unrecognized_keys':
			return zi.keys.map((k) => issue(file, k, 'field.unknown', undefined, lines.keys.get(k)));
		case 'invalid_type':
			if (value === undefined || value === null) return make('field.missing');
			if (zi.expected === 'string') return make('field.expected_text');
			if (zi.expected === 'array') return make('field.expected_list');
			if (zi.expected === 'number' || zi.expected === 'int') return make('field.expected_integer');
			return make('field.invalid');
		case 'too_small':
			if (zi.origin === 'number') {
				return make('number.out_of_range', { value: String(value), min: 1, max: expectedCount });
			}
			if (zi.origin === 'array' && Array.isArray(value)) {
				return make('field.too_few', { min: Number(zi.minimum), actual: value.length });
			}
			if (zi.origin === 'string' && typeof value === 'string') {
				if (value.trim().length === 0) return make('field.missing');
				return make('field.too_short', { min: Number(zi.minimum), actual: textLength(value) });
			}
			return make('field.invalid');
		case 'too_big':
			if (zi.origin === 'number') {
				return make('number.out_of_range', { value: String(value), min: 1, max: expectedCount });
			}
			if (zi.origin === 'array' && Array.isArray(value)) {
				return make('field.too_many', { max: Number(zi.maximum), actual: value.length });
			}
			if (zi.origin === 'string' && typeof value === 'string') {
				return make('field.too_long', { max: Number(zi.maximum), actual: textLength(value) });
			}
			return make('field.invalid');
		case 'invalid_format':
			return keyName === 'slug' ? make('slug.pattern') : make('field.invalid');
		default:
			return make('field.invalid');
	}
}

// ---------------------------------------------------------------------------
// One file
// ---------------------------------------------------------------------------

/**
 * Parses one dilemma file: frontmatter (YAML, validated with zod) and body.
 * All per-file rules are checked; set-level rules (duplicates, count,
 * languages) are left to `validateDilemmaSet`.
 */
export function parseDilemmaFile(
	fileName: string,
	text: string,
	options: { expectedCount?: number } = {}
): ParseFileResult {
	const expectedCount = options.expectedCount ?? DEFAULT_EXPECTED_COUNT;
	const issues: SetIssue[] = [];

	if (text.includes('\u0000')) return { ok: false, issues: [issue(fileName, 'file', 'file.binary')] };
	const normalized = normalizeNewlines(text);
	if (normalized.trim().length === 0) {
		return { ok: false, issues: [issue(fileName, 'file', 'file.empty')] };
	}
	if (normalized.includes('\uFFFD')) issues.push(issue(fileName, 'file', 'file.encoding'));

	const lines = normalized.split('\n');
	if (lines[0].trimEnd() !== '---') {
		issues.push(issue(fileName, 'frontmatter', 'frontmatter.missing', undefined, 1));
		return { ok: false, issues };
	}
	const closing = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
	if (closing === -1) {
		issues.push(issue(fileName, 'frontmatter', 'frontmatter.unclosed', undefined, 1));
		return { ok: false, issues };
	}

	// --- frontmatter -------------------------------------------------------
	const yamlSource = lines.slice(1, closing).join('\n');
	const counter = new LineCounter();
	const doc = parseDocument(yamlSource, {
		version: '1.2',
		schema: 'core',
		lineCounter: counter,
		prettyErrors: true,
		uniqueKeys: true,
		strict: true
	});
	let frontmatter: DilemmaFrontmatter | undefined;
	if (doc.errors.length > 0) {
		const first = doc.errors[0];
		const line = first.linePos?.[0]?.line;
		issues.push(
			issue(
				fileName,
				'frontmatter',
				first.code === 'DUPLICATE_KEY' ? 'yaml.duplicate_key' : 'yaml.invalid',
				undefined,
				line === undefined ? undefined : line + 1
			)
		);
	} else {
		let data: unknown;
		try {
			data = doc.toJS({ maxAliasCount: 50 }) ?? {};
		} catch {
			data = undefined;
		}
		if (data === undefined) {
			issues.push(issue(fileName, 'frontmatter', 'yaml.invalid'));
		} else if (typeof data !== 'object' || data === null || Array.isArray(data)) {
			issues.push(issue(fileName, 'frontmatter', 'frontmatter.not_mapping', undefined, 2));
		} else {
			const fieldLines = collectFieldLines(doc, counter, 1);
			const parsed = dilemmaFrontmatterSchema(expectedCount).safeParse(data);
			if (parsed.success) {
				frontmatter = parsed.data;
				const left = frontmatter.pole_left.toLocaleLowerCase('nl');
				const right = frontmatter.pole_right.toLocaleLowerCase('nl');
				if (left === right) {
					issues.push(
						issue(fileName, 'pole_right', 'poles.equal', undefined, fieldLines.keys.get('pole_right'))
					);
				}
			} else {
				// One issue per field (zod may report several for the same value).
				const seen = new Set<string>();
				const fieldIssues = parsed.error.issues.flatMap((zi) =>
					issuesFromZod(fileName, zi, data, fieldLines, expectedCount)
				);
				fieldIssues.sort(
					(a, b) => fieldOrder(a.field) - fieldOrder(b.field) || a.field.localeCompare(b.field)
				);
				for (const fi of fieldIssues) {
					if (seen.has(fi.field)) continue;
					seen.add(fi.field);
					issues.push(fi);
				}
			}
		}
	}

	// --- body --------------------------------------------------------------
	const body = lines
		.slice(closing + 1)
		.join('\n')
		.trim();
	const bodyLine = closing + 2;
	if (body.length === 0) {
		issues.push(issue(fileName, 'body', 'field.missing', undefined, bodyLine));
	} else if (body.length < DILEMMA_LIMITS.body.min) {
		issues.push(
			issue(fileName, 'body', 'field.too_short', { min: DILEMMA_LIMITS.body.min, actual: body.length })
		);
	} else if (body.length > DILEMMA_LIMITS.body.max) {
		issues.push(
			issue(fileName, 'body', 'field.too_long', { max: DILEMMA_LIMITS.body.max, actual: body.length })
		);
	} else if (markdownProblem(body) !== null) {
		// Issue 11: a body the renderer cannot render within its work budget is refused here.
		issues.push(issue(fileName, 'body', 'field.too_complex', undefined, bodyLine));
	}

	if (issues.length > 0 || frontmatter === undefined) return { ok: false, issues };
	return { ok: true, frontmatter, body };
}

function fieldOrder(field: string): number {
	const key = field.replace(/\[\d+\]$/, '');
	const index = (FRONTMATTER_FIELDS as readonly string[]).indexOf(key);
	return index === -1 ? FRONTMATTER_FIELDS.length : index;
}

// ---------------------------------------------------------------------------
// Whole set
// ---------------------------------------------------------------------------

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

/**
 * Validates a complete set: every file on its own, then duplicates, count,
 * numbering and consistency between languages. Returns the parsed set or
 * all issues found.
 */
export function validateDilemmaSet(
	files: readonly InputFile[],
	options: ValidateOptions = {}
): ValidateSetResult {
	const expectedCount = options.expectedCount ?? DEFAULT_EXPECTED_COUNT;
	const allowed = options.allowedLanguages ?? SUPPORTED_LANGUAGES;
	const issues: SetIssue[] = [];
	const setIssues: SetIssue[] = [];

	const prepared = files.map((f) => prepareFile(f, options));
	prepared.sort((a, b) => compareLabels(a.label, b.label));

	if (prepared.length === 0) {
		return { ok: false, issues: [issue(SET_FILE, 'files', 'set.empty')] };
	}

	// Per file ----------------------------------------------------------------
	const seenLabels = new Set<string>();
	const fileCount = new Map<string, number>();
	const failedLanguages = new Set<string>();
	const dilemmas: Dilemma[] = [];

	for (const file of prepared) {
		const fileIssues: SetIssue[] = [];
		if (seenLabels.has(file.label)) fileIssues.push(issue(file.label, 'file', 'file.duplicate_name'));
		seenLabels.add(file.label);

		if (!allowed.includes(file.language)) {
			fileIssues.push(
				issue(file.label, 'language', 'language.unsupported', {
					code: file.language,
					allowed: allowed.join(', ')
				})
			);
		}
		if (!/\.md$/i.test(file.label)) fileIssues.push(issue(file.label, 'file', 'file.extension'));

		fileCount.set(file.language, (fileCount.get(file.language) ?? 0) + 1);

		const parsed = parseDilemmaFile(file.label, file.text, { expectedCount });
		if (!parsed.ok) {
			fileIssues.push(...parsed.issues);
		} else if (options.checkFileNames) {
			const expected = `${pad2(parsed.frontmatter.number)}-${parsed.frontmatter.slug}.md`;
			if (baseName(file.label) !== expected) {
				fileIssues.push(issue(file.label, 'file', 'file.name_mismatch', { expected }));
			}
		}

		if (parsed.ok) {
			dilemmas.push({ ...parsed.frontmatter, language: file.language, file: file.label, body: parsed.body });
		} else {
			failedLanguages.add(file.language);
		}
		issues.push(...fileIssues);
	}

	// Per language ------------------------------------------------------------
	const languages = [
		...allowed.filter((l) => fileCount.has(l)),
		...[...fileCount.keys()].filter((l) => !allowed.includes(l)).sort()
	];
	const byLanguage = new Map<string, Dilemma[]>();
	for (const language of languages) byLanguage.set(language, []);
	for (const d of dilemmas) byLanguage.get(d.language)?.push(d);

	for (const language of languages) {
		const list = byLanguage.get(language) ?? [];
		const slugOwner = new Map<string, string>();
		const numberOwner = new Map<number, string>();
		for (const d of list) {
			const slugFirst = slugOwner.get(d.slug);
			if (slugFirst !== undefined) {
				issues.push(issue(d.file, 'slug', 'slug.duplicate', { slug: d.slug, other: slugFirst }));
			} else {
				slugOwner.set(d.slug, d.file);
			}
			const numberFirst = numberOwner.get(d.number);
			if (numberFirst !== undefined) {
				issues.push(issue(d.file, 'number', 'number.duplicate', { number: d.number, other: numberFirst }));
			} else {
				numberOwner.set(d.number, d.file);
			}
		}

		const count = fileCount.get(language) ?? 0;
		if (count !== expectedCount) {
			setIssues.push(
				issue(SET_FILE, language, 'set.count', { language, expected: expectedCount, actual: count })
			);
		}
		if (!failedLanguages.has(language)) {
			const missing: number[] = [];
			for (let n = 1; n <= expectedCount; n++) if (!numberOwner.has(n)) missing.push(n);
			if (missing.length > 0) {
				setIssues.push(
					issue(SET_FILE, language, 'set.numbers_missing', { language, numbers: missing.join(', ') })
				);
			}
		}
	}

	for (const required of options.requiredLanguages ?? []) {
		if (!fileCount.has(required)) {
			setIssues.push(issue(SET_FILE, required, 'set.language_missing', { language: required }));
		}
	}

	// Between languages ---------------------------------------------------------
	const comparable = languages.filter((l) => allowed.includes(l));
	if (comparable.length > 1) {
		// Reference per slug: its dilemma in the first language that has it.
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
					// A broken file in this language may be the missing one: its
					// own issues come first, so don't add noise.
					if (!failedLanguages.has(language)) {
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
	}

	const allIssues = [...issues, ...setIssues];
	if (allIssues.length > 0) return { ok: false, issues: allIssues };

	const languageRank = new Map(languages.map((l, i) => [l, i]));
	dilemmas.sort(
		(a, b) =>
			a.number - b.number || (languageRank.get(a.language) ?? 0) - (languageRank.get(b.language) ?? 0)
	);
	return { ok: true, set: { languages, dilemmas } };
}

/** The dilemmas of one language, in number order. */
export function dilemmasInLanguage(set: DilemmaSet, language: string): Dilemma[] {
	return set.dilemmas.filter((d) => d.language === language);
}

// ---------------------------------------------------------------------------
// Pasted bundles
// ---------------------------------------------------------------------------

export interface BundleSplitResult {
	files: InputFile[];
	issues: SetIssue[];
}

const SEPARATOR = /^\+\+\+(?:[ \t]+(.*?))?[ \t]*$/;

/**
 * Splits text pasted into one field into files. Each file is preceded by a
 * line `+++ <filename>.md`; non-blank text before the first such line is an
 * issue, as is a separator without a name. Blank lines directly after a
 * separator are dropped.
 */
export function splitPastedBundle(text: string): BundleSplitResult {
	const lines = normalizeNewlines(text).split('\n');
	const files: InputFile[] = [];
	const issues: SetIssue[] = [];
	let current: { name: string; lines: string[] } | undefined;
	const leading: string[] = [];

	// A separator without a name still ends the previous file; its own
	// content is dropped (it cannot be named in messages).
	const flush = () => {
		if (current && current.name.length > 0) {
			files.push({ name: current.name, text: current.lines.join('\n').replace(/^(?:[ \t]*\n)+/, '') });
		}
	};

	lines.forEach((line, i) => {
		const match = SEPARATOR.exec(line);
		if (match) {
			flush();
			const name = baseName((match[1] ?? '').trim());
			if (name.length === 0) {
				issues.push(issue(SET_FILE, 'text', 'bundle.missing_name', undefined, i + 1));
			}
			current = { name, lines: [] };
		} else if (current) {
			current.lines.push(line);
		} else {
			leading.push(line);
		}
	});
	flush();

	const lastLeading = leading.map((l) => l.trim().length > 0).lastIndexOf(true);
	if (lastLeading !== -1) {
		issues.unshift(issue(SET_FILE, 'text', 'bundle.leading_text', { lastLine: lastLeading + 1 }, 1));
	}
	if (files.length === 0) issues.push(issue(SET_FILE, 'text', 'bundle.empty'));
	return { files, issues };
}

/**
 * Convenience for the paste field: split, then validate as a one-language set.
 * Split issues are returned together with validation issues.
 */
export function validatePastedBundle(
	text: string,
	options: ValidateOptions = {}
): ValidateSetResult {
	const split = splitPastedBundle(text);
	const language = options.language ?? DEFAULT_LANGUAGE;
	if (split.files.length === 0) return { ok: false, issues: split.issues };
	const result = validateDilemmaSet(split.files, { ...options, language });
	if (split.issues.length === 0) return result;
	return { ok: false, issues: [...split.issues, ...(result.ok ? [] : result.issues)] };
}
