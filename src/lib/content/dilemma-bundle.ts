/** Pasted bundles: several dilemma files in one text field, each after a `+++ <name>.md` line. */
import { DEFAULT_LANGUAGE, type ValidateOptions, type ValidateSetResult } from './dilemma-schema.ts';
import { validateDilemmaSet } from './dilemma-set-checks.ts';
import { baseName, normalizeNewlines, type InputFile } from './input-file.ts';
import { SET_FILE, issue, type SetIssue } from './set-issue.ts';

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
export function validatePastedBundle(text: string, options: ValidateOptions = {}): ValidateSetResult {
	const split = splitPastedBundle(text);
	const language = options.language ?? DEFAULT_LANGUAGE;
	if (split.files.length === 0) return { ok: false, issues: split.issues };
	const result = validateDilemmaSet(split.files, { ...options, language });
	if (split.issues.length === 0) return result;
	return { ok: false, issues: [...split.issues, ...(result.ok ? [] : result.issues)] };
}
