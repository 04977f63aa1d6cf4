import { describe, expect, it } from 'vitest';
import {
	MAX_MARKDOWN_LENGTH,
	escapeHtml,
	isSafeUrl,
	renderInlineText,
	renderMarkdown,
	sanitizeRenderedHtml
} from '../../src/lib/markdown.ts';
import { htmlSafetyViolations } from '../fixtures/html-safety.ts';
import { xssVectors } from '../fixtures/xss-vectors.ts';

const LINK_ATTRS = 'rel="noopener noreferrer nofollow" target="_blank"';

describe('renderMarkdown: ordinary Markdown', () => {
	it('renders an empty string as empty', () => {
		expect(renderMarkdown('')).toBe('');
		expect(renderMarkdown('   \n\n')).toBe('');
	});

	it('renders paragraphs and inline emphasis', () => {
		expect(renderMarkdown('Een **vette** en *schuine* tekst met ~~doorhaling~~ en `code`.')).toBe(
			'<p>Een <strong>vette</strong> en <em>schuine</em> tekst met <del>doorhaling</del> en <code>code</code>.</p>\n'
		);
		expect(renderMarkdown('Eerste alinea.\n\nTweede alinea.')).toBe('<p>Eerste alinea.</p>\n<p>Tweede alinea.</p>\n');
	});

	it('maps h1 to h2, keeps h2-h4 and folds h5/h6 into h4', () => {
		expect(renderMarkdown('# Een')).toBe('<h2>Een</h2>\n');
		expect(renderMarkdown('## De spanning')).toBe('<h2>De spanning</h2>\n');
		expect(renderMarkdown('### Drie')).toBe('<h3>Drie</h3>\n');
		expect(renderMarkdown('#### Vier')).toBe('<h4>Vier</h4>\n');
		expect(renderMarkdown('##### Vijf')).toBe('<h4>Vijf</h4>\n');
		expect(renderMarkdown('###### Zes')).toBe('<h4>Zes</h4>\n');
		expect(renderMarkdown('Setext\n======')).toBe('<h2>Setext</h2>\n');
		expect(renderMarkdown('## Kop zonder id')).not.toContain('id=');
	});

	it('renders unordered, ordered and nested lists', () => {
		expect(renderMarkdown('- een\n- twee')).toBe('<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n');
		expect(renderMarkdown('1. een\n2. twee')).toBe('<ol>\n<li>een</li>\n<li>twee</li>\n</ol>\n');
		expect(renderMarkdown('3. drie\n4. vier')).toBe('<ol start="3">\n<li>drie</li>\n<li>vier</li>\n</ol>\n');
		expect(renderMarkdown('- a\n  - b')).toBe('<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n');
	});

	it('renders task lists as characters, without <input>', () => {
		const html = renderMarkdown('- [x] gedaan\n- [ ] nog doen');
		expect(html).toBe('<ul>\n<li>☑ gedaan</li>\n<li>☐ nog doen</li>\n</ul>\n');
		expect(html).not.toContain('<input');
	});

	it('renders links with safe rel/target', () => {
		expect(renderMarkdown('[Movisie](https://www.movisie.nl)')).toBe(
			`<p><a href="https://www.movisie.nl" ${LINK_ATTRS}>Movisie</a></p>\n`
		);
		expect(renderMarkdown('[t](http://example.org "Titel")')).toBe(
			`<p><a href="http://example.org" ${LINK_ATTRS} title="Titel">t</a></p>\n`
		);
		expect(renderMarkdown('[mail](mailto:team@example.org)')).toBe(
			`<p><a href="mailto:team@example.org" ${LINK_ATTRS}>mail</a></p>\n`
		);
		expect(renderMarkdown('[bib](/bibliotheek#dilemma-2)')).toBe(
			`<p><a href="/bibliotheek#dilemma-2" ${LINK_ATTRS}>bib</a></p>\n`
		);
	});

	it('renders GFM autolinks and bare URLs', () => {
		expect(renderMarkdown('<https://example.org/a?b=1&c=2>')).toBe(
			`<p><a href="https://example.org/a?b=1&amp;c=2" ${LINK_ATTRS}>https://example.org/a?b=1&amp;c=2</a></p>\n`
		);
		expect(renderMarkdown('Zie www.example.org.')).toBe(
			`<p>Zie <a href="http://www.example.org" ${LINK_ATTRS}>www.example.org</a>.</p>\n`
		);
		expect(renderMarkdown('Mail team@example.org')).toBe(
			`<p>Mail <a href="mailto:team@example.org" ${LINK_ATTRS}>team@example.org</a></p>\n`
		);
	});

	it('renders reference links', () => {
		expect(renderMarkdown('Zie [de site][s].\n\n[s]: https://example.org')).toBe(
			`<p>Zie <a href="https://example.org" ${LINK_ATTRS}>de site</a>.</p>\n`
		);
	});

	it('turns links with unsafe schemes into plain text', () => {
		expect(renderMarkdown('[klik](javascript:alert(1))')).toBe('<p>klik</p>\n');
		expect(renderMarkdown('[klik](data:text/html,x)')).toBe('<p>klik</p>\n');
		expect(renderMarkdown('[klik](//evil.example)')).toBe('<p>klik</p>\n');
	});

	it('renders GFM tables with alignment', () => {
		const md = '| Pool | Score |\n|:-----|------:|\n| Links | 3 |\n| Rechts | 7 |';
		expect(renderMarkdown(md)).toBe(
			'<table>\n<thead>\n<tr>\n<th align="left">Pool</th>\n<th align="right">Score</th>\n</tr>\n</thead>\n' +
				'<tbody><tr>\n<td align="left">Links</td>\n<td align="right">3</td>\n</tr>\n' +
				'<tr>\n<td align="left">Rechts</td>\n<td align="right">7</td>\n</tr>\n</tbody></table>\n'
		);
	});

	it('renders fenced and indented code blocks, escaped, without language class', () => {
		expect(renderMarkdown('```ts\nconst a = 1 < 2 && b;\n```')).toBe(
			'<pre><code>const a = 1 &lt; 2 &amp;&amp; b;\n</code></pre>\n'
		);
		expect(renderMarkdown('    <b>x</b>')).toBe('<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>\n');
	});

	it('renders blockquotes, horizontal rules and hard line breaks', () => {
		expect(renderMarkdown('> Citaat')).toBe('<blockquote>\n<p>Citaat</p>\n</blockquote>\n');
		expect(renderMarkdown('boven\n\n---\n\nonder')).toBe('<p>boven</p>\n<hr />\n<p>onder</p>\n');
		expect(renderMarkdown('regel een  \nregel twee')).toBe('<p>regel een<br />regel twee</p>\n');
	});

	it('shows raw HTML as text instead of interpreting it', () => {
		expect(renderMarkdown('Dit is <b>vet</b>?')).toBe('<p>Dit is &lt;b&gt;vet&lt;/b&gt;?</p>\n');
		expect(renderMarkdown('<div>\nblok\n</div>')).toBe('<p>&lt;div&gt;\nblok\n&lt;/div&gt;</p>\n');
	});

	it('renders images as their alt text only', () => {
		expect(renderMarkdown('![Een foto van de wijk](https://example.org/a.png)')).toBe('<p>Een foto van de wijk</p>\n');
	});

	it('keeps entities and special characters in text correct', () => {
		expect(renderMarkdown('Tom & Jerry\'s "quote" 3 > 2')).toBe('<p>Tom &amp; Jerry\'s "quote" 3 &gt; 2</p>\n');
		expect(renderMarkdown('&copy; 2025')).toBe('<p>© 2025</p>\n');
	});

	it('renders a typical dilemma body', () => {
		const html = renderMarkdown(
			'## De spanning\n\nEen gezin vertelt je **zijn** verhaal.\n\n## Uit de praktijk\n\n- Thomas\n- Ilse'
		);
		expect(html).toBe(
			'<h2>De spanning</h2>\n<p>Een gezin vertelt je <strong>zijn</strong> verhaal.</p>\n' +
				'<h2>Uit de praktijk</h2>\n<ul>\n<li>Thomas</li>\n<li>Ilse</li>\n</ul>\n'
		);
	});
});

