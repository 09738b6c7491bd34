import OpenAI from 'openai';
import { startLocalModelServer, type LocalModelServer } from '@loupe/local-model';
import { init, shutdown } from '@loupe/sdk';
import { FeedbackSender } from './feedback-grader.js';
import { answerQuestion, DEFAULT_MODEL } from './pipeline.js';
import { loadQuestions } from './questions.js';
import { seededRandom, TrafficPlanner, type PlannedRequest } from './traffic.js';

export interface DemoOptions {
  /** Requests started per second. Default 2. */
  rate?: number;
  /** Stop after this many requests. Default: run until `signal` aborts. */
  count?: number;
  /** Chat model. Default {@link DEFAULT_MODEL}. */
  model?: string;
  /** OTLP traces URL for the SDK; `false` for none; undefined for the SDK's default/env. */
  endpoint?: string | false;
  /** Also write one JSON line per request here. */
  jsonlPath?: string;
  /**
   * A real OpenAI-compatible provider. When both are unset the demo starts the local model
   * server in-process and uses it (and only then injects failures and slow requests).
   */
  baseURL?: string;
  apiKey?: string;
  /** Most requests in flight at once. Default 3. */
  concurrency?: number;
  /** Share of injected `[[fail:500]]` requests (local model only). Default 0.05. */
  failureRate?: number;
  /** Share of requests sent to the slow model (local model only). Default 0.1. */
  slowRate?: number;
  /** Seed for the traffic pattern; default: random. */
  seed?: number;
  /** Stops the demo: no new requests; in-flight ones finish, then spans are flushed. */
  signal?: AbortSignal;
  /** One line per request. Default: `console.log`. */
  log?: (line: string) => void;
  /** Call the SDK's `init()` and `shutdown()`. Default true; false when the caller manages the SDK. */
  manageSdk?: boolean;
  serviceName?: string;
  /**
   * A Loupe server to send simulated user feedback to: `feedbackRate` of the answers are graded
   * against questions.json and marked correct/incorrect through its feedback API.
   */
  feedbackUrl?: string;
  /** Share of answers given feedback. Default 0.3. */
  feedbackRate?: number;
}

export interface DemoSummary {
  sent: number;
  ok: number;
  failed: number;
}

/**
 * Runs the traced RAG app against a steady, varied stream of questions (see
 * {@link TrafficPlanner}), `rate` per second with at most `concurrency` in flight, until
 * `count` requests were sent or `signal` aborts. Ends by waiting for in-flight requests and
 * flushing the SDK.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const rate = options.rate && options.rate > 0 ? options.rate : 2;
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const model = options.model ?? DEFAULT_MODEL;
  const manageSdk = options.manageSdk ?? true;

  let local: LocalModelServer | undefined;
  const useLocal = !options.baseURL && !options.apiKey;
  if (useLocal) local = await startLocalModelServer({ latencyMs: { min: 80, max: 600 } });
  const client = new OpenAI({
    baseURL: local?.baseURL ?? options.baseURL,
    apiKey: local ? 'local' : options.apiKey,
    // Against the local model an injected failure should show as one failed call, not three.
    maxRetries: local ? 0 : 2,
  });
  if (manageSdk) {
    init({
      serviceName: options.serviceName ?? 'rag-qa-demo',
      ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
      ...(options.jsonlPath !== undefined && { jsonlPath: options.jsonlPath }),
    });
  }
  log(local ? `rag-qa demo: local model at ${local.baseURL}, ${rate}/s` : `rag-qa demo: ${options.baseURL ?? 'OpenAI'} model ${model}, ${rate}/s`);

  const planner = new TrafficPlanner({
    questions: loadQuestions(),
    model,
    slowModel: local ? `${model}-slow` : undefined,
    failureRate: local ? (options.failureRate ?? 0.05) : 0,
    slowRate: options.slowRate ?? 0.1,
    random: options.seed === undefined ? Math.random : seededRandom(options.seed),
  });

  const random = options.seed === undefined ? Math.random : seededRandom(options.seed + 1);
  const feedback = options.feedbackUrl ? new FeedbackSender({ serverUrl: options.feedbackUrl.replace(/\/+$/, ''), log }) : undefined;
  const feedbackRate = options.feedbackRate ?? 0.3;
  const grade = (traceId: string, request: PlannedRequest, answer: string) => {
    if (feedback && random() < feedbackRate) feedback.send(traceId, request.question, answer);
  };
  const summary: DemoSummary = { sent: 0, ok: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const interval = 1000 / rate;
  let due = Date.now();
  try {
    while (!options.signal?.aborted && (options.count === undefined || summary.sent < options.count)) {
      if (!(await sleepUntil(due, options.signal))) break;
      // Falling behind (slow requests holding every slot) must not cause a burst afterwards.
      due = Math.max(due + interval, Date.now());
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (options.signal?.aborted) break;

      const request = planner.next();
      summary.sent++;
      const p = send(client, request, summary, log, grade).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  } finally {
    feedback?.close();
    if (manageSdk) await shutdown();
    await local?.close();
  }
  return summary;
}

type Grade = (traceId: string, request: PlannedRequest, answer: string) => void;

async function send(client: OpenAI, request: PlannedRequest, summary: DemoSummary, log: (line: string) => void, grade: Grade): Promise<void> {
  const started = Date.now();
  const label = `${request.userId} "${request.question.question}"${request.slow ? ' (slow)' : ''}`;
  try {
    const outcome = await answerQuestion(client, request.text, {
      userId: request.userId,
      sessionId: request.sessionId,
      model: request.model,
      metadata: { question_id: request.question.id, kind: request.question.kind, turn: request.turn },
    });
    summary.ok++;
    log(`✓ ${Date.now() - started}ms ${label}`);
    grade(outcome.traceId, request, outcome.answer);
  } catch (err) {
    summary.failed++;
    const reason = err instanceof Error ? err.message : String(err);
    log(`✗ ${Date.now() - started}ms ${label} — ${reason}`);
  }
}

/** Resolves true at `time`, or false as soon as `signal` aborts. */
function sleepUntil(time: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, time - Date.now()));
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
