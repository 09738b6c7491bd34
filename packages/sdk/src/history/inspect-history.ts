import { formatHistory, type LLMCallRecord } from '@loupe/core';
import { runtime } from '../runtime.js';

/** The last `n` LM calls (default 1), oldest first. Works without `init()`. */
export function getHistory(n = 1): LLMCallRecord[] {
  return runtime.history.last(n);
}

export interface InspectHistoryOptions {
  /** Where to print; default `process.stdout`. Colours only when it is a TTY. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Prints the last `n` LM calls like `dspy.inspect_history(n)`. Never throws. */
export function inspectHistory(n = 1, options: InspectHistoryOptions = {}): void {
  try {
    const stream = options.stream ?? process.stdout;
    stream.write(formatHistory(getHistory(n), { color: stream.isTTY === true }));
  } catch {
    // printing history must never break the app
  }
}

/**
 * Adds one finished LM call to the history. Internal hook for instrumentations (the `llm()`
 * helper, `recordLLMCall`, and later the provider auto-instrumentations); never throws.
 */
export function recordHistory(record: LLMCallRecord): void {
  try {
    runtime.history.push(record);
  } catch {
    // history is best effort
  }
}

/** Empties the history (tests, long-running apps that want a fresh view). */
export function clearHistory(): void {
  runtime.history.clear();
}
