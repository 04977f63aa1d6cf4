/**
 * One dilemma file: frontmatter (YAML, checked with the zod schema) and body. Every problem is a
 * `SetIssue` with the line it is on, when known.
 */
import { LineCounter, isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { ContentIssueCode } from './messages.ts';
import { markdownProblem } from '../markdown.ts';
import {
	DEFAULT_EXPECTED_COUNT,
	DILEMMA_LIMITS,
	FRONTMATTER_FIELDS,
	dilemmaFrontmatterSchema,
	type DilemmaFrontmatter,
	type ParseFileResult
} from './dilemma-schema.ts';
import { issue, type SetIssue } from './set-issue.ts';
import { normalizeNewlines } from './input-file.ts';

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
	const line = typeof index === 'number' ? lines.items.get(keyName)?.[index] : lines.keys.get(keyName);
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
		case 'too_big': {
			// A number out of range reads the same either way; lists and texts say which bound.
			if (zi.origin === 'number') {
				return make('number.out_of_range', { value: String(value), min: 1, max: expectedCount });
			}
			const small = zi.code === 'too_small';
			const bound: Record<string, number> = small ? { min: Number(zi.minimum) } : { max: Number(zi.maximum) };
			if (zi.origin === 'array' && Array.isArray(value)) {
				return make(small ? 'field.too_few' : 'field.too_many', { ...bound, actual: value.length });
			}
			if (zi.origin === 'string' && typeof value === 'string') {
				if (small && value.trim().length === 0) return make('field.missing');
				return make(small ? 'field.too_short' : 'field.too_long', { ...bound, actual: textLength(value) });
			}
			return make('field.invalid');
		}
		case 'invalid_format':
			return keyName === 'slug' ? make('slug.pattern') : make('field.invalid');
		default:
			return make('field.invalid');
	}
}

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
					issues.push(issue(fileName, 'pole_right', 'poles.equal', undefined, fieldLines.keys.get('pole_right')));
				}
			} else {
				// One issue per field (zod may report several for the same value).
				const seen = new Set<string>();
				const fieldIssues = parsed.error.issues.flatMap((zi) =>
					issuesFromZod(fileName, zi, data, fieldLines, expectedCount)
				);
				fieldIssues.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field) || a.field.localeCompare(b.field));
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
		issues.push(issue(fileName, 'body', 'field.too_short', { min: DILEMMA_LIMITS.body.min, actual: body.length }));
	} else if (body.length > DILEMMA_LIMITS.body.max) {
		issues.push(issue(fileName, 'body', 'field.too_long', { max: DILEMMA_LIMITS.body.max, actual: body.length }));
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
