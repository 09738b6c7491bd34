import type { JsonlSpan } from '@loupe/core';
import { decodeOtlpJson, ingestRawSpans } from '@loupe/server';
import { openSqliteStore, StoreOpenError } from '@loupe/store';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../cli-error.js';
import { parseFlags } from '../flags.js';
import { writeLine } from '../io.js';
import { JsonlLineError, parseJsonlLine } from '../jsonl/jsonl-line.js';
import { jsonlSpansToOtlpJson } from '../jsonl/otlp-json.js';
import { DEFAULT_URL } from '../reader-flags.js';
import { ProgressBar } from '../render/progress-bar.js';
import { formatCount } from '../render/units.js';

/** Spans sent per request / transaction: big enough to batch well, small enough to report progress. */
const BATCH_SPANS = 2000;
const MAX_REPORTED_BAD_LINES = 20;

type Sink = { write(spans: JsonlSpan[]): Promise<void>; close(): Promise<void> };

function storeSink(path: string): Sink {
  let store;
  try {
    store = openSqliteStore(path);
  } catch (err) {
    if (err instanceof StoreOpenError) throw new CliError(err.message);
    throw err;
  }
  return {
    async write(spans) {
      await ingestRawSpans(store, decodeOtlpJson(jsonlSpansToOtlpJson(spans)));
    },
    // Searchable when the command returns, whatever reads the file next (a read-only --db
    // search cannot index what a closing writer left unindexed).
    close: async () => {
      await store.waitForSearchIndex();
      await store.close();
    },
  };
}

function serverSink(base: string): Sink {
  const url = new URL('/v1/traces', base).toString();
  return {
    async write(spans) {
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(jsonlSpansToOtlpJson(spans)) });
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
        throw new CliError(`cannot reach Loupe server at ${base}: ${cause}`);
      }
      if (!res.ok) throw new CliError(`server answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    },
    close: async () => {},
  };
}

export const importCommand: Command = {
  name: 'import',
  summary: 'load JSONL traces (written by the SDK, or the seed’s TracedProgram/StepTracer logs)',
  usage: `Usage: loupe import FILE.jsonl [--db PATH | --url URL]

Bad lines are reported with their line numbers and skipped; good lines are kept.
Exit status 1 when any line was rejected.
  --db PATH          write into this database file (created if missing)
  --url URL          send to a running Loupe server (default ${DEFAULT_URL})`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, url: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    if (positionals.length !== 1) throw new UsageError('loupe import takes exactly one FILE.jsonl');
    if (values.db !== undefined && values.url !== undefined) throw new UsageError('use either --url or --db, not both');
    const file = positionals[0]!;
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new CliError(`${file} is not a file`);
      size = st.size;
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    const sink = values.db !== undefined ? storeSink(values.db) : serverSink(values.url ?? process.env.LOUPE_URL ?? DEFAULT_URL);
    const bar = new ProgressBar(io.stderr, `importing ${file}`, size);
    let lineNo = 0;
    let bytes = 0;
    let traces = 0;
    let spanCount = 0;
    let bad = 0;
    let batch: JsonlSpan[] = [];
    let batchTraces = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await sink.write(batch);
      spanCount += batch.length;
      traces += batchTraces;
      batch = [];
      batchTraces = 0;
    };
    try {
      const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) {
        lineNo++;
        bytes += Buffer.byteLength(line) + 1;
        if (line.trim() === '') continue;
        try {
          batch.push(...parseJsonlLine(line));
          batchTraces++;
        } catch (err) {
          if (!(err instanceof JsonlLineError)) throw err;
          bad++;
          if (bad <= MAX_REPORTED_BAD_LINES) {
            bar.finish();
            writeLine(io.stderr, `${file}:${lineNo}: ${err.message}`);
          }
        }
        if (batch.length >= BATCH_SPANS) await flush();
        bar.update(bytes, `${formatCount(traces + batchTraces)} traces`);
      }
      await flush();
    } finally {
      bar.finish();
      await sink.close();
    }
    if (bad > MAX_REPORTED_BAD_LINES) writeLine(io.stderr, `… and ${bad - MAX_REPORTED_BAD_LINES} more bad lines`);
    writeLine(io.stdout, `imported ${formatCount(traces)} traces (${formatCount(spanCount)} spans) from ${file}` + (bad ? `; ${bad} bad line${bad === 1 ? '' : 's'} skipped` : ''));
    return bad > 0 ? 1 : 0;
  },
};
