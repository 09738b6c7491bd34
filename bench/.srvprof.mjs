import { join } from 'node:path';
import { readdirSync, rmSync, mkdirSync } from 'node:fs';
import { generateBatches, freshTraceIds } from './workload.mjs';
import { startServerChild } from './lib/child.mjs';
import { sendAll } from './lib/send.mjs';
import { topSelfTime } from './lib/profile.mjs';
const dir = '/tmp/srvprof'; rmSync(dir, { recursive: true, force: true }); mkdirSync(dir);
const bodies = generateBatches(60);
const p = await startServerChild(join(dir, 'x.db'), { cpuProfDir: join(dir, 'prof') });
await sendAll(p.url, bodies.slice(0, 60).map((b, i) => freshTraceIds(b, i)), 4);
const t = performance.now();
await sendAll(p.url, bodies.slice(0, 60).map((b, i) => freshTraceIds(b, 100 + i)), 4);
await sendAll(p.url, bodies.slice(0, 60).map((b, i) => freshTraceIds(b, 200 + i)), 4);
console.log('rate', Math.round(120 * 512 / (performance.now() - t) * 1000));
await p.stop();
const files = readdirSync(join(dir, 'prof')).filter((f) => f.endsWith('.cpuprofile')).sort();
for (const f of files) { console.log('---', f); for (const r of topSelfTime(join(dir, 'prof', f), Number(process.argv[2] ?? 30))) console.log(String(r.pct).padStart(5), r.fn, r.where, r.hotLines); }
