/**
 * The built-in dilemma set, bundled from `./dilemmas/<lang>/<NN>-<slug>.md`.
 *
 * Validation happens at build time (see `vite-plugin-content-check.ts`) and
 * again on first load here, so an invalid set can never be served silently.
 */
import { BUILTIN_SET_OPTIONS, validateDilemmaSet, type DilemmaSet, type InputFile } from './dilemma-set.ts';
import { computeSetFingerprint } from './fingerprint.ts';
import { formatIssues } from './messages.ts';

export { computeSetFingerprint } from './fingerprint.ts';

export interface BuiltinDilemmaSet extends DilemmaSet {
	/** sha256 hex fingerprint of the content; changes whenever any text changes. */
	fingerprint: string;
}

const rawFiles = import.meta.glob('./dilemmas/*/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

/** The raw built-in files as `{ name: "nl/01-….md", text }`, sorted by name. */
export function builtinDilemmaFiles(): InputFile[] {
	return Object.entries(rawFiles)
		.map(([path, text]) => ({ name: path.replace(/^\.\/dilemmas\//, ''), text }))
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

let cached: BuiltinDilemmaSet | undefined;

/**
 * Validates and returns the built-in set (cached after the first call).
 * Throws an Error listing every problem if the set is invalid.
 */
export function loadBuiltinDilemmaSet(): BuiltinDilemmaSet {
	if (cached) return cached;
	const result = validateDilemmaSet(builtinDilemmaFiles(), BUILTIN_SET_OPTIONS);
	if (!result.ok) {
		throw new Error(
			`Built-in dilemma set is invalid (${result.issues.length} issue(s)):\n${formatIssues(result.issues, 'en')}`
		);
	}
	cached = { ...result.set, fingerprint: computeSetFingerprint(result.set) };
	return cached;
}
