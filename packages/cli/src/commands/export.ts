import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from '../command.js';
import { CliError } from '../cli-error.js';
import { parseFlags, parsePositiveInt } from '../flags.js';
import { writeLine } from '../io.js';
import { traceToJsonlRecord } from '../jsonl/trace-to-jsonl.js';
import { FILTER_USAGE, filterFromFlags, filterOptions, openReader, READER_USAGE, readerOptions } from '../reader-flags.js';

const PAGE = 200;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write matching traces as JSONL (one request a line, every span kept; loupe import reads it back)',
  usage: `Usage: loupe export [filters] [--limit N] [--out FILE]

Newest first. Each line has the seed's fields (trace_id, timestamp, inputs, outputs,
total_latency_ms, steps) and the full span list.
${FILTER_USAGE}
  --limit N          at most N traces (default: all that match)
  --out FILE         write here instead of standard output
${READER_USAGE.split('\n').filter((l) => !l.includes('--json')).join('\n')}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...readerOptions, ...filterOptions, limit: { type: 'string' }, out: { type: 'string' } });
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    const filter = filterFromFlags(values);
    const limit = parsePositiveInt('--limit', values.limit, Number.MAX_SAFE_INTEGER) ?? Number.MAX_SAFE_INTEGER;
    const reader = openReader(values);
    let file: WriteStream | undefined;
    try {
      if (values.out !== undefined) {
        file = createWriteStream(values.out, { flags: 'w' });
        await Promise.race([once(file, 'open'), once(file, 'error').then(([err]) => {
          throw new CliError(`cannot write ${values.out}: ${(err as Error).message}`);
        })]);
      }
      const out = file ?? io.stdout;
      let written = 0;
      let cursor: string | undefined;
      do {
        const page = await reader.listTraces({ ...filter, limit: Math.min(PAGE, limit - written), cursor });
        for (const t of page.traces) {
          const detail = await reader.getTrace(t.traceId, t.project);
          if (!detail) continue; // deleted between list and fetch
          if (!out.write(JSON.stringify(traceToJsonlRecord(detail)) + '\n')) await once(out, 'drain');
          written++;
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined && written < limit);
      if (file) {
        await new Promise<void>((resolve, reject) => file!.end((err?: Error | null) => (err ? reject(err) : resolve())));
        writeLine(io.stderr, `exported ${written} trace${written === 1 ? '' : 's'} to ${values.out}`);
      }
      return 0;
    } finally {
      await reader.close();
    }
  },
};
