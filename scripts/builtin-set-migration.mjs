// Writes supabase/migrations/<now>_builtin_dilemma_set.sql: a migration that installs the built-in
// dilemma set of src/lib/content/dilemmas, unless the newest such migration already holds it.
// Run with `npm run db:builtin-set` after changing the texts (the db tests say when).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'vite';
import { requireRecentNode } from '../src/lib/node-version.js';

requireRecentNode('db:builtin-set');

const server = await createServer({
	server: { middlewareMode: true, hmr: false },
	appType: 'custom',
	logLevel: 'error'
});
try {
	const { builtinSetMigrationSql } = await server.ssrLoadModule('/src/lib/server/dilemma-sets.ts');
	const sql = builtinSetMigrationSql();
	const folder = 'supabase/migrations';
	const files = readdirSync(folder)
		.filter((f) => /^\d{14}_.*\.sql$/.test(f))
		.sort();
	const newest = files.filter((f) => f.endsWith('_builtin_dilemma_set.sql')).at(-1);
	if (newest && readFileSync(`${folder}/${newest}`, 'utf8') === sql) {
		console.log(`${folder}/${newest} already installs these texts`);
	} else {
		// Now, but after every migration there is (a timestamp in the past would run out of order).
		const now = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
		const last = files.at(-1)?.slice(0, 14) ?? '0';
		const stamp = now > last ? now : String(BigInt(last) + 1n);
		writeFileSync(`${folder}/${stamp}_builtin_dilemma_set.sql`, sql);
		console.log(`wrote ${folder}/${stamp}_builtin_dilemma_set.sql`);
	}
} finally {
	await server.close();
}
