#!/usr/bin/env node
// Overhead of auto-instrumenting one `openai` chat call: no instrumentation vs Loupe vs
// @arizeai/openinference-instrumentation-openai, in the same process and run, against the local
// model server (latency 0) in a child process so the CPU figures are the client's alone.
//
//   node packages/sdk/bench/openai-overhead.mjs [--iterations N] [--warmup N] [--rounds N] [--json]
//
// Needs `npx tsc -b packages/sdk` first (imports packages/sdk/dist). Prints one line per variant;
// with --json those lines go to stderr and stdout gets one JSON object (see README.md, "Benchmark").
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { init, instrument, uninstrument } from '../dist/index.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const json = args.includes('--json');
const iterations = flag('iterations', 3000);
const warmup = flag('warmup', 500);
const rounds = flag('rounds', 5);

async function startServer() {
  const localModel = fileURLToPath(new URL('../../local-model/dist/index.js', import.meta.url));
  const child = spawn(process.execPath, ['--input-type=module', '-e', `
    const { startLocalModelServer } = await import(${JSON.stringify(localModel)});
    const server = await startLocalModelServer({ latencyMs: { min: 0, max: 0 } });
    process.stdout.write(server.baseURL + '\\n');
    process.stdin.on('end', () => server.close().then(() => process.exit(0)));
    process.stdin.resume();
  `], { stdio: ['pipe', 'pipe', 'inherit'] });
  const baseURL = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`local model server exited (${code})`)));
  });
  return { baseURL, stop: () => child.stdin.end() };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

const server = await startServer();
// Spans go to Loupe's provider (registered globally by init) with no exporter: both
// instrumentations pay for creating and ending spans, neither for the network.
const loupe = init({ serviceName: 'bench', endpoint: false, historySize: 100 });

// Two copies of openai: the ESM one (Loupe, and the baseline when Loupe is off) and the
// CommonJS one (OpenInference), so neither instrumentation sees the other's calls.
const require = createRequire(import.meta.url);
const cjsOpenAI = require('openai');
const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
const openinference = new OpenAIInstrumentation({ instrumentationConfig: { enabled: false } });
openinference.manuallyInstrument(cjsOpenAI);

const messages = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'What is the capital of France? Paris is the capital of France.' },
];
const esmClient = new OpenAI({ baseURL: server.baseURL, apiKey: 'bench', maxRetries: 0 });
const cjsClient = new cjsOpenAI.OpenAI({ baseURL: server.baseURL, apiKey: 'bench', maxRetries: 0 });

const variants = {
  none: { client: esmClient, before: () => uninstrument() },
  loupe: { client: esmClient, before: () => instrument({ openai: OpenAI, hookRequire: false }) },
  openinference: { client: cjsClient, before: () => uninstrument() },
};
const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, { wall: [], cpu: [] }]));

async function run(name, n, record) {
  const v = variants[name];
  v.before();
  for (let i = 0; i < n; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await v.client.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0 });
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    if (record) {
      samples[name].wall.push(t1 - t0);
      samples[name].cpu.push((cpu.user + cpu.system) / 1000);
    }
  }
}

for (const name of Object.keys(variants)) await run(name, warmup, false);
const perRound = Math.max(1, Math.floor(iterations / rounds));
for (let r = 0; r < rounds; r++) for (const name of Object.keys(variants)) await run(name, perRound, true);

uninstrument();
await loupe.shutdown();
server.stop();

const result = { iterations: perRound * rounds, warmup, rounds, unit: 'ms per call', variants: {} };
const base = { wall: median(samples.none.wall), cpu: median(samples.none.cpu) };
const lines = [];
for (const [name, s] of Object.entries(samples)) {
  const wall = median(s.wall);
  const cpu = median(s.cpu);
  const entry = { medianMs: round(wall), p90Ms: round(percentile(s.wall, 0.9)), medianCpuMs: round(cpu) };
  if (name !== 'none') Object.assign(entry, { addedMs: round(wall - base.wall), addedCpuMs: round(cpu - base.cpu) });
  result.variants[name] = entry;
  lines.push(
    `${name.padEnd(13)} median ${fmt(wall)} ms/call (p90 ${fmt(entry.p90Ms)}), cpu ${fmt(cpu)} ms/call` +
      (name === 'none' ? '' : `, added ${fmt(entry.addedMs)} ms latency, ${fmt(entry.addedCpuMs)} ms cpu`),
  );
}
const out = json ? process.stderr : process.stdout;
for (const line of lines) out.write(line + '\n');
if (json) process.stdout.write(JSON.stringify(result) + '\n');

function round(x) {
  return Math.round(x * 1000) / 1000;
}
function fmt(x) {
  return x.toFixed(3);
}
