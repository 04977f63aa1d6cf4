import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DbError } from '$lib/server/db/errors';
import type { Actor } from '$lib/server/db/port';
import type { TestDatabase } from './harness';

/**
 * A stand-in for the part of a Supabase project the SupabaseBackend talks to: the API gateway's
 * `apikey` check and PostgREST's RPC endpoint (`POST /rest/v1/rpc/<fn>`), as documented in
 * https://docs.postgrest.org/en/stable/references/errors.html and .../api/functions.html.
 *
 * It verifies the HS256 JWT in `Authorization: Bearer …` with its own secret, turns the claims
 * into an Actor, runs the function through SqlBackend over a migrated database (so the same
 * role switch, claims and RLS apply as on the SQL backends) and answers the way PostgREST does:
 * the function's JSON result as the body (204 without a body for void functions), errors as
 * {code, message, details, hint} with PostgREST's HTTP status for the SQLSTATE.
 *
 * Simplifications, on purpose: only POST with a JSON object body; no GET/HEAD calls, no
 * `Prefer` handling, no table endpoints; `aud` is not checked (Supabase does not configure
 * PostgREST's jwt-aud either). SqlBackend already turns a Postgres error into a DbError, so the
 * error body carries our message key (or the generic key that replaced Postgres' own message),
 * not Postgres' original text; the SQLSTATE is the real one.
 */

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
	/** The actor the stand-in resolved from the JWT, when it got that far. */
	actor?: Actor;
	/** The HTTP status the stand-in answered with. */
	status?: number;
	/** The error body it answered with, if any. */
	error?: PostgrestErrorBody;
}

export interface PostgrestErrorBody {
	code: string;
	message: string;
	details: string | null;
	hint: string | null;
}

export interface PostgrestStandIn {
	/** The project URL to give supabase-js (the stand-in serves `${url}/rest/v1/rpc/<fn>`). */
	url: string;
	/** A JWT with role anon, as a legacy Supabase anon key is. */
	anonKey: string;
	/** A JWT with role service_role. */
	serviceRoleKey: string;
	secret: string;
	requests: RecordedRequest[];
	/** Signs claims with the stand-in's secret; `exp` defaults to an hour from now. */
	mint(claims: Record<string, unknown>): string;
	/** An access token for a user as Supabase Auth would issue it. */
	tokenFor(user: Actor & { kind: 'user' }, options?: { expiresInSeconds?: number }): string;
	close(): Promise<void>;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function signJwt(claims: Record<string, unknown>, secret: string): string {
	const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const payload = base64url(JSON.stringify(claims));
	const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
	return `${header}.${payload}.${signature}`;
}

export class JwtError extends Error {
	constructor(
		readonly code: 'PGRST301' | 'PGRST303',
		message: string
	) {
		super(message);
	}
}

/** Verifies an HS256 JWT and returns its claims; throws JwtError the way PostgREST refuses one. */
export function verifyJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)) {
	const parts = token.split('.');
	if (parts.length !== 3) throw new JwtError('PGRST301', 'Expected 3 parts in JWT; got ' + parts.length);
	const [headerPart, payloadPart, signaturePart] = parts;
	let header: { alg?: unknown };
	let claims: Record<string, unknown>;
	try {
		header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
		claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
	} catch {
		throw new JwtError('PGRST301', 'JWT cryptographic operation failed');
	}
	if (header.alg !== 'HS256') throw new JwtError('PGRST301', 'Wrong or unsupported encoding algorithm');
	const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
	const given = Buffer.from(signaturePart, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		throw new JwtError('PGRST301', 'No suitable key or wrong key type');
	}
	if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
		throw new JwtError('PGRST301', 'Parsing claims failed');
	}
	if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) throw new JwtError('PGRST303', 'JWT expired');
	return claims;
}

