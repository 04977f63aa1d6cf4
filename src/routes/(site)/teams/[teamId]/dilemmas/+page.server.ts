import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { id, locale as localeSchema, setName } from '$lib/domain/schemas';
import { validatePastedBundle, type DilemmaSet } from '$lib/content/dilemma-set';
import { computeSetFingerprint } from '$lib/content/fingerprint';
import { formatIssue } from '$lib/content/messages';
import { renderMarkdown } from '$lib/markdown';
import { actionError, formAction, parseForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/guards';
import { teamIdFrom } from '$lib/server/params';
import { loadTeamPage } from '$lib/server/teams';
import { toImportRows } from '$lib/server/dilemma-sets';

const maxBundleLength = 400_000;
const maxFiles = 60;

const importFields = z.object({
	name: setName,
	language: localeSchema
});

/**
 * Uploaded files become one pasted bundle (`+++ name.md` before each file), so preview and
 * confirm validate exactly the same text, and the confirm step needs no second upload.
 */
async function bundleFrom(form: FormData): Promise<string | { error: string }> {
	const files = form.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
	if (files.length > maxFiles) return { error: 'dilemmas.import.tooLarge' };
	const parts: string[] = [];
	for (const file of files) {
		const name = file.name.replace(/[\r\n]/g, ' ').trim() || 'bestand.md';
		parts.push(`+++ ${name}\n${await file.text()}`);
	}
	const pasted = form.get('bundle');
	const text = parts.length ? parts.join('\n') : typeof pasted === 'string' ? pasted : '';
	if (text.length > maxBundleLength) return { error: 'dilemmas.import.tooLarge' };
	if (!text.trim()) return { error: 'dilemmas.import.nothing' };
	return text;
}

function preview(set: DilemmaSet) {
	return set.dilemmas.map((d) => ({
		number: d.number,
		slug: d.slug,
		title: d.title,
		theme: d.theme,
		pole_left: d.pole_left,
		pole_right: d.pole_right,
		summary: d.summary,
		bodyHtml: renderMarkdown(d.body)
	}));
}

export const load: PageServerLoad = async (event) => {
	const { locals, parent } = event;
	return loadTeamPage(event, async (teamId) => {
		const [, sets] = await Promise.all([parent(), locals.db.call('team_dilemma_sets', { teamId })]);
		return { sets };
	});
};

export const actions: Actions = {
	/** Validates the files and shows what would be imported, or exactly what is wrong. */
	preview: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		teamIdFrom(params, locals.locale);
		const form = await request.formData().catch(() => null);
		if (!form) return fail(400, { error: 'invalid_input' });
		const fields = importFields.safeParse({ name: form.get('name') ?? '', language: form.get('language') ?? '' });
		const bundle = await bundleFrom(form);
		const values = { name: String(form.get('name') ?? ''), language: String(form.get('language') ?? 'nl') };
		if (!fields.success) {
			const errors = Object.fromEntries(fields.error.issues.map((i) => [String(i.path[0]), i.message]));
			return fail(400, { values, errors, bundle: typeof bundle === 'string' ? bundle : '' });
		}
		if (typeof bundle !== 'string') return fail(400, { values, message: bundle.error });
		const result = validatePastedBundle(bundle, { language: fields.data.language });
		if (!result.ok) {
			return fail(400, { values, bundle, problems: result.issues.map((i) => formatIssue(i, locals.locale)) });
		}
		return { values, bundle, preview: preview(result.set) };
	},
	/** Imports the previewed bundle (validated again: the hidden field is user input too) and activates it. */
	confirm: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		const { data, failure } = await parseForm(
			request,
			importFields.extend({ bundle: z.string().max(maxBundleLength, { error: 'form_too_large' }) })
		);
		if (failure) return failure;
		const result = validatePastedBundle(data.bundle, { language: data.language });
		if (!result.ok) {
			return fail(400, { problems: result.issues.map((i) => formatIssue(i, locals.locale)) });
		}
		try {
			const imported = await locals.db.call('import_and_activate_dilemma_set', {
				teamId,
				name: data.name,
				fingerprint: computeSetFingerprint(result.set),
				dilemmas: toImportRows(result.set)
			});
			return { imported: { version: imported.version, created: imported.created } };
		} catch (cause) {
			return actionError(cause);
		}
	},
	activate: async ({ request, locals, params, url }) => {
		requireUser(locals, url);
		const teamId = teamIdFrom(params, locals.locale);
		return formAction(request, z.object({ setId: id }), async (data) => {
			await locals.db.call('activate_dilemma_set', { teamId, setId: data.setId });
			return { activated: true };
		});
	}
};
