import { describe, expect, it } from 'vitest';
import { TIME_ZONE, amsterdamDay, formatDate, formatDateTime } from '$lib/domain/format';
import { errorMessageKey, fieldErrorKeys, firstErrorKey, isErrorKey } from '$lib/i18n/error-key';

describe('dates are shown as they are in Amsterdam, whatever the machine’s time zone', () => {
	it('names its time zone', () => {
		expect(TIME_ZONE).toBe('Europe/Amsterdam');
	});

	it('a calendar day is that day, in both languages and both lengths', () => {
		expect(formatDate('2026-11-23', 'nl')).toBe('23 november 2026');
		expect(formatDate('2026-11-23', 'en')).toBe('23 November 2026');
		expect(formatDate('2026-01-01', 'nl', 'short')).toMatch(/^1 jan\.? 2026$/);
	});

	it('a moment late in the evening (UTC) is already the next day in Amsterdam, winter and summer', () => {
		expect(formatDate('2026-11-23T23:30:00Z', 'nl')).toBe('24 november 2026');
		expect(formatDate('2026-06-30T22:30:00+00:00', 'en')).toBe('1 July 2026');
		expect(amsterdamDay('2026-06-30T22:30:00Z')).toBe('2026-07-01');
		expect(amsterdamDay(new Date('2026-11-23T22:59:59Z'))).toBe('2026-11-23');
		expect(amsterdamDay(new Date('2026-11-23T23:00:00Z'))).toBe('2026-11-24');
	});

	it('a moment with its time shows the time in Amsterdam', () => {
		expect(formatDateTime('2026-11-23T23:30:00Z', 'nl')).toMatch(/24 november 2026.*00:30/);
		expect(formatDateTime('2026-06-30T10:05:00Z', 'en')).toMatch(/30 June 2026.*12:05/);
	});

	it('anything that is not a date is returned as it came', () => {
		for (const text of ['', 'morgen', '2026-13-45', '23-11-2026']) expect(formatDate(text, 'nl')).toBe(text);
	});
});

describe('error keys', () => {
	it('a key is lower case with underscores, three to sixty-one characters; texts are not keys', () => {
		for (const key of ['invalid_input', 'position_out_of_range', 'share_to_see', 'abc'])
			expect(isErrorKey(key)).toBe(true);
		for (const text of [
			'Invalid input',
			'duplicate key value violates unique constraint "x"',
			'ab',
			'_x',
			'9lives',
			'a'.repeat(62),
			42,
			null
		]) {
			expect(isErrorKey(text)).toBe(false);
		}
	});

	it('the first key among the issues, per field the first, and a fallback', () => {
		const issues = [
			{ message: 'Invalid input: expected string', path: ['title'] },
			{ message: 'session_title_length', path: ['title'] },
			{ message: 'invalid_date', path: ['heldOn'] },
			{ message: 'Too big', path: [] }
		];
		expect(firstErrorKey(issues)).toBe('session_title_length');
		expect(firstErrorKey([{ message: 'Nope' }])).toBe('invalid_input');
		expect(fieldErrorKeys(issues)).toEqual({ title: 'invalid_input', heldOn: 'invalid_date', form: 'invalid_input' });
	});

	it('an unknown key is shown as the generic error', () => {
		const known = new Set(['errors.invalid_input']);
		expect(errorMessageKey('invalid_input', (k) => known.has(k))).toBe('errors.invalid_input');
		expect(errorMessageKey('does_not_exist', (k) => known.has(k))).toBe('errors.generic');
	});
});
