import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import WithI18n from '../fixtures/WithI18n.svelte';
import SpreadPlot from '../../src/lib/components/SpreadPlot.svelte';
import ShiftPlot from '../../src/lib/components/ShiftPlot.svelte';
import { SIZES } from '../../src/lib/components/plot-layout';

/** Server-rendered markup of a plot, inside the i18n context the root layout provides. */
function html(
	component: typeof SpreadPlot | typeof ShiftPlot,
	props: Record<string, unknown>,
	locale: 'nl' | 'en' = 'nl'
) {
	// Without Svelte's scoping classes and hydration markers, so the assertions read like the markup.
	return render(WithI18n, { props: { component, props, locale } })
		.body.replace(/ class="svelte-[a-z0-9]+"/g, '')
		.replace(/ svelte-[a-z0-9]+"/g, '"')
		.replace(/<!--(?:\[!?|\])?-->/g, '');
}
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
/** The plot itself, without the legend's little example marks. */
const plot = (body: string) => /<svg class="plot__svg"[\s\S]*?<\/svg>/.exec(body)?.[0] ?? '';

describe('plot geometry', () => {
	it('keeps a column wider than a dot in every size, so stacked columns never touch', () => {
		for (const spec of Object.values(SIZES)) {
			expect((spec.width - 2 * spec.margin) / spec.bins).toBeGreaterThanOrEqual(2 * spec.r + spec.gap);
		}
	});
});

describe('SpreadPlot', () => {
	const points = [20, 40, 40, 80].map((value, i) => ({
		value,
		desired: i === 0 ? 50 : i === 2 ? 60 : null,
		name: null
	}));

	it('is an image with the summary as its name, and one mark per position', () => {
		const body = html(SpreadPlot, {
			left: 'Zelf doen',
			right: 'Overdragen',
			points,
			size: 'screen',
			title: 'Vóór het gesprek'
		});
		expect(body).toContain('role="img"');
		expect(body).toContain(
			'aria-label="Vóór het gesprek. Stippenplot op de schaal van “Zelf doen” (0) naar “Overdragen” (100). Mediaan 40, middelste helft tussen 35 en 50, 4 antwoorden."'
		);
		expect(count(plot(body), /<circle class="mark mark--position/g)).toBe(4);
		expect(body).toContain('mediaan 40');
		expect(body).not.toContain('NaN');
		// Two people at 40 stack in one column: same x, different y.
		const at40 = [
			...body.matchAll(
				/<circle class="mark mark--position" cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>40(?: \([^<]*\))?<\/title>/g
			)
		];
		expect(at40).toHaveLength(2);
		expect(at40[0]![1]).toBe(at40[1]![1]);
		expect(at40[0]![2]).not.toBe(at40[1]![2]);
	});

	it('shows desired points as a second row of diamonds only when asked', () => {
		const without = html(SpreadPlot, { left: 'L', right: 'R', points, size: 'print' });
		expect(count(without, /mark--desired/g)).toBe(0);
		const withDesired = html(SpreadPlot, { left: 'L', right: 'R', points, size: 'print', showDesired: true });
		expect(count(plot(withDesired), /<path class="mark mark--desired/g)).toBe(2);
		expect(withDesired).toContain('Gewenst (2)');
		expect(withDesired).toContain('Gewenst: Mediaan 55, middelste helft tussen 52,5 en 57,5, 2 antwoorden.');
	});

	it('counts teams, not answers, when each dot is a team (the network)', () => {
		const teams = html(SpreadPlot, { left: 'L', right: 'R', points, size: 'print', counting: 'teams' });
		expect(teams).toContain('Mediaan 40, middelste helft tussen 35 en 50, 4 teams.');
		expect(teams).toContain('Teams (4)');
		expect(teams).toContain('rondje = een team');
		expect(teams).not.toMatch(/antwoorden|Posities|een positie/);
		const en = html(SpreadPlot, { left: 'L', right: 'R', points, size: 'print', counting: 'teams' }, 'en');
		expect(en).toContain('Median 40, middle half between 35 and 50, 4 teams.');
		expect(en).not.toMatch(/answers|Positions|a position/);
	});

	it('lists values and counts in a table, with names only when they are given', () => {
		const anonymous = html(SpreadPlot, { left: 'L', right: 'R', points, size: 'print' });
		expect(anonymous).toMatch(/<th scope="row">40<\/th>\s*<td>2<\/td>/);
		expect(anonymous).not.toContain('Namen');
		const named = html(SpreadPlot, {
			left: 'L',
			right: 'R',
			points: [
				{ value: 30, name: 'Anne' },
				{ value: 70, name: '<b>Bram</b>' }
			],
			size: 'phone'
		});
		expect(named).toContain('Namen');
		expect(named).toContain('Anne: 30');
		expect(named).toContain('&lt;b>Bram&lt;/b>: 70');
		expect(named).not.toContain('<b>Bram');
	});

	it('says so when there are no answers yet', () => {
		const body = html(SpreadPlot, { left: 'L', right: 'R', points: [] }, 'en');
		expect(body).toContain('No answers yet.');
		expect(count(plot(body), /<circle/g)).toBe(0);
		expect(body).not.toContain('<details');
		expect(body).not.toContain('NaN');
	});
});

describe('ShiftPlot', () => {
	const pairs = [
		{ before: 20, after: 30 },
		{ before: 40, after: 40 },
		{ before: 80, after: 70 }
	];

	it('draws an arrow per move and a dotted line for who stayed, with the shift summary as its name', () => {
		const body = html(ShiftPlot, { left: 'Zelf doen', right: 'Overdragen', pairs, size: 'screen' });
		expect(body).toContain('role="img"');
		expect(body).toContain(
			'2 van de 3 deelnemers verschoven 5 punten of meer. Gemiddelde verschuiving: 6,7 punten. De mediaan bleef 40. De standpunten kwamen dichter bij elkaar: de middelste helft werd smaller (30 → 20 punten).'
		);
		// The legend has one arrow and one dotted line of its own.
		expect(count(body, /<line class="move move--right"/g)).toBe(2);
		expect(count(body, /<line class="move move--left"/g)).toBe(1);
		expect(count(body, /<line class="move move--still"/g)).toBe(2);
		expect(count(body, /<polygon class="head/g)).toBe(3);
		expect(body).toMatch(/<th scope="row">Deelnemer 1<\/th>\s*<td>20<\/td>\s*<td>30<\/td>\s*<td>\+10<\/td>/);
		expect(body).toMatch(/<td>80<\/td>\s*<td>70<\/td>\s*<td>−10<\/td>/);
		expect(body).not.toContain('NaN');
	});

	it('draws people who made the same move as one thicker line', () => {
		const body = html(ShiftPlot, {
			left: 'L',
			right: 'R',
			pairs: [
				{ before: 20, after: 60 },
				{ before: 20, after: 60 }
			],
			size: 'print'
		});
		// One line in the plot (and the legend's): two people, one move.
		expect(count(body, /<line class="move move--right"/g)).toBe(2);
		expect(count(body, /<polygon class="head head--right"/g)).toBe(2);
	});

	it('uses names when given, and says so when nobody answered twice', () => {
		const named = html(ShiftPlot, { left: 'L', right: 'R', pairs: [{ before: 10, after: 20, name: 'Anne' }] }, 'en');
		expect(named).toContain('<th scope="row">Anne</th>');
		expect(named).toContain('Anne: 10 → 20');
		const empty = html(ShiftPlot, { left: 'L', right: 'R', pairs: [] });
		expect(empty).toContain('Niemand koos zowel vóór als na het gesprek een positie.');
		expect(empty).not.toContain('<svg class="plot__svg');
	});
});
