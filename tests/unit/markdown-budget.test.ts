import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import {
	MAX_MARKDOWN_LENGTH,
	WORK_BUDGET,
	clearMarkdownCache,
	lastRenderWork,
	markdownProblem,
	markedRenderOptions,
	renderMarkdown,
	sanitizeRenderedHtml
} from '../../src/lib/markdown.ts';
import { pathologicalMarkdown } from '../fixtures/pathological-markdown.js';
import { htmlSafetyViolations } from '../fixtures/html-safety.ts';
import { translateError } from '../../src/lib/i18n/index.ts';

/** The renderer as it was before the work bounds: same options, marked unbounded. */
const unbounded = new Marked(markedRenderOptions);
const before = (md: string) => sanitizeRenderedHtml(unbounded.parse(md, { async: false }) as string);

/** CPU time of one uncached render, in ms (less sensitive than the wall clock to other processes). */
function cpuMs(render: () => void): number {
	const start = process.cpuUsage();
	render();
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

describe('pathological Markdown at the maximum length', () => {
	const corpus = pathologicalMarkdown(MAX_MARKDOWN_LENGTH);

	it('covers the shapes named in issue 11, each at the limit', () => {
		for (const name of [
			'nested emphasis',
			'unclosed emphasis',
			'stars',
			'underscores',
			'brackets',
			'backticks',
			'angle brackets'
		])
			expect(corpus.map((c) => c.name)).toContain(name);
		for (const { input } of corpus) expect(input).toHaveLength(MAX_MARKDOWN_LENGTH);
	});

	// The deterministic guarantee: no render spends more than the budget, and what would is refused
	// at save time and shown as escaped text. Counting work, not time, so this cannot flake.
	it.each(pathologicalMarkdown(MAX_MARKDOWN_LENGTH).map((c) => [c.name, c.input]))(
		'%s renders within the work budget or is refused',
		(_name, input) => {
			clearMarkdownCache();
			const html = renderMarkdown(input);
			const work = lastRenderWork();
			expect(htmlSafetyViolations(html)).toEqual([]);
			if (markdownProblem(input) === null) {
				expect(work).toBeLessThanOrEqual(WORK_BUDGET);
			} else {
				// Stopped at the budget: shown as escaped plain paragraphs, never half-rendered.
				expect(work).toBeGreaterThan(WORK_BUDGET);
				expect(html).toMatch(/^<p>/);
				expect(html).not.toMatch(/<(?!\/?p>|br \/>)/);
			}
		}
	);

	// Secondary, wall-clock-free but still a time: a generous CPU bound (the bench reports the real
	// figure against the 50 ms target). Before the bounds, `*a_…` alone took ~2.4 s here.
	it.each(pathologicalMarkdown(MAX_MARKDOWN_LENGTH).map((c) => [c.name, c.input]))(
		'%s costs well under a second of CPU',
		(_name, input) => {
			clearMarkdownCache();
			renderMarkdown('*warm* up');
			clearMarkdownCache();
			expect(cpuMs(() => renderMarkdown(input))).toBeLessThan(250);
		}
	);

	it('refuses the worst known inputs when saved, with a translated reason', () => {
		expect(markdownProblem('*a_'.repeat(6000))).toBe('markdown_too_complex');
		expect(markdownProblem('__a_'.repeat(4997))).toBe('markdown_too_complex');
		const nl = translateError('nl', 'markdown_too_complex');
		const en = translateError('en', 'markdown_too_complex');
		expect(nl).toMatch(/ingewikkeld/);
		expect(en).toMatch(/too complex/);
	});
});

// ---------------------------------------------------------------------------
// Ordinary Markdown renders exactly as before, and is never refused
// ---------------------------------------------------------------------------

const word = fc.stringMatching(/^[a-zA-Zéëïöü0-9]{1,12}$/);
const inline = fc.oneof(
	{ weight: 12, arbitrary: word },
	{ weight: 2, arbitrary: fc.constantFrom('.', ',', ';', ':', '!', '?', '(', ')', '-', "'", '"', '&', '/', '%') },
	{ weight: 2, arbitrary: word.map((w) => `*${w}*`) },
	{ weight: 2, arbitrary: word.map((w) => `**${w}**`) },
	{ weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `_${a} ${b}_`) },
	{ weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `***${a} ${b}***`) },
	{ weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `**${a} *${b}* ${a}**`) },
	{ weight: 1, arbitrary: word.map((w) => `~~${w}~~`) },
	{ weight: 1, arbitrary: word.map((w) => `\`${w}()\``) },
	{ weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}_${b}_${a}`) },
	{ weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `[${a} ${b}](https://example.nl/${a}?q=${b})`) },
	{ weight: 1, arbitrary: word.map((w) => `https://www.${w}.nl/pad/${w}`) },
	{ weight: 1, arbitrary: word.map((w) => `www.${w}.nl`) },
	{ weight: 1, arbitrary: word.map((w) => `${w}.naam@example.nl`) },
	{ weight: 1, arbitrary: word.map((w) => `<b>${w}</b>`) },
	{ weight: 1, arbitrary: word.map((w) => `\\*${w}\\*`) },
	{
		weight: 1,
		arbitrary: fc.constantFrom(
			'2 * 3 = 6',
			'a < b > c',
			'5 * 4 * 3',
			'x_y',
			'__init__',
			'snake_case_name',
			'`a` en `b`'
		)
	}
);
const sentence = fc.array(inline, { minLength: 1, maxLength: 40 }).map((parts) => parts.join(' '));
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((s) => s.join('\n'));
const block = fc.oneof(
	{ weight: 8, arbitrary: paragraph },
	{ weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), sentence).map(([n, s]) => `${'#'.repeat(n)} ${s}`) },
	{
		weight: 2,
		arbitrary: fc.array(sentence, { minLength: 1, maxLength: 6 }).map((items) => items.map((i) => `- ${i}`).join('\n'))
	},
	{
		weight: 1,
		arbitrary: fc
			.array(sentence, { minLength: 1, maxLength: 6 })
			.map((items) => items.map((i, n) => `${n + 1}. ${i}`).join('\n'))
	},
	{
		weight: 1,
		arbitrary: fc
			.array(sentence, { minLength: 1, maxLength: 3 })
			.map((items) => items.map((i) => `  - ${i}\n    - ${i}`).join('\n'))
	},
	{
		weight: 1,
		arbitrary: paragraph.map((p) =>
			p
				.split('\n')
				.map((l) => `> ${l}`)
				.join('\n')
		)
	},
	{ weight: 1, arbitrary: paragraph.map((p) => `\`\`\`\n${p}\n\`\`\``) },
	{
		weight: 1,
		arbitrary: fc
			.array(fc.tuple(word, word), { minLength: 1, maxLength: 5 })
			.map((rows) => ['| a | b |', '|---|:-:|', ...rows.map(([a, b]) => `| ${a} | *${b}* |`)].join('\n'))
	},
	{ weight: 1, arbitrary: fc.constant('---') }
);
const ordinaryMarkdown = (maxBlocks: number) =>
	fc.array(block, { minLength: 1, maxLength: maxBlocks }).map((b) => b.join('\n\n').slice(0, MAX_MARKDOWN_LENGTH));

