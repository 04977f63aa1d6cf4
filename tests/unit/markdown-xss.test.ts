import fc from 'fast-check';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, sanitizeRenderedHtml } from '../../src/lib/markdown.ts';
import { htmlSafetyViolations, lexicalViolations, structuralViolations, urlProblem } from '../fixtures/html-safety.ts';
import { xssVectors } from '../fixtures/xss-vectors.ts';

describe('the safety checker itself', () => {
	// The checker must be able to fail; otherwise the corpus tests prove nothing.
	it.each([
		['<script>alert(1)</script>', 'disallowed tag <script>'],
		['<img src=x onerror=alert(1)>', 'disallowed tag <img>'],
		['<p onclick="alert(1)">x</p>', 'event handler attribute onclick on <p>'],
		['<p style="color:red">x</p>', 'style attribute on <p>'],
		['<p class="x">x</p>', 'class attribute on <p>'],
		['<a href="javascript:alert(1)">x</a>', 'unsafe href on <a>: scheme "javascript:"'],
		['<a href="jav&#x09;ascript:alert(1)">x</a>', 'unsafe href on <a>: scheme "javascript:"'],
		['<a href="&#106;avascript&colon;alert(1)">x</a>', 'unsafe href on <a>: scheme "javascript:"'],
		['<a href=" data:text/html,x">x</a>', 'unsafe href on <a>: scheme "data:"'],
		['<a href="VBScript:x">x</a>', 'unsafe href on <a>: scheme "vbscript:"'],
		['<a href="//evil.example">x</a>', 'unsafe href on <a>: protocol-relative URL'],
		['<a href="https://x.nl" target="_blank">x</a>', '<a target> without rel="noopener"'],
		['<p id="x">x</p>', 'unexpected attribute id on <p>'],
		['<!-- x --><p>y</p>', 'HTML comment'],
		['<svg><a xlink:href="javascript:alert(1)">x</a></svg>', 'disallowed tag <svg>']
	])('flags %j', (html, expected) => {
		expect(structuralViolations(html)).toContain(expected);
	});

	it.each([
		['<p>a < b</p>', 'malformed or non-tag "<"'],
		['<p>a > b</p>', 'raw ">" in text'],
		["<a href='x'>x</a>", 'malformed or non-tag "<"'],
		['<a href="&#106;avascript:x">x</a>', 'non-canonical entity in attribute href'],
		['<a href=x>x</a>', 'malformed or non-tag "<"']
	])('lexically flags %j', (html, expected) => {
		expect(lexicalViolations(html).some((v) => v.startsWith(expected))).toBe(true);
	});

	it('accepts canonical safe output', () => {
		const safe =
			'<h2>Kop</h2>\n<p>Tekst &amp; <strong>meer</strong> &lt;b&gt;</p>\n' +
			'<p><a href="https://x.nl/?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank" title="t">x</a></p>' +
			'<ol start="3"><li>a</li></ol><table><tr><td align="left">1</td></tr></table><br /><hr />';
		expect(htmlSafetyViolations(safe)).toEqual([]);
	});

	it('judges URLs independently of the renderer', () => {
		expect(urlProblem('https://x.nl')).toBeNull();
		expect(urlProblem('mailto:a@b.nl')).toBeNull();
		expect(urlProblem('/relatief')).toBeNull();
		expect(urlProblem('\u0001j\na\tvascript:alert(1)')).toBe('scheme "javascript:"');
		expect(urlProblem('x y:z')).toBe('scheme "xy:"');
	});

	it('catches what plain, unsanitized marked would let through', () => {
		// Shows that the corpus is meaningful: without our renderer these fail.
		const unsafe = new Marked({ gfm: true, async: false });
		const failing = xssVectors.filter((v) => htmlSafetyViolations(unsafe.parse(v, { async: false })).length > 0);
		expect(failing.length).toBeGreaterThan(xssVectors.length / 2);
		expect(failing).toContain('[x](javascript:alert(1))');
		expect(failing).toContain('<img src=x onerror=alert(1)>');
	});
});

describe('XSS corpus', () => {
	it('has at least 120 distinct vectors', () => {
		expect(xssVectors.length).toBeGreaterThanOrEqual(120);
		expect(new Set(xssVectors).size).toBe(xssVectors.length);
	});

	describe.each(xssVectors.map((v) => [v]))('vector %j', (vector) => {
		it('renders through renderMarkdown without active content', () => {
			const html = renderMarkdown(vector);
			expect(htmlSafetyViolations(html)).toEqual([]);
			// Output is a fixed point of the sanitizer (no mutation on re-parse).
			expect(sanitizeRenderedHtml(html)).toBe(html);
		});

		it('is neutralised by the sanitizer layer alone (as if passed through as HTML)', () => {
			const html = sanitizeRenderedHtml(vector);
			expect(htmlSafetyViolations(html)).toEqual([]);
			expect(sanitizeRenderedHtml(html)).toBe(html);
		});
	});

	it('keeps the attack visible as text in Markdown output (nothing silently eaten)', () => {
		expect(renderMarkdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
		expect(renderMarkdown('<img src=x onerror=alert(1)>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>\n');
	});
});

describe('property: arbitrary input mixed with corpus fragments', () => {
	const markdownBits = fc.constantFrom(
		'[',
		']',
		'(',
		')',
		'](',
		'<',
		'>',
		'</',
		'/>',
		'"',
		"'",
		'`',
		'```\n',
		'\n',
		'\n\n',
		'    ',
		'\t',
		'&',
		'&#',
		'&#x',
		';',
		':',
		'javascript:',
		'data:',
		'vbscript:',
		' on',
		'=',
		'<!--',
		'-->',
		'![',
		'[r]: ',
		'# ',
		'> ',
		'- ',
		'| a |\n|---|\n| ',
		'\u0000',
		'\u200b'
	);
	const fragment = fc
		.tuple(fc.constantFrom(...xssVectors), fc.nat(), fc.nat())
		.map(([v, a, b]) => v.slice(Math.min(a, b) % (v.length + 1), Math.max(a, b) % (v.length + 1) || undefined));
	const piece = fc.oneof(
		{ weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
		{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
		{ weight: 3, arbitrary: fc.constantFrom(...xssVectors) },
		{ weight: 3, arbitrary: fragment },
		{ weight: 4, arbitrary: markdownBits }
	);
	const input = fc.array(piece, { maxLength: 16 }).map((parts) => parts.join(''));

	it('renderMarkdown output always passes the checker', () => {
		fc.assert(
			fc.property(input, (text) => {
				const html = renderMarkdown(text);
				expect(htmlSafetyViolations(html)).toEqual([]);
				expect(sanitizeRenderedHtml(html)).toBe(html);
			}),
			{ numRuns: 400 }
		);
	});

	it('the sanitizer alone always produces checker-clean output', () => {
		fc.assert(
			fc.property(input, (text) => {
				const html = sanitizeRenderedHtml(text);
				expect(htmlSafetyViolations(html)).toEqual([]);
			}),
			{ numRuns: 400 }
		);
	});
});
