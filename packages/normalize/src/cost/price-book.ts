import type { TokenUsage } from '@loupe/core';
import type { ModelPrice } from './model-price.js';
import { DEFAULT_PRICES } from './price-table.js';

/** Distinct model names remembered per book; beyond this, lookups are recomputed (garbage names cannot grow memory). */
const CACHE_LIMIT = 2048;

/** Bedrock ids: optional cross-region prefix, then the vendor (`us.anthropic.claude-…`). */
const BEDROCK_VENDORS = ['anthropic.', 'meta.', 'mistral.', 'amazon.', 'cohere.', 'ai21.'];
const BEDROCK_REGIONS = ['us.', 'eu.', 'apac.', 'global.'];

/**
 * Prices models by name. Matching: lower case; provider prefixes dropped (`openai/gpt-4o`,
 * `models/gemini-1.5-pro`, Bedrock's `us.anthropic.`); Anthropic's dotted versions read as
 * dashes (`claude-3.5-sonnet`); then the longest table key the name starts with, ending at the
 * name's end or a `-`, `:` or `@` (dated and versioned suffixes). No match → no price.
 */
export class PriceBook {
  private readonly keys: string[];
  private readonly prices: Map<string, ModelPrice | null>;
  private readonly cache = new Map<string, ModelPrice | null>();

  /** `table` maps name prefixes to prices; a null entry marks names under it as unpriced (so they do not fall back to a shorter key). */
  constructor(table: Readonly<Record<string, ModelPrice | null>>) {
    this.prices = new Map();
    for (const key in table) this.prices.set(key.toLowerCase(), table[key]!);
    // Longest first, so the first match is the longest prefix.
    this.keys = [...this.prices.keys()].sort((a, b) => b.length - a.length);
  }

  /** The price of a model, or undefined when the table does not know it. */
  priceOf(model: string | undefined): ModelPrice | undefined {
    if (model === undefined || model === '') return undefined;
    const cached = this.cache.get(model);
    if (cached !== undefined) return cached ?? undefined;
    const price = this.match(canonicalModelName(model));
    if (this.cache.size < CACHE_LIMIT) this.cache.set(model, price ?? null);
    return price;
  }

  /** Cost in USD of `usage` on the first model of `models` the table knows; undefined when none is known or usage has no input/output counts. */
  costOf(usage: TokenUsage | undefined, ...models: (string | undefined)[]): number | undefined {
    if (!usage) return undefined;
    for (const model of models) {
      const price = this.priceOf(model);
      if (price) return costOfUsage(usage, price);
    }
    return undefined;
  }

  private match(name: string): ModelPrice | undefined {
    for (const key of this.keys) {
      if (!name.startsWith(key)) continue;
      if (name.length === key.length) return this.prices.get(key) ?? undefined;
      const next = name.charCodeAt(key.length);
      if (next === 45 /* - */ || next === 58 /* : */ || next === 64 /* @ */) return this.prices.get(key) ?? undefined;
    }
    return undefined;
  }
}

/** The name as the table keys it (see {@link PriceBook}). */
export function canonicalModelName(model: string): string {
  let name = model.trim().toLowerCase();
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  for (const region of BEDROCK_REGIONS) {
    if (name.startsWith(region)) {
      name = name.slice(region.length);
      break;
    }
  }
  for (const vendor of BEDROCK_VENDORS) {
    if (name.startsWith(vendor)) {
      name = name.slice(vendor.length);
      break;
    }
  }
  if (name.startsWith('claude-')) name = name.replace(/(\d)\.(\d)/g, '$1-$2');
  return name;
}

/**
 * USD for one call. Input counts include cached tokens (OpenAI, OpenInference and GenAI all count
 * them in the prompt total), so cache reads and writes are charged at their own rates and only
 * the remainder at the input rate. Reasoning tokens are part of the output count. Undefined when
 * there is neither an input nor an output count (a bare total cannot be split between rates).
 */
export function costOfUsage(usage: TokenUsage, price: ModelPrice): number | undefined {
  if (usage.input === undefined && usage.output === undefined) return undefined;
  const input = usage.input ?? 0;
  const cacheRead = Math.min(usage.cacheRead ?? 0, input);
  const cacheWrite = Math.min(usage.cacheWrite ?? 0, input - cacheRead);
  const uncached = input - cacheRead - cacheWrite;
  const micro =
    uncached * price.input +
    cacheRead * (price.cachedInput ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    (usage.output ?? 0) * price.output;
  return micro / 1_000_000;
}

let defaultBook: PriceBook | undefined;

/** The built-in table ({@link DEFAULT_PRICES}), shared. */
export function defaultPriceBook(): PriceBook {
  return (defaultBook ??= new PriceBook(DEFAULT_PRICES));
}
