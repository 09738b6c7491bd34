import { summarizeSteps } from '@loupe/core';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { getSpan, getTraceOutline } from '../api/client.js';
import type { NormalizedSpan, TraceOutline } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { CopyButton } from '../components/copy-button.js';
import { FeedbackBox } from '../components/feedback-box.js';
import { SpanPanel } from '../components/span-panel.js';
import { SpanWaterfall } from '../components/span-waterfall.js';
import { formatCost, formatMs, formatTimeUs, formatTokens } from '../format.js';
import { hrefWith, Link, useLocation } from '../router.js';
import { ancestorsOf, buildSpanTree, collapsedBelow, toggledRows, visibleRows, type SpanTree } from '../trace/span-tree.js';

/**
 * One request: header, step breakdown, tree + waterfall, and the selected span's details. The
 * page loads the trace's outline (light spans) and each span's full payload only when selected.
 */
export function TraceDetailPage({ traceId }: { traceId: string }): ReactNode {
  const { search } = useLocation();
  const project = search.get('project') ?? undefined;
  const { data, error, loading } = useApi((signal) => getTraceOutline(traceId, project, signal), [traceId, project]);
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
  return <TraceView outline={data} />;
}

/** The tree's collapsed nodes and the rows they leave visible, always updated together. */
interface Folding {
  collapsed: ReadonlySet<number>;
  rows: readonly number[];
}

function folding(tree: SpanTree, collapsed: ReadonlySet<number>): Folding {
  return { collapsed, rows: visibleRows(tree, collapsed) };
}

/** What the span panel shows for the selected span: its full payload, loading, or why not. */
type SpanLoad = { state: 'loading' } | { state: 'loaded'; span: NormalizedSpan } | { state: 'error'; message: string };

/**
 * Fetches full spans on demand, one request per span, keeping every fetched span for the life
 * of the page so going back to a span is instant.
 */
