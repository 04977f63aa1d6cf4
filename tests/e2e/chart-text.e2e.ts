import { test, expect, type Page } from '@playwright/test';
import { screenshot, signedInPerson } from './support';

// Issue 10, "charts readable everywhere": no text in the course over time (TrendChart), the
// network's distributions (NetworkDistribution), the network over time (NetworkSeries) or the
// session's dot and shift plots (SpreadPlot, ShiftPlot: report, network dilemma page) may be
// under 12 CSS px, on a 390 px phone or on a 1920 px screen. Measured as the browser renders it:
// the computed font size times the SVG's scale on screen (the viewBox to CSS pixels), and the
// text's bounding box as a check on that.

const networkId = '4e770000-0000-4000-8000-000000000001';
const demoTeamId = '7ea70000-0000-4000-8000-000000000001';
// SpreadPlot and ShiftPlot (figure.plot): the session's dot plots, also on the network's dilemma page.
const charts =
	'figure.trend svg.plot__svg, figure.distribution svg.plot__svg, figure.series svg.plot__svg, figure.chart svg, figure.plot svg.plot__svg';
const closedDemoSession = '5e550000-0000-4000-8000-000000000004';

const viewports = [
	{ name: 'phone', width: 390, height: 844 },
	{ name: 'desktop', width: 1920, height: 1080 }
] as const;

/** Waits until every chart laid itself out for its measured width, then measures every text. */
async function chartTexts(page: Page) {
	await expect(page.locator(charts).first()).toBeVisible();
	// After hydration each chart's viewBox is the width it is drawn at (chart-layout.ts: one unit
	// is one CSS pixel; 260 is the narrowest it lays out).
	await expect
		.poll(() =>
			page.locator(charts).evaluateAll((svgs) =>
				svgs.every((svg) => {
					const drawn = Math.round(svg.getBoundingClientRect().width);
					const laidOut = Number(svg.getAttribute('data-chart-width'));
					// My history stops growing at 640 px (its frame is 40rem wide).
					return drawn > 0 && (laidOut === drawn || (laidOut === 260 && drawn < 260) || Math.abs(laidOut - drawn) <= 2);
				})
			)
		)
		.toBe(true);
	return page
		.locator(
			`${charts
				.split(', ')
				.map((c) => `${c} text`)
				.join(', ')}`
		)
		.evaluateAll((texts) =>
			texts
				.map((node) => {
					const text = node as SVGTextElement;
					const svg = text.ownerSVGElement!;
					const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
					const box = text.getBoundingClientRect();
					return {
						text: (text.textContent ?? '').trim(),
						chart: text.closest('figure')?.className ?? '',
						px: Math.round(parseFloat(getComputedStyle(text).fontSize) * scale * 100) / 100,
						boxHeight: Math.round(box.height * 100) / 100
					};
				})
				.filter((t) => t.text !== '')
		);
}

const pages = [
	{
		who: 'fenna@voorbeeld.nl',
		path: `/teams/${demoTeamId}/verloop?dilemma=zelf-doen-of-overdragen`,
		shot: 'chart-verloop',
		expects: 'trend'
	},
	{
		who: 'carla@voorbeeld.nl',
		path: `/netwerken/${networkId}`,
		shot: 'chart-network-dashboard',
		expects: 'distribution'
	},
	{
		who: 'carla@voorbeeld.nl',
		path: `/netwerken/${networkId}/optreden-of-terugtreden`,
		shot: 'chart-network-dilemma',
		expects: 'series'
	},
	{
		who: 'fenna@voorbeeld.nl',
		path: `/teams/${demoTeamId}/netwerk`,
		shot: 'chart-team-network',
		expects: 'distribution'
	},
	// My history draws its own small chart (not TrendChart): the same floor holds there.
	{
		who: 'sanne@voorbeeld.nl',
		path: '/mijn-geschiedenis/zelf-doen-of-overdragen',
		shot: 'chart-my-history',
		expects: 'chart'
	},
	// The session report's dot plots and shift plots, read on a phone as well as on paper.
	{ who: 'fenna@voorbeeld.nl', path: `/sessies/${closedDemoSession}/rapport`, shot: 'chart-report', expects: 'plot' }
] as const;

for (const viewport of viewports) {
	for (const target of pages) {
		test(`every chart text on ${target.path.split('?')[0]} is at least 12 px at ${viewport.width}×${viewport.height}`, async ({
			browser
		}) => {
			const { page } = await signedInPerson(browser, target.who, 'nl', {
				viewport: { width: viewport.width, height: viewport.height }
			});
			await page.goto(target.path);
			const texts = await chartTexts(page);
			// Not vacuous: the chart the page is about is there and has its axis numbers.
			expect(texts.filter((t) => t.chart.includes(target.expects)).length).toBeGreaterThan(2);
			const small = texts.filter((t) => t.px < 12 || t.boxHeight < 12);
			expect(small, `texts under 12 px: ${JSON.stringify(small.slice(0, 5))}`).toEqual([]);
			await screenshot(page, `${target.shot}-${viewport.width}`);
			// The first chart of the kind the page is about, on its own, for a person to look at.
			const figure = page.locator(`figure.${target.expects}`).first();
			await figure.scrollIntoViewIfNeeded();
			await figure.screenshot({ path: `tests/e2e/screenshots/${target.shot}-${viewport.width}-chart.png` });
		});
	}
}