describe('ordinary Markdown', () => {
	it('renders exactly as the unbounded renderer did (short texts)', () => {
		fc.assert(
			fc.property(ordinaryMarkdown(6), (md) => {
				clearMarkdownCache();
				expect(renderMarkdown(md)).toBe(before(md));
				expect(markdownProblem(md)).toBeNull();
			}),
			{ numRuns: 300 }
		);
	});

	it('renders exactly as before and stays well inside the budget up to the maximum length', () => {
		fc.assert(
			fc.property(ordinaryMarkdown(200), (md) => {
				clearMarkdownCache();
				expect(renderMarkdown(md)).toBe(before(md));
				// Half the budget: a real note at the limit is never near a refusal.
				expect(lastRenderWork()).toBeLessThan(WORK_BUDGET / 2);
			}),
			{ numRuns: 25 }
		);
	});

	it('one long paragraph of ordinary prose at the limit renders as before', () => {
		const prose =
			'Het wijkteam *bespreekt* de casus met **de bewoner**, zie [het plan](https://example.nl/plan) of mail naar team.noord@example.nl; daarna `besluit` en _actie_. ';
		const md = prose.repeat(Math.ceil(MAX_MARKDOWN_LENGTH / prose.length)).slice(0, MAX_MARKDOWN_LENGTH);
		clearMarkdownCache();
		expect(renderMarkdown(md)).toBe(before(md));
		expect(markdownProblem(md)).toBeNull();
	});

	it('every shipped dilemma text renders exactly as before', () => {
		const root = join(import.meta.dirname, '../../src/lib/content/dilemmas');
		const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
		expect(files.length).toBeGreaterThanOrEqual(20);
		for (const file of files) {
			const md = readFileSync(join(root, file), 'utf8');
			clearMarkdownCache();
			expect(renderMarkdown(md), file).toBe(before(md));
			expect(markdownProblem(md), file).toBeNull();
		}
	});
});

describe('render once', () => {
	it('a second render of the same text comes from the cache, per heading level', () => {
		clearMarkdownCache();
		const md = '# Titel\n\nTekst met *nadruk*.';
		const first = renderMarkdown(md);
		expect(lastRenderWork()).toBeGreaterThan(0);
		const deeper = renderMarkdown(md, { minHeadingLevel: 4 });
		expect(deeper).toContain('<h4>');
		expect(first).toContain('<h2>');
		const spent = lastRenderWork();
		expect(renderMarkdown(md)).toBe(first);
		expect(renderMarkdown(md, { minHeadingLevel: 4 })).toBe(deeper);
		expect(lastRenderWork()).toBe(spent);
	});
});
