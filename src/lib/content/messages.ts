/**
 * User-facing messages for dilemma-set validation issues (Dutch and English).
 *
 * Keys are stable issue codes (see `SetIssue.code`); `{name}` placeholders are
 * filled from `SetIssue.params`. Shown to content editors and to teams that
 * upload or paste their own set, so keep them plain and actionable.
 */
import type { SetIssue } from './set-issue.ts';
import { fillTemplate } from '../i18n/template.ts';

export { fillTemplate };

const nl = {
	'file.empty': 'het bestand is leeg',
	'file.encoding': 'bevat tekens die niet gelezen konden worden; sla het bestand op als UTF-8-tekst',
	'file.binary': 'is geen tekstbestand',
	'file.extension': 'de bestandsnaam moet eindigen op .md',
	'file.duplicate_name': 'deze bestandsnaam komt meer dan één keer voor',
	'file.name_mismatch': 'de bestandsnaam moet {expected} zijn (nummer en slug uit de frontmatter)',
	'frontmatter.missing': "ontbreekt; het bestand moet beginnen met een regel '---', dan de velden, dan weer '---'",
	'frontmatter.unclosed': "wordt niet afgesloten met een regel '---'",
	'frontmatter.not_mapping': "moet bestaan uit velden in de vorm 'naam: waarde'",
	'yaml.invalid':
		'ongeldige YAML; controleer de inspringing en zet waarden met een dubbele punt tussen aanhalingstekens',
	'yaml.duplicate_key': 'een veld staat er meer dan één keer in',
	'field.missing': 'ontbreekt',
	'field.unknown': 'onbekend veld (tikfout?); toegestaan zijn alleen de velden uit FORMAT.md',
	'field.expected_text': 'moet tekst zijn',
	'field.expected_integer': 'moet een geheel getal zijn',
	'field.expected_list': "moet een lijst zijn (elke vraag op een eigen regel die begint met '- ')",
	'field.too_short': 'te kort: {actual} tekens, minimaal {min}',
	'field.too_long': 'te lang: {actual} tekens, maximaal {max}',
	'field.too_complex':
		'te ingewikkeld om op te maken (heel veel *, _, [, ` of < achter elkaar); haal die weg of maak kortere alinea’s',
	'field.too_few': 'te weinig vragen: {actual}, minimaal {min}',
	'field.too_many': 'te veel vragen: {actual}, maximaal {max}',
	'field.invalid': 'ongeldige waarde',
	'slug.pattern': 'mag alleen kleine letters, cijfers en losse koppeltekens bevatten, zoals zelf-doen-of-overdragen',
	'slug.duplicate': "'{slug}' wordt ook gebruikt in {other}",
	'number.out_of_range': '{value} ligt niet tussen {min} en {max}',
	'number.duplicate': 'nummer {number} wordt ook gebruikt in {other}',
	'poles.equal': 'is gelijk aan pole_left; de twee uitersten moeten verschillen',
	'set.empty': 'er zijn geen dilemmabestanden gevonden',
	'set.count': "{actual} dilemma's gevonden, verwacht precies {expected}",
	'set.numbers_missing': 'deze nummers ontbreken: {numbers}',
	'set.language_missing': 'deze taal ontbreekt in de set',
	'language.unsupported': "taal '{code}' wordt niet ondersteund (mogelijk: {allowed})",
	'language.slug_missing': "'{slug}' ontbreekt in {language}",
	'language.number_mismatch': "heeft nummer {number}, maar '{slug}' heeft in {language} nummer {expected}",
	'bundle.empty': "geen bestanden gevonden; zet boven elk bestand een regel '+++ bestandsnaam.md'",
	'bundle.leading_text':
		"tekst vóór de eerste regel '+++ bestandsnaam.md' (regel 1 t/m {lastLine}); zet boven elk bestand zo'n regel",
	'bundle.missing_name': "de regel '+++' heeft geen bestandsnaam"
} as const;

export type ContentIssueCode = keyof typeof nl;

