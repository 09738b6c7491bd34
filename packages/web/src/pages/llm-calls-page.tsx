import { useMemo, useState, type ReactNode } from 'react';
import { listLLMCalls } from '../api/client.js';
import type { LLMCallRecord } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { CopyButton } from '../components/copy-button.js';
import { Payload } from '../components/json-view.js';
import { MessagesView } from '../components/messages-view.js';
import { formatAgo, formatCost, formatMs, formatTimeUs, formatTokens, preview } from '../format.js';
import { hrefWith, Link, navigate, useLocation } from '../router.js';

const LIMITS = ['20', '50', '100', '200', '500'];

/** The latest LM calls across traces, newest first: the browser's `inspect_history`. */
export function LLMCallsPage(): ReactNode {
  const { search } = useLocation();
  const project = search.get('project') ?? undefined;
  const model = search.get('model') ?? undefined;
  const limit = search.get('limit') ?? '50';
  const { data, error, loading, reload } = useApi((signal) => listLLMCalls({ project, model, limit }, signal), [project, model, limit]);
  const [draftModel, setDraftModel] = useState(model ?? '');
  const [open, setOpen] = useState<string | undefined>();
  const calls = data ?? [];
  const knownModels = useMemo(() => [...new Set(calls.map((c) => c.llm.model).filter((m): m is string => Boolean(m)))].sort(), [calls]);
  const go = (next: Record<string, string | undefined>): void => navigate(hrefWith('/llm-calls', { project, model, limit, ...next }));
  return (
    <div className="page">
      <div className="page-head">
        <h2>LM calls</h2>
        <span className="spacer" />
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <form
        className="filter-bar"
        onSubmit={(e) => {
          e.preventDefault();
          go({ model: draftModel.trim() || undefined });
        }}
      >
        <label className="field">
          <span>Model</span>
          <input name="model" list="known-models" value={draftModel} onChange={(e) => setDraftModel(e.target.value)} onBlur={() => go({ model: draftModel.trim() || undefined })} placeholder="any model" />
          <datalist id="known-models">
            {knownModels.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Show</span>
          <select value={limit} onChange={(e) => go({ limit: e.target.value })}>
            {LIMITS.map((l) => (
              <option key={l} value={l}>
                last {l}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && <div className="error-banner">Could not load LM calls: {error.message}</div>}
      <div className="table-wrap">
        <table className="data-table" data-testid="llm-calls-table">
          <thead>
            <tr>
              <th>Time</th>
              <th>Name</th>
              <th>Model</th>
              <th>Last prompt message → response</th>
              <th className="num">In</th>
              <th className="num">Out</th>
              <th className="num">Latency</th>
              <th className="num">Cost</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => {
              const key = `${c.traceId}/${c.spanId}`;
              const isOpen = open === key;
              return (
                <CallRows key={key} call={c} isOpen={isOpen} onToggle={() => setOpen(isOpen ? undefined : key)} />
              );
            })}
          </tbody>
        </table>
        {!loading && calls.length === 0 && !error && <div className="empty">No LM calls recorded{model ? ` for model ${model}` : ''}.</div>}
        {loading && calls.length === 0 && <div className="empty">Loading…</div>}
      </div>
    </div>
  );
}

function CallRows({ call, isOpen, onToggle }: { call: LLMCallRecord; isOpen: boolean; onToggle: () => void }): ReactNode {
  const lastIn = call.llm.inputMessages[call.llm.inputMessages.length - 1];
  const out = call.llm.outputMessages[0];
  const traceHref = hrefWith(`/traces/${encodeURIComponent(call.traceId)}`, { project: call.project, span: call.spanId });
  return (
    <>
      <tr className={`clickable-row${isOpen ? ' open' : ''}`} onClick={onToggle}>
        <td className="nowrap" title={formatTimeUs(call.startUs)}>
          {formatAgo(call.startUs)}
        </td>
        <td>{call.name}</td>
        <td className="mono small">{call.llm.model ?? '—'}</td>
        <td className="row-preview-cell">
          <span className="muted">{lastIn ? `${lastIn.role}: ` : ''}</span>
          {preview(lastIn?.content, 80)}
          <span className="muted"> → </span>
          {preview(out?.content || out?.toolCalls?.map((t) => `${t.name}(…)`).join(', '), 80)}
        </td>
        <td className="num">{formatTokens(call.usage?.input)}</td>
        <td className="num">{formatTokens(call.usage?.output)}</td>
        <td className="num nowrap">{formatMs(call.durationMs)}</td>
        <td className="num nowrap">{formatCost(call.costUsd)}</td>
        <td>
          <span className={`status status-${call.status}`}>{call.status}</span>
        </td>
      </tr>
      {isOpen && (
        <tr className="expanded">
          <td colSpan={9}>
            <div className="call-detail">
              <div className="call-links">
                <Link to={traceHref}>Open in trace →</Link>
                <span className="mono small muted">
                  trace {call.traceId} <CopyButton text={call.traceId} label="Copy" title="Copy trace id" />
                </span>
                {call.statusMessage && <span className="error-text">{call.statusMessage}</span>}
              </div>
              <MessagesView title="Prompt messages" messages={call.llm.inputMessages} />
              <MessagesView title="Response" messages={call.llm.outputMessages} />
              {call.llm.rawResponse && <Payload title="Raw response" text={call.llm.rawResponse} openDepth={1} />}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
