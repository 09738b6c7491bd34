/** A query parameter that cannot be used; the message names the parameter and the value (HTTP 400). */
export class QueryParamError extends Error {
  override readonly name = 'QueryParamError';
}
