/** What is wrong with a dilemma file or set: one `SetIssue` per problem, worded in messages.ts. */
import type { ContentIssueCode } from './messages.ts';

/** `file` value of issues about the set as a whole (or the pasted bundle). */
export const SET_FILE = '(set)';

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

export function issue(
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
