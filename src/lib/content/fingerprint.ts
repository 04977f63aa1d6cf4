/**
 * Stable content fingerprint of a dilemma set ("version" of the content).
 *
 * Computed from the parsed set, not the raw files: YAML formatting, comments,
 * line endings, file names and file order do not change it; any change to a
 * field or body text does. Server and build only (node:crypto).
 */
import { createHash } from 'node:crypto';
import type { DilemmaSet } from './dilemma-set.ts';

/** Bump when the meaning of the fingerprinted data changes. */
const FINGERPRINT_VERSION = 'werkplaats-dilemma-set/1';

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 hex of the canonical form of the set. */
export function computeSetFingerprint(set: DilemmaSet): string {
	const languages = [...set.languages].sort();
	const dilemmas = set.dilemmas
		.map(({ file: _file, ...content }) => content)
		.sort((a, b) => a.number - b.number || (a.language < b.language ? -1 : a.language > b.language ? 1 : 0));
	return createHash('sha256')
		.update(`${FINGERPRINT_VERSION}\n${canonicalJson({ languages, dilemmas })}`, 'utf8')
		.digest('hex');
}
