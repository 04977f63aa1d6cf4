/**
 * Parser and validator for dilemma sets (see FORMAT.md in this folder): the one import path for
 * the set's users.
 *
 * Pure and isomorphic (no Node or browser APIs): used by the built-in set
 * loader, the build-time content check (Vite plugin) and the upload/paste
 * import. Every problem becomes a `SetIssue` with a stable `code`; the
 * Dutch/English wording lives in `messages.ts`. The parts:
 * - dilemma-schema.ts: limits, the frontmatter schema, the shapes of a set, the options;
 * - dilemma-file.ts: one file (frontmatter and body);
 * - dilemma-set-checks.ts: the whole set, one named check per rule;
 * - dilemma-bundle.ts: several files pasted into one field;
 * - set-issue.ts, input-file.ts: what all of them share.
 */
export {
	BUILTIN_SET_OPTIONS,
	DEFAULT_EXPECTED_COUNT,
	DEFAULT_LANGUAGE,
	DILEMMA_LIMITS,
	FRONTMATTER_FIELDS,
	SLUG_PATTERN,
	SUPPORTED_LANGUAGES,
	dilemmaFrontmatterSchema
} from './dilemma-schema.ts';
export type {
	Dilemma,
	DilemmaFrontmatter,
	DilemmaSet,
	ParseFileResult,
	ValidateOptions,
	ValidateSetResult
} from './dilemma-schema.ts';
export { SET_FILE, type SetIssue } from './set-issue.ts';
export type { InputFile } from './input-file.ts';
export { parseDilemmaFile } from './dilemma-file.ts';
export { dilemmasInLanguage, validateDilemmaSet } from './dilemma-set-checks.ts';
export { splitPastedBundle, validatePastedBundle, type BundleSplitResult } from './dilemma-bundle.ts';
