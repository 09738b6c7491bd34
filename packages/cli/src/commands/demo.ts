import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Command } from '../command.js';
import { parseFlags, parsePort, parsePositiveInt } from '../flags.js';
import { writeLine } from '../io.js';
import { listen, listenGrpc } from '../listen.js';
import { openStoreForWriting } from '../open-store-for-writing.js';

export const DEMO_DB = '.loupe/demo.db';

/** The example app's entry point, resolved through its package so the CLI finds it wherever installed. */
function exampleAppPath(): string {
  const index = fileURLToPath(import.meta.resolve('@loupe/example-rag-qa'));
  return join(dirname(index), 'main.js');
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the main job: loupe serve on SQLite plus a traced RAG demo app sending steady, varied traffic',
  usage: `Usage: loupe demo [--port 4318] [--db PATH] [--rate N] [--count N]

Starts the server and the example retrieval-augmented QA app (examples/rag-qa), which uses the
real openai client against a built-in local model on 127.0.0.1 unless OPENAI_BASE_URL /
OPENAI_API_KEY are set.
  --port N           server port (default 4318)
  --db PATH          SQLite database file (default ${DEMO_DB})
  --rate N           demo requests per second (default 2)
  --count N          stop the demo app after N requests (default: run until Ctrl-C)`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      port: { type: 'string' },
      db: { type: 'string' },
      rate: { type: 'string' },
      count: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    const port = parsePort(values.port, 4318);
    const rate = parsePositiveInt('--rate', values.rate, 1000) ?? 2;
    const count = parsePositiveInt('--count', values.count, 10_000_000);
    const dbPath = values.db ?? DEMO_DB;
    const store = openStoreForWriting(dbPath, values.db === undefined);
    try {
      const log = (line: string) => writeLine(io.stderr, line);
      const server = await listen(store, port, '127.0.0.1', log);
      // gRPC is a convenience here: the demo app uses OTLP/HTTP, so a busy 4317 only costs a warning.
      const grpc = await listenGrpc(store, 4317, '127.0.0.1', log).catch((err: Error) => {
        writeLine(io.stderr, `loupe: OTLP/gRPC not started: ${err.message}`);
        return undefined;
      });
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        LOUPE_ENDPOINT: `${server.url}/v1/traces`,
        DEMO_RATE: String(rate),
        ...(count !== undefined && { DEMO_COUNT: String(count) }),
      };
      // Loaded here, not with the CLI: every other command (serve's cold start included) would pay for it.
      const { spawn } = await import('node:child_process');
      const app = spawn(process.execPath, [exampleAppPath()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      app.stdout.on('data', (d: Buffer) => io.stdout.write(d));
      app.stderr.on('data', (d: Buffer) => io.stderr.write(d));
      const exited = new Promise<number>((resolve) => app.on('exit', (code) => resolve(code ?? 0)));
      const u = server.url;
      writeLine(io.stdout, [
        '',
        `Loupe is running with the demo app feeding it (database ${dbPath}).`,
        ``,
        `  Open the viewer:  ${u}/`,
        ``,
        `Point any OpenTelemetry app at ${u}/v1/traces (OTLP/HTTP)` + (grpc ? ` or 127.0.0.1:${grpc.port} (OTLP/gRPC).` : '.'),
        `In another terminal, try:`,
        ...[
          ['search --min-latency 1000', 'slow requests'],
          ['search --status error', 'failed requests'],
          ['search --feedback incorrect', 'answers users marked wrong'],
          ['search --contains "refund"', 'text in prompts and outputs'],
          ['history -n 3', 'the last LM calls, full prompts'],
          ['show <trace id from search>', 'one request as a tree'],
          ['stats', 'p50/p95/p99, tokens, cost'],
          // The CLI's default server is :4318; on another port every hint needs --url.
        ].map(([cmd, what]) => `  npx loupe ${cmd}${server.port === 4318 ? '' : ` --url ${u}`}`.padEnd(server.port === 4318 ? 48 : 76) + what),
        `Ctrl-C stops.`,
        '',
      ].join('\n'));
      const appCode = await Promise.race([exited, io.stopSignal?.then(() => undefined)]);
      if (appCode === undefined) {
        app.kill('SIGTERM');
        await exited;
      } else if (appCode !== 0) {
        writeLine(io.stderr, `loupe: the demo app exited with status ${appCode}; the server keeps running, Ctrl-C stops it`);
        await io.stopSignal;
      } else {
        writeLine(io.stdout, 'loupe: demo app finished; the server keeps running, Ctrl-C stops it');
        await io.stopSignal;
      }
      await server.close();
      await grpc?.close();
    } finally {
      await store.close();
    }
    return 0;
  },
};
