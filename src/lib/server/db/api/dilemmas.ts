import { z } from 'zod';
import { dilemmaSlug, id, locale, setName } from '$lib/domain/schemas';
import { dilemmaFrontmatterSchema } from '$lib/content/dilemma-set';
import { count, none, timestamp, type Calls } from './common';

/** The dilemma library and the sets a team imports and activates. */

export const dilemma = z.object({
	id,
	slug: z.string(),
	lang: locale,
	number: count,
	theme: z.string(),
	title: z.string(),
	pole_left: z.string(),
	pole_right: z.string(),
	summary: z.string(),
	body_md: z.string(),
	team_questions: z.array(z.string()),
	reflection_questions: z.array(z.string())
});
export type DilemmaRow = z.infer<typeof dilemma>;
export const dilemmaSetInfo = z.object({
	id,
	name: z.string(),
	version: count,
	team_id: id.nullable(),
	languages: z.array(locale),
	lang: locale
});
/** A validated dilemma on its way into the database (see src/lib/content/dilemma-set.ts). */
export const importedDilemma = dilemmaFrontmatterSchema(99).extend({
	language: locale,
	body: z.string().min(300).max(6000)
});

export const dilemmaCalls = {
	dilemma_library: {
		args: z.object({ lang: locale, teamId: id.optional() }),
		result: z.object({ set: dilemmaSetInfo, dilemmas: z.array(dilemma) })
	},
	dilemma_detail: {
		args: z.object({ slug: dilemmaSlug, lang: locale, teamId: id.optional() }),
		result: z.object({ set: dilemmaSetInfo, dilemma })
	},
	import_dilemma_set: {
		args: z.object({
			teamId: id.nullable(),
			name: setName,
			fingerprint: z.string().regex(/^[a-f0-9]{64}$/),
			dilemmas: z.array(importedDilemma).min(1).max(200)
		}),
		result: z.object({ id, version: count, created: z.boolean() })
	},
	// A facilitator's import: the set is stored and taken into use in one transaction.
	import_and_activate_dilemma_set: {
		args: z.object({
			teamId: id,
			name: setName,
			fingerprint: z.string().regex(/^[a-f0-9]{64}$/),
			dilemmas: z.array(importedDilemma).min(1).max(200)
		}),
		result: z.object({ id, version: count, created: z.boolean() })
	},
	team_dilemma_sets: {
		args: z.object({ teamId: id }),
		result: z.array(
			z.object({
				id,
				name: z.string(),
				version: count,
				builtin: z.boolean(),
				languages: z.array(locale),
				created_at: timestamp,
				active: z.boolean(),
				dilemma_count: count
			})
		)
	},
	activate_dilemma_set: { args: z.object({ teamId: id, setId: id }), result: none }
} as const satisfies Calls;