const en: Record<ContentIssueCode, string> = {
	'file.empty': 'the file is empty',
	'file.encoding': 'contains characters that could not be read; save the file as UTF-8 text',
	'file.binary': 'is not a text file',
	'file.extension': 'the file name must end in .md',
	'file.duplicate_name': 'this file name occurs more than once',
	'file.name_mismatch': 'the file name must be {expected} (number and slug from the frontmatter)',
	'frontmatter.missing': "is missing; the file must start with a line '---', then the fields, then '---' again",
	'frontmatter.unclosed': "is not closed by a line '---'",
	'frontmatter.not_mapping': "must consist of fields written as 'name: value'",
	'yaml.invalid': 'invalid YAML; check the indentation and put values containing a colon in quotes',
	'yaml.duplicate_key': 'a field occurs more than once',
	'field.missing': 'missing',
	'field.unknown': 'unknown field (typo?); only the fields from FORMAT.md are allowed',
	'field.expected_text': 'must be text',
	'field.expected_integer': 'must be a whole number',
	'field.expected_list': "must be a list (each question on its own line starting with '- ')",
	'field.too_short': 'too short: {actual} characters, at least {min}',
	'field.too_long': 'too long: {actual} characters, at most {max}',
	'field.too_complex':
		'too complex to format (very many *, _, [, ` or < in a row); remove them or use shorter paragraphs',
	'field.too_few': 'too few questions: {actual}, at least {min}',
	'field.too_many': 'too many questions: {actual}, at most {max}',
	'field.invalid': 'invalid value',
	'slug.pattern': 'may only contain lowercase letters, digits and single hyphens, like zelf-doen-of-overdragen',
	'slug.duplicate': "'{slug}' is also used in {other}",
	'number.out_of_range': '{value} is not between {min} and {max}',
	'number.duplicate': 'number {number} is also used in {other}',
	'poles.equal': 'is the same as pole_left; the two ends must differ',
	'set.empty': 'no dilemma files were found',
	'set.count': 'found {actual} dilemmas, expected exactly {expected}',
	'set.numbers_missing': 'these numbers are missing: {numbers}',
	'set.language_missing': 'this language is missing from the set',
	'language.unsupported': "language '{code}' is not supported (possible: {allowed})",
	'language.slug_missing': "'{slug}' is missing in {language}",
	'language.number_mismatch': "has number {number}, but '{slug}' has number {expected} in {language}",
	'bundle.empty': "no files found; put a line '+++ filename.md' above each file",
	'bundle.leading_text':
		"text before the first line '+++ filename.md' (lines 1 to {lastLine}); put such a line above each file",
	'bundle.missing_name': "the line '+++' has no file name"
};

export type ContentLocale = 'nl' | 'en';

export const contentMessages: Record<ContentLocale, Record<ContentIssueCode, string>> = { nl, en };

/** Language names as they read inside a sentence ("ontbreekt in het Engels"). */
const languageNames: Record<ContentLocale, Record<string, string>> = {
	nl: { nl: 'het Nederlands', en: 'het Engels' },
	en: { nl: 'Dutch', en: 'English' }
};

const lineWord: Record<ContentLocale, string> = { nl: 'regel', en: 'line' };

/** The message part of an issue, without file and field. */
export function issueMessage(issue: SetIssue, locale: ContentLocale): string {
	const template = contentMessages[locale][issue.code] ?? issue.code;
	const params: Record<string, string | number> = { ...issue.params };
	if (typeof params.language === 'string') {
		params.language = languageNames[locale][params.language] ?? params.language;
	}
	return fillTemplate(template, params);
}

/**
 * One readable line per issue, e.g.
 * "nl/07-wijk-of-wachtlijst.md — pole_right: ontbreekt" or
 * "nl/07-wijk-of-wachtlijst.md (regel 6) — title: te kort: 2 tekens, minimaal 3".
 */
export function formatIssue(issue: SetIssue, locale: ContentLocale): string {
	const where = issue.line ? `${issue.file} (${lineWord[locale]} ${issue.line})` : issue.file;
	return `${where} — ${issue.field}: ${issueMessage(issue, locale)}`;
}

/** All issues, one per line. */
export function formatIssues(issues: readonly SetIssue[], locale: ContentLocale): string {
	return issues.map((issue) => formatIssue(issue, locale)).join('\n');
}
