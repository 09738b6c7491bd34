import { summarizeSteps } from '@loupe/core';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getTrace } from '../api/client.js';
import type { TraceDetail } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { CopyButton } from '../components/copy-button.js';
import { FeedbackBox } from '../components/feedback-box.js';
import { SpanPanel } from '../components/span-panel.js';
import { SpanWaterfall } from '../components/span-waterfall.js';
import { formatCost, formatMs, formatTimeUs, formatTokens } from '../format.js';
import { hrefWith, Link, useLocation } from '../router.js';
import { ancestorsOf, buildSpanTree } from '../trace/span-tree.js';

/** One request: header, step breakdown, tree + waterfall, and the selected span's details. */
export function TraceDetailPage({ traceId }: { traceId: string }): ReactNode {
  const { search } = useLocation();
  const project = search.get('project') ?? undefined;
  const { data, error, loading } = useApi((signal) => getTrace(traceId, project, signal), [traceId, project]);
  if (error) {
    return (
      <div className="page">
        <div className="error-banner">
          {error.message.includes('404') || error.message.toLowerCase().includes('not found') ? `Trace ${traceId} was not found.` : `Could not load trace: ${error.message}`}
        </div>
        <Link to="/">← Back to traces</Link>
      </div>
    );
  }
  if (loading || !data) return <div className="page empty">Loading trace…</div>;
  return <TraceView detail={data} />;
}

function TraceView({ detail }: { detail: TraceDetail }): ReactNode {
  const { summary, spans } = detail;
  const tree = useMemo(() => buildSpanTree(spans), [spans]);
  const { search } = useLocation();
  const wantedSpan = search.get('span');
  const [selected, setSelected] = useState(() => {
    const fromUrl = wantedSpan ? tree.byId.get(wantedSpan) : undefined;
    return fromUrl ?? tree.roots[0] ?? -1;
  });
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => initialCollapsed(tree));
  useEffect(() => {
    // Make sure a span selected from the URL is visible.
    if (selected < 0) return;
    const ancestors = ancestorsOf(tree, selected);
    if (ancestors.some((a) => collapsed.has(a))) {
      setCollapsed((prev) => {
        const next = new Set(prev);
        for (const a of ancestors) next.delete(a);
        return next;
      });
    }
  }, [selected, tree]); // eslint-disable-line react-hooks/exhaustive-deps
  const onToggle = useCallback((index: number) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  }, []);
  const onSelect = useCallback(
    (index: number) => {
      setSelected(index);
      const span = tree.nodes[index]?.span;
      if (span) {
        const url = new URL(window.location.href);
        url.searchParams.set('span', span.spanId);
        window.history.replaceState(null, '', url.pathname + url.search);
      }
    },
    [tree],
  );
  const steps = useMemo(() => summarizeSteps(spans), [spans]);
  const selectedSpan = selected >= 0 ? tree.nodes[selected]?.span : undefined;

  return (
    <div className="page trace-page">
      <div className="trace-header">
        <div className="trace-title">
          <Link to={hrefWith('/', { project: search.get('project') ?? undefined })} className="muted">
            Traces
          </Link>
          <span className="muted"> / </span>
          <h2>{summary.name}</h2>
          <span className={`status status-${summary.status}`}>{summary.status}</span>
        </div>
        <div className="trace-meta">
          <span className="mono small">
            {summary.traceId} <CopyButton text={summary.traceId} label="Copy ID" title="Copy trace id" />
          </span>
          <span>{formatTimeUs(summary.startUs)}</span>
          <span>
            <b>{formatMs(summary.durationMs)}</b> latency
          </span>
          <span>
            <b>{summary.spanCount}</b> spans · <b>{summary.llmCallCount}</b> LM calls
          </span>
          <span title={`in ${summary.inputTokens} / out ${summary.outputTokens}`}>
            <b>{formatTokens(summary.totalTokens)}</b> tokens ({formatTokens(summary.inputTokens)} in / {formatTokens(summary.outputTokens)} out)
          </span>
          <span>
            <b>{formatCost(summary.costUsd)}</b>
          </span>
          {summary.userId && <span>user {summary.userId}</span>}
          {summary.sessionId && (
            <span>
              session <Link to={hrefWith(`/sessions/${encodeURIComponent(summary.sessionId)}`, { project: summary.project })}>{summary.sessionId}</Link>
            </span>
          )}
          <span className="muted">project {summary.project}</span>
        </div>
        <FeedbackBox traceId={summary.traceId} project={summary.project} />
        {steps.steps.length > 0 && <StepBreakdown steps={steps.steps} totalMs={steps.totalMs} />}
      </div>
      <div className="trace-body">
        <SpanWaterfall tree={tree} collapsed={collapsed} onToggle={onToggle} selected={selected} onSelect={onSelect} />
        <div className="panel-scroll">{selectedSpan ? <SpanPanel key={selectedSpan.spanId} span={selectedSpan} traceStartUs={tree.startUs} /> : <div className="empty">Select a span.</div>}</div>
      </div>
    </div>
  );
}

/** Big traces open with deep levels folded so the first screen is the request's shape. */
function initialCollapsed(tree: ReturnType<typeof buildSpanTree>): Set<number> {
  const collapsed = new Set<number>();
  if (tree.nodes.length <= 500) return collapsed;
  for (const node of tree.nodes) if (node.depth >= 2 && node.children.length > 0) collapsed.add(node.index);
  return collapsed;
}

const STEP_COLORS = ['#4f7cff', '#17a589', '#e59f24', '#c0504d', '#8e6bd1', '#3aa3c9', '#d06fa8', '#7d8a2e'];

function StepBreakdown({ steps, totalMs }: { steps: { name: string; latencyMs: number; percent: number; status: string }[]; totalMs: number }): ReactNode {
  return (
    <div className="steps" data-testid="step-breakdown">
      <div className="steps-bar">
        {steps.map((s, i) => (
          <div key={i} className="steps-seg" style={{ width: `${Math.max(0.5, s.percent)}%`, background: STEP_COLORS[i % STEP_COLORS.length] }} title={`${s.name}: ${s.latencyMs} ms (${s.percent}%)`} />
        ))}
      </div>
      <div className="steps-text">
        {steps.map((s, i) => (
          <span key={i} className={s.status === 'error' ? 'step error-text' : 'step'}>
            <span className="swatch" style={{ background: STEP_COLORS[i % STEP_COLORS.length] }} />
            {s.name} {s.percent}% <span className="muted">({formatMs(s.latencyMs)})</span>
            {i < steps.length - 1 ? ' · ' : ''}
          </span>
        ))}
        <span className="muted"> — total {formatMs(totalMs)}</span>
      </div>
    </div>
  );
}
