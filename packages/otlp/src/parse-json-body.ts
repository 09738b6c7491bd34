import { OtlpDecodeError } from './otlp-decode-error.js';

/** `JSON.parse` of a request body with the error message senders need (`invalid JSON: Unexpected token …`). */
export function parseJsonBody(buf: Uint8Array): unknown {
  const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${(err as Error).message}`);
  }
}
