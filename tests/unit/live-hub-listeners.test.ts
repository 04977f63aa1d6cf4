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
