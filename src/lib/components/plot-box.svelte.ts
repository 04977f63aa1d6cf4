/**
 * The box a plot is drawn in, measured in the browser (zero on the server, where the plot falls
 * back to its fixed viewBox): SpreadPlot and ShiftPlot lay themselves out in its CSS pixels.
 */
export class PlotBox {
	width = $state(0);
	height = $state(0);
	element = $state<HTMLDivElement>();
	/** The type size around the plot: on the projector its text grows and shrinks with the page's. */
	readonly em = $derived(this.width && this.element ? parseFloat(getComputedStyle(this.element).fontSize) : undefined);
}
