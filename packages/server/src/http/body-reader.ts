import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { HttpError } from './http-error.js';

const gunzip = promisify(zlib.gunzip);

function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(2)} MiB` : `${bytes} bytes`;
}

/**
 * Reads a request body, stopping with 413 as soon as it exceeds `maxBytes` (checked against
 * Content-Length first, so an oversized upload is refused before it is read).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new HttpError(413, `request body of ${mib(declared)} exceeds the limit of ${mib(maxBytes)}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | undefined, body?: Buffer) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      if (err) reject(err);
      else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(new HttpError(413, `request body exceeds the limit of ${mib(maxBytes)}`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', (err) => finish(new HttpError(400, `could not read the request body: ${err.message}`)));
    req.once('aborted', () => finish(new HttpError(400, 'the client aborted the request')));
  });
}

/** Applies Content-Encoding. Decompressed output is held to the same limit as the body (a zip bomb gets 413). */
export async function decodeContentEncoding(body: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return body;
  if (enc !== 'gzip') throw new HttpError(415, `unsupported Content-Encoding "${encoding}"; accepted: gzip, identity`);
  try {
    return await gunzip(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `decompressed request body exceeds the limit of ${mib(maxBytes)}`);
    }
    throw new HttpError(400, `invalid gzip body: ${(err as Error).message}`);
  }
}

/**
 * For a request answered before its body was read (413, 415, …): discard what is still coming
 * and close the connection after the response, so leftover bytes are neither parsed as the next
 * request nor left unread (which would make the close reset the connection and lose the answer).
 */
export function discardUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  // A request without a body (a GET) is not `complete` until read, but has nothing to discard:
  // closing its keep-alive connection would only break the client's next request.
  const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
  if (req.complete || !hasBody) return;
  res.setHeader('connection', 'close');
  req.resume();
}
