// A keep-alive HTTP client for the load generator and the API timings.
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * POSTs an OTLP protobuf body; resolves with the status once the response is fully read. A
 * request on a reused keep-alive socket that the server closed as idle just before it was
 * written fails with ECONNRESET before the server saw it; like an OTel exporter, it is sent
 * again (once) on a new connection, as Node's docs recommend (`request.reusedSocket`).
 */
export async function postOtlp(url, body) {
  try {
    return await postOnce(url, body);
  } catch (err) {
    if (err.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return postOnce(url, body);
    throw err;
  }
}

function postOnce(url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/v1/traces`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
    }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(200) : reject(new Error(`POST /v1/traces: HTTP ${res.statusCode}`))));
    });
    req.on('error', (err) => {
      err.reusedSocket = req.reusedSocket;
      reject(err);
    });
    req.end(body);
  });
}

/** GETs `url` and parses the JSON body; rejects on a non-2xx status other than an allowed 404 (which resolves null). */
export function getJson(url, { allowNotFound = false } = {}) {
  return new Promise((resolve, reject) => {
    // Error answers may close the connection (the server sends `connection: close`), so they get a fresh one.
    http.get(url, { agent: allowNotFound ? false : agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 404 && allowNotFound) resolve(null);
        else if (res.statusCode < 200 || res.statusCode >= 300) reject(new Error(`GET ${url}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
        else resolve(JSON.parse(text));
      });
    }).on('error', reject);
  });
}
