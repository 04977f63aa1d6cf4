/** Fills `{name}` placeholders; unknown placeholders are left visible. Plain TS: used at build time too. */
export function fillTemplate(template: string, params: Record<string, string | number> | undefined): string {
	return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
		const value = params?.[key];
		return value === undefined ? whole : String(value);
	});
}
