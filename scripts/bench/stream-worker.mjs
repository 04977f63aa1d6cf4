// Reads one event stream in its own thread, so the arrival times the benchmark records are not
// delayed by the main thread's own work (hundreds of phones' requests). Posts one message per
// frame: { kind, data, at } with `at` in ms since the epoch (comparable across threads).
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const { url, cookie } = workerData;

try {
	const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' } });
	parentPort.postMessage({ type: 'open', status: response.status, contentType: response.headers.get('content-type') });
	if (response.status !== 200) process.exit(0);
	const decoder = new TextDecoder();
	let buffer = '';
	for await (const chunk of response.body) {
		const at = now();
		buffer += decoder.decode(chunk, { stream: true });
		let end;
		while ((end = buffer.indexOf('\n\n')) !== -1) {
			const block = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			let kind = 'message';
			const data = [];
			for (const line of block.split('\n')) {
				if (line.startsWith(':')) continue;
				const colon = line.indexOf(':');
				const field = colon === -1 ? line : line.slice(0, colon);
				const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
				if (field === 'event') kind = value;
				else if (field === 'data') data.push(value);
			}
			if (data.length) parentPort.postMessage({ type: 'event', kind, data: data.join('\n'), at });
		}
	}
	parentPort.postMessage({ type: 'end' });
} catch (error) {
	parentPort.postMessage({ type: 'error', message: String(error?.message ?? error) });
}
