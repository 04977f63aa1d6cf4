// `npm run bench` (after `vite build`): the benchmarks, one figure per line as `name: value`.
//   node scripts/bench/run.mjs [--phones 200] [--concurrency 50] [--timeout s] [--grace s]
//                              [--phone-streams [--phone-reload-kinds phase,notes,session]] [--port n]
import { availableParallelism, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { liveDefaults, runLiveBench } from './live.mjs';

const { values } = parseArgs({
	options: {
		phones: { type: 'string', default: String(liveDefaults.phones) },
		concurrency: { type: 'string', default: String(liveDefaults.concurrency) },
		timeout: { type: 'string', default: String(liveDefaults.timeout) },
		grace: { type: 'string', default: String(liveDefaults.grace) },
		'phone-streams': { type: 'boolean', default: false },
		'phone-reload-kinds': { type: 'string', default: liveDefaults.phoneReloadKinds.join(',') },
		port: { type: 'string', default: String(liveDefaults.port) }
	}
});
const positive = (name) => {
	const n = Number(values[name]);
	if (!Number.isInteger(n) || n < 0 || (name !== 'timeout' && name !== 'port' && n === 0)) {
		console.error(`--${name} must be a positive whole number`);
		process.exit(2);
	}
	return n;
};

const cpu = cpus()[0]?.model?.trim() ?? 'unknown';
console.log(
	`machine: cores=${availableParallelism()} memory_gib=${(totalmem() / 2 ** 30).toFixed(1)} ` +
		`node=${process.version} platform=${process.platform}-${process.arch} cpu="${cpu}"`
);

const result = await runLiveBench({
	phones: positive('phones'),
	concurrency: positive('concurrency'),
	timeout: positive('timeout'),
	grace: positive('grace'),
	port: positive('port'),
	phoneStreams: values['phone-streams'],
	phoneReloadKinds: values['phone-reload-kinds'].split(',').map((k) => k.trim()).filter(Boolean)
});
process.exit(result.lost === 0 && result.failures === 0 && result.valuesMatch ? 0 : 1);
