/**
 * Vite plugin: validates the built-in dilemma set when the build starts.
 *
 *   import { contentCheck } from './src/lib/content/vite-plugin-content-check.ts';
 *   plugins: [contentCheck(), sveltekit()]
 *
 * `vite build`: any issue fails the build, listing every issue (file, field,
 * reason). `vite dev` / vitest: issues are printed as a warning only, so that
 * work in progress on the content does not block the dev server or tests;
 * the check re-runs when a dilemma file changes.
 *
 * Runs in Node (vite config context): reads the files with node:fs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { BUILTIN_SET_OPTIONS, validateDilemmaSet, type InputFile } from './dilemma-set.ts';
import { formatIssues, type ContentLocale } from './messages.ts';

export interface ContentCheckOptions {
	/** Folder with `<lang>/*.md`; default `<root>/src/lib/content/dilemmas`. */
	dir?: string;
	/** Language of the printed messages (default 'en'). */
	locale?: ContentLocale;
	/** Fail on issues also in dev/serve mode (default false: warn only). */
	failInDev?: boolean;
}

/** Reads `<dir>/<lang>/*.md` into `{ name: "<lang>/<file>", text }`. */
export function readDilemmaDir(dir: string): InputFile[] {
	let languages: string[];
	try {
		languages = readdirSync(dir).filter((entry) => statSync(path.join(dir, entry)).isDirectory());
	} catch {
		return [];
	}
	const files: InputFile[] = [];
	for (const language of languages.sort()) {
		const langDir = path.join(dir, language);
		for (const entry of readdirSync(langDir).sort()) {
			if (!entry.endsWith('.md')) continue;
			const full = path.join(langDir, entry);
			if (!statSync(full).isFile()) continue;
			files.push({ name: `${language}/${entry}`, text: readFileSync(full, 'utf8') });
		}
	}
	return files;
}

/** Validates the folder; returns null when fine, else a printable report. */
export function checkDilemmaDir(dir: string, locale: ContentLocale = 'en'): string | null {
	const result = validateDilemmaSet(readDilemmaDir(dir), BUILTIN_SET_OPTIONS);
	if (result.ok) return null;
	return (
		`Dilemma content check failed: ${result.issues.length} issue(s) in ${dir}\n` +
		formatIssues(result.issues, locale)
			.split('\n')
			.map((line) => `  ${line}`)
			.join('\n')
	);
}

export function contentCheck(options: ContentCheckOptions = {}): Plugin {
	const locale = options.locale ?? 'en';
	let dir = options.dir ?? '';
	let isBuild = false;

	return {
		name: 'werkplaats:content-check',
		configResolved(config) {
			isBuild = config.command === 'build';
			dir = options.dir
				? path.resolve(config.root, options.dir)
				: path.resolve(config.root, 'src/lib/content/dilemmas');
		},
		buildStart() {
			const report = checkDilemmaDir(dir, locale);
			if (isBuild) {
				for (const file of readDilemmaDir(dir)) this.addWatchFile(path.join(dir, file.name));
			}
			if (report === null) return;
			if (isBuild || options.failInDev) this.error(report);
			else this.warn(report);
		},
		configureServer(server) {
			const onChange = (file: string) => {
				const rel = path.relative(dir, file);
				if (rel.startsWith('..') || path.isAbsolute(rel) || !rel.endsWith('.md')) return;
				const report = checkDilemmaDir(dir, locale);
				if (report) server.config.logger.warn(report);
				else server.config.logger.info('Dilemma content check passed.');
			};
			server.watcher.on('change', onChange);
			server.watcher.on('add', onChange);
			server.watcher.on('unlink', onChange);
		}
	};
}
