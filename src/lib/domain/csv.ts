/**
 * CSV as spreadsheets read it: RFC 4180 fields made safe from formulas, UTF-8 with a byte order
 * mark, CRLF line ends. Shared by the session report's and the network's exports.
 */

export const CSV_BOM = '\uFEFF';
export const CSV_NEWLINE = '\r\n';

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would read as a formula (starting with
 * = + - @, a tab or a carriage return) gets a leading single quote first; then fields with
 * the delimiter, a quote or a line break are quoted, with quotes doubled. Numbers are written
 * as they are (positions are 0..100, never negative, so never formula-like).
 */
export function csvField(value: string | number | null | undefined, delimiter: ',' | ';' = ','): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let text = value;
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	if (text.includes(delimiter) || /["\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
	return text;
}

export interface CsvOptions {
	/** ',' (RFC 4180, the default) or ';' (what Excel expects with Dutch regional settings). */
	delimiter?: ',' | ';';
}

/** A whole CSV file: the byte order mark, then each record (its fields escaped) ending in CRLF. */
export function csvDocument(
	records: readonly (readonly (string | number | null | undefined)[])[],
	options: CsvOptions = {}
): string {
	const delimiter = options.delimiter ?? ',';
	return (
		CSV_BOM +
		records.map((fields) => fields.map((field) => csvField(field, delimiter)).join(delimiter) + CSV_NEWLINE).join('')
	);
}
