import { error, fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';
import { DbError } from './db/errors';
import { translateError } from '$lib/i18n';
import { fieldErrorKeys } from '$lib/i18n/error-key';
import type { Locale } from '$lib/domain/schemas';

/** What a rejected form returns: the values to refill (never passwords) and error keys per field. */
export interface FormFailure {
	values?: Record<string, string>;
	errors?: Record<string, string>;
	/** An error about the form as a whole (an i18n key under `errors.`). */
	error?: string;
}

const secretFields = new Set(['password']);
const maxFieldLength = 100_000;

/** Parses a form with a zod schema; on failure, the 400 the page renders next to the fields. */
export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<{ data: z.output<S>; failure?: undefined } | { data?: undefined; failure: ActionFailure<FormFailure> }> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return { failure: fail(400, { error: 'invalid_input' }) };
	}
	const values: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value !== 'string') continue;
		if (value.length > maxFieldLength) return { failure: fail(413, { error: 'form_too_large' }) };
		values[key] = value;
	}
	const parsed = schema.safeParse(values);
	if (parsed.success) return { data: parsed.data };
	const errors = fieldErrorKeys(parsed.error.issues);
	const safeValues = Object.fromEntries(Object.entries(values).filter(([key]) => !secretFields.has(key)));
	return { failure: fail(400, { values: safeValues, errors }) };
}

/**
 * A refusal in a form action becomes a 4xx with its message key; anything unexpected rethrows
 * (and becomes a logged 500). `key` names a refusal the action decided itself.
 */
export function actionError(cause: unknown, values?: Record<string, string>, key?: string): ActionFailure<FormFailure> {
	if (key === 'too_many_attempts' || key === 'too_many_joins') return fail(429, { error: key, values });
	if (key) return fail(400, { error: key, values });
	if (cause instanceof DbError && (cause.status < 500 || cause.status === 503))
		return fail(cause.status, { error: cause.key, values });
	throw cause;
}

/**
 * The body of most form actions: the form is checked against `schema`, then `run` does the work.
 * A refusal by the database becomes the form's error (with `keep(data)` refilled); anything
 * unexpected rethrows, as with `actionError`.
 */
export async function formAction<S extends z.ZodType, R>(
	request: Request,
	schema: S,
	run: (data: z.output<S>) => Promise<R>,
	keep?: (data: z.output<S>) => Record<string, string>
): Promise<R | ActionFailure<FormFailure>> {
	const { data, failure } = await parseForm(request, schema);
	if (failure) return failure;
	return refusalAsFormError(() => run(data), keep?.(data));
}

/** `run`, with a refusal by the database as the form's error (`values` refilled); see `actionError`. */
export async function refusalAsFormError<R>(
	run: () => Promise<R>,
	values?: Record<string, string>
): Promise<R | ActionFailure<FormFailure>> {
	try {
		return await run();
	} catch (cause) {
		return actionError(cause, values);
	}
}

/** A database refusal while loading a page becomes an error page with a translated message. */
export function loadError(cause: unknown, locale: Locale): never {
	if (cause instanceof DbError && (cause.status < 500 || cause.status === 503))
		error(cause.status, translateError(locale, cause.key));
	throw cause;
}
