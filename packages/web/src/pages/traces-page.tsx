import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { listTraces } from '../api/client.js';
import { apiQueryFromFilters, filtersFromSearch } from '../api/trace-filters.js';
import type { TraceSummary } from '../api/types.js';
import { FilterBar, type Filters } from '../components/filter-bar.js';
import { FeedbackBadge } from '../components/feedback-badge.js';
import { formatAgo, formatCost, formatMs, formatTimeUs, formatTokens, preview, shortId } from '../format.js';
import { hrefWith, Link, navigate, useLocation } from '../router.js';

const PAGE_SIZE = 50;
const POLL_MS = 2500;

/** The trace list: URL-held filters, cursor pagination, and live arrival of new traces. */
export function TracesPage(): ReactNode {
  const { search } = useLocation();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const cursor = search.get('cursor') ?? undefined;
  const filterKey = JSON.stringify(filters);

  const [rows, setRows] = useState<TraceSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(true);
  const [live, setLive] = useState(true);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  // Cursors of the pages before this one, for "Newer"; reset whenever the filters change.
  const [history, setHistory] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: filterKey, cursors: [] });
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const updateFilters = useCallback((next: Filters) => {
    navigate(hrefWith('/', next as Record<string, string>), { replace: false });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    const query = apiQueryFromFilters(filters);
    query.set('limit', String(PAGE_SIZE));
    if (cursor) query.set('cursor', cursor);
    listTraces(query, controller.signal).then(
      (page) => {
        setRows(page.traces);
        setNextCursor(page.nextCursor);
        setError(undefined);
        setLoading(false);
        setFresh(new Set());
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [filterKey, cursor]); // eslint-disable-line react-hooks/exhaustive-deps

  // Live updates: on the first page, ask only for traces starting at or after the newest shown,
  // and merge them in (an in-progress trace's row is replaced as its spans arrive).
  useEffect(() => {
    if (!live || cursor) return;
    let stopped = false;
    let controller: AbortController | undefined;
    const timer = window.setInterval(() => {
      if (document.hidden || controller) return;
      const current = rowsRef.current;
      const newestUs = current.reduce((m, r) => Math.max(m, r.startUs), 0);
      const query = apiQueryFromFilters(filters);
      if (newestUs > 0) {
        const after = Math.floor(newestUs / 1000);
        const existing = Number(query.get('after') ?? Number.NEGATIVE_INFINITY);
        query.set('after', String(Number.isFinite(existing) ? Math.max(existing, after) : after));
      }
      query.set('limit', String(PAGE_SIZE));
      controller = new AbortController();
      listTraces(query, controller.signal)
        .then((page) => {
          if (stopped || page.traces.length === 0) return;
          setRows((prev) => {
            const incoming = new Map(page.traces.map((t) => [t.traceId + '\u0000' + t.project, t]));
            const kept = prev.map((r) => {
              const key = r.traceId + '\u0000' + r.project;
              const update = incoming.get(key);
              if (update) incoming.delete(key);
              return update ?? r;
            });
            const added = [...incoming.values()];
            if (added.length > 0) setFresh(new Set(added.map((t) => t.traceId)));
            return [...added, ...kept].sort((a, b) => b.startUs - a.startUs).slice(0, Math.max(PAGE_SIZE, prev.length));
          });
        })
        .catch(() => undefined)
        .finally(() => {
          controller = undefined;
        });
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      controller?.abort();
    };
  }, [live, cursor, filterKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const cursors = history.key === filterKey ? history.cursors : [];
  const goOlder = (): void => {
    if (!nextCursor) return;
    setHistory({ key: filterKey, cursors: [...cursors, cursor] });
    navigate(hrefWith('/', { ...(filters as Record<string, string>), cursor: nextCursor }));
  };
  const goNewer = (): void => {
    const previous = cursors[cursors.length - 1];
    setHistory({ key: filterKey, cursors: cursors.slice(0, -1) });
    navigate(hrefWith('/', { ...(filters as Record<string, string>), cursor: previous }));
  };

  return (
    <div className="page">
      <div className="page-head">
        <h2>Traces</h2>
        <span className="spacer" />
        <label className="live-toggle" title="Poll for new traces every 2.5 s">
          <input type="checkbox" checked={live && !cursor} disabled={Boolean(cursor)} onChange={(e) => setLive(e.target.checked)} />
          <span className={live && !cursor ? 'live-dot on' : 'live-dot'} /> Live
        </label>
      </div>
      <FilterBar filters={filters} onChange={updateFilters} />
      {error && <div className="error-banner">Could not load traces: {error}</div>}
      <div className="table-wrap">
        <table className="data-table traces-table" data-testid="traces-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Name / input</th>
              <th className="num">Latency</th>
              <th className="num">Spans</th>
              <th className="num">Tokens</th>
              <th className="num">Cost</th>
              <th>Status</th>
              <th>User</th>
              <th>Session</th>
              <th>Feedback</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => {
              const href = hrefWith(`/traces/${encodeURIComponent(t.traceId)}`, { project: t.project });
              return (
                <tr
                  key={`${t.project}/${t.traceId}`}
                  className={fresh.has(t.traceId) ? 'fresh clickable-row' : 'clickable-row'}
                  data-trace-id={t.traceId}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a')) return;
                    navigate(href);
                  }}
                >
                  <td className="nowrap" title={formatTimeUs(t.startUs)}>
                    {formatAgo(t.startUs)}
                  </td>
                  <td className="name-cell">
                    <Link to={href} className="trace-name">
                      {t.name}
                    </Link>
                    <span className="muted mono small"> {shortId(t.traceId)}</span>
                    {t.input && <div className="row-preview">{preview(t.input, 160)}</div>}
                  </td>
                  <td className="num nowrap">{formatMs(t.durationMs)}</td>
                  <td className="num">{t.spanCount}</td>
                  <td className="num nowrap" title={`in ${t.inputTokens} / out ${t.outputTokens}`}>
                    {formatTokens(t.totalTokens)}
                  </td>
                  <td className="num nowrap">{formatCost(t.costUsd)}</td>
                  <td>
                    <span className={`status status-${t.status}`}>{t.status}</span>
                  </td>
                  <td className="ellipsis" title={t.userId}>
                    {t.userId ?? ''}
                  </td>
                  <td className="ellipsis">
                    {t.sessionId && (
                      <Link to={hrefWith(`/sessions/${encodeURIComponent(t.sessionId)}`, { project: t.project })} title={t.sessionId}>
                        {t.sessionId}
                      </Link>
                    )}
                  </td>
                  <td>
                    <FeedbackBadge feedback={t.feedback} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!loading && rows.length === 0 && !error && <div className="empty">No traces match these filters.</div>}
        {loading && rows.length === 0 && <div className="empty">Loading…</div>}
      </div>
      <div className="pager">
        <button type="button" onClick={() => navigate(hrefWith('/', filters as Record<string, string>))} disabled={!cursor}>
          ⇤ Newest
        </button>
        <button type="button" onClick={goNewer} disabled={!cursor || cursors.length === 0}>
          ← Newer
        </button>
        <button type="button" onClick={goOlder} disabled={!nextCursor} data-testid="older">
          Older →
        </button>
        <span className="muted">{rows.length} shown</span>
      </div>
    </div>
  );
}