function useFullSpan(project: string, traceId: string, spanId: string | undefined): SpanLoad | undefined {
  const cache = useRef(new Map<string, NormalizedSpan>());
  const [load, setLoad] = useState<SpanLoad | undefined>(undefined);
  useEffect(() => {
    if (spanId === undefined) {
      setLoad(undefined);
      return;
    }
    const cached = cache.current.get(spanId);
    if (cached) {
      setLoad({ state: 'loaded', span: cached });
      return;
    }
    const controller = new AbortController();
    setLoad({ state: 'loading' });
    getSpan(project, traceId, spanId, controller.signal).then(
      (span) => {
        cache.current.set(spanId, span);
        if (!controller.signal.aborted) setLoad({ state: 'loaded', span });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [project, traceId, spanId]);
  return load;
}

function TraceView({ outline }: { outline: TraceOutline }): ReactNode {
  const { summary, spans } = outline;
  const tree = useMemo(() => buildSpanTree(spans), [spans]);
  const { search } = useLocation();
  const wantedSpan = search.get('span');
  const [selected, setSelected] = useState(() => {
    const fromUrl = wantedSpan ? tree.byId.get(wantedSpan) : undefined;
    return fromUrl ?? tree.roots[0] ?? -1;
  });
  const [fold, setFold] = useState<Folding>(() => folding(tree, initialCollapsed(tree)));
  const { collapsed, rows } = fold;
  useEffect(() => {
    // Make sure a span selected from the URL is visible.
    if (selected < 0) return;
    const ancestors = ancestorsOf(tree, selected);
    if (ancestors.some((a) => collapsed.has(a))) {
      setFold((prev) => {
        const next = new Set(prev.collapsed);
        for (const a of ancestors) next.delete(a);
        return folding(tree, next);
      });
    }
  }, [selected, tree]); // eslint-disable-line react-hooks/exhaustive-deps
  const onToggle = useCallback(
    (index: number) => {
      setFold((prev) => {
        const next = new Set(prev.collapsed);
        if (next.has(index)) next.delete(index);
        else next.add(index);
        // Only the toggled subtree's rows change: no walk over the whole tree.
        return { collapsed: next, rows: toggledRows(tree, prev.rows, next, index) };
      });
    },
    [tree],
  );
  const expandAll = useCallback(() => setFold(folding(tree, new Set())), [tree]);
  // Depth 2 counts levels shown: the roots and their direct children.
  const collapseToDepth2 = useCallback(() => setFold(folding(tree, collapsedBelow(tree, 1))), [tree]);
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
  const selectedOutline = selected >= 0 ? tree.nodes[selected]?.span : undefined;
  const spanLoad = useFullSpan(summary.project, summary.traceId, selectedOutline?.spanId);

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
        <div className="tree-column">
          <div className="tree-tools">
            <button type="button" className="small-btn" data-testid="expand-all" onClick={expandAll}>
              Expand all
            </button>
            <button type="button" className="small-btn" data-testid="collapse-depth-2" onClick={collapseToDepth2}>
              Collapse to depth 2
            </button>
            <span className="muted small">
              {rows.length} of {tree.nodes.length} rows shown
            </span>
          </div>
          <SpanWaterfall tree={tree} rows={rows} collapsed={collapsed} onToggle={onToggle} selected={selected} onSelect={onSelect} />
        </div>
        <div className="panel-scroll">
          {selectedOutline === undefined ? (
            <div className="empty">Select a span.</div>
          ) : spanLoad?.state === 'loaded' && spanLoad.span.spanId === selectedOutline.spanId ? (
            <SpanPanel key={selectedOutline.spanId} span={spanLoad.span} traceStartUs={tree.startUs} />
          ) : spanLoad?.state === 'error' ? (
            <div className="error-banner" data-testid="span-error">
              Could not load span {selectedOutline.name}: {spanLoad.message}
            </div>
          ) : (
            <div className="empty" data-testid="span-loading">
              Loading {selectedOutline.name}…
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** Big traces open with deep levels folded so the first screen is the request's shape. */
function initialCollapsed(tree: SpanTree): Set<number> {
  return tree.nodes.length <= 500 ? new Set() : collapsedBelow(tree, 2);
}

const STEP_COLORS = ['#4f7cff', '#17a589', '#e59f24', '#c0504d', '#8e6bd1', '#3aa3c9', '#d06fa8', '#7d8a2e'];

/** Steps named one by one; the rest fold into one "… N more steps" entry so the header stays short. */
const MAX_LISTED_STEPS = 8;

interface StepView {
  name: string;
  latencyMs: number;
  percent: number;
  status: string;
}

function StepBreakdown({ steps, totalMs }: { steps: StepView[]; totalMs: number }): ReactNode {
  // The biggest shares, shown in start order; the rest summed (their percents are rounded, so the sum is approximate).
  const listed = new Set(
    steps
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s.latencyMs - a.s.latencyMs || a.i - b.i)
      .slice(0, MAX_LISTED_STEPS)
      .map((x) => x.i),
  );
  const shown = steps.map((s, i) => ({ s, i })).filter((x) => listed.has(x.i));
  const rest = steps.filter((_, i) => !listed.has(i));
  const restPercent = rest.reduce((sum, s) => sum + s.percent, 0);
  return (
    <div className="steps" data-testid="step-breakdown">
      <div className="steps-bar">
        {shown.map(({ s, i }, k) => (
          <div key={i} className="steps-seg" style={{ width: `${Math.max(0.5, s.percent)}%`, background: STEP_COLORS[k % STEP_COLORS.length] }} title={`${s.name}: ${s.latencyMs} ms (${s.percent}%)`} />
        ))}
        {rest.length > 0 && <div className="steps-seg steps-rest" style={{ width: `${Math.max(0.5, restPercent)}%` }} title={`${rest.length} more steps (${restPercent}%)`} />}
      </div>
      <div className="steps-text">
        {shown.map(({ s, i }, k) => (
          <span key={i} className={s.status === 'error' ? 'step error-text' : 'step'}>
            <span className="swatch" style={{ background: STEP_COLORS[k % STEP_COLORS.length] }} />
            {s.name} {s.percent}% <span className="muted">({formatMs(s.latencyMs)})</span>
            {k < shown.length - 1 || rest.length > 0 ? ' · ' : ''}
          </span>
        ))}
        {rest.length > 0 && (
          <span className="step muted" data-testid="more-steps">
            … {rest.length} more steps ({restPercent}%)
          </span>
        )}
        <span className="muted"> — total {formatMs(totalMs)}</span>
      </div>
    </div>
  );
}
