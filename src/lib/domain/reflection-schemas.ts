import { z } from 'zod';
import { dilemmaSlug, id, markdownText } from './schemas';
import { optionalPositionField, position } from './session-schemas';

/** The boundary values of the reflection journal: the entry's text, its form and its autosave. */

export const reflectionBody = markdownText(20000, 'reflection_too_long');
const version = z.coerce
	.number({ error: 'invalid_input' })
	.int({ error: 'invalid_input' })
	.min(0, { error: 'invalid_input' })
	.max(1_000_000, { error: 'invalid_input' });

/** The reflection form: a checkbox decides whether the desired position counts. */
export const reflectionForm = z
	.object({
		id,
		dilemmaSlug,
		version,
		body: reflectionBody.optional().default(''),
		value: optionalPositionField,
		useDesired: z.string().optional(),
		desired: optionalPositionField
	})
	.transform(({ useDesired, desired, ...rest }) => ({ ...rest, desired: useDesired ? desired : null }));
export type ReflectionForm = z.output<typeof reflectionForm>;

/** The same content as JSON, from the autosave endpoint. */
export const draftBody = z.object({
	id,
	dilemmaSlug,
	version: z.number().int().min(0).max(1_000_000),
	body: reflectionBody,
	value: position.nullable(),
	desired: position.nullable(),
	isDraft: z.boolean()
});
