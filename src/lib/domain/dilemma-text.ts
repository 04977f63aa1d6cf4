/**
 * Parts of a dilemma's Markdown body (src/lib/content/FORMAT.md): the practice case is the
 * section headed "Uit de praktijk" (en: "From practice"). Imported sets may name it otherwise or
 * leave it out; then there is no case to show, never a guess.
 */
const practiceHeadings = /^##\s+(uit de praktijk|from practice)\s*$/i;

export function practiceCase(bodyMd: string): string | null {
	const lines = bodyMd.split(/\r?\n/);
	const start = lines.findIndex((line) => practiceHeadings.test(line.trim()));
	if (start === -1) return null;
	const rest = lines.slice(start + 1);
	const end = rest.findIndex((line) => /^#{1,2}\s/.test(line.trim()));
	const section = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim();
	return section || null;
}
