/** Longer than any address of the app (see safeNext). */
const maxNextLength = 2000;

/**
 * A `next` parameter may only point inside this app: never an open redirect. Printable ASCII only
 * (the app's own paths arrive percent-encoded): browsers drop tabs and newlines from a URL, so
 * `/\t/evil.example` would become `//evil.example`, and a Location header cannot carry them at all.
 */
export function safeNext(value: string | null | undefined, fallback = '/'): string {
	// Longer than any address of the app: a Location header that size breaks clients (Node's HTTP
	// parser refuses headers over 16 KB), and no page of ours needs it.
	if (!value || value.length > maxNextLength) return fallback;
	if (!/^\/[\x21-\x7e]*$/.test(value) || value.startsWith('//') || value.includes('\\')) return fallback;
	return value;
}
