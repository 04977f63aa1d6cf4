import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Access tokens for participants who join a session by code on Supabase, signed by the server
 * with the project's JWT secret (HS256, as Supabase Auth signs with it), so PostgREST accepts
 * them like the tokens of signInAnonymously: the same claims, the same RLS, and no Supabase Auth
 * call per phone. See migration 20261204221000_participants_without_sign_in.sql.
 */

/** How long a participant's token lasts: a long meeting. Then they join again with the code. */
export const participantTokenSeconds = 12 * 3600;

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const sign = (input: string, secret: string) => createHmac('sha256', secret).update(input).digest();

export function signParticipantToken(
	userId: string,
	secret: string,
	issuer: string,
	now = Math.floor(Date.now() / 1000)
): string {
	const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const payload = base64url(
		JSON.stringify({
			iss: issuer,
			aud: 'authenticated',
			role: 'authenticated',
			sub: userId,
			is_anonymous: true,
			aal: 'aal1',
			amr: [{ method: 'anonymous', timestamp: now }],
			app_metadata: { provider: 'werkplaats_participant', providers: [] },
			user_metadata: {},
			iat: now,
			exp: now + participantTokenSeconds
		})
	);
	return `${header}.${payload}.${sign(`${header}.${payload}`, secret).toString('base64url')}`;
}

/** The participant's id when the token is one this server signed and it has not expired, else null. */
export function verifyParticipantToken(
	token: string,
	secret: string,
	now = Math.floor(Date.now() / 1000)
): string | null {
	const parts = token.split('.');
	if (parts.length !== 3) return null;
	const [header, payload, signature] = parts;
	const expected = sign(`${header}.${payload}`, secret);
	const given = Buffer.from(signature, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
		const valid =
			claims.role === 'authenticated' &&
			claims.is_anonymous === true &&
			typeof claims.sub === 'string' &&
			typeof claims.exp === 'number' &&
			claims.exp > now;
		return valid ? claims.sub : null;
	} catch {
		return null;
	}
}
