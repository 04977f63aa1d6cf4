import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt from node:crypto at OWASP's current floor (N = 2^17, r = 8, p = 1: 128 MiB and a few
 * hundred milliseconds per hash here). The stored string carries its parameters, so hashes made
 * with older ones still verify and are made anew at the next login (`needsRehash`).
 */
const N = 2 ** 17;
const r = 8;
const p = 1;
const keyLength = 64;
/** scrypt needs 128 × N × r bytes; Node refuses more than 32 MiB unless told. */
const maxmem = 256 * 1024 * 1024;
/** Stored parameters beyond these are not ours: refused rather than run (a stored hash must not cost minutes). */
const largest = { n: 2 ** 20, r: 32, p: 16 };

function derive(password: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, keyLength, { N: n, r: rr, p: pp, maxmem }, (err, key) =>
			err ? reject(err) : resolve(key)
		)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, N, r, p);
	return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface Stored {
	n: number;
	r: number;
	p: number;
	salt: Buffer;
	key: Buffer;
}

function parse(stored: string | null | undefined): Stored | null {
	const parts = (stored ?? '').split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
	const [n, rr, pp] = parts.slice(1, 4).map(Number);
	const valid = (value: number | undefined, max: number): value is number =>
		Number.isInteger(value) && value! >= 1 && value! <= max;
	if (!valid(n, largest.n) || !valid(rr, largest.r) || !valid(pp, largest.p)) return null;
	return { n, r: rr, p: pp, salt: Buffer.from(parts[4]!, 'base64'), key: Buffer.from(parts[5]!, 'base64') };
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
	const hash = parse(stored);
	if (!hash) {
		// Spend the same time as a real check, so unknown accounts cannot be told apart by timing.
		await derive(password, Buffer.alloc(16), N, r, p);
		return false;
	}
	const key = await derive(password, hash.salt, hash.n, hash.r, hash.p);
	return hash.key.length === key.length && timingSafeEqual(hash.key, key);
}

/** Whether a stored hash was made with weaker parameters than today's: make it anew at login. */
export function needsRehash(stored: string | null | undefined): boolean {
	const hash = parse(stored);
	return !hash || hash.n < N || hash.r < r || hash.p < p;
}
