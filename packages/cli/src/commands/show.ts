import { formatStepSummary, summarizeSteps } from '@loupe/core';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../cli-error.js';
import { parseFlags } from '../flags.js';
import { writeLine } from '../io.js';
import { openReader, READER_USAGE, readerOptions } from '../reader-flags.js';
import { colorsFor } from '../render/colors.js';
import { renderTraceTree } from '../render/trace-tree.js';

export const showCommand: Command = {
  name: 'show',
  summary: 'one request as a tree: every span with its latency bar and share, LM calls, retrievals, errors',
  usage: `Usage: loupe show TRACE_ID [--json]

${READER_USAGE}`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, readerOptions, true);
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    if (positionals.length !== 1) throw new UsageError('loupe show takes exactly one TRACE_ID');
    const traceId = positionals[0]!.toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(traceId)) {
      throw new UsageError(`TRACE_ID must be 32 hex characters, got "${positionals[0]}"`);
    }
    const reader = openReader(values);
    try {
      const detail = await reader.getTrace(traceId, values.project);
      if (!detail) throw new CliError(`trace ${traceId} not found`);
      if (values.json) {
        writeLine(io.stdout, JSON.stringify(detail, null, 2));
        return 0;
      }
      writeLine(io.stdout, renderTraceTree(detail, colorsFor(io.stdout)));
      const steps = summarizeSteps(detail.spans);
      if (steps.steps.length > 0) {
        writeLine(io.stdout);
        writeLine(io.stdout, formatStepSummary({ ...steps, traceId }));
      }
      return 0;
    } finally {
      await reader.close();
    }
  },
};
