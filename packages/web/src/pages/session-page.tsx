import type { ReactNode } from 'react';
import { listTraces } from '../api/client.js';
import type { TraceSummary } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { CopyButton } from '../components/copy-button.js';
import { FeedbackBadge } from '../components/feedback-badge.js';
import { formatCost, formatMs, formatTimeUs, formatTokens } from '../format.js';
import { hrefWith, Link, useLocation } from '../router.js';

/** Sessions longer than this are shown truncated (with a notice) rather than fetched forever. */
const MAX_TURNS = 5000;

/** Pages through `/api/traces?session_id=…` (newest first) and returns the turns oldest first. */
async function loadSession(sessionId: string, project: string | undefined, signal: AbortSignal): Promise<{ turns: TraceSummary[]; truncated: boolean }> {
  const turns: TraceSummary[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ session_id: sessionId, limit: '1000' });
    if (project) query.set('project', project);
    if (cursor) query.set('cursor', cursor);
    const page = await listTraces(query, signal);
    turns.push(...page.traces);
    cursor = page.nextCursor;
  } while (cursor && turns.length < MAX_TURNS);
  turns.reverse();
  return { turns, truncated: cursor !== undefined };
}

/** A conversation: each turn's question and answer in order, with totals. */
export function SessionPage({ sessionId }: { sessionId: string }): ReactNode {
  const { search } = useLocation();
  const project = search.get('project') ?? undefined;
  const { data, error, loading } = useApi((signal) => loadSession(sessionId, project, signal), [sessionId, project]);
  const turns = data?.turns ?? [];
  const totals = turns.reduce(
    (t, r) => ({ ms: t.ms + r.durationMs, tokens: t.tokens + r.totalTokens, cost: t.cost + (r.costUsd ?? 0), errors: t.errors + (r.status === 'error' ? 1 : 0) }),
    { ms: 0, tokens: 0, cost: 0, errors: 0 },
  );
  return (
    <div className="page session-page">
      <div className="page-head">
        <h2>
          Session <span className="mono">{sessionId}</span>
        </h2>
        <CopyButton text={sessionId} label="Copy ID" title="Copy session id" />
        <span className="spacer" />
        <Link to={hrefWith('/', { session_id: sessionId, project })}>Show in trace list →</Link>
      </div>
      {error && <div className="error-banner">Could not load session: {error.message}</div>}
      {loading && <div className="empty">Loading session…</div>}
      {!loading && !error && (
        <>
          <div className="metric-grid totals" data-testid="session-totals">
            <div className="metric">
              <div className="metric-label">Turns</div>
              <div className="metric-value">{turns.length}</div>
            </div>
            <div className="metric">
              <div className="metric-label">Total latency</div>
              <div className="metric-value">{formatMs(totals.ms)}</div>
            </div>
            <div className="metric">
              <div className="metric-label">Tokens</div>
              <div className="metric-value">{formatTokens(totals.tokens)}</div>
            </div>
            <div className="metric">
              <div className="metric-label">Cost</div>
              <div className="metric-value">{formatCost(totals.cost)}</div>
            </div>
            <div className="metric">
              <div className="metric-label">Errors</div>
              <div className="metric-value">{totals.errors}</div>
            </div>
            {turns[0] && (
              <div className="metric">
                <div className="metric-label">Started</div>
                <div className="metric-value small">{formatTimeUs(turns[0].startUs)}</div>
              </div>
            )}
          </div>
          {data?.truncated && <div className="notice">Showing the latest {turns.length} turns of a longer session.</div>}
          {turns.length === 0 && <div className="empty">No traces in this session.</div>}
          <ol className="turns">
            {turns.map((t, i) => (
              <li key={t.traceId} className="turn" data-trace-id={t.traceId}>
                <div className="turn-head">
                  <span className="turn-no">#{i + 1}</span>
                  <Link to={hrefWith(`/traces/${encodeURIComponent(t.traceId)}`, { project: t.project })}>{t.name}</Link>
                  <span className="muted">{formatTimeUs(t.startUs)}</span>
                  <span className="spacer" />
                  <span>{formatMs(t.durationMs)}</span>
                  <span>{formatTokens(t.totalTokens)} tok</span>
                  <span>{formatCost(t.costUsd)}</span>
                  <span className={`status status-${t.status}`}>{t.status}</span>
                  <FeedbackBadge feedback={t.feedback} />
                </div>
                <div className="bubble bubble-user">
                  <span className="bubble-role">user{t.userId ? ` · ${t.userId}` : ''}</span>
                  <pre>{t.input ?? '(no input recorded)'}</pre>
                </div>
                <div className="bubble bubble-assistant">
                  <span className="bubble-role">answer</span>
                  <pre>{t.output ?? '(no output recorded)'}</pre>
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
