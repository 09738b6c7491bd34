import type { NormalizedSpan, TraceDetail } from '@loupe/core';
import type { Colors } from './colors.js';
import { formatCost, formatCount, formatMs, formatTime, preview } from './units.js';

const BAR_WIDTH = 24;

interface Node {
  span: NormalizedSpan;
  children: Node[];
}

/** Parent → children in one pass; spans whose parent never arrived become roots. */
export function buildSpanTree(spans: NormalizedSpan[]): Node[] {
  const nodes = new Map<string, Node>();
  for (const span of spans) nodes.set(span.spanId, { span, children: [] });
  const roots: Node[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId ? nodes.get(node.span.parentSpanId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byStart = (a: Node, b: Node) => a.span.startUs - b.span.startUs;
  for (const node of nodes.values()) node.children.sort(byStart);
  return roots.sort(byStart);
}

/** A waterfall bar: where in the trace the span ran, and for how long. */
function bar(span: NormalizedSpan, t0: number, total: number): string {
  if (total <= 0) return '█'.padEnd(BAR_WIDTH, '·');
  const from = Math.min(BAR_WIDTH - 1, Math.floor(((span.startUs - t0) / total) * BAR_WIDTH));
  const len = Math.max(1, Math.round(((span.endUs - span.startUs) / total) * BAR_WIDTH));
  const to = Math.min(BAR_WIDTH, from + len);
  return '·'.repeat(from) + '█'.repeat(to - from) + '·'.repeat(BAR_WIDTH - to);
}

function details(span: NormalizedSpan, c: Colors): string[] {
  const out: string[] = [];
  if (span.llm) {
    const parts = [span.llm.responseModel ?? span.llm.model ?? 'unknown model'];
    const u = span.usage;
    if (u && (u.input !== undefined || u.output !== undefined)) {
      let tokens = `${formatCount(u.input ?? 0)} in → ${formatCount(u.output ?? 0)} out tokens`;
      if (u.cacheRead) tokens += `, ${formatCount(u.cacheRead)} cached`;
      if (u.reasoning) tokens += `, ${formatCount(u.reasoning)} reasoning`;
      parts.push(tokens);
    }
    if (span.costUsd !== undefined) parts.push(formatCost(span.costUsd));
    if (span.llm.timeToFirstTokenMs !== undefined) parts.push(`first token ${formatMs(span.llm.timeToFirstTokenMs)}`);
    out.push(c.cyan(parts.join(' · ')));
    const calls = span.llm.outputMessages.flatMap((m) => m.toolCalls ?? []);
    for (const call of calls) out.push(`tool call ${call.name}(${preview(call.arguments, 80)})`);
  }
  if (span.documents?.length) {
    const docs = span.documents.map((d) => (d.score !== undefined ? `${d.id ?? '?'} (${d.score.toFixed(2)})` : d.id ?? '?'));
    if (span.query) out.push(`query: ${preview(span.query, 80)}`);
    out.push(`documents: ${docs.join(', ')}`);
  }
  if (span.tool && !span.llm) {
    if (span.tool.arguments) out.push(`args: ${preview(span.tool.arguments, 80)}`);
    if (span.tool.result) out.push(`result: ${preview(span.tool.result, 80)}`);
  }
  if (span.status === 'error') {
    const exception = span.events.find((e) => e.name === 'exception');
    const msg = span.statusMessage || String(exception?.attributes['exception.message'] ?? 'error');
    out.push(c.red(`✗ ${preview(msg, 160)}`));
  }
  return out;
}

/** `loupe show`: header, the span tree with waterfall bars and shares, LM/retrieval details. */
export function renderTraceTree(detail: TraceDetail, c: Colors): string {
  const s = detail.summary;
  const lines: string[] = [];
  const status = s.status === 'error' ? c.red('error') : c.green('ok');
  lines.push(c.bold(`Trace ${s.traceId}`) + `  ${s.name}  ${formatMs(s.durationMs)}  ${status}`);
  const meta = [`started ${formatTime(s.startUs)}`, `project ${s.project}`];
  if (s.serviceName) meta.push(`service ${s.serviceName}`);
  if (s.userId) meta.push(`user ${s.userId}`);
  if (s.sessionId) meta.push(`session ${s.sessionId}`);
  lines.push(c.dim(meta.join(' · ')));
  lines.push(
    c.dim(
      `${formatCount(s.spanCount)} spans · ${formatCount(s.llmCallCount)} LM calls · ` +
        `${formatCount(s.inputTokens)} in / ${formatCount(s.outputTokens)} out tokens · ${formatCost(s.costUsd)}` +
        (s.errorCount ? ` · ${s.errorCount} errors` : ''),
    ),
  );
  lines.push('');

  const t0 = detail.spans.reduce((m, sp) => Math.min(m, sp.startUs), Infinity);
  const t1 = detail.spans.reduce((m, sp) => Math.max(m, sp.endUs), -Infinity);
  const total = t1 - t0;
  const rows: { label: string; span: NormalizedSpan; extra: string[]; childPrefix: string }[] = [];
  const walk = (node: Node, prefix: string, last: boolean, depth: number) => {
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ ';
    const kind = node.span.kind !== 'UNKNOWN' ? ` [${node.span.kind}]` : '';
    const childPrefix = depth === 0 ? '' : prefix + (last ? '   ' : '│  ');
    rows.push({ label: prefix + branch + node.span.name + kind, span: node.span, extra: details(node.span, c), childPrefix });
    node.children.forEach((child, i) => walk(child, childPrefix, i === node.children.length - 1, depth + 1));
  };
  const roots = buildSpanTree(detail.spans);
  roots.forEach((root, i) => walk(root, '', i === roots.length - 1, 0));

  const labelWidth = Math.min(60, Math.max(...rows.map((r) => r.label.length)));
  for (const row of rows) {
    const ms = (row.span.endUs - row.span.startUs) / 1000;
    const share = total > 0 ? `${Math.round(((row.span.endUs - row.span.startUs) / total) * 100)}%` : '';
    const label = row.label.length > labelWidth ? row.label.slice(0, labelWidth - 1) + '…' : row.label.padEnd(labelWidth);
    const line = `${label}  ${formatMs(ms).padStart(7)}  ${bar(row.span, t0, total)}  ${share.padStart(4)}`;
    lines.push(row.span.status === 'error' ? c.red(line) : line);
    const indent = row.childPrefix + '   ';
    for (const extra of row.extra) lines.push(c.dim(indent) + extra);
  }
  return lines.join('\n');
}
