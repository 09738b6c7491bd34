import type { TraceSummary } from '@loupe/core';
import type { Colors } from './colors.js';
import { formatCost, formatCount, formatMs, formatTime, preview } from './units.js';

const HEADER = ['TIME', 'TRACE ID', 'NAME', 'LATENCY', 'STATUS', 'FEEDBACK', 'TOKENS', 'COST', 'USER', 'INPUT'] as const;
const col = (name: (typeof HEADER)[number]): number => HEADER.indexOf(name);
/** Numbers read best right-aligned. */
const RIGHT_ALIGNED = new Set([col('LATENCY'), col('TOKENS'), col('COST')]);
const STATUS = col('STATUS');
const FEEDBACK = col('FEEDBACK');

/** ✓ correct, ✗ incorrect, - none given. */
export function feedbackMark(t: Pick<TraceSummary, 'feedback'>): string {
  if (t.feedback === undefined) return '-';
  return t.feedback.label === 'correct' ? '✓' : '✗';
}

/** A request's input for a one-line preview: `{"question": "…"}` reads better as just the question. */
function inputPreview(input: string | undefined): string {
  if (!input || input[0] !== '{') return input ?? '';
  try {
    const value = JSON.parse(input) as Record<string, unknown>;
    const values = Object.values(value);
    return values.length === 1 && typeof values[0] === 'string' ? values[0] : input;
  } catch {
    return input; // truncated JSON: show it as stored
  }
}

/** The `loupe search` table: one trace a line, newest first. */
export function renderTraceTable(traces: TraceSummary[], c: Colors, width = 120): string {
  const header: string[] = [...HEADER];
  const rows = traces.map((t) => [
    formatTime(t.startUs),
    t.traceId,
    t.rootSpanId ? t.name : `${t.name}*`,
    formatMs(t.durationMs),
    t.status,
    feedbackMark(t),
    formatCount(t.totalTokens),
    formatCost(t.costUsd),
    t.userId ?? '-',
    inputPreview(t.input),
  ]);
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fixed = widths.reduce((a, b) => a + b + 2, 0);
  const inputWidth = Math.max(20, width - fixed);
  const line = (cells: string[], status?: (s: string) => string, feedback?: (s: string) => string) =>
    cells
      .map((cell, i) => {
        if (i === cells.length - 1) return preview(cell, inputWidth);
        const padded = RIGHT_ALIGNED.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
        if (i === STATUS && status) return status(padded);
        if (i === FEEDBACK && feedback) return feedback(padded);
        return padded;
      })
      .join('  ')
      .trimEnd();
  const out = [c.bold(line(header))];
  traces.forEach((t, i) => {
    const feedback = t.feedback === undefined ? c.dim : t.feedback.label === 'correct' ? c.green : c.red;
    out.push(line(rows[i]!, t.status === 'error' ? c.red : c.green, feedback));
  });
  if (traces.some((t) => !t.rootSpanId)) {
    out.push(c.dim('* root span not received yet: the request is still running, or its root span was lost'));
  }
  return out.join('\n');
}
