/** A query to a Loupe server failed; the message is one line fit for a CLI error. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  constructor(
    message: string,
    /** HTTP status when the server answered, undefined when it could not be reached. */
    readonly status?: number,
  ) {
    super(message);
  }
}
