/**
 * The one Markdown renderer of Werkplaats.
 *
 * Every piece of Markdown that ends up in the page (dilemma texts, facilitator
 * notes, reflection entries, imported sets) goes through `renderMarkdown`.
 * Never render Markdown or user HTML any other way, and never pass anything
 * but the output of this module to `{@html ...}`.
 *
 * Two independent layers:
 *  1. `marked` (GFM) turns Markdown into HTML. Raw HTML in the input is NOT
 *     passed through: it is escaped and shown as literal text. Images are
 *     rendered as their alt text, task-list checkboxes as ☐/☑ characters.
 *  2. `sanitize-html` then enforces a tight allowlist on the produced HTML
 *     (tags, attributes, URL schemes), so that a bug or surprise in layer 1
 *     can still not produce active content.
 *
 * The module is isomorphic: it runs in Node (SSR) and bundles for the browser
 * (sanitize-html pulls in postcss, ~140 kB gzipped), so prefer rendering in
 * `load` functions / on the server and only import it client-side when a live
 * preview really needs it.
 */
import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Schemes allowed in link targets. Relative URLs (no scheme) are allowed too. */
const ALLOWED_SCHEMES = ['http', 'https', 'mailto'] as const;

/** Everything but headings; which heading levels are allowed depends on the render (see headingTags). */
const ALLOWED_TAGS = [
	'p',
	'br',
	'hr',
	'strong',
	'em',
	'del',
	'code',
	'pre',
	'blockquote',
	'ul',
	'ol',
	'li',
	'a',
	'table',
	'thead',
	'tbody',
	'tr',
	'th',
	'td'
];

/** Every link gets these; `noopener` prevents reverse tabnabbing via `target="_blank"`. */
const LINK_REL = 'noopener noreferrer nofollow';
/**
 * Links open in a new tab so that clicking one never navigates a facilitator
 * away from a running session. Safe because of `rel="noopener ..."` above.
 */
const LINK_TARGET = '_blank';

const TABLE_ALIGN_VALUES = new Set(['left', 'center', 'right']);

/** Table cells keep `align` only with one of the three values marked emits. */
function tableCell(tagName: string) {
	return (_tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
		const align = attribs.align;
		return {
			tagName,
			attribs: align !== undefined && TABLE_ALIGN_VALUES.has(align) ? { align } : {}
		};
	};
}

/**
 * Tags whose text content is dropped together with the tag (instead of being
 * kept as escaped text). Only matters for the sanitizer layer.
 */
const DROP_CONTENT_TAGS = [
	'script',
	'style',
	'textarea',
	'option',
	'select',
	'noscript',
	'noembed',
	'noframes',
	'template',
	'iframe',
	'frame',
	'frameset',
	'object',
	'embed',
	'applet',
	'svg',
	'math',
	'title',
	'xmp',
	'plaintext',
	'head'
];

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

/** Escapes a string for use as HTML text or inside a quoted attribute value. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Escapes a plain, single-line string (e.g. a participant's or team's name)
 * for HTML. No Markdown is interpreted. Line breaks are collapsed to spaces.
 * (In Svelte templates `{name}` already escapes; this is for the rare spot
 * where a name is concatenated into an HTML string.)
 */
export function renderInlineText(text: string): string {
	return escapeHtml(text.replace(/\s+/g, ' ').trim());
}

/**
 * Characters browsers ignore or strip when they parse a URL attribute:
 * ASCII whitespace and C0 controls anywhere (tab/newline are removed inside
 * the URL, the rest is trimmed at the ends), DEL, C1 controls and a few
 * invisible format characters. Removing all of them everywhere is stricter
 * than any browser, which is the safe direction for a scheme check.
 */
