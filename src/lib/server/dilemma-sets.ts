import type { DilemmaSet } from '$lib/content/dilemma-set';
import type { Locale } from '$lib/domain/schemas';
import { loadBuiltinDilemmaSet } from '$lib/content/builtin';
import { DbClient, serverItself, type Backend } from './db/port';

export const builtinSetName = 'Het wijkteam als werkplaats — twintig dilemma’s';

/**
 * The shape the import function takes: the validated dilemmas without their file names. The
 * language is checked again by the port's zod schema, hence the plain cast.
 */
export function toImportRows(set: DilemmaSet) {
	return set.dilemmas.map(({ file: _file, language, ...dilemma }) => ({ ...dilemma, language: language as Locale }));
}

/**
 * Installs the built-in set from src/lib/content on start-up, through the same SQL function a
 * facilitator's import uses. Unchanged content is recognised by its fingerprint and skipped.
 */
export async function installBuiltinDilemmaSet(backend: Backend): Promise<{ version: number; created: boolean }> {
	const set = loadBuiltinDilemmaSet();
	return new DbClient(backend, serverItself).call('import_dilemma_set', {
		teamId: null,
		name: builtinSetName,
		fingerprint: set.fingerprint,
		dilemmas: toImportRows(set)
	});
}
