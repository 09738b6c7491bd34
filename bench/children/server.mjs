// The server under test, alone in this process: `loupe serve`'s pieces (SQLite file store with
// the full-text index + OTLP/HTTP receiver + query API). argv[2]: database path.
import { openSqliteStore } from '@loupe/store';
import { startServer } from '@loupe/server';

const store = openSqliteStore(process.argv[2]);
const server = await startServer({ store, port: 0 });
process.send({ url: server.url, pid: process.pid });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  await store.close();
  if (process.connected) process.disconnect();
  process.exit(0);
};
process.on('message', (msg) => {
  if (msg?.type === 'stop') void stop();
  // Where the memory is, for the soak: V8's heap and buffers vs the rest (SQLite, malloc), and the index lag.
  if (msg?.type === 'memory') process.send({ type: 'memory', ...process.memoryUsage(), search: store.searchIndexStatus() });
});
// The bench process died without stopping us: do not linger as an orphan.
process.on('disconnect', () => void stop());
