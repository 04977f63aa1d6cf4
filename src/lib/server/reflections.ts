import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { id } from '$lib/domain/schemas';
import { SLUG_PATTERN } from '$lib/content/dilemma-set';
import { positionValue, reflectionBody, type Reflection } from '$lib/server/db/api';
import { actionError, loadError, parseForm } from '$lib/server/forms';
import { translateError } from '$lib/i18n';

export const dilemmaSlug = z
	.string({ error: 'dilemma_not_found' })
	.regex(SLUG_PATTERN, { error: 'dilemma_not_found' })
	.min(3, { error: 'dilemma_not_found' })
	.max(60, { error: 'dilemma_not_found' });

const optionalPosition = z.preprocess((v) => (typeof v !== 'string' || v.trim() === '' ? null : v), positionValue.nullable());

/** The reflection form: a checkbox decides whether the desired position counts. */
export const reflectionForm = z
	.object({
		id,
		dilemmaSlug,
		version: z.coerce.number({ error: 'invalid_input' }).int({ error: 'invalid_input' }).min(0, { error: 'invalid_input' }).max(1_000_000, { error: 'invalid_input' }),
		body: reflectionBody.optional().default(''),
		value: optionalPosition,
		useDesired: z.string().optional(),
		desired: optionalPosition
	})
	.transform(({ useDesired, desired, ...rest }) => ({ ...rest, desired: useDesired ? desired : null }));
export type ReflectionForm = z.output<typeof reflectionForm>;

/** The same content as JSON, from the autosave endpoint. */
export const draftBody = z.object({
	id,
	dilemmaSlug,
	version: z.number().int().min(0).max(1_000_000),
	body: reflectionBody,
	value: z.number().int().min(0, { error: 'position_out_of_range' }).max(100, { error: 'position_out_of_range' }).nullable(),
	desired: z.number().int().min(0, { error: 'position_out_of_range' }).max(100, { error: 'position_out_of_range' }).nullable(),
	isDraft: z.boolean()
});

/** The signed-in person's own entry, or a translated 404. */
export async function loadOwnReflection(locals: App.Locals, reflectionId: string): Promise<Reflection> {
	let all: Reflection[];
	try {
		all = await locals.db.call('my_reflections', {});
	} catch (cause) {
		loadError(cause, locals.locale);
	}
	const found = all.find((r) => r.id.toLowerCase() === reflectionId.toLowerCase());
	if (!found) error(404, translateError(locals.locale, 'reflection_not_found'));
	return found;
}

/** The dilemmas one can write about (the built-in library in the person's language). */
export async function loadDilemmas(locals: App.Locals) {
	try {
		const library = await locals.db.call('dilemma_library', { lang: locals.locale });
		return library.dilemmas;
	} catch (cause) {
		loadError(cause, locals.locale);
	}
}

/** The form action that saves an entry (no longer a draft); `after` decides where to go next. */
export async function saveFromForm(locals: App.Locals, request: Request, expectedId?: string) {
	const { data, failure } = await parseForm(request, reflectionForm);
	if (failure) return { failure };
	const values = {
		body: data.body,
		value: data.value === null ? '' : String(data.value),
		desired: data.desired === null ? '' : String(data.desired),
		version: String(data.version)
	};
	if (expectedId && data.id.toLowerCase() !== expectedId.toLowerCase()) return { failure: fail(400, { error: 'invalid_input', values }) };
	try {
		const saved = await locals.db.call('save_reflection', {
			id: data.id,
			dilemmaSlug: data.dilemmaSlug,
			bodyMd: data.body,
			value: data.value,
			desired: data.desired,
			isDraft: false,
			expectedVersion: data.version
		});
		return { saved };
	} catch (cause) {
		return { failure: actionError(cause, values) };
	}
}

