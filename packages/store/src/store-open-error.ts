/**
 * Thrown when a store cannot be opened. The message is one line a person can act on,
 * e.g. `cannot open database /x/y.db: directory does not exist`; the underlying driver error,
 * if any, is kept as `cause` for debugging.
 */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';

  constructor(
    /** The location that was being opened, as given. */
    readonly location: string,
    /** Why, in a few words: `directory does not exist`, `permission denied`, … */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot open database ${location}: ${reason}`, options);
  }
}
