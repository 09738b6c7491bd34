export type { ModelPrice } from './model-price.js';
export { DEFAULT_PRICES, PRICES_CHECKED_ON } from './price-table.js';
export { PriceBook, canonicalModelName, costOfUsage, defaultPriceBook } from './price-book.js';
export { loadPriceOverrides, parsePriceOverrides, priceBookWith, priceBookFromEnv, PRICES_ENV, type PriceOverrides } from './price-overrides.js';
export { PriceConfigError } from './price-config-error.js';
