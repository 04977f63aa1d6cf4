import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { DbError } from '$lib/server/db/errors';
import { translateError } from '$lib/i18n';
import { draftBody } from '$lib/domain/reflection-schemas';
import { firstErrorKey } from '$lib/i18n/error-key';
import { saveReflection } from '$lib/server/reflections';

const refuse = (locale: App.Locals['locale'], status: number, key: string) =>
	json({ error: key, message: translateError(locale, key) }, { status });

/** Autosave: the editor posts its content every few seconds; a stale version is a 409 conflict. */
export const POST: RequestHandler = async ({ request, locals }) => {
	if (!locals.user) return refuse(locals.locale, 401, 'not_signed_in');
	const text = await request.text().catch(() => '');
	if (text.length > 100_000) return refuse(locals.locale, 413, 'form_too_large');
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return refuse(locals.locale, 400, 'invalid_input');
	}
	const parsed = draftBody.safeParse(raw);
	if (!parsed.success) {
		const key = firstErrorKey(parsed.error.issues);
		return refuse(locals.locale, key === 'dilemma_not_found' ? 404 : 400, key);
	}
	const data = parsed.data;
	try {
		const saved = await saveReflection(locals, data, data.isDraft);
		return json({ id: saved.id, version: saved.version, updated_at: saved.updated_at });
	} catch (cause) {
		if (cause instanceof DbError && cause.status < 500) return refuse(locals.locale, cause.status, cause.key);
		throw cause;
	}
};
