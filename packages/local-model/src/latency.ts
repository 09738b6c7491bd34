import type { Random } from './random.js';

export interface LatencyInfo {
  /** `chat.completions`, `responses`, `messages` or `embeddings`. */
  endpoint: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

/** A range (the default is 20–120 ms) or a function choosing the delay for each request. */
export type LatencyOption = { min: number; max: number } | ((info: LatencyInfo) => number);

export const DEFAULT_LATENCY = { min: 20, max: 120 } as const;

/** Output length at which the range's upper half is fully used. */
const LONG_OUTPUT_TOKENS = 150;

/**
 * How long a request takes, in ms. For a range: `min`, plus half the span at random, plus half
 * the span scaled by output length, so longer answers are slower. A model whose name contains
 * `slow` adds 1–2 s on top, whatever the option.
 */
export function latencyFor(option: LatencyOption | undefined, info: LatencyInfo, random: Random): number {
  let ms: number;
  if (typeof option === 'function') ms = option(info);
  else {
    const { min, max } = option ?? DEFAULT_LATENCY;
    const span = Math.max(0, max - min);
    ms = min + span * 0.5 * random() + span * 0.5 * Math.min(1, info.completionTokens / LONG_OUTPUT_TOKENS);
  }
  if (/slow/i.test(info.model)) ms += 1000 + 1000 * random();
  return Math.max(0, Math.round(ms));
}
