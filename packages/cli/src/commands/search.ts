import type { TraceSummary } from '@loupe/core';
import type { Command } from '../command.js';
import { parseFlags, parsePositiveInt } from '../flags.js';
import { writeLine } from '../io.js';
import { FILTER_USAGE, filterFromFlags, filterOptions, openReader, READER_USAGE, readerOptions } from '../reader-flags.js';
import { colorsFor } from '../render/colors.js';
import { renderTraceTable } from '../render/trace-table.js';

const PAGE = 1000;

export const searchCommand: Command = {
  name: 'search',
  summary: 'find traces by latency, time, text, status, user, session, name or model',
  usage: `Usage: loupe search [filters] [--limit N] [--json]

Newest first.
${FILTER_USAGE}
  --limit N          at most N traces (default 20, up to 100000)
${READER_USAGE}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...readerOptions, ...filterOptions, limit: { type: 'string' } });
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    const filter = filterFromFlags(values);
    const limit = parsePositiveInt('--limit', values.limit, 100_000) ?? 20;
    const reader = openReader(values);
    try {
      const traces: TraceSummary[] = [];
      let cursor: string | undefined;
      let more = false;
      do {
        const page = await reader.listTraces({ ...filter, limit: Math.min(PAGE, limit - traces.length), cursor });
        traces.push(...page.traces);
        cursor = page.nextCursor;
        more = cursor !== undefined;
      } while (more && traces.length < limit);
      if (values.json) {
        writeLine(io.stdout, JSON.stringify(traces, null, 2));
        return 0;
      }
      if (traces.length === 0) {
        writeLine(io.stderr, 'no traces match');
        return 0;
      }
      writeLine(io.stdout, renderTraceTable(traces, colorsFor(io.stdout), io.stdout.columns ?? 160));
      writeLine(io.stderr, `${traces.length} trace${traces.length === 1 ? '' : 's'}${more ? ` (more match: raise --limit)` : ''}`);
      return 0;
    } finally {
      await reader.close();
    }
  },
};
