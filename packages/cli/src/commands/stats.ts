import type { Command } from '../command.js';
import { parseFlags } from '../flags.js';
import { writeLine } from '../io.js';
import { FILTER_USAGE, filterFromFlags, filterOptions, openReader, READER_USAGE, readerOptions } from '../reader-flags.js';
import { formatCost, formatCount } from '../render/units.js';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'latency percentiles (nearest-rank), token and cost totals over matching traces',
  usage: `Usage: loupe stats [filters] [--json]

${FILTER_USAGE}
${READER_USAGE}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, { ...readerOptions, ...filterOptions });
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    const filter = filterFromFlags(values);
    const reader = openReader(values);
    try {
      const s = await reader.stats(filter);
      if (values.json) {
        writeLine(io.stdout, JSON.stringify(s, null, 2));
        return 0;
      }
      const ms = (v: number | null) => (v === null ? '-' : `${Math.round(v)}`);
      const rows: [string, string][] = [
        ['count', formatCount(s.count)],
        ['errors', formatCount(s.errorCount)],
        ['p50_ms', ms(s.p50_ms)],
        ['p95_ms', ms(s.p95_ms)],
        ['p99_ms', ms(s.p99_ms)],
        ['max_ms', ms(s.max_ms)],
        ['input_tokens', formatCount(s.inputTokens)],
        ['output_tokens', formatCount(s.outputTokens)],
        ['total_tokens', formatCount(s.totalTokens)],
        ['cost_usd', formatCost(s.costUsd)],
      ];
      for (const [k, v] of rows) writeLine(io.stdout, `${k.padEnd(14)} ${v}`);
      return 0;
    } finally {
      await reader.close();
    }
  },
};
