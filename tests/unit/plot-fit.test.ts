import { describe, expect, it } from 'vitest';
import { fitSpec, MIN_TEXT_PX, SIZES, type PlotSize } from '$lib/components/plot-layout';

const sizes: PlotSize[] = ['screen', 'print', 'phone'];
const twoRows = {
	fixed: (s: { font: number; small: number; gap: number }) =>
		2 * (s.font * 1.45 + s.gap + 2 + s.small * 2.15) + s.small * 1.1,
	stacks: 2
};

describe('fitSpec: plots laid out in the pixels they are drawn in', () => {
	it('without a measured width it is the fixed viewBox geometry (server rendering)', () => {
		for (const size of sizes) expect(fitSpec(size)).toBe(SIZES[size]);
		expect(fitSpec('phone', 0)).toBe(SIZES.phone);
	});

	it('never draws text under 12 CSS px, however narrow the plot (a 390 px phone, a narrow column)', () => {
		expect(MIN_TEXT_PX).toBeGreaterThanOrEqual(12);
		for (const size of sizes) {
			for (const width of [200, 358, 600, 1200, 1800]) {
				const spec = fitSpec(size, width);
				expect(spec.width).toBe(width);
				expect(spec.small, `${size} at ${width}px`).toBeGreaterThanOrEqual(12);
				expect(spec.font).toBeGreaterThanOrEqual(spec.small);
			}
		}
	});

	it('keeps a column wider than a dot plus its gap at every width, so stacks never touch', () => {
		for (const size of sizes) {
			// From a 320 px phone (a plot of about 290 px) up to a projector.
			for (const width of [290, 358, 720, 1800]) {
				const spec = fitSpec(size, width, 600, twoRows, 24);
				expect((spec.width - 2 * spec.margin) / spec.bins, `${size} at ${width}px`).toBeGreaterThanOrEqual(
					2 * spec.r + spec.gap
				);
			}
		}
	});

	it('on the projector, follows the page type size and fits the stacks into the height it is given', () => {
		const small = fitSpec('screen', 1200, 400, twoRows, 16);
		const large = fitSpec('screen', 1800, 600, twoRows, 24);
		expect(large.font / small.font).toBeCloseTo(1.5, 1);
		for (const spec of [small, large]) {
			const height = spec === small ? 400 : 600;
			// Two rows of the tallest allowed stacks, plus their labels and axis, fit the height.
			expect(twoRows.fixed(spec) + 2 * spec.maxStack).toBeLessThanOrEqual(height + 0.5);
			expect(spec.small).toBeGreaterThanOrEqual(small === spec ? 14 : 20);
		}
	});

	it('grows text and dots where a projector has room to spare, by at most half', () => {
		const tight = fitSpec('screen', 1800, 300, twoRows, 24);
		const roomy = fitSpec('screen', 1800, 900, twoRows, 24);
		expect(roomy.font).toBeGreaterThan(tight.font);
		expect(roomy.font).toBeLessThanOrEqual(tight.font * 1.5 + 0.01);
	});
});
