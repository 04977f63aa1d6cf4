// A browser as the app sees it, for the scripts that drive the built server over HTTP (the live
// benchmark, the crash test): a cookie jar per person, and form posts sent the way `use:enhance`
// sends them, answered with SvelteKit's JSON action results.
import { parse as devalueParse } from 'devalue';

/** A cookie jar of one browser: name → value, from set-cookie headers. */
export class Jar {
	#cookies = new Map();
	take(response) {
		for (const line of response.headers.getSetCookie()) {
			const [pair, ...attributes] = line.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
			if (expired) this.#cookies.delete(name);
			else this.#cookies.set(name, value);
		}
	}
	has(name) {
		return this.#cookies.has(name);
	}
	header() {
		return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}
}

/**
 * Requests against one running server. `origin` may be a function, for a caller whose server
 * comes back on another port after a restart (cookies are per host, so the jars stay valid).
 */
export function httpClient(origin) {
	const originNow = typeof origin === 'function' ? origin : () => origin;

	async function request(path, { jar, method = 'GET', form, action = false, accept, signal } = {}) {
		const base = originNow();
		// The Origin header is what SvelteKit's CSRF check compares with ORIGIN on form posts.
		const headers = { origin: base };
		if (jar) headers.cookie = jar.header();
		if (action) {
			headers['x-sveltekit-action'] = 'true';
			headers.accept = 'application/json';
		}
		if (accept) headers.accept = accept;
		let body;
		if (form) {
			body = new URLSearchParams();
			for (const [key, value] of Object.entries(form)) {
				for (const v of Array.isArray(value) ? value : [value]) body.append(key, String(v));
			}
			headers['content-type'] = 'application/x-www-form-urlencoded';
		}
		const response = await fetch(base + path, { method, headers, body, redirect: 'manual', signal });
		jar?.take(response);
		return response;
	}

	/** Posts a form to an action (`/path?/name`) and returns its parsed action result. */
	async function action(path, { jar, form, signal } = {}) {
		return actionResult(await request(path, { jar, method: 'POST', action: true, form, signal }));
	}

	return { origin: originNow, request, action };
}

/** The body of an action response: { type: 'success' | 'failure' | 'redirect' | 'error', … }. */
export async function actionResult(response) {
	const text = await response.text();
	let result;
	try {
		result = JSON.parse(text);
	} catch {
		throw new Error(`not an action result (HTTP ${response.status}): ${text.slice(0, 200)}`);
	}
	if (typeof result.data === 'string') result.data = devalueParse(result.data);
	return result;
}

/** Whether an action result is the app saying yes (a 2xx result or a 303 after success). */
export const succeeded = (result) => result.type === 'success' || result.type === 'redirect';

/** Finds `key` anywhere in a parsed action result (its shape is the route's business). */
export function find(value, key) {
	if (!value || typeof value !== 'object') return undefined;
	if (key in value) return value[key];
	for (const inner of Object.values(value)) {
		const found = find(inner, key);
		if (found !== undefined) return found;
	}
	return undefined;
}

/** Runs fn over items with at most `limit` in flight. */
export async function pool(items, limit, fn) {
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const index = next++;
			await fn(items[index], index);
		}
	});
	await Promise.all(workers);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
