import { formatHistory } from '@loupe/core';
import type { Command } from '../command.js';
import { parseFlags, parsePositiveInt } from '../flags.js';
import { writeLine } from '../io.js';
import { openReader, READER_USAGE, readerOptions } from '../reader-flags.js';

export const historyCommand: Command = {
  name: 'history',
  summary: 'the last N LM calls with full prompts and responses, like dspy.inspect_history',
  usage: `Usage: loupe history [-n N] [--model MODEL] [--trace TRACE_ID] [--json]

  -n N               how many LM calls (default 1, up to 1000)
  --model MODEL      only calls to this model
  --trace TRACE_ID   only calls inside this trace
${READER_USAGE}`,
  async run(argv, io) {
    const { values } = parseFlags(argv, {
      ...readerOptions,
      n: { type: 'string', short: 'n' },
      model: { type: 'string' },
      trace: { type: 'string' },
    });
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    const limit = parsePositiveInt('-n', values.n, 1000) ?? 1;
    const reader = openReader(values);
    try {
      const calls = await reader.listLLMCalls({
        limit,
        ...(values.project !== undefined && { project: values.project }),
        ...(values.model !== undefined && { model: values.model }),
        ...(values.trace !== undefined && { traceId: values.trace.toLowerCase() }),
      });
      const oldestFirst = [...calls].reverse();
      if (values.json) {
        writeLine(io.stdout, JSON.stringify(oldestFirst, null, 2));
        return 0;
      }
      if (calls.length === 0) {
        writeLine(io.stderr, 'no LM calls recorded');
        return 0;
      }
      io.stdout.write(formatHistory(oldestFirst, { color: Boolean(io.stdout.isTTY) && !process.env.NO_COLOR }));
      return 0;
    } finally {
      await reader.close();
    }
  },
};
