import { createHash, randomBytes } from 'node:crypto';
import { runStatements, type SqlExecutor } from '../db/sql-backend';
import { DbError, fromPostgresError } from '../db/errors';
import { hashPassword, needsRehash, verifyPassword } from './password';

/** A person as the session cookie resolves them. */
export interface SessionUser {
	userId: string;
	email: string | null;
	isAnonymous: boolean;
}

export const sessionLifetimeDays = 30;
/** How long a resolved session cookie is remembered in memory (every request resolves one). */
const sessionCacheMs = 30_000;
const sessionCacheSize = 5_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Local accounts for the embedded and PostgreSQL modes, in the shim's auth schema. This runs on
 * the server's own connection: auth data is never reachable through the API roles.
 */
export class LocalAuthStore {
	// A room of phones sends many requests a second; each would otherwise cost a database round
	// trip just to read its cookie. Only where this process is the database's only server (the
	// embedded mode, one server per data folder): every session that ends — a logout, an account
	// deleted, whatever path deleted its row — is announced by the database (werkplaats_auth, a
	// trigger in the shim) and forgotten here before the call that ended it returns. With
	// PostgreSQL several servers may share the database, and another server's logout must count
	// on the very next request here: no cache (one indexed read per request).
	#sessions = new Map<string, { user: SessionUser; until: number }>();
	readonly #cacheMs: number;

	constructor(
		private readonly executor: SqlExecutor,
		options: { cache?: boolean } = {}
	) {
		this.#cacheMs = options.cache ? sessionCacheMs : 0;
	}

	/** Starts forgetting ended sessions as the database announces them (needed before caching). */
	async followSessionEnds(
		listen: (channel: string, onNotify: (payload: string) => void) => Promise<void>
	): Promise<void> {
		await listen('werkplaats_auth', (userId) => {
			for (const [hash, entry] of this.#sessions) if (entry.user.userId === userId) this.#sessions.delete(hash);
		});
	}

	async signUp(input: { email: string; password: string; displayName: string; locale: string }): Promise<SessionUser> {
		const passwordHash = await hashPassword(input.password);
		try {
			const rows = await this.executor.transaction((query) =>
				query(
					`insert into auth.users (email, encrypted_password, email_confirmed_at, raw_user_meta_data)
					 values ($1, $2, now(), $3::jsonb) returning id`,
					[input.email, passwordHash, JSON.stringify({ display_name: input.displayName, locale: input.locale })]
				)
			);
			return { userId: String(rows[0].id), email: input.email, isAnonymous: false };
		} catch (error) {
			if ((error as { code?: string }).code === '23505') throw new DbError(409, 'email_taken', '23505');
			// Input the database refuses (a NUL in the name) is the person's to fix: a 4xx, not a 500.
			throw fromPostgresError(error as { code?: unknown; message?: unknown });
		}
	}

	/** The account for these credentials, or null; takes the same time whether or not the email exists. */
	async verifyLogin(email: string, password: string): Promise<SessionUser | null> {
		const rows = await this.executor.transaction((query) =>
			query(
				`select id, email, encrypted_password from auth.users
				 where lower(email) = lower($1) and not is_anonymous`,
				[email]
			)
		);
		const row = rows[0];
		const stored = row ? String(row.encrypted_password ?? '') : null;
		const ok = await verifyPassword(password, stored);
		if (!row || !ok) return null;
		// A hash from before today's parameters is made anew now that the password is at hand.
		const rehashed = needsRehash(stored) ? await hashPassword(password) : null;
		await this.executor.transaction((query) =>
			rehashed
				? query('update auth.users set last_sign_in_at = now(), encrypted_password = $2 where id = $1', [
						row.id,
						rehashed
					])
				: query('update auth.users set last_sign_in_at = now() where id = $1', [row.id])
		);
		return { userId: String(row.id), email: String(row.email), isAnonymous: false };
	}

	/** An identity without an account, for joining a session by code. */
	async createAnonymous(displayName: string, locale: string): Promise<SessionUser> {
		const rows = await this.executor
			.transaction((query) =>
				query(`insert into auth.users (is_anonymous, raw_user_meta_data) values (true, $1::jsonb) returning id`, [
					JSON.stringify({ display_name: displayName, locale })
				])
			)
			.catch((error) => {
				throw fromPostgresError(error as { code?: unknown; message?: unknown });
			});
		return { userId: String(rows[0].id), email: null, isAnonymous: true };
	}

	async createSession(userId: string): Promise<string> {
		const token = randomBytes(32).toString('base64url');
		await this.executor.transaction((query) =>
			query(
				`insert into auth.local_sessions (token_hash, user_id, expires_at)
				 values ($1, $2, now() + make_interval(days => $3))`,
				[hashToken(token), userId, sessionLifetimeDays]
			)
		);
		return token;
	}

	async sessionUser(token: string): Promise<SessionUser | null> {
		if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
		const tokenHash = hashToken(token);
		const cached = this.#sessions.get(tokenHash);
		if (cached && cached.until > Date.now()) return cached.user;
		const user = await this.#lookUpSession(tokenHash);
		if (user && this.#cacheMs > 0) {
			if (this.#sessions.size >= sessionCacheSize) this.#sessions.clear();
			this.#sessions.set(tokenHash, { user, until: Date.now() + this.#cacheMs });
		}
		return user;
	}

	async #lookUpSession(tokenHash: string): Promise<SessionUser | null> {
		const lookup = {
			sql: `select u.id, u.email, u.is_anonymous
			      from auth.local_sessions s join auth.users u on u.id = s.user_id
			      where s.token_hash = $1 and s.expires_at > now()`,
			params: [tokenHash]
		};
		// Every request of a phone asks this once (no cache with PostgreSQL): one round trip.
		const [rows] = await runStatements(this.executor, [lookup]);
		const row = rows[0];
		if (!row) return null;
		return {
			userId: String(row.id),
			email: (row.email as string | null) ?? null,
			isAnonymous: Boolean(row.is_anonymous)
		};
	}

	async endSession(token: string): Promise<void> {
		this.#sessions.delete(hashToken(token));
		await this.executor.transaction((query) =>
			query('delete from auth.local_sessions where token_hash = $1', [hashToken(token)])
		);
	}

	/** Gives the seeded demo accounts a password, once: seed.sql cannot compute scrypt hashes. */
	async setPasswordWhereMissing(emails: string[], password: string): Promise<void> {
		const rows = await this.executor.transaction((query) =>
			query(`select id from auth.users where lower(email) = any($1::text[]) and encrypted_password is null`, [
				emails.map((e) => e.toLowerCase())
			])
		);
		for (const row of rows) {
			const hash = await hashPassword(password);
			await this.executor.transaction((query) =>
				query('update auth.users set encrypted_password = $1 where id = $2', [hash, row.id])
			);
		}
	}
}
