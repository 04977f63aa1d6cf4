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
import { Marked, Tokenizer, type MarkedExtension, type Tokens } from 'marked';
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

/**
 * Bounding marked's work (issue 11). marked is super-linear on some inline text: it looks for the
 * closer of every `*`, `_` or `~` run by scanning the rest of the paragraph, re-lexes each
 * emphasis' content, and its text and URL rules look ahead over whole runs of e-mail-like
 * characters at every position. `'*a_'.repeat(6000)` took 2.4–5 s on one core, blocking every
 * other request. So every inline rule sees only a window of the text after its position, at
 * least as long as any token of ordinary text (an e-mail address is at most 254 characters, a
 * link, code span or emphasis fits in 1,000): the output of ordinary text does not change
 * (tests/unit/markdown-budget.test.ts compares it with unbounded marked), and each call costs at
 * most its window. Emphasis nests at most 6 deep, quotes and lists 16 (deeper markers stay text).
 * What remains is counted as `work` (what those rules scanned, blocks, output to sanitise); a
 * render that would exceed WORK_BUDGET stops: save actions refuse such text with a message, and
 * a page that meets one anyway (stored before, or written past the app) shows it as escaped
 * plain paragraphs. The count, not the clock, decides, so the same text always renders the same
 * way. The price: one paragraph of thousands of characters that is mostly emphasis (every word
 * starred, no blank line) is refused too; the message asks for shorter paragraphs.
 *
 * Chosen over a worker thread with a deadline: a worker still burns the core for the whole
 * deadline, a deadline makes the result depend on the machine's load (the same note accepted
 * today, refused tomorrow), and every call site would turn async.
 */
const EMPHASIS_WINDOW = 1000;
const INLINE_WINDOW = 1000;
const TEXT_WINDOW = 256;
const MAX_EMPHASIS_DEPTH = 6;
const MAX_BLOCK_DEPTH = 16;
/** Characters kept in front of a delimiter run: marked reads the one before the run. */
const LOOKBEHIND = 64;
/** Work units one render may spend: on the 2-core build machine a render that reaches it takes ~30 ms of CPU (`node scripts/bench/markdown.mjs`). */
export const WORK_BUDGET = 3_000_000;
/** Per block token; per character and per tag of produced HTML (what sanitize-html then parses). */
const BLOCK_COST = 400;
const OUTPUT_CHAR_COST = 20;
const TAG_COST = 400;

function tagCount(html: string): number {
	let count = 0;
	for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) count++;
	return count;
}

class WorkBudgetExceeded extends Error {}

let work = 0;
let emphasisDepth = 0;
let blockDepth = 0;

function spend(units: number): void {
	work += units;
	if (work > WORK_BUDGET) throw new WorkBudgetExceeded();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTokenizer = (src: string, ...rest: any[]) => any;

/** The first `size` characters, cut after the last whitespace if there is one (no word is split). */
function head(src: string, size: number): string {
	if (src.length <= size) return src;
	const cut = src.slice(0, size);
	const space = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('\n'));
	return space > size / 2 ? cut.slice(0, space + 1) : cut;
}

/**
 * An inline rule that sees at most `size` characters from its position. `triggers`: the first
 * characters it acts on (it returns at once on any other, so only those are charged), and
 * `charge` says what the rule scanned: by default all it was given.
 */
function windowed<T extends AnyTokenizer>(
	original: T,
	size: number,
	triggers: string | null,
	charge: (part: string, token: { raw: string } | undefined) => number = (part) => part.length
): T {
	return function (this: unknown, src: string, ...rest: unknown[]) {
		if (triggers !== null && !triggers.includes(src[0])) return original.call(this, src, ...rest);
		const part = head(src, size);
		const token = original.call(this, part, ...rest);
		spend(charge(part, token));
		return token;
	} as T;
}

