// Markdown benchmark (issue 11): the worst time one render takes over the pathological corpus at
// the maximum field length, through the renderer the app uses (src/lib/markdown.ts, bundled with
// the rolldown that vite already brings, its dependencies imported from node_modules).
//
//   node scripts/bench/markdown.mjs        prints markdown.worst_ms and markdown.target_met
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';
import { pathologicalMarkdown } from '../../tests/fixtures/pathological-markdown.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** Target from the issue: no render blocks the server for 50 ms or more. */
const TARGET_MS = 50;

async function loadRenderer() {
	// Inside node_modules so that the bundle's `import 'marked'` resolves to the app's copy.
	const outDir = join(root, 'node_modules/.cache/werkplaats-bench');
	mkdirSync(outDir, { recursive: true });
	const file = join(outDir, 'markdown.mjs');
	await build({
		input: join(root, 'src/lib/markdown.ts'),
		platform: 'node',
		external: [/^marked/, /^sanitize-html/],
		output: { file, format: 'esm' },
		write: true,
		logLevel: 'silent'
	});
	return import(`${pathToFileURL(file).href}?t=${Date.now()}`);
}

/**
 * @param {{ runs?: number }} [options] renders per input; the median counts (one slow run on a
 *   shared machine is not the renderer's doing, a slow median is)
 * @param {(line: string) => void} [print]
 */
export async function runMarkdownBench(options = {}, print = console.log) {
	const runs = options.runs ?? 5;
	const md = await loadRenderer();
	const corpus = pathologicalMarkdown(md.MAX_MARKDOWN_LENGTH);
	md.renderMarkdown('# warm\n\n*up* _and_ [link](https://example.nl) `code`');
	const results = corpus.map(({ name, input }) => {
		const times = [];
		const cpu = [];
		for (let i = 0; i < runs; i++) {
			md.clearMarkdownCache();
			const started = performance.now();
			const cpuStart = process.cpuUsage();
			md.renderMarkdown(input);
			const used = process.cpuUsage(cpuStart);
			times.push(performance.now() - started);
			cpu.push((used.user + used.system) / 1000);
		}
		const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		return { name, ms: median(times), cpuMs: median(cpu), refused: md.markdownProblem(input) !== null };
	});
	results.sort((a, b) => b.ms - a.ms);
	const worst = results[0];
	print(
		`markdown.inputs: ${results.length} (each ${md.MAX_MARKDOWN_LENGTH} characters, median of ${runs} uncached renders)`
	);
	print(`markdown.refused: ${results.filter((r) => r.refused).length}`);
	print(
		`markdown.slowest: ${results
			.slice(0, 3)
			.map((r) => `${r.name} ${r.ms.toFixed(1)} ms${r.refused ? ' (refused)' : ''}`)
			.join(', ')}`
	);
	// CPU time of the process (GC threads included) beside the wall clock: on a shared machine a
	// wall-clock figure far above the CPU figure is the neighbours' doing, not the renderer's.
	print(`markdown.worst_cpu_ms: ${Math.max(...results.map((r) => r.cpuMs)).toFixed(1)}`);
	print(`markdown.worst_ms: ${worst.ms.toFixed(1)}`);
	print(`markdown.target_met: ${worst.ms < TARGET_MS}`);
	return worst.ms;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	await runMarkdownBench();
}
