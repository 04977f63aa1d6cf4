import { z } from 'zod';
import { dilemmaSlug, id } from '$lib/domain/schemas';
import { expectedVersion, position } from '$lib/domain/session-schemas';
import { reflectionBody } from '$lib/domain/reflection-schemas';
import { none, timestamp, type Calls } from './common';

/** The reflection journal: a person's own entries, and those shared with a team. */

export const reflection = z.object({
	id,
	dilemma_slug: z.string(),
	set_id: id.nullable(),
	body_md: z.string(),
	value: z.number().int().nullable(),
	desired: z.number().int().nullable(),
	is_draft: z.boolean(),
	shared_with_team_id: id.nullable(),
	shared_team_name: z.string().nullable(),
	shared_at: timestamp.nullable(),
	version: z.number().int(),
	created_at: timestamp,
	updated_at: timestamp
});
export type Reflection = z.infer<typeof reflection>;
export const sharedReflection = z.object({
	id,
	dilemma_slug: z.string(),
	author_name: z.string(),
	mine: z.boolean(),
	body_md: z.string(),
	value: z.number().int().nullable(),
	desired: z.number().int().nullable(),
	shared_at: timestamp,
	created_at: timestamp,
	updated_at: timestamp
});
export type SharedReflection = z.infer<typeof sharedReflection>;

export const reflectionCalls = {
	save_reflection: {
		args: z.object({
			id,
			dilemmaSlug,
			bodyMd: reflectionBody,
			value: position.nullable(),
			desired: position.nullable(),
			isDraft: z.boolean(),
			expectedVersion,
			setId: id.optional()
		}),
		result: reflection
	},
	delete_reflection: { args: z.object({ reflectionId: id }), result: none },
	share_reflection: { args: z.object({ reflectionId: id, teamId: id }), result: reflection },
	unshare_reflection: { args: z.object({ reflectionId: id }), result: reflection },
	my_reflections: { args: z.object({ dilemmaSlug: dilemmaSlug.optional() }), result: z.array(reflection) },
	team_shared_reflections: { args: z.object({ teamId: id, dilemmaSlug }), result: z.array(sharedReflection) }
} as const satisfies Calls;