// eslint-disable-next-line no-control-regex
const URL_IGNORED_CHARS = /[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/g;

/** `//host` and its backslash variants (browsers treat `\` like `/`). */
const PROTOCOL_RELATIVE = /^[/\\]{2}/;

/**
 * Decides whether an (already entity-decoded) URL attribute value is safe:
 * either it has an allowed scheme, or it is relative (no scheme at all).
 */
export function isSafeUrl(decodedValue: string): boolean {
	const compact = decodedValue.replace(URL_IGNORED_CHARS, '').toLowerCase();
	// A scheme is everything before the first ':' as long as no '/', '?' or '#'
	// comes first. Any ':' there (even one that is not a valid scheme) is
	// treated as a scheme so that nothing odd slips through as "relative".
	const match = /^([^/?#]*?):/.exec(compact);
	if (!match) return !PROTOCOL_RELATIVE.test(compact);
	return (ALLOWED_SCHEMES as readonly string[]).includes(match[1]);
}

/**
 * Check for hrefs as marked emits them: NOT yet entity-decoded (the browser
 * would decode `&#106;avascript:`). Conservative: if the part before the first
 * '/', '?' or '#' contains ':' or '&', the URL must literally start with an
 * allowed scheme.
 */
function isSafeRawHref(rawHref: string): boolean {
	const compact = rawHref.replace(URL_IGNORED_CHARS, '');
	const head = /^[^/?#]*/.exec(compact)?.[0] ?? '';
	if (!head.includes(':') && !head.includes('&')) {
		return !PROTOCOL_RELATIVE.test(compact);
	}
	return /^(https?|mailto):/i.test(compact) && isSafeUrl(compact);
}

const marked = new Marked({
	gfm: true,
	breaks: false,
	async: false,
	renderer: {
		// Raw HTML (block or inline) is shown as text, never interpreted.
		html(token: Tokens.HTML | Tokens.Tag): string {
			const escaped = escapeHtml(token.text);
			return token.block ? `<p>${escaped.trim()}</p>\n` : escaped;
		},
		// Text inside an inline raw-HTML "block" (e.g. after `<script>`) is
		// flagged `escaped` by marked and would be emitted verbatim; escape it.
		text(token: Tokens.Text | Tokens.Escape): string | false {
			if ('tokens' in token && token.tokens) return false;
			if ('escaped' in token && token.escaped) return escapeHtml(token.text);
			return false;
		},
		// No images: show the alt text instead.
		image(token: Tokens.Image): string {
			return escapeHtml(token.text);
		},
		// GFM task lists: no <input>, a plain character instead.
		checkbox(token: Tokens.Checkbox): string {
			return token.checked ? '☑ ' : '☐ ';
		},
		// Unsafe link targets become plain text (the sanitizer would drop the
		// href anyway; this keeps the output free of dead <a> elements).
		link(token: Tokens.Link): string | false {
			if (isSafeRawHref(token.href)) return false;
			return this.parser.parseInline(token.tokens);
		}
	}
});

/**
 * Heading levels. By default a render emits h2-h4: `#` and `##` both become h2 (a page's own h1
 * stays unique), `#####` and `######` fold into h4. A caller that places Markdown below its own
 * headings (the session report puts notes under an h3) passes `minHeadingLevel`: then `#`
 * becomes that level and every deeper level one more, down to h6 (with 4: `#` → h4, `##` → h5,
 * `###` and deeper → h6), so the text keeps its own structure without outranking the page's.
 */
export type HeadingLevel = 2 | 3 | 4 | 5 | 6;

export interface RenderOptions {
	minHeadingLevel?: HeadingLevel;
}

/** Where the sanitizer moves each h1-h6 (marked emits h<depth> for a heading of depth `#`s). */
function headingTransforms(minHeadingLevel: HeadingLevel): Record<string, string> {
	const out: Record<string, string> = {};
	for (let level = 1; level <= 6; level++) {
		const target = minHeadingLevel === 2 ? Math.min(4, Math.max(2, level)) : Math.min(6, level + minHeadingLevel - 1);
		if (target !== level) out[`h${level}`] = `h${target}`;
	}
	return out;
}

/** The heading tags a render with this minimum can produce (and the only ones the sanitizer keeps). */
function headingTags(minHeadingLevel: HeadingLevel): string[] {
	const max = minHeadingLevel === 2 ? 4 : 6;
	return Array.from({ length: max - minHeadingLevel + 1 }, (_, i) => `h${minHeadingLevel + i}`);
}

const BASE_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
	allowedTags: ALLOWED_TAGS,
	allowedAttributes: {
		a: ['href', 'title', 'rel', 'target'],
		ol: ['start'],
		th: ['align'],
		td: ['align']
	},
	allowedClasses: {},
	allowedStyles: undefined,
	allowedSchemes: [...ALLOWED_SCHEMES],
	allowedSchemesByTag: {},
	allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'action', 'formaction', 'xlink:href'],
	allowProtocolRelative: false,
	allowedIframeHostnames: [],
	allowedScriptHostnames: [],
	allowVulnerableTags: false,
	disallowedTagsMode: 'discard',
	nonTextTags: DROP_CONTENT_TAGS,
	selfClosing: ['br', 'hr'],
	enforceHtmlBoundary: false,
	// We never allow style attributes; also avoids postcss in the browser.
	parseStyleAttributes: false,
	nestingLimit: 64,
	transformTags: {
		a: (_tagName, attribs) => {
			const out: sanitizeHtml.Attributes = {};
			const href = attribs.href;
			if (href !== undefined && isSafeUrl(href)) {
				out.href = href;
				out.rel = LINK_REL;
				out.target = LINK_TARGET;
			}
			if (attribs.title) out.title = attribs.title;
			return { tagName: 'a', attribs: out };
		},
		th: tableCell('th'),
		td: tableCell('td'),
		ol: (_tagName, attribs) => {
			const out: sanitizeHtml.Attributes = {};
			if (attribs.start !== undefined && /^\d{1,6}$/.test(attribs.start)) out.start = attribs.start;
			return { tagName: 'ol', attribs: out };
		}
	}
};

/**
 * Runs the allowlist sanitizer on HTML. Exported for tests and as a defensive
 * second pass; to render Markdown use `renderMarkdown`.
 */
export function sanitizeRenderedHtml(html: string, minHeadingLevel?: HeadingLevel): string {
	return sanitizeHtml(html, sanitizeOptions(minHeadingLevel));
}

const sanitizeOptionsCache = new Map<HeadingLevel, sanitizeHtml.IOptions>();

/** The base options with the heading tags of one minimum level; everything else is the same for every level. */
function sanitizeOptions(minHeadingLevel: HeadingLevel = 2): sanitizeHtml.IOptions {
	// A level outside 2..6 (h1, or no heading at all) is a caller's bug; never widen the allowlist for it.
	if (![2, 3, 4, 5, 6].includes(minHeadingLevel)) throw new RangeError(`minHeadingLevel must be 2..6, not ${String(minHeadingLevel)}`);
	let options = sanitizeOptionsCache.get(minHeadingLevel);
	if (!options) {
		options = {
			...BASE_SANITIZE_OPTIONS,
			allowedTags: [...headingTags(minHeadingLevel), ...ALLOWED_TAGS],
			transformTags: { ...headingTransforms(minHeadingLevel), ...BASE_SANITIZE_OPTIONS.transformTags }
		};
		sanitizeOptionsCache.set(minHeadingLevel, options);
	}
	return options;
}

/**
 * Longer input is not parsed as Markdown but shown as plain text paragraphs.
 * marked's emphasis handling is superlinear on adversarial input (about
 * 0.5 s for 20k characters of `__a__a...`), so this bounds server time per
 * render. Dilemma bodies are at most 6000 characters; input fields for notes
 * and reflections should enforce their own, lower limit.
 */
export const MAX_MARKDOWN_LENGTH = 20_000;

function plainTextToHtml(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.split(/\n[ \t]*\n/)
		.map((para) => para.trim())
		.filter((para) => para.length > 0)
		.map((para) => `<p>${escapeHtml(para).replace(/\n/g, '<br />')}</p>\n`)
		.join('');
}

/**
 * Renders user or content Markdown (GFM) to safe HTML.
 * Output contains only: headings (h2-h4, or from `minHeadingLevel` to h6, see HeadingLevel),
 * p, br, hr, strong, em, del, code, pre, blockquote, ul, ol, li, a (http/https/mailto or
 * relative href, rel="noopener noreferrer nofollow", target="_blank"),
 * table/thead/tbody/tr/th/td. Input longer than `MAX_MARKDOWN_LENGTH` is rendered as plain text.
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
	if (typeof markdown !== 'string' || markdown.length === 0) return '';
	const minHeadingLevel = options.minHeadingLevel;
	if (markdown.length > MAX_MARKDOWN_LENGTH) return sanitizeRenderedHtml(plainTextToHtml(markdown), minHeadingLevel);
	let html: string;
	try {
		html = marked.parse(markdown, { async: false });
	} catch {
		// marked should not throw on any string, but if it does, show the text.
		html = `<p>${escapeHtml(markdown)}</p>`;
	}
	return sanitizeRenderedHtml(html, minHeadingLevel);
}
