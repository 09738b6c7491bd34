/** A price override file or value that cannot be used; the message names the file and the entry. */
export class PriceConfigError extends Error {
  override readonly name = 'PriceConfigError';
}
