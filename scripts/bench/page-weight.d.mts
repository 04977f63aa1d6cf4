// Types for the parts of page-weight.mjs the browser tests use (tests/e2e/page-weight.e2e.ts).
import type { Page } from '@playwright/test';

export interface MeasuredScript {
	url: string;
	bytes: number;
	gzipBytes: number;
	zod: boolean;
}
export interface Measured {
	scripts: MeasuredScript[];
	count: number;
	bytes: number;
	gzipBytes: number;
	gzipKb: number;
	/** URLs of the scripts that hold zod's code. */
	zod: string[];
}
export const budgets: { phone: number; presenter: number };
export const zodMarker: RegExp;
export const chromiumLaunch: { executablePath: string | undefined; args: string[] };
export function measureScripts(page: Page, url: string): Promise<Measured>;
export function runPageWeight(
	options?: { port?: number; build?: string },
	print?: (line: string) => void
): Promise<{ phone?: Measured; phoneRevealed?: Measured; presenter?: Measured; targetsMet: boolean }>;
