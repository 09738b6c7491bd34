/**
 * What one model costs, in USD per million tokens. `cachedInput` is the rate for input tokens
 * read from the provider's prompt cache and `cacheWrite` the rate for input tokens written to it;
 * when absent those tokens are charged at the `input` rate.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
}