describe('renderMarkdown: very long input', () => {
	it('parses Markdown up to the limit', () => {
		const md = `**vet** ${'a'.repeat(MAX_MARKDOWN_LENGTH - 8)}`;
		expect(md).toHaveLength(MAX_MARKDOWN_LENGTH);
		expect(renderMarkdown(md)).toMatch(/^<p><strong>vet<\/strong> a+<\/p>\n$/);
	});

	it('renders longer input as escaped plain-text paragraphs, quickly', () => {
		const filler = '__a'.repeat(MAX_MARKDOWN_LENGTH / 3);
		const md = `**niet vet** <b>x</b>\nregel 2\n\n${filler}`;
		const started = performance.now();
		const html = renderMarkdown(md);
		expect(performance.now() - started).toBeLessThan(1000);
		expect(html).toBe(`<p>**niet vet** &lt;b&gt;x&lt;/b&gt;<br />regel 2</p>\n<p>${filler}</p>\n`);
	});
});

describe("renderMarkdown: headings below the page's own (minHeadingLevel)", () => {
	const notes = '# Een\n\n## Twee\n\n### Drie\n\n#### Vier\n\n###### Zes\n\nSetext\n======\n\nOok setext\n---------';

	it('with 4, makes # an h4 and every deeper level one lower, down to h6', () => {
		expect(renderMarkdown(notes, { minHeadingLevel: 4 })).toBe(
			'<h4>Een</h4>\n<h5>Twee</h5>\n<h6>Drie</h6>\n<h6>Vier</h6>\n<h6>Zes</h6>\n<h4>Setext</h4>\n<h5>Ook setext</h5>\n'
		);
	});

	it('with 3, makes # an h3 and ## an h4', () => {
		expect(renderMarkdown('# Een\n\n## Twee\n\n### Drie', { minHeadingLevel: 3 })).toBe(
			'<h3>Een</h3>\n<h4>Twee</h4>\n<h5>Drie</h5>\n'
		);
	});

	it('never emits a heading above the minimum, whatever the input', () => {
		for (const level of [3, 4, 5, 6] as const) {
			const html = renderMarkdown(notes + '\n\n> # citaat\n\n- ## in een lijst', { minHeadingLevel: level });
			const found = [...html.matchAll(/<h(\d)>/g)].map((match) => Number(match[1]));
			expect(found.length).toBe(9);
			expect(Math.min(...found)).toBe(level);
			expect(Math.max(...found)).toBeLessThanOrEqual(6);
		}
	});

	it('leaves the default (and an explicit 2) as it was', () => {
		expect(renderMarkdown(notes, { minHeadingLevel: 2 })).toBe(renderMarkdown(notes));
		expect(renderMarkdown(notes)).toBe(
			'<h2>Een</h2>\n<h2>Twee</h2>\n<h3>Drie</h3>\n<h4>Vier</h4>\n<h4>Zes</h4>\n<h2>Setext</h2>\n<h2>Ook setext</h2>\n'
		);
	});

	it('escapes raw HTML headings; the sanitizer alone maps stray headings into the range', () => {
		// Raw HTML headings are escaped by the Markdown layer, so they never reach the page as headings.
		expect(renderMarkdown('<h1>rauw</h1>', { minHeadingLevel: 4 })).toBe('<p>&lt;h1&gt;rauw&lt;/h1&gt;</p>\n');
		// The sanitizer alone moves a stray h1 to the minimum and never lets an h2/h3 through.
		expect(sanitizeRenderedHtml('<h1>a</h1><h2>b</h2><h3>c</h3><h6>d</h6>', 4)).toBe(
			'<h4>a</h4><h5>b</h5><h6>c</h6><h6>d</h6>'
		);
	});

	it('refuses a minimum outside 2..6 instead of widening the allowlist', () => {
		expect(() => renderMarkdown('# x', { minHeadingLevel: 1 as never })).toThrow(RangeError);
		expect(() => renderMarkdown('# x', { minHeadingLevel: 7 as never })).toThrow(RangeError);
	});

	it('is exactly as strict as the default on every XSS vector: only heading levels differ', () => {
		const sameLevel = (html: string) => html.replace(/<(\/?)h[2-6]>/g, '<$1h4>');
		for (const vector of xssVectors) {
			const demoted = renderMarkdown(vector, { minHeadingLevel: 4 });
			expect(sameLevel(demoted), vector).toBe(sameLevel(renderMarkdown(vector)));
			expect(htmlSafetyViolations(sameLevel(demoted)), vector).toEqual([]);
		}
	});
});

