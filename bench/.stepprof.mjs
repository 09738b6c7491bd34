import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200); res.end(); }); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const sink = `http://127.0.0.1:${server.address().port}/v1/traces`;
const N = 100000;
const { init, step } = await import('@loupe/sdk');
const loupe = init({ serviceName: 'bench-sdk', endpoint: sink, maxQueueSize: N * 2 });
const s = new Session(); s.connect();
await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 50 });
for (let r = 0; r < 3; r++) { for (let i = 0; i < N; i++) step('x', () => 1); await loupe.forceFlush(); }
await s.post('Profiler.start');
for (let r = 0; r < 6; r++) { const t0 = process.hrtime.bigint(); for (let i = 0; i < N; i++) step('x', () => 1); const ns = Number(process.hrtime.bigint() - t0) / N; await s.post('Profiler.stop').then(({ profile }) => writeFileSync(`/tmp/step-${r}.cpuprofile`, JSON.stringify(profile))); console.log(Math.round(ns)); await loupe.forceFlush(); await s.post('Profiler.start'); }
server.close(); process.exit(0);
