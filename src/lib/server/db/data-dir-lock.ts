import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config';

/**
 * One server per embedded data folder. PGlite does not lock its folder, so a second `npm start`
 * on the same folder would open it too, and the two processes would write one database and
 * silently diverge. The first process leaves its pid in `werkplaats.pid`; a later one refuses to
 * start while that process lives, and takes over a file left by one that died (a crash or a kill).
 */
export function lockDataDir(dataDir: string): { release(): void } {
	const path = join(dataDir, 'werkplaats.pid');
	for (let attempt = 0; attempt < 2; attempt++) {
		let fd: number;
		try {
			fd = openSync(path, 'wx');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
			if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
				throw new ConfigError(
					`the embedded database in ${dataDir} is in use by another Werkplaats process (pid ${holder}). ` +
						'The embedded mode is one server by design; for several servers use PostgreSQL (DATABASE_URL).'
				);
			}
			// Left by a process that is gone (or by this one): take it over.
			unlinkSync(path);
			continue;
		}
		writeSync(fd, String(process.pid));
		closeSync(fd);
		return {
			release() {
				try {
					if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
				} catch {
					// Already gone: nothing to release.
				}
			}
		};
	}
	throw new ConfigError(`could not claim the embedded database in ${dataDir}; try again.`);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else, which still means alive.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
