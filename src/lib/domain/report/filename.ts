/**
 * `werkplaats-teamdag-voorjaar-2026-11-23.csv`: ASCII letters, digits and dashes only, so it is
 * safe inside a quoted Content-Disposition filename on every platform.
 */
export function exportFilename(title: string, heldOn: string, extension: 'md' | 'csv' | 'json'): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
	const date = /^\d{4}-\d{2}-\d{2}$/.test(heldOn) ? heldOn : '';
	return ['werkplaats', slug || 'sessie', date].filter(Boolean).join('-') + '.' + extension;
}
