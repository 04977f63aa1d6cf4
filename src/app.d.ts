import type { Actor, DbClient } from '$lib/server/db/port';
import type { RequestAuth } from '$lib/server/auth';
import type { Locale } from '$lib/domain/schemas';

declare global {
	namespace App {
		interface Locals {
			auth: RequestAuth;
			actor: Actor;
			/** The database port, bound to this request's actor. */
			db: DbClient;
			/** The signed-in person with an account (null for visitors and anonymous participants). */
			user: { id: string; email: string | null; displayName: string } | null;
			locale: Locale;
		}
		interface Error {
			message: string;
			id?: string;
		}
		interface PageData {
			locale: Locale;
		}
	}
}

export {};
