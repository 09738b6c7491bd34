import { trace, type Tracer } from '@opentelemetry/api';
import { DEFAULT_HISTORY_SIZE, DEFAULT_MAX_CONTENT_CHARS } from './config.js';
import { HistoryBuffer } from './history/history-buffer.js';
import type { StepCollector } from './summary/step-collector.js';
import type { TraceEndInfo } from './summary/trace-end.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

/**
 * Process-wide settings the helpers read on every call. Before `init()` (or after `shutdown()`)
 * they use the global OTel tracer, so spans go to whatever provider the app registered, if any.
 */
export interface Runtime {
  tracer: Tracer;
  /** `tracer` is from the provider `init()` registered (its sampler ignores attributes). */
  ownProvider: boolean;
  captureContent: boolean;
  maxContentChars: number;
  project: string;
  history: HistoryBuffer;
  steps: StepCollector | undefined;
  onTraceEnd: ((info: TraceEndInfo) => void) | undefined;
  lastTrace: TraceEndInfo | undefined;
  /**
   * Tracer scopes whose spans Loupe's provider drops because Loupe already traces the same
   * calls (a client library's own telemetry under Loupe's auto-instrumentation would double
   * every LM call and its token counts). Matched by prefix.
   */
  mutedScopes: Set<string>;
}

export const runtime: Runtime = {
  tracer: trace.getTracer(SDK_NAME, SDK_VERSION),
  ownProvider: false,
  captureContent: true,
  maxContentChars: DEFAULT_MAX_CONTENT_CHARS,
  project: 'default',
  history: new HistoryBuffer(DEFAULT_HISTORY_SIZE),
  steps: undefined,
  onTraceEnd: undefined,
  lastTrace: undefined,
  mutedScopes: new Set(),
};

/** Back to the pre-init state (history is kept: it is useful after shutdown too). */
export function resetRuntime(): void {
  runtime.tracer = trace.getTracer(SDK_NAME, SDK_VERSION);
  runtime.ownProvider = false;
  runtime.captureContent = true;
  runtime.maxContentChars = DEFAULT_MAX_CONTENT_CHARS;
  runtime.project = 'default';
  runtime.steps = undefined;
  runtime.onTraceEnd = undefined;
}
