import type { Command } from '../command.js';
import { UsageError } from '../cli-error.js';
import { parseFlags, parsePort, parsePositiveInt } from '../flags.js';
import { writeLine } from '../io.js';
import { listenAll } from '../listen.js';
import { openStoreForWriting } from '../open-store-for-writing.js';

export const DEFAULT_DB = '.loupe/loupe.db';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'receive OTLP traces on :4318 (any OpenTelemetry app works unchanged) and serve the query API',
  usage: `Usage: loupe serve [--port 4318] [--grpc-port 4317] [--host 127.0.0.1] [--db PATH]

  --port N           HTTP port: OTLP/HTTP (/v1/traces), the API (/api) and the viewer (/) (default 4318)
  --grpc-port N      OTLP/gRPC port (default 4317)
  --no-grpc          do not listen for OTLP/gRPC
  --host HOST        address to bind (default 127.0.0.1)
  --db PATH          SQLite database file (default ${DEFAULT_DB})`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      port: { type: 'string' },
      'grpc-port': { type: 'string' },
      'no-grpc': { type: 'boolean' },
      host: { type: 'string' },
      db: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    const port = parsePort(values.port, 4318);
    const grpcPort = parsePort(values['grpc-port'], 4317, '--grpc-port');
    if (values['no-grpc'] && values['grpc-port'] !== undefined) throw new UsageError('use either --grpc-port or --no-grpc, not both');
    const host = values.host ?? '127.0.0.1';
    const dbPath = values.db ?? DEFAULT_DB;
    const store = openStoreForWriting(dbPath, values.db === undefined);
    try {
      const log = (line: string) => writeLine(io.stderr, line);
      const { server, grpc } = await listenAll(store, port, values['no-grpc'] ? undefined : grpcPort, host, log);
      try {
        const grpcNote = grpc ? `, OTLP/gRPC ${host}:${grpc.port}` : '';
        writeLine(io.stdout, `loupe: viewer ${server.url}/ · OTLP/HTTP ${server.url}/v1/traces${grpcNote} · API ${server.url}/api · database ${dbPath}`);
        await io.stopSignal;
        writeLine(io.stderr, 'loupe: stopping');
      } finally {
        try {
          await server.close();
        } finally {
          await grpc?.close();
        }
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
