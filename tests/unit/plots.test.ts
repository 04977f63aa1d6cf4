import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { compile } from 'svelte/compiler';
import { readFileSync, writeFileSync } from 'node:fs';
import WithI18n from '../fixtures/WithI18n.svelte';
import SpreadPlot from '../../src/lib/components/SpreadPlot.svelte';
import ShiftPlot from '../../src/lib/components/ShiftPlot.svelte';

const css = (file: string, hash: string) => compile(readFileSync(file, 'utf8'), { css: 'external', cssHash: () => hash, filename: file }).css?.code ?? '';

describe('scratch', () => {
	it('renders', () => {
		const pts = (vals: number[], des = true, named = false) => vals.map((value, i) => ({ value, desired: des && i % 3 ? Math.min(100, 60 + i * 3) : null, name: named ? ['Anne', 'Bram', 'Chris', 'Dewi', 'Eva', 'Fatima', 'Gijs', 'Hans', 'Ilse', 'Jan', 'Kees', 'Lotte'][i % 12] : null }));
		const out: string[] = [];
		for (const size of ['screen', 'print', 'phone'] as const) {
			out.push(`<h2>${size}</h2><div style="max-width:${size === 'phone' ? 360 : size === 'print' ? 700 : 1200}px">`);
			out.push(render(WithI18n, { props: { component: SpreadPlot, props: { left: 'Breed beschikbaar zijn voor iedereen in de wijk', right: 'Diepgang bij wie het echt nodig heeft', points: pts([20, 40, 40, 40, 41, 42, 62, 62, 80, 100, 0, 50]), showDesired: true, size, title: 'Vóór het gesprek' } } }).body);
			out.push(render(WithI18n, { props: { component: SpreadPlot, props: { left: 'Zelf doen', right: 'Overdragen', points: pts([50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50,50], false, true), size } } }).body);
			out.push(render(WithI18n, { props: { component: ShiftPlot, props: { left: 'Zelf doen', right: 'Overdragen', pairs: [{before:20,after:30,name:null},{before:40,after:40,name:null},{before:80,after:60,name:null},{before:80,after:60,name:null},{before:50,after:52,name:null},{before:0,after:35,name:null},{before:95,after:70,name:null},{before:60,after:65,name:null}], size } } }).body);
			out.push('</div>');
		}
		out.push(render(WithI18n, { props: { component: SpreadPlot, props: { left: 'L', right: 'R', points: [], size: 'print', title: 'Leeg' } } }).body);
		out.push(render(WithI18n, { props: { component: SpreadPlot, props: { left: 'L', right: 'R', points: [{ value: 33 }], size: 'print', title: 'Eén' } } }).body);
		const html = out.join('\n');
		const spreadHash = /plot--screen (svelte-[a-z0-9]+)/.exec(html)![1]!;
		const shiftHash = [...html.matchAll(/plot--screen (svelte-[a-z0-9]+)/g)].map((m) => m[1]).find((h) => h !== spreadHash)!;
		const style = css('src/lib/components/SpreadPlot.svelte', spreadHash) + css('src/lib/components/ShiftPlot.svelte', shiftHash);
		writeFileSync('/tmp/scratch/out.html', `<!doctype html><html lang="nl"><head><meta charset="utf-8"><link rel="stylesheet" href="app.css"><style>${style}</style></head><body><main>${html}</main></body></html>`);
		expect(html).not.toContain('NaN');
	});
});
