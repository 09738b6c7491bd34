import type { TraceSummary } from '@loupe/core';
import type { Colors } from './colors.js';
import { formatCost, formatCount, formatMs, formatTime, preview } from './units.js';

/** The `loupe search` table: one trace a line, newest first. */
export function renderTraceTable(traces: TraceSummary[], c: Colors, width = 120): string {
  const header = ['TIME', 'TRACE ID', 'NAME', 'LATENCY', 'STATUS', 'TOKENS', 'COST', 'USER', 'INPUT'];
  const rows = traces.map((t) => [
    formatTime(t.startUs),
    t.traceId,
    t.rootSpanId ? t.name : `${t.name}*`,
    formatMs(t.durationMs),
    t.status,
    formatCount(t.totalTokens),
    formatCost(t.costUsd),
    t.userId ?? '-',
    t.input ?? '',
  ]);
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fixed = widths.reduce((a, b) => a + b + 2, 0);
  const inputWidth = Math.max(20, width - fixed);
  const line = (cells: string[], color?: (s: string) => string) =>
    cells
      .map((cell, i) => {
        if (i === cells.length - 1) return preview(cell, inputWidth);
        const padded = i === 3 || i === 5 || i === 6 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
        return i === 4 && color ? color(padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [c.bold(line(header))];
  traces.forEach((t, i) => out.push(line(rows[i]!, t.status === 'error' ? c.red : c.green)));
  if (traces.some((t) => !t.rootSpanId)) {
    out.push(c.dim('* root span not received yet: the request is still running, or its root span was lost'));
  }
  return out.join('\n');
}
