/**
 * Error keys: what an SQL function raises and a zod schema names as its message, shown to people
 * as the translation of `errors.<key>`. The one test of "is this an error key" for the whole app
 * (the database port, form parsing, JSON endpoints) and the one fallback for unknown keys.
 */

const shape = /^[a-z][a-z0-9_]{2,60}$/;

/** A key rather than a text: PostgreSQL's and zod's own messages ("Invalid input…") are not keys. */
export function isErrorKey(value: unknown): value is string {
	return typeof value === 'string' && shape.test(value);
}

/** The first error key among a refusal's issues (zod's), else `fallback`. */
export function firstErrorKey(issues: readonly { message: string }[], fallback = 'invalid_input'): string {
	return issues.map((issue) => issue.message).find(isErrorKey) ?? fallback;
}

/** Per form field, the first error key its issues name (else `invalid_input`). */
export function fieldErrorKeys(
	issues: readonly { message: string; path: readonly PropertyKey[] }[]
): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of issues)
		errors[String(issue.path[0] ?? 'form')] ??= isErrorKey(issue.message) ? issue.message : 'invalid_input';
	return errors;
}

/** The message to show for a key: `errors.<key>` where the messages have it, else `errors.generic`. */
export function errorMessageKey(key: string, has: (messageKey: string) => boolean): string {
	const full = `errors.${key}`;
	return has(full) ? full : 'errors.generic';
}
