// The server under test, alone in this process: `loupe serve`'s pieces (SQLite file store with
// the full-text index + OTLP/HTTP receiver + query API). argv[2]: database path.
import { openSqliteStore } from '@loupe/store';
import { startServer } from '@loupe/server';

const store = openSqliteStore(process.argv[2]);
const server = await startServer({ store, port: 0 });
process.send({ url: server.url, pid: process.pid });
process.on('message', async (msg) => {
  if (msg?.type !== 'stop') return;
  await server.close();
  await store.close();
  process.disconnect();
  process.exit(0);
});
