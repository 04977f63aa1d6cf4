// The Node every part of Werkplaats runs on: the server, vite and vitest (and their workers),
// Playwright and the scripts. Plain JavaScript, so the scripts in scripts/ import it as it is.
//
// The build machines have Node 20 only; the `node` devDependency puts Node 24 in
// node_modules/.bin, and npm puts that folder first on the PATH of everything it starts
// (`npm start`, `npm test`, `npm run …`, `npx …`). Started any other way (`node build` in a plain
// shell, ./node_modules/.bin/vite), a program gets the system's Node: this says so, by name.

/** The oldest Node that runs everything (vitest 5, sanitize-html 2.18); package.json engines says the same. */
export const minimumNode = '22.12.0';

/**
 * Whether a Node version (process.versions.node) is at least minimumNode.
 * @param {string} version
 */
export function nodeIsRecentEnough(version) {
	const have = version.replace(/^v/, '').split('.').map(Number);
	const need = minimumNode.split('.').map(Number);
	for (let i = 0; i < need.length; i++) {
		if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i];
	}
	return true;
}

/**
 * Stops with a clear message when this process runs on a Node older than minimumNode.
 * @param {string} what the program, for the message ("the server", "vitest", …)
 */
export function requireRecentNode(what) {
	if (nodeIsRecentEnough(process.versions.node)) return;
	const message =
		`Werkplaats: ${what} needs Node ${minimumNode} or newer, but runs on Node ${process.version} ` +
		`(${process.execPath}). Start it through npm (npm start, npm test, npm run …, npx …), which ` +
		`runs it on the Node 24 that npm install put in node_modules/.bin, or install Node 22 or 24.`;
	console.error(message);
	process.exit(1);
}
