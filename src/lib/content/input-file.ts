/** A file as uploaded or pasted: its name and text, and the two ways names and line ends are normalised. */

export interface InputFile {
	name: string;
	text: string;
}

export function normalizeNewlines(text: string): string {
	return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export function baseName(name: string): string {
	const parts = name.split(/[\\/]/).filter((p) => p.length > 0);
	return parts.length > 0 ? parts[parts.length - 1] : name;
}