describe('sanitizeRenderedHtml', () => {
	it('strips disallowed tags and attributes but keeps allowed structure', () => {
		expect(sanitizeRenderedHtml('<p class="x" style="color:red" id="a">t<img src="x"></p>')).toBe('<p>t</p>');
		expect(sanitizeRenderedHtml('<h1>a</h1><h6>b</h6>')).toBe('<h2>a</h2><h4>b</h4>');
		expect(sanitizeRenderedHtml('<ol start="2;x"><li>a</li></ol>')).toBe('<ol><li>a</li></ol>');
		expect(sanitizeRenderedHtml('<td align="justify">a</td>')).toBe('<td>a</td>');
	});

	it('forces rel/target on links and drops unsafe hrefs', () => {
		expect(sanitizeRenderedHtml('<a href="https://x.nl" rel="opener" target="_self">a</a>')).toBe(
			`<a href="https://x.nl" ${LINK_ATTRS}>a</a>`
		);
		expect(sanitizeRenderedHtml('<a href="javascript:alert(1)" target="_blank">a</a>')).toBe('<a>a</a>');
	});
});

describe('isSafeUrl', () => {
	it.each([
		'https://example.org',
		'http://example.org/x?y#z',
		'mailto:a@b.nl',
		'MAILTO:a@b.nl',
		'/relative',
		'relative/path',
		'#anchor',
		'?q=1',
		''
	])('accepts %j', (url) => {
		expect(isSafeUrl(url)).toBe(true);
	});

	it.each([
		'javascript:alert(1)',
		' JavaScript:alert(1)',
		'java\tscript:alert(1)',
		'java\nscript:alert(1)',
		'\u0000javascript:alert(1)',
		'java\u200bscript:alert(1)',
		'data:text/html,x',
		'vbscript:x',
		'file:///etc/passwd',
		'ftp://example.org',
		'tel:123',
		'//evil.example',
		'\\\\evil.example',
		'/\\evil.example',
		'weird scheme:x'
	])('rejects %j', (url) => {
		expect(isSafeUrl(url)).toBe(false);
	});
});

describe('renderInlineText / escapeHtml', () => {
	it('escapes all HTML-significant characters', () => {
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
	});

	it('renders a name as one escaped line and does not interpret Markdown', () => {
		expect(renderInlineText('  Team <Noord>\n**West**  ')).toBe('Team &lt;Noord&gt; **West**');
	});
});
