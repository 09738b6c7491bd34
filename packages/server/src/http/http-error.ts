/** An error that maps to one HTTP status; its message goes to the client as is. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (Allow for 405, Retry-After for 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
