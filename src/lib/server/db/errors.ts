import { isErrorKey } from '$lib/i18n/error-key';

/**
 * Every failure that crosses the database port becomes a DbError: an HTTP status, a message key
 * the i18n layer translates (`errors.<key>`), and the SQLSTATE it came from, for logs.
 */
export class DbError extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503,
		readonly key: string,
		readonly sqlstate?: string,
		readonly details?: unknown
	) {
		super(key);
		this.name = 'DbError';
	}
}

// Our migrations raise message keys with these SQLSTATEs (see the header of the first migration);
// constraint violations that slip past a function's own checks map to the same classes.
const statusBySqlstate: Record<string, DbError['status']> = {
	'22023': 400, // invalid_parameter_value: bad input, checked by a function
	'22001': 400, // string_data_right_truncation
	'22P02': 400, // invalid_text_representation (e.g. a malformed uuid)
	'22021': 400, // character_not_in_repertoire (e.g. a NUL character in text)
	'22P05': 400, // untranslatable_character (e.g. a NUL character in jsonb)
	'22003': 400, // numeric_value_out_of_range
	'22007': 400, // invalid_datetime_format
	'22008': 400, // datetime_field_overflow
	'23502': 400, // not_null_violation
	'23503': 404, // foreign_key_violation: a referenced row that does not exist (for you)
	'23514': 400, // check_violation
	'23505': 409, // unique_violation
	'23001': 409, // restrict_violation (PGlite, PostgreSQL 18; version 15 reports 23503)
	'42501': 403, // insufficient_privilege: RLS or a role check
	P0002: 404, // no_data_found
	P0001: 409 // raise exception: refused by a rule of the domain
};

const genericKeyByStatus: Record<number, string> = {
	400: 'invalid_input',
	403: 'forbidden',
	404: 'not_found',
	409: 'conflict'
};

/**
 * The database cannot be reached (down, restarting, gone, or the connection broke): a 503, never
 * a logout or a 500. Node's socket errors, postgres.js's connection errors, and the SQLSTATEs of
 * connection exceptions (class 08), shutdowns (57P01–57P03), a missing database and a full server.
 */
const outageCodes = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'57P01',
	'57P02',
	'57P03',
	'3D000',
	'53300'
]);
export function isDatabaseOutage(error: unknown): boolean {
	if (error instanceof DbError) return error.status === 503;
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && (outageCodes.has(code) || code.startsWith('08'));
}

/** Maps a PostgreSQL error (from PGlite, postgres.js or PostgREST) to a DbError. */
export function fromPostgresError(error: { code?: unknown; message?: unknown }): DbError {
	const code = typeof error.code === 'string' ? error.code : undefined;
	const message = typeof error.message === 'string' ? error.message : '';
	if (isDatabaseOutage(error)) return new DbError(503, 'database_unavailable', code, message);
	const status = code ? statusBySqlstate[code] : undefined;
	if (!status) return new DbError(500, 'internal', code, message);
	// Our own raises carry a message key; Postgres' own messages are replaced by a generic key.
	const key = isErrorKey(message) ? message : genericKeyByStatus[status];
	return new DbError(status, key, code);
}
