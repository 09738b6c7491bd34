// Worker thread entry: owns the full-text index file of one store (see sqlite-search-index.ts).
// On start it catches up with the store (a fresh or deleted index is rebuilt from the spans),
// also when asked to close at once: the writer bounds that wait, and what is left resumes on
// the next start. Then it indexes what the writer submits, many submissions per transaction
// when they queue up, and runs the store's WAL checkpoints, which the writer leaves to it:
// both are work the writer's thread no longer does between commits.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ensureSearchSchema, SearchIndexWriter, type SearchEntry } from './sqlite-search-index.js';
import type { SearchWorkerData, SearchWorkerReply, SearchWorkerRequest } from './sqlite-search-worker-protocol.js';

const { storePath, searchPath } = workerData as SearchWorkerData;
const port = parentPort!;
/** A passive checkpoint at most this often: it copies committed WAL frames into the store file. */
const CHECKPOINT_INTERVAL_MS = 100;

/**
 * Indexing yields the CPU to ingest: when both want a core, spans are stored and acknowledged
 * first (an app's exporter never waits on the index) and the index catches up as soon as there
 * is a spare cycle; with a core to spare it runs at full speed all the same. On Linux a nice
 * value is per thread, so this lowers this thread alone; elsewhere it would lower the whole
 * process, so it is left as it is.
 */
const INDEX_NICE = 10;
if (process.platform === 'linux') {
  try {
    setPriority(INDEX_NICE);
  } catch {
    // Not allowed to lower it (some sandboxes): index at normal priority.
  }
}

const db = new Database(searchPath);
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
// The index is rebuilt from the store after a crash (the watermark commits with the text it
// covers), so it need not fsync every commit.
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -32768');
db.prepare('ATTACH DATABASE ? AS store').run(storePath);
ensureSearchSchema(db, 'main');
const writer = new SearchIndexWriter(db, 'main', 'store');

const queue: { entries: SearchEntry[]; from: number; upTo: number }[] = [];
let catchingUp = true;
let scheduled = false;
let closing = false;
let lastCheckpoint = 0;

function reply(message: SearchWorkerReply): void {
  port.postMessage(message);
}

function checkpoint(): void {
  const now = performance.now();
  if (now - lastCheckpoint < CHECKPOINT_INTERVAL_MS) return;
  lastCheckpoint = now;
  db.pragma('store.wal_checkpoint(PASSIVE)');
}

/**
 * Writes the queued submissions that continue the index, in one transaction. One that starts
 * above the watermark leaves a gap (its text was dropped, or catch-up is not there yet): the
 * rest of the queue is dropped and catch-up reads the spans from the store, which has them all.
 */
function drain(): void {
  let watermark = writer.watermark();
  const entries: SearchEntry[] = [];
  for (const item of queue.splice(0, queue.length)) {
    if (item.upTo <= watermark) continue;
    if (item.from > watermark) {
      catchingUp = true;
      break;
    }
    for (const entry of item.entries) entries.push(entry);
    watermark = item.upTo;
  }
  if (watermark > writer.watermark()) writer.write(entries, watermark);
}

function step(): void {
  scheduled = false;
  try {
    if (catchingUp) {
      // One chunk per turn, so submissions queue (and are skipped once covered) meanwhile.
      if (writer.catchUpStep() > 0) {
        reply({ type: 'indexed', watermark: writer.watermark() });
        schedule();
        return;
      }
      catchingUp = false;
    }
    drain();
    reply({ type: 'indexed', watermark: writer.watermark() });
    checkpoint();
    if (catchingUp) {
      schedule();
      return;
    }
    if (closing) {
      db.close();
      port.close();
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    port.close();
    db.close();
  }
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(step);
}

port.on('message', (message: SearchWorkerRequest) => {
  if (message.type === 'index') queue.push({ entries: message.entries, from: message.from, upTo: message.upTo });
  else closing = true;
  schedule();
});
schedule();
