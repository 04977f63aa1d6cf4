import { error, fail } from '@sveltejs/kit';
import { reflectionForm, type ReflectionForm } from '$lib/domain/reflection-schemas';
import type { Reflection } from '$lib/server/db/api';
import { actionError, loadError, parseForm } from '$lib/server/forms';
import { translateError } from '$lib/i18n';

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

/** Saves one entry, as a draft (autosave) or not; the database refuses a stale version. */
export const saveReflection = (locals: App.Locals, data: Omit<ReflectionForm, 'useDesired'>, isDraft: boolean) =>
	locals.db.call('save_reflection', {
		id: data.id,
		dilemmaSlug: data.dilemmaSlug,
		bodyMd: data.body,
		value: data.value,
		desired: data.desired,
		isDraft,
		expectedVersion: data.version
	});

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
	if (expectedId && data.id.toLowerCase() !== expectedId.toLowerCase())
		return { failure: fail(400, { error: 'invalid_input', values }) };
	try {
		const saved = await saveReflection(locals, data, false);
		return { saved };
	} catch (cause) {
		return { failure: actionError(cause, values) };
	}
}