/** PostgREST's table "HTTP Status Codes" (errors reference), for the SQLSTATE of a failed call. */
export function postgrestStatus(sqlstate: string, role: string): number {
	const exact: Record<string, number> = {
		'23503': 409,
		'23505': 409,
		'25006': 405,
		'53400': 500,
		'42883': 404,
		'42P01': 404,
		'42P17': 500,
		P0001: 400
	};
	if (sqlstate === '42501') return role === 'anon' ? 401 : 403;
	if (exact[sqlstate]) return exact[sqlstate];
	const byClass: [string, number][] = [
		['08', 503],
		['09', 500],
		['0L', 403],
		['0P', 403],
		['25', 500],
		['28', 403],
		['2D', 500],
		['38', 500],
		['39', 500],
		['3B', 500],
		['40', 500],
		['53', 503],
		['54', 500],
		['55', 500],
		['57', 500],
		['58', 500],
		['F0', 500],
		['HV', 500],
		['P0', 500],
		['XX', 500]
	];
	for (const [prefix, status] of byClass) if (sqlstate.startsWith(prefix)) return status;
	return 400;
}

function actorFromClaims(claims: Record<string, unknown>): Actor | null {
	switch (claims.role) {
		case 'anon':
			return { kind: 'anon' };
		case 'service_role':
			return { kind: 'service' } as Actor;
		case 'authenticated':
			if (typeof claims.sub !== 'string' || !claims.sub) return null;
			return {
				kind: 'user',
				userId: claims.sub,
				isAnonymous: claims.is_anonymous === true,
				email: typeof claims.email === 'string' && claims.email ? claims.email : null
			};
		default:
			return null;
	}
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

interface Signature {
	names: string[];
	required: string[];
	returnsVoid: boolean;
}

export async function startPostgrestStandIn(
	db: TestDatabase,
	options: { secret?: string } = {}
): Promise<PostgrestStandIn> {
	const secret = options.secret ?? randomBytes(32).toString('hex');
	const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
	const mint = (claims: Record<string, unknown>) => signJwt({ exp: inAnHour(), ...claims }, secret);
	const anonKey = signJwt({ iss: 'supabase', role: 'anon', exp: inAnHour() + 10 * 365 * 86400 }, secret);
	const serviceRoleKey = signJwt({ iss: 'supabase', role: 'service_role', exp: inAnHour() + 10 * 365 * 86400 }, secret);
	const requests: RecordedRequest[] = [];
	const signatures = new Map<string, Signature | null>();

	// PostgREST's schema cache: the function's named IN parameters, which of them have defaults,
	// and whether it returns void.
	async function signatureOf(fn: string): Promise<Signature | null> {
		if (signatures.has(fn)) return signatures.get(fn)!;
		const rows = await db.executor.transaction((query) =>
			query(
				`select coalesce(p.proargnames, '{}'::text[]) as names, p.pronargs as nargs,
				        p.pronargdefaults as ndefaults, p.prorettype = 'void'::regtype as returns_void
				 from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname = $1`,
				[fn]
			)
		);
		const row = rows[0];
		const signature = row
			? (() => {
					const names = (row.names as string[]).slice(0, Number(row.nargs));
					return {
						names,
						required: names.slice(0, names.length - Number(row.ndefaults)),
						returnsVoid: Boolean(row.returns_void)
					};
				})()
			: null;
		signatures.set(fn, signature);
		return signature;
	}

	async function handle(request: IncomingMessage, response: ServerResponse, record: RecordedRequest) {
		const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
			record.status = status;
			if (body === undefined) {
				response.writeHead(status, headers).end();
				return;
			}
			response
				.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
				.end(JSON.stringify(body));
		};
		const fail = (status: number, error: PostgrestErrorBody, headers: Record<string, string> = {}) => {
			record.error = error;
			send(status, error, headers);
		};
		const pgrst = (code: string, message: string, hint: string | null = null, details: string | null = null) => ({
			code,
			message,
			details,
			hint
		});

		// The gateway in front of PostgREST: no apikey, no entry.
		const apikey = request.headers.apikey;
		if (!apikey) {
			record.status = 401;
			response.writeHead(401, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					message: 'No API key found in request',
					hint: 'No `apikey` request header or url param was found.'
				})
			);
			return;
		}
		if (apikey !== anonKey && apikey !== serviceRoleKey) {
			record.status = 401;
			response.writeHead(401, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					message: 'Invalid API key',
					hint: 'Double check your Supabase `anon` or `service_role` API key.'
				})
			);
			return;
		}

		const match = /^\/rest\/v1\/rpc\/([^/?]+)$/.exec(record.path);
		if (!match) return fail(404, pgrst('PGRST125', `Invalid path specified in request URL`));
		if (request.method !== 'POST') {
			return fail(
				405,
				pgrst('PGRST101', 'Only GET, HEAD and POST are allowed for functions; this stand-in serves POST')
			);
		}
		const fn = decodeURIComponent(match[1]);
		const profile = request.headers['content-profile'];
		if (profile !== undefined && profile !== 'public') {
			return fail(
				406,
				pgrst('PGRST106', `Invalid schema: ${profile}`, 'Only the following schemas are exposed: public')
			);
		}

		// Authorization: the bearer token decides the role; without one, PostgREST uses anon.
		let claims: Record<string, unknown> = { role: 'anon' };
		const authorization = request.headers.authorization;
		if (authorization) {
			const bearer = /^Bearer (\S+)$/i.exec(authorization);
			if (!bearer) return fail(401, pgrst('PGRST301', 'Expected a Bearer token'));
			try {
				claims = verifyJwt(bearer[1], secret);
			} catch (error) {
				if (!(error instanceof JwtError)) throw error;
				return fail(401, pgrst(error.code, error.message), {
					'www-authenticate': `Bearer error="invalid_token", error_description="${error.message}"`
				});
			}
		}
		const actor = actorFromClaims(claims);
		if (!actor) return fail(401, pgrst('PGRST301', 'JWT role or subject not accepted by the stand-in'));
		record.actor = actor;

		const contentType = request.headers['content-type'] ?? '';
		if (!contentType.startsWith('application/json')) {
			return fail(415, pgrst('PGRST107', `Content-Type not acceptable: ${contentType}`));
		}
		const args = record.body;
		if (typeof args !== 'object' || args === null || Array.isArray(args)) {
			return fail(400, pgrst('PGRST102', 'Empty or invalid json'));
		}

		const signature = await signatureOf(fn);
		const given = Object.keys(args);
		if (
			!signature ||
			given.some((name) => !signature.names.includes(name)) ||
			signature.required.some((name) => !given.includes(name))
		) {
			return fail(
				404,
				pgrst(
					'PGRST202',
					`Could not find the function public.${fn}(${[...given].sort().join(', ')}) in the schema cache`,
					null,
					`Searched for the function public.${fn} with parameters ${given.sort().join(', ') || 'none'}, but no matches were found in the schema cache.`
				)
			);
		}

		let result: unknown;
		try {
			result = await db.backend.rpc(fn, args as Record<string, unknown>, actor);
		} catch (error) {
			if (error instanceof DbError) {
				const code = error.sqlstate ?? 'XX000';
				const role = actor.kind === 'anon' ? 'anon' : 'authenticated';
				return fail(postgrestStatus(code, role), { code, message: error.key, details: null, hint: null });
			}
			return fail(500, pgrst('XX000', error instanceof Error ? error.message : String(error)));
		}
		if (signature.returnsVoid) return send(204);
		send(200, result ?? null);
	}

	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? '/', 'http://stand-in');
		const raw = await readBody(request);
		let body: unknown = raw;
		try {
			body = raw ? JSON.parse(raw) : undefined;
		} catch {
			// Left as text; the handler answers PGRST102.
		}
		const record: RecordedRequest = {
			method: request.method ?? '',
			path: url.pathname,
			headers: request.headers,
			body
		};
		requests.push(record);
		try {
			await handle(request, response, record);
		} catch (error) {
			record.status = 500;
			if (!response.headersSent) {
				response
					.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
					.end(JSON.stringify({ code: 'XX000', message: String(error), details: null, hint: null }));
			}
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		anonKey,
		serviceRoleKey,
		secret,
		requests,
		mint,
		tokenFor: (user, opts = {}) =>
			signJwt(
				{
					iss: 'supabase-stand-in',
					aud: 'authenticated',
					role: 'authenticated',
					sub: user.userId,
					email: user.email ?? '',
					is_anonymous: user.isAnonymous,
					exp: Math.floor(Date.now() / 1000) + (opts.expiresInSeconds ?? 3600)
				},
				secret
			),
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			})
	};
}
