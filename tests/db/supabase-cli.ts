import postgres from 'postgres';

/**
 * The Supabase CLI's way of running a SQL file (seed.sql with `supabase db reset`, `start` and
 * `db push --include-seed`): split into statements, sent as one pgx batch in which every
 * statement is parsed (prepared) before any of them runs, then all are executed in order in one
 * transaction. A statement that needs an object an earlier statement of the same file creates
 * (a temporary table, say) fails to prepare with 42P01, although psql runs the file fine.
 * Migrations are sent another way (pgconn's ExecBatch: each statement parsed and run in turn),
 * so this holds for seed files only.
 */

/**
 * Splits a SQL script into statements at the semicolons outside quotes, dollar quotes and
 * comments, as the CLI's parser does. Comments stay with the statement that follows them.
 */
export function splitSqlStatements(script: string): string[] {
	const statements: string[] = [];
	let start = 0;
	let i = 0;
	while (i < script.length) {
		const c = script[i];
		const next = script[i + 1];
		if (c === '-' && next === '-') {
			const end = script.indexOf('\n', i);
			i = end < 0 ? script.length : end + 1;
		} else if (c === '/' && next === '*') {
			const end = script.indexOf('*/', i + 2);
			i = end < 0 ? script.length : end + 2;
		} else if (c === "'") {
			// E'…' strings escape with a backslash; every string doubles its quote.
			const escapes = /[eE]$/.test(script.slice(Math.max(0, i - 1), i)) && !/\w/.test(script[i - 2] ?? '');
			i++;
			while (i < script.length) {
				if (escapes && script[i] === '\\') i += 2;
				else if (script[i] === "'" && script[i + 1] === "'") i += 2;
				else if (script[i] === "'") break;
				else i++;
			}
			i++;
		} else if (c === '"') {
			const end = script.indexOf('"', i + 1);
			i = end < 0 ? script.length : end + 1;
		} else if (c === '$' && !/[\w$]/.test(script[i - 1] ?? '')) {
			const tag = /^\$([A-Za-z_]\w*)?\$/.exec(script.slice(i));
			if (tag) {
				const end = script.indexOf(tag[0], i + tag[0].length);
				i = end < 0 ? script.length : end + tag[0].length;
			} else i++;
		} else if (c === ';') {
			statements.push(script.slice(start, i + 1));
			i++;
			start = i;
		} else i++;
	}
	statements.push(script.slice(start));
	return statements.map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*/g, '').trim().length > 0);
}

export interface CliReplay {
	statements: number;
	/** The statements that failed to prepare, with their SQLSTATE and message. */
	prepareErrors: { statement: number; code: string; message: string }[];
}

/**
 * Replays a SQL file against the database at `url` the CLI's way: first every statement is
 * prepared (the extended protocol's Parse and Describe, nothing executed), then, if all
 * prepared, all are executed in order in one transaction.
 */
export async function replayLikeSupabaseCli(url: string, script: string): Promise<CliReplay> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const statements = splitSqlStatements(script);
		const prepareErrors: CliReplay['prepareErrors'] = [];
		for (const [index, statement] of statements.entries()) {
			try {
				await sql.unsafe(statement).describe();
			} catch (error) {
				const { code, message } = error as { code?: string; message?: string };
				prepareErrors.push({ statement: index + 1, code: String(code), message: String(message) });
			}
		}
		if (prepareErrors.length === 0) {
			await sql.begin(async (tx) => {
				for (const statement of statements) await tx.unsafe(statement);
			});
		}
		return { statements: statements.length, prepareErrors };
	} finally {
		await sql.end();
	}
}
