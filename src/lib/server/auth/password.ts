import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt from node:crypto; the stored string carries its parameters, so they can be raised later. */
const N = 16384;
const r = 8;
const p = 1;
const keyLength = 64;

function derive(password: string, salt: Buffer, n: number, rr: number, pp: number): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, keyLength, { N: n, r: rr, p: pp, maxmem: 64 * 1024 * 1024 }, (err, key) =>
			err ? reject(err) : resolve(key)
		)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, N, r, p);
	return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
	const parts = (stored ?? '').split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') {
		// Spend the same time as a real check, so unknown accounts cannot be told apart by timing.
		await derive(password, Buffer.alloc(16), N, r, p);
		return false;
	}
	const [, n, rr, pp, salt, expected] = parts;
	const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(rr), Number(pp));
	const wanted = Buffer.from(expected, 'base64');
	return wanted.length === key.length && timingSafeEqual(wanted, key);
}
