/**
 * The dilemma file format (FORMAT.md in this folder) as data: limits, the frontmatter's zod
 * schema, the shapes of a parsed set and the options a validation takes.
 */
import { z } from 'zod';
import type { SetIssue } from './set-issue.ts';

export const DEFAULT_EXPECTED_COUNT = 20;
export const SUPPORTED_LANGUAGES = ['nl', 'en'] as const;
export const DEFAULT_LANGUAGE = 'nl';
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
		reflection_questions: z.array(textField(L.question)).min(L.reflectionQuestions.min).max(L.reflectionQuestions.max)
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
	{ ok: true; frontmatter: DilemmaFrontmatter; body: string } | { ok: false; issues: SetIssue[] };

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
