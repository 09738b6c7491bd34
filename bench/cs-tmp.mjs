import { spawn } from 'node:child_process';
import http from 'node:http';
const t0 = performance.now();
const args = process.argv[2] === 'prof' ? ['--cpu-prof', '--cpu-prof-dir=/tmp/cs'] : [];
const c = spawn(process.execPath, ['--max-semi-space-size=32', ...args, 'packages/cli/bin/loupe.js', 'serve', '--port', '4999', '--grpc-port', '4998', '--db', '/tmp/cs.db'], { stdio: ['ignore', 'ignore', 'inherit'] });
const get = () => new Promise((res) => http.get('http://127.0.0.1:4999/health', (r) => { r.resume(); r.on('end', () => res(r.statusCode)); }).on('error', () => res(0)));
for (;;) { if ((await get()) === 200) break; await new Promise((r) => setTimeout(r, 5)); }
console.log('health after', Math.round(performance.now() - t0), 'ms');
c.kill('SIGINT'); await new Promise((r) => c.once('exit', r));
