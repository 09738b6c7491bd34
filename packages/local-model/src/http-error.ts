/**
 * An error the server answers with a JSON error body. `type`/`code` follow OpenAI's
 * conventions; {@link openAIErrorBody} and {@link anthropicErrorBody} shape it per dialect.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): HttpError {
  return new HttpError(400, message, 'invalid_request_error', code, param);
}

/** `{ error: { message, type, param, code } }`, as OpenAI sends. */
export function openAIErrorBody(err: HttpError): unknown {
  return { error: { message: err.message, type: err.type, param: err.param, code: err.code } };
}

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** `{ type: 'error', error: { type, message } }`, as Anthropic sends. */
export function anthropicErrorBody(err: HttpError): unknown {
  return { type: 'error', error: { type: ANTHROPIC_TYPES[err.status] ?? 'api_error', message: err.message } };
}
