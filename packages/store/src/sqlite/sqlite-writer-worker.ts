// Writer thread entry: owns the store file's write connection, keeps each request's rows the
// main thread stages here, and runs each group-commit batch of them it is asked to
// (sqlite-worker-batch-committer.ts). The inserts, index updates, roll-ups and the commit's
// fsync happen here, so the main thread decodes and normalizes the next requests meanwhile
// instead of waiting on SQLite; requests staged during a commit wait here, in this thread's
// heap, not in the main thread's.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyWritePragmas } from './sqlite-write-pragmas.js';
import { SqliteWriteBatch } from './sqlite-write-batch.js';
import { StagedRequests } from './staged-requests.js';
import type { WriterWorkerData, WriterWorkerReply, WriterWorkerRequest } from './sqlite-writer-worker-protocol.js';

const { storePath } = workerData as WriterWorkerData;
const port = parentPort!;

// The main thread opened (and, when needed, created and migrated) the file before starting us.
const db = new Database(storePath, { fileMustExist: true });
applyWritePragmas(db);
const batch = new SqliteWriteBatch(db);
const staged = new StagedRequests();

function reply(message: WriterWorkerReply): void {
  port.postMessage(message);
}

port.on('message', (message: WriterWorkerRequest) => {
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  if (message.type === 'stage') {
    staged.add(message.id, message.spans);
    return;
  }
  try {
    reply({ type: 'committed', id: message.id, result: staged.commit(batch, message.staged) });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    reply({
      type: 'failed',
      id: message.id,
      message: error instanceof Error ? error.message : String(error),
      ...(typeof code === 'string' && { code }),
    });
  }
});
