// Writer thread entry: owns the store file's write connection and runs each group-commit batch
// the main thread sends (sqlite-worker-batch-committer.ts). The inserts, index updates, roll-ups
// and the commit's fsync happen here, so the main thread decodes and normalizes the next
// requests meanwhile instead of waiting on SQLite.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyWritePragmas } from './sqlite-write-pragmas.js';
import { SqliteWriteBatch } from './sqlite-write-batch.js';
import type { WriterWorkerData, WriterWorkerReply, WriterWorkerRequest } from './sqlite-writer-worker-protocol.js';

const { storePath } = workerData as WriterWorkerData;
const port = parentPort!;

// The main thread opened (and, when needed, created and migrated) the file before starting us.
const db = new Database(storePath, { fileMustExist: true });
applyWritePragmas(db);
const batch = new SqliteWriteBatch(db);

function reply(message: WriterWorkerReply): void {
  port.postMessage(message);
}

port.on('message', (message: WriterWorkerRequest) => {
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    reply({ type: 'committed', id: message.id, result: batch.run(message.requests) });
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
