// The load generator: several concurrent senders posting OTLP batches, as OTel batch exporters do.
import { postOtlp } from './http.mjs';

/**
 * Sends every body once, `concurrency` requests in flight, as fast as the server answers.
 * Returns elapsed ms from the first send to the last acknowledgement.
 */
export async function sendAll(url, bodies, concurrency = 4) {
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < bodies.length) await postOtlp(url, bodies[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - t0;
}

/**
 * Sends at a fixed rate of `spansPerSec` for `seconds`: body k leaves at k × batchSpans /
 * spansPerSec, with at most `concurrency` in flight (a late server makes the sender late, not
 * queue without bound). `makeBody(k)` builds the k-th body; `onSend(k, sentAt)` sees each send, `onSent(k, sentAt, ackedAt)` each ack.
 * Returns { sent, lateMs } where lateMs is how far behind schedule the last send was.
 */
export async function sendPaced(url, { spansPerSec, seconds, batchSpans, makeBody, onSend = () => {}, onSent = () => {}, concurrency = 4 }) {
  const intervalMs = (batchSpans / spansPerSec) * 1000;
  const total = Math.max(1, Math.floor((seconds * 1000) / intervalMs));
  const t0 = performance.now();
  let next = 0;
  let lateMs = 0;
  let failed = false;
  const worker = async () => {
    while (next < total && !failed) {
      const k = next++;
      const due = t0 + k * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else lateMs = -wait;
      const body = makeBody(k);
      const sentAt = performance.now();
      onSend(k, sentAt);
      try {
        await postOtlp(url, body);
      } catch (err) {
        // One failed send ends the run: the other senders stop too instead of loading the server on.
        failed = true;
        throw err;
      }
      onSent(k, sentAt, performance.now());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { sent: total, lateMs, elapsedMs: performance.now() - t0 };
}
