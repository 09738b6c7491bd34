import type { Command } from '../command.js';
import { parseFlags, parsePort, parsePositiveInt } from '../flags.js';
import { writeLine } from '../io.js';
import { listen } from '../listen.js';
import { openStoreForWriting } from '../open-store-for-writing.js';

export const DEFAULT_DB = '.loupe/loupe.db';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'receive OTLP traces on :4318 (any OpenTelemetry app works unchanged) and serve the query API',
  usage: `Usage: loupe serve [--port 4318] [--host 127.0.0.1] [--db PATH]

  --port N           HTTP port for OTLP (/v1/traces) and the API (default 4318)
  --host HOST        address to bind (default 127.0.0.1)
  --db PATH          SQLite database file (default ${DEFAULT_DB})`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    const port = parsePort(values.port, 4318);
    const host = values.host ?? '127.0.0.1';
    const dbPath = values.db ?? DEFAULT_DB;
    const store = openStoreForWriting(dbPath, values.db === undefined);
    try {
      const server = await listen(store, port, host, (line) => writeLine(io.stderr, line));
      writeLine(io.stdout, `loupe: listening on ${server.url} (OTLP/HTTP ${server.url}/v1/traces, API ${server.url}/api), database ${dbPath}`);
      await io.stopSignal;
      writeLine(io.stderr, 'loupe: stopping');
      await server.close();
    } finally {
      await store.close();
    }
    return 0;
  },
};
