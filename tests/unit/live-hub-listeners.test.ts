import { afterEach, describe, expect, it } from 'vitest';
import { LiveHub } from '../../src/lib/server/live/hub';

describe('LiveHub', () => {
	const warnings: Error[] = [];
	const onWarning = (warning: Error) => warnings.push(warning);
	afterEach(() => {
		process.off('warning', onWarning);
	});

	it('takes an abort listener from every open stream without Node warning of a leak', async () => {
		process.on('warning', onWarning);
		const hub = new LiveHub({ log: () => {} });
		// What the events endpoint does per stream: a room of 40 phones and a presenter.
		let stopped = 0;
		for (let i = 0; i < 41; i++) hub.signal.addEventListener('abort', () => (stopped += 1));
		// Node emits process warnings on the next tick.
		await new Promise((resolve) => setImmediate(resolve));
		expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
		await hub.close();
		expect(stopped).toBe(41);
	});
});

describe('LiveHub subscriptions by kind', () => {
	const session = '00000000-0000-4000-8000-000000000001';
	const event = (kind: string) => JSON.stringify({ session_id: session, kind, revision: 1 });

	it('passes an event only to the listeners that asked for its kind', () => {
		const hub = new LiveHub({ log: () => {} });
		const presenter: string[] = [];
		const phones = Array.from({ length: 3 }, () => [] as string[]);
		hub.subscribe(session, (e) => presenter.push(e.kind));
		for (const phone of phones) hub.subscribe(session, (e) => phone.push(e.kind), ['phase', 'session']);
		for (const kind of ['participant', 'position', 'position', 'phase', 'notes', 'session']) hub.publish(event(kind));
		expect(presenter).toEqual(['participant', 'position', 'position', 'phase', 'notes', 'session']);
		for (const phone of phones) expect(phone).toEqual(['phase', 'session']);
		expect(hub.stats).toEqual({ sessions: 1, listeners: 4 });
	});

	it('stops watching a session once its last listener of any kind has gone', async () => {
		const hub = new LiveHub({ log: () => {} });
		const watched: string[] = [];
		await hub.attach(() => ({
			watch: (id) => watched.push(`+${id}`),
			unwatch: (id) => watched.push(`-${id}`),
			close: async () => {}
		}));
		const stopPhone = hub.subscribe(session, () => {}, ['phase']);
		const stopPresenter = hub.subscribe(session, () => {});
		stopPhone();
		stopPhone(); // a second call changes nothing
		expect(hub.stats).toEqual({ sessions: 1, listeners: 1 });
		stopPresenter();
		expect(hub.stats).toEqual({ sessions: 0, listeners: 0 });
		expect(watched).toEqual([`+${session}`, `-${session}`]);
	});
});
