import { describe, expect, it } from 'vitest';
// The rules of `npm run test:crash` (scripts/crash-test.mjs): a checker that never fails proves nothing.
import { verifyNotes, verifyPhone } from '../../scripts/crash/verify.mjs';

const ack = (value: number, desired = 0) => ({ value, desired, outcome: 'acknowledged' });
const unknown = (value: number, desired = 0) => ({ value, desired, outcome: 'unknown' });
const refused = (value: number, desired = 0) => ({ value, desired, outcome: 'refused' });
const stores = (value: number, desired = 0) => ({ ok: true, mine: { value, desired } });
const storesNothing = { ok: true, mine: null };

describe('crash test: a phone’s votes', () => {
	it('accepts the last acknowledged vote', () => {
		const result = verifyPhone([ack(10), ack(20)], stores(20));
		expect(result).toMatchObject({ acknowledged: 2, lost: 0, unknownStored: false, problem: null });
	});

	it('accepts a later vote that was in flight at the kill in place of the last acknowledged one', () => {
		expect(verifyPhone([ack(10), ack(20), unknown(30)], stores(30))).toMatchObject({
			lost: 0,
			unknownStored: true,
			problem: null
		});
		expect(verifyPhone([ack(10), ack(20), unknown(30)], stores(20))).toMatchObject({
			lost: 0,
			unknownStored: false,
			problem: null
		});
	});

	it('counts an earlier value as the loss of every acknowledged vote after it', () => {
		const result = verifyPhone([ack(10), ack(20), ack(30), unknown(40)], stores(10));
		expect(result.lost).toBe(2);
		expect(result.problem).toMatch(/request 3 \(30\/0\) was acknowledged/);
	});

	it('counts a missing position as lost when a vote was acknowledged, and not when none was', () => {
		expect(verifyPhone([ack(10), unknown(20)], storesNothing)).toMatchObject({ lost: 1 });
		expect(verifyPhone([unknown(10)], storesNothing)).toMatchObject({ lost: 0, problem: null });
		expect(verifyPhone([unknown(10)], stores(10))).toMatchObject({ lost: 0, unknownStored: true, problem: null });
	});

	it('tells values apart by the desired position too', () => {
		expect(verifyPhone([ack(10, 1), ack(10, 2)], stores(10, 1))).toMatchObject({ lost: 1 });
	});

	it('refuses a value the phone never sent, a refused one, and a phone that lost its identity', () => {
		expect(verifyPhone([ack(10)], stores(99)).problem).toMatch(/never sent/);
		expect(verifyPhone([ack(10), refused(20)], stores(20)).problem).toMatch(/refused/);
		const gone = verifyPhone([ack(10), ack(20)], { ok: false, reason: 'HTTP 401', mine: null });
		expect(gone.lost).toBe(2);
		expect(gone.problem).toMatch(/HTTP 401/);
	});
});

describe('crash test: the notes', () => {
	const initial = { notesMd: '', agreementsMd: '', version: 0 };
	const save = (n: number, outcome = 'acknowledged') => ({
		notesMd: `notes ${n}`,
		agreementsMd: `agreements ${n}`,
		outcome,
		...(outcome === 'acknowledged' ? { version: n } : {})
	});
	const storedAt = (n: number) => ({ notesMd: `notes ${n}`, agreementsMd: `agreements ${n}`, version: n });

	it('accepts the last acknowledged save, or the one in flight after it', () => {
		expect(verifyNotes([save(1), save(2)], storedAt(2), initial)).toMatchObject({
			acknowledged: 2,
			lost: 0,
			problem: null
		});
		expect(verifyNotes([save(1), save(2), save(3, 'unknown')], storedAt(3), initial)).toMatchObject({
			lost: 0,
			unknownStored: true
		});
		expect(verifyNotes([save(1, 'unknown')], initial, initial)).toMatchObject({ lost: 0, problem: null });
	});

	it('counts an older version as lost saves', () => {
		const result = verifyNotes([save(1), save(2), save(3), save(4, 'unknown')], storedAt(1), initial);
		expect(result.lost).toBe(2);
		expect(result.problem).toMatch(/version 1, but version 3 was acknowledged/);
	});

	it('refuses the acknowledged version with another text, and a refused save that was stored', () => {
		expect(verifyNotes([save(1), save(2)], { ...storedAt(2), notesMd: 'other' }, initial)).toMatchObject({ lost: 1 });
		expect(verifyNotes([save(1), save(2, 'refused')], storedAt(2), initial).problem).toMatch(/refused/);
	});
});
