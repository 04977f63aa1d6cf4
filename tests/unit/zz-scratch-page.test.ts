import { it, expect } from 'vitest';
import { render } from 'svelte/server';
import { compile } from 'svelte/compiler';
import { readFileSync, writeFileSync } from 'node:fs';
import WithI18n from '../fixtures/WithI18n.svelte';
import Page from '../../src/routes/sessies/[sessionId]/rapport/+page.svelte';
import { load } from '../../src/routes/sessies/[sessionId]/rapport/+page.server';
import { GET as csvGet } from '../../src/routes/sessies/[sessionId]/rapport.csv/+server';
import { GET as mdGet } from '../../src/routes/sessies/[sessionId]/rapport.md/+server';
import { GET as jsonGet } from '../../src/routes/sessies/[sessionId]/rapport.json/+server';
import { sessionReport } from '../../src/lib/server/db/api';

for (const kind of ['anon', 'named']) {
	it('scratch page ' + kind, async () => {
		const report = sessionReport.parse(JSON.parse(readFileSync(`/tmp/scratch/report-${kind}.json`, 'utf8')));
		const locals = { locale: 'nl', actor: { kind: 'user', userId: 'x', isAnonymous: false }, user: { id: 'x' }, db: { call: async () => report } } as any;
		const params = { sessionId: report.session.id };
		const url = new URL(`http://localhost/sessies/${report.session.id}/rapport?status=open`);
		const data = await (load as any)({ locals, params, url, depends: () => {} });
		const r = render(WithI18n, { props: { component: Page, props: { data: { ...data, locale: 'nl' }, form: null } } });
		const css = (file: string, hash: string) => compile(readFileSync(file, 'utf8'), { css: 'external', cssHash: () => hash, filename: file }).css?.code ?? '';
		const hashOf = (re: RegExp) => re.exec(r.body)?.[1] ?? 'none';
		const style = css('src/lib/components/SpreadPlot.svelte', hashOf(/figure class="plot plot--print (svelte-[a-z0-9]+)"><!--\[0--><figcaption/)) +
			css('src/lib/components/ShiftPlot.svelte', hashOf(/figure class="plot plot--print (svelte-[a-z0-9]+)"><div/)) +
			css('src/routes/sessies/[sessionId]/rapport/+page.svelte', hashOf(/class="report__head (svelte-[a-z0-9]+)"/)) +
			css('src/lib/components/PoleScale.svelte', hashOf(/class="pole-scale pole-scale--small (svelte-[a-z0-9]+)"/));
		writeFileSync(`/tmp/scratch/page-${kind}.html`, `<!doctype html><html lang="nl"><head><meta charset="utf-8"><link rel="stylesheet" href="app.css"><style>${style}</style></head><body><main>${r.body}</main></body></html>`);
		for (const [get, ext] of [[csvGet, 'csv'], [mdGet, 'md'], [jsonGet, 'json']] as const) {
			const res = await (get as any)({ locals, params, url: new URL(`http://localhost/x.${ext}`) });
			writeFileSync(`/tmp/scratch/export-${kind}.${ext}`, await res.text());
			console.log(res.headers.get('content-disposition'), res.headers.get('content-type'));
		}
		expect(r.body).not.toContain('<script>alert');
	});
}
