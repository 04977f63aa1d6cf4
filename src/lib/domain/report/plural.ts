import { translate, type Params } from '$lib/i18n';
import type { Locale } from '../schemas';

/** `report.<key>.one` for 1, `report.<key>.other` otherwise (Dutch and English need no more forms). */
export function plural(locale: Locale, key: string, count: number, params: Params = {}): string {
	return translate(locale, `${key}.${count === 1 ? 'one' : 'other'}`, { count, ...params });
}
