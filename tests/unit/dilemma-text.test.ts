import { describe, expect, it } from 'vitest';
import { practiceCase } from '$lib/domain/dilemma-text';
import { loadBuiltinDilemmaSet } from '$lib/content/builtin';
import { dilemmasInLanguage } from '$lib/content/dilemma-set';

describe('practiceCase', () => {
	it('takes the section under "Uit de praktijk" up to the next heading', () => {
		const body =
			'## De spanning\n\nA.\n\n## Uit de praktijk\n\nSamira houdt inloop.\n\nTweede alinea.\n\n## Daarna\n\nNiet dit.';
		expect(practiceCase(body)).toBe('Samira houdt inloop.\n\nTweede alinea.');
	});

	it('finds the English heading, and nothing where a set has no case', () => {
		expect(practiceCase('## From practice\nA case.')).toBe('A case.');
		expect(practiceCase('## De spanning\n\nGeen casus hier.')).toBeNull();
		expect(practiceCase('## Uit de praktijk\n\n')).toBeNull();
	});

	it('every built-in dilemma has a case in both languages', () => {
		const set = loadBuiltinDilemmaSet();
		for (const lang of ['nl', 'en'] as const) {
			for (const dilemma of dilemmasInLanguage(set, lang))
				expect(practiceCase(dilemma.body), `${lang} ${dilemma.slug}`).toBeTruthy();
		}
	});
});
