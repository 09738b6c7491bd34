import { readFileSync } from 'node:fs';
import type { ModelPrice } from './model-price.js';
import { defaultPriceBook, PriceBook } from './price-book.js';
import { DEFAULT_PRICES } from './price-table.js';
import { PriceConfigError } from './price-config-error.js';

/** Environment variable naming a JSON price file that overrides the built-in table. */
export const PRICES_ENV = 'LOUPE_PRICES';

/** Overrides as read from a file: a price per model prefix, or null to unprice a model and the names under it (their calls then get no cost). */
export type PriceOverrides = Record<string, ModelPrice | null>;

const PRICE_FIELDS = new Set(['input', 'output', 'cachedInput', 'cacheWrite']);

/**
 * Reads a JSON price file:
 * `{ "gpt-4o": { "input": 2.5, "output": 10, "cachedInput": 1.25 }, "my-finetune": { … }, "o1-pro": null }`
 * (USD per million tokens; keys are model-name prefixes like the built-in table's). Throws
 * {@link PriceConfigError} naming the file and the offending entry when it cannot be read or is
 * not in that shape.
 */
export function loadPriceOverrides(path: string): PriceOverrides {
  let textBody: string;
  try {
    textBody = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PriceConfigError(`cannot read price file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(textBody);
  } catch (err) {
    throw new PriceConfigError(`price file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parsePriceOverrides(parsed, `price file ${path}`);
}

/** Validates already-parsed overrides; `source` prefixes error messages. */
export function parsePriceOverrides(value: unknown, source = 'price overrides'): PriceOverrides {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PriceConfigError(`${source}: expected an object mapping model names to { "input": …, "output": … }`);
  }
  const out: PriceOverrides = {};
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    if (model.trim() === '') throw new PriceConfigError(`${source}: empty model name`);
    if (entry === null) {
      out[model] = null;
      continue;
    }
    if (typeof entry !== 'object' || Array.isArray(entry)) {
      throw new PriceConfigError(`${source}: "${model}" must be an object like { "input": 2.5, "output": 10 } or null, got ${JSON.stringify(entry)}`);
    }
    const fields = entry as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!PRICE_FIELDS.has(key)) {
        throw new PriceConfigError(`${source}: "${model}" has unknown field "${key}" (allowed: input, output, cachedInput, cacheWrite)`);
      }
    }
    const price: ModelPrice = { input: rate(fields, 'input', model, source, true)!, output: rate(fields, 'output', model, source, true)! };
    const cached = rate(fields, 'cachedInput', model, source, false);
    if (cached !== undefined) price.cachedInput = cached;
    const write = rate(fields, 'cacheWrite', model, source, false);
    if (write !== undefined) price.cacheWrite = write;
    out[model] = price;
  }
  return out;
}

function rate(fields: Record<string, unknown>, key: string, model: string, source: string, required: boolean): number | undefined {
  const v = fields[key];
  if (v === undefined) {
    if (required) throw new PriceConfigError(`${source}: "${model}" is missing "${key}" (USD per million tokens)`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new PriceConfigError(`${source}: "${model}".${key} must be a non-negative number of USD per million tokens, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** The built-in table with overrides applied (override keys replace built-in ones, case-insensitively; null unprices). */
export function priceBookWith(overrides: PriceOverrides): PriceBook {
  const table: Record<string, ModelPrice | null> = {};
  for (const key in DEFAULT_PRICES) table[key.toLowerCase()] = DEFAULT_PRICES[key]!;
  for (const key in overrides) {
    table[key.toLowerCase()] = overrides[key] ?? null;
  }
  return new PriceBook(table);
}

/**
 * The price book servers use: the built-in table, with the file named by `LOUPE_PRICES` applied
 * when set. Throws {@link PriceConfigError} for a bad file, so a typo fails at startup.
 */
export function priceBookFromEnv(env: NodeJS.ProcessEnv = process.env): PriceBook {
  const path = env[PRICES_ENV];
  if (path === undefined || path.trim() === '') return defaultPriceBook();
  try {
    return priceBookWith(loadPriceOverrides(path));
  } catch (err) {
    if (err instanceof PriceConfigError) throw new PriceConfigError(`${PRICES_ENV}: ${err.message}`);
    throw err;
  }
}
