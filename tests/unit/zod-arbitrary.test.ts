import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as schemas from '$lib/domain/schemas';
import { api } from '$lib/server/db/api';
import { draftBody, reflectionForm } from '$lib/domain/reflection-schemas';
import { hostileFrom, hostileRecord, objectShape, validFrom } from '../fixtures/zod-arbitrary';

const exported = (Object.entries(schemas) as [string, unknown][]).filter(
	(entry): entry is [string, z.ZodType] => typeof (entry[1] as { safeParse?: unknown }).safeParse === 'function'
);
const apiArgs = Object.entries(api).map(([fn, spec]): [string, z.ZodType] => [`${fn} args`, spec.args]);
const all: [string, z.ZodType][] = [
	...exported,
	...apiArgs,
	['reflectionForm', reflectionForm],
	['draftBody', draftBody]
];
const hostile = fc.constantFrom(
	'<script>alert(1)</script>',
	"' or 1=1 --",
	'\u0000',
	'😀'.repeat(50),
	'x'.repeat(100_001)
);

describe('arbitraries derived from the zod schemas', () => {
	it('cover every exported schema and every API function', () => {
		expect(exported.map(([name]) => name)).toEqual(
			expect.arrayContaining(['id', 'teamName', 'displayName', 'email', 'password', 'signUpForm', 'profileForm'])
		);
		expect(apiArgs.length).toBe(Object.keys(api).length);
	});

	it.each(all)('%s: the valid ones pass the schema, and come quickly', (_name, schema) => {
		const samples = fc.sample(validFrom(schema), 30);
		for (const value of samples) expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(true);
	});

	it.each(all.filter(([, schema]) => Object.keys(objectShape(schema) ?? {}).length > 0))(
		'%s: hostile records are often refused and sometimes valid',
		(_name, schema) => {
			// Booleans come only in JSON bodies; every other schema is fuzzed as a form too.
			const forms = takesForm(schema) ? [false, true] : [false];
			for (const form of forms) {
				const samples = fc.sample(hostileRecord(schema, hostile, { form }), { numRuns: 200, seed: 42 });
				const refused = samples.filter((value) => !schema.safeParse(value).success).length;
				expect(refused, `refused (form: ${form})`).toBeGreaterThan(samples.length * 0.2);
				expect(refused, `accepted (form: ${form})`).toBeLessThan(samples.length);
			}
		}
	);

	it('near misses sit just outside the limits of the schema', () => {
		const misses = fc.sample(hostileFrom(schemas.teamName, fc.constant('HOSTILE')), { numRuns: 300, seed: 1 });
		expect(misses).toContain('x'.repeat(81));
		expect(misses).toContain('x');
		expect(misses).toContain('HOSTILE');
		const thresholds = fc.sample(
			hostileFrom(api.set_network_threshold.args.shape.minContributors, fc.constant('HOSTILE'), { form: true }),
			{ numRuns: 300, seed: 1 }
		);
		expect(thresholds).toEqual(expect.arrayContaining(['2', '101', '3.5']));
		const json = fc.sample(hostileFrom(draftBody.shape.isDraft, fc.constant('HOSTILE')), { numRuns: 300, seed: 1 });
		expect(json).toEqual(expect.arrayContaining(['true', 1, null]));
	});

	it('overrides stand in for a field', () => {
		const samples = fc.sample(
			validFrom(schemas.roleForm, { overrides: { userId: fc.constant('d0000000-0000-4000-8000-000000000002') } }),
			20
		);
		for (const value of samples)
			expect((value as { userId: string }).userId).toBe('d0000000-0000-4000-8000-000000000002');
	});
});

/** Whether the schema can be filled from a form (text only): derivation refuses booleans and uncoerced numbers. */
function takesForm(schema: z.ZodType) {
	try {
		fc.sample(validFrom(schema, { form: true }), 1);
		return true;
	} catch (error) {
		if (String(error).includes('cannot come from a form')) return false;
		throw error;
	}
}
