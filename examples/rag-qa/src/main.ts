/**
 * The runnable demo app: `node examples/rag-qa/dist/main.js`.
 *
 * Environment: `LOUPE_ENDPOINT` (OTLP traces URL), `OPENAI_BASE_URL` / `OPENAI_API_KEY` (a real
 * provider; when both are unset a local model server runs in-process), `DEMO_RATE` (requests
 * per second, default 2), `DEMO_COUNT` (stop after N, default: until SIGINT/SIGTERM),
 * `DEMO_MODEL`, `DEMO_SEED`, `DEMO_FEEDBACK_URL` (a Loupe server that receives simulated user
 * feedback; default: the origin of `LOUPE_ENDPOINT`; `off` for none).
 */
import { runDemo } from './demo.js';

function positiveNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`rag-qa: ignoring ${name}=${raw} (expected a positive number)`);
    return undefined;
  }
  return n;
}

const stop = new AbortController();
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // First signal: finish in-flight requests and flush spans. Second: leave now.
    if (++signals > 1) process.exit(130);
    stop.abort();
  });
}

const count = positiveNumber('DEMO_COUNT');
const seed = positiveNumber('DEMO_SEED');
try {
  const summary = await runDemo({
    endpoint: process.env.LOUPE_ENDPOINT || undefined,
    feedbackUrl: feedbackUrl(),
    baseURL: process.env.OPENAI_BASE_URL || undefined,
    apiKey: process.env.OPENAI_API_KEY || undefined,
    model: process.env.DEMO_MODEL || undefined,
    rate: positiveNumber('DEMO_RATE'),
    count: count === undefined ? undefined : Math.floor(count),
    seed,
    signal: stop.signal,
  });
  console.log(`rag-qa demo: ${summary.sent} sent, ${summary.ok} ok, ${summary.failed} failed`);
} catch (err) {
  console.error('rag-qa demo failed:', err);
  process.exitCode = 1;
}

/** Where simulated feedback goes: DEMO_FEEDBACK_URL, else the Loupe server the traces go to. */
function feedbackUrl(): string | undefined {
  const explicit = process.env.DEMO_FEEDBACK_URL;
  if (explicit === 'off') return undefined;
  if (explicit) return explicit;
  const endpoint = process.env.LOUPE_ENDPOINT;
  if (!endpoint) return undefined;
  try {
    return new URL(endpoint).origin;
  } catch {
    return undefined;
  }
}