/** Characters GFM's e-mail and URL rules run over (a lookahead at every text position). */
const EMAIL_RUN = /[a-zA-Z0-9.!#$%&'*+/=?_`{|}~-]*/y;
function emailRun(text: string, from: number): number {
	EMAIL_RUN.lastIndex = from;
	EMAIL_RUN.exec(text);
	return EMAIL_RUN.lastIndex - from;
}
/** The text rule scans its token plus the run its e-mail lookahead looked at. */
const chargeText = (part: string, token: { raw: string } | undefined) => {
	const end = token?.raw.length ?? 0;
	return end + emailRun(part, end) + 1;
};
/** The URL rule scans the e-mail-like run at its start, or the URL it found. */
const chargeUrl = (part: string, token: { raw: string } | undefined) =>
	Math.max(token?.raw.length ?? 0, emailRun(part, 0)) + 1;

/**
 * `emStrong` and `del` get the paragraph's masked text too, and compare positions in both: cut
 * both to the same window, keeping a little in front for the character before the run.
 */
function windowedDelimiter<T extends (src: string, maskedSrc: string, prevChar?: string) => unknown>(
	original: T,
	delimiters: string
): T {
	return function (this: unknown, src: string, maskedSrc: string, prevChar?: string) {
		// Called at every position; it returns at once unless a delimiter run starts here.
		if (!delimiters.includes(src[0])) return original.call(this, src, maskedSrc, prevChar);
		if (emphasisDepth >= MAX_EMPHASIS_DEPTH) return undefined;
		const pos = maskedSrc.length - src.length;
		const end = Math.min(maskedSrc.length, pos + EMPHASIS_WINDOW);
		let start = pos;
		const limit = Math.max(0, pos - LOOKBEHIND);
		while (start > limit && maskedSrc[start - 1] === src[0]) start--;
		start = Math.max(0, start - 2);
		// marked recomputes its closer index over the (cut) masked text, then scans for a closer:
		// two passes over the window with its heaviest (Unicode) expressions.
		spend(2 * (end - start));
		const whole = start === 0 && end === maskedSrc.length;
		emphasisDepth++;
		try {
			return whole
				? original.call(this, src, maskedSrc, prevChar)
				: original.call(this, src.slice(0, end - pos), maskedSrc.slice(start, end), prevChar);
		} finally {
			emphasisDepth--;
		}
	} as T;
}

/** Blockquotes and lists nest at most MAX_BLOCK_DEPTH deep; deeper markers stay text. */
function nested<T extends AnyTokenizer>(original: T): T {
	return function (this: unknown, src: string, ...rest: unknown[]) {
		if (blockDepth >= MAX_BLOCK_DEPTH) return undefined;
		blockDepth++;
		try {
			return original.call(this, src, ...rest);
		} finally {
			blockDepth--;
		}
	} as T;
}

/** A block rule whose tokens are counted: each costs BLOCK_COST (lexing, then sanitising its tags). */
function counted<T extends AnyTokenizer>(original: T): T {
	return function (this: unknown, src: string, ...rest: unknown[]) {
		const token = original.call(this, src, ...rest);
		if (token) spend(BLOCK_COST);
		return token;
	} as T;
}

const P = Tokenizer.prototype;

/**
 * What marked is told about our output (GFM, raw HTML as text, no images, ...), without the work
 * bounds. Exported for the test that proves the bounds change nothing for ordinary text; to
 * render, use `renderMarkdown`.
 */
export const markedRenderOptions: MarkedExtension = {
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
};

const marked = new Marked(markedRenderOptions, {
	tokenizer: {
		emStrong: windowedDelimiter(P.emStrong, '*_'),
		del: windowedDelimiter(P.del, '~'),
		tag: windowed(P.tag, INLINE_WINDOW, '<'),
		link: windowed(P.link, INLINE_WINDOW, '[!'),
		reflink: windowed(P.reflink, INLINE_WINDOW, '[!'),
		codespan: windowed(P.codespan, INLINE_WINDOW, '`'),
		autolink: windowed(P.autolink, INLINE_WINDOW, '<'),
		url: windowed(P.url, INLINE_WINDOW, null, chargeUrl),
		inlineText: windowed(P.inlineText, TEXT_WINDOW, null, chargeText),
		blockquote: nested(P.blockquote),
		list: nested(P.list),
		space: counted(P.space),
		code: counted(P.code),
		fences: counted(P.fences),
		heading: counted(P.heading),
		hr: counted(P.hr),
		html: counted(P.html),
		def: counted(P.def),
		table: counted(P.table),
		lheading: counted(P.lheading),
		paragraph: counted(P.paragraph),
		text: counted(P.text)
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
	if (![2, 3, 4, 5, 6].includes(minHeadingLevel))
		throw new RangeError(`minHeadingLevel must be 2..6, not ${String(minHeadingLevel)}`);
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
 * Longer input is not parsed as Markdown but shown as plain text paragraphs (the work budget
 * above bounds what is parsed). Dilemma bodies are at most 6000 characters; notes and
 * reflections are limited to 20,000, readings to 2,000 by their own schemas.
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

/** Why a text cannot be saved as Markdown, as an `errors.<key>`; null when it renders in full. */
export type MarkdownProblem = 'markdown_too_complex' | null;

/** Lexes and parses with the work counter reset; null when the budget ran out. */
function parseWithinBudget(markdown: string): string | null {
	work = 0;
	emphasisDepth = 0;
	blockDepth = 0;
	try {
		const html = marked.parse(markdown, { async: false });
		spend(html.length * OUTPUT_CHAR_COST + tagCount(html) * TAG_COST);
		return html;
	} catch (cause) {
		if (cause instanceof WorkBudgetExceeded) return null;
		// marked should not throw on any other string, but if it does, show the text.
		return `<p>${escapeHtml(markdown)}</p>`;
	}
}

/**
 * Save-time check (zod `refine` in the save actions): text that cannot be rendered within the
 * work budget is refused with `errors.markdown_too_complex` instead of being stored.
 */
export function markdownProblem(markdown: string): MarkdownProblem {
	if (markdown.length === 0 || markdown.length > MAX_MARKDOWN_LENGTH) return null;
	return cached(markdown, 2).complete ? null : 'markdown_too_complex';
}

/** Work units the last render spent (for tests and the bench). */
export function lastRenderWork(): number {
	return work;
}

interface Rendered {
	html: string;
	/** false: the budget ran out and `html` is the plain-text fallback. */
	complete: boolean;
}

/**
 * Render once: a page view shows the same texts again and again (the presenter polls, every
 * phone loads the notes), so results are kept per process, keyed by the text and heading level,
 * least recently used out first, up to CACHE_CHARS characters of source and HTML. Not stored in
 * the database: on Supabase the SQL functions are the API a user can call directly, so stored
 * HTML would be HTML a client wrote (to be sanitised again on every read anyway), and a cache
 * needs no migration or re-render pass when this renderer changes — a new process starts empty.
 */
const CACHE_CHARS = 8_000_000;
const cache = new Map<string, Rendered>();
let cacheChars = 0;

function cached(markdown: string, minHeadingLevel: HeadingLevel = 2): Rendered {
	const key = `${minHeadingLevel}\u0000${markdown}`;
	const hit = cache.get(key);
	if (hit) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const html = parseWithinBudget(markdown);
	const rendered: Rendered =
		html === null
			? // Built only from escapeHtml'd text, <p> and <br />: safe without another (slow) sanitizer pass.
				{ html: plainTextToHtml(markdown), complete: false }
			: { html: sanitizeRenderedHtml(html, minHeadingLevel), complete: true };
	const size = key.length + rendered.html.length;
	if (size > CACHE_CHARS) return rendered;
	cache.set(key, rendered);
	cacheChars += size;
	for (const [oldKey, old] of cache) {
		if (cacheChars <= CACHE_CHARS) break;
		cache.delete(oldKey);
		cacheChars -= oldKey.length + old.html.length;
	}
	return rendered;
}

/** Forgets every cached render (tests measure uncached renders). */
export function clearMarkdownCache(): void {
	cache.clear();
	cacheChars = 0;
}

/**
 * Renders user or content Markdown (GFM) to safe HTML.
 * Output contains only: headings (h2-h4, or from `minHeadingLevel` to h6, see HeadingLevel),
 * p, br, hr, strong, em, del, code, pre, blockquote, ul, ol, li, a (http/https/mailto or
 * relative href, rel="noopener noreferrer nofollow", target="_blank"),
 * table/thead/tbody/tr/th/td. Input longer than `MAX_MARKDOWN_LENGTH`, or that would cost more
 * than the work budget, is rendered as plain text.
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
	if (typeof markdown !== 'string' || markdown.length === 0) return '';
	const minHeadingLevel = options.minHeadingLevel;
	if (markdown.length > MAX_MARKDOWN_LENGTH) return sanitizeRenderedHtml(plainTextToHtml(markdown), minHeadingLevel);
	return cached(markdown, minHeadingLevel).html;
}
