import { useState, type ReactNode } from 'react';
import type { NormalizedSpan, RetrievedDocument } from '../api/types.js';
import { formatCost, formatMs, formatTimeUs, formatTokens } from '../format.js';
import { CopyButton } from './copy-button.js';
import { JsonTree, Payload, ValueView } from './json-view.js';
import { MessagesView } from './messages-view.js';

/** Everything known about one span, laid out for its kind (LM call, retrieval, tool, other). */
export function SpanPanel({ span, traceStartUs }: { span: NormalizedSpan; traceStartUs: number }): ReactNode {
  const durationMs = (span.endUs - span.startUs) / 1000;
  return (
    <div className="span-panel" data-testid="span-panel">
      <div className="panel-title">
        <span className={`kind-badge kind-${span.kind}`}>{span.kind}</span>
        <h3 title={span.name}>{span.name}</h3>
        <span className={`status status-${span.status}`}>{span.status}</span>
      </div>
      <dl className="facts">
        <Fact label="Span ID">
          <code>{span.spanId}</code> <CopyButton text={span.spanId} label="Copy" title="Copy span id" />
        </Fact>
        {span.parentSpanId && (
          <Fact label="Parent">
            <code>{span.parentSpanId}</code>
          </Fact>
        )}
        <Fact label="Latency">{formatMs(durationMs)}</Fact>
        <Fact label="Start">
          {formatTimeUs(span.startUs)} <span className="muted">(+{formatMs((span.startUs - traceStartUs) / 1000)})</span>
        </Fact>
        {span.serviceName && <Fact label="Service">{span.serviceName}</Fact>}
        {span.userId && <Fact label="User">{span.userId}</Fact>}
        {span.sessionId && <Fact label="Session">{span.sessionId}</Fact>}
        {span.statusMessage && (
          <Fact label="Status message">
            <span className="error-text">{span.statusMessage}</span>
          </Fact>
        )}
      </dl>
      {span.llm && <LLMSection span={span} durationMs={durationMs} />}
      {(span.query !== undefined || (span.documents && span.documents.length > 0)) && <RetrievalSection span={span} />}
      {span.tool && <ToolSection span={span} />}
      <Payload title="Input" text={span.input} />
      <Payload title="Output" text={span.output} />
      <ExceptionsAndEvents span={span} />
      {span.metadata && Object.keys(span.metadata).length > 0 && (
        <section>
          <h4>Metadata</h4>
          <div className="json-view">
            <JsonTree value={span.metadata} openDepth={2} />
          </div>
        </section>
      )}
      {span.tags && span.tags.length > 0 && (
        <section>
          <h4>Tags</h4>
          <div className="tags">
            {span.tags.map((t) => (
              <span className="tag" key={t}>
                {t}
              </span>
            ))}
          </div>
        </section>
      )}
      <AttributeTable title="Attributes" attributes={span.attributes} />
      <AttributeTable title="Resource" attributes={span.resource} collapsedByDefault />
      {span.links.length > 0 && (
        <section>
          <h4>Links</h4>
          {span.links.map((l, i) => (
            <div key={i} className="mono small">
              trace {l.traceId} span {l.spanId}
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function LLMSection({ span, durationMs }: { span: NormalizedSpan; durationMs: number }): ReactNode {
  const llm = span.llm!;
  const usage = span.usage ?? {};
  const params = llm.parameters ?? {};
  return (
    <>
      <section className="llm-summary">
        <h4>LM call</h4>
        <div className="metric-grid" data-testid="llm-metrics">
          <Metric label="Model" value={llm.responseModel && llm.responseModel !== llm.model ? `${llm.model ?? '?'} → ${llm.responseModel}` : (llm.model ?? '—')} />
          {llm.provider && <Metric label="Provider" value={llm.provider} />}
          {llm.operation && <Metric label="Operation" value={llm.operation} />}
          <Metric label="Input tokens" value={formatTokens(usage.input)} testId="tokens-in" />
          <Metric label="Output tokens" value={formatTokens(usage.output)} testId="tokens-out" />
          <Metric label="Cached tokens" value={formatTokens(usage.cacheRead)} testId="tokens-cached" />
          <Metric label="Reasoning tokens" value={formatTokens(usage.reasoning)} testId="tokens-reasoning" />
          <Metric label="Total tokens" value={formatTokens(usage.total ?? ((usage.input ?? 0) + (usage.output ?? 0) || undefined))} />
          <Metric label="Cost" value={formatCost(span.costUsd)} testId="cost" />
          <Metric label="Latency" value={formatMs(durationMs)} />
          <Metric label="Time to first token" value={formatMs(llm.timeToFirstTokenMs)} />
          {llm.finishReasons && llm.finishReasons.length > 0 && <Metric label="Finish" value={llm.finishReasons.join(', ')} />}
          {llm.responseId && <Metric label="Response ID" value={llm.responseId} />}
        </div>
        {Object.keys(params).length > 0 && (
          <table className="kv-table">
            <tbody>
              {Object.entries(params).map(([k, v]) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <MessagesView title="Prompt messages" messages={llm.inputMessages} />
      <MessagesView title="Response" messages={llm.outputMessages} />
      {llm.parsed !== undefined && (
        <section>
          <h4>Parsed fields</h4>
          <div className="json-view">
            <ValueView value={llm.parsed} />
          </div>
        </section>
      )}
      {llm.rawResponse !== undefined && <Collapsible title="Raw response"><Payload title="Raw response" text={llm.rawResponse} openDepth={1} /></Collapsible>}
    </>
  );
}

function Metric({ label, value, testId }: { label: string; value: string; testId?: string }): ReactNode {
  return (
    <div className="metric" data-testid={testId}>
      <div className="metric-label">{label}</div>
      <div className="metric-value">{value}</div>
    </div>
  );
}

function RetrievalSection({ span }: { span: NormalizedSpan }): ReactNode {
  const docs = span.documents ?? [];
  return (
    <section className="retrieval">
      <h4>Retrieval</h4>
      {span.query !== undefined && (
        <div className="query">
          <span className="muted">Query </span>
          <pre className="text-block">{span.query}</pre>
        </div>
      )}
      {docs.length > 0 && (
        <table className="docs-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Score</th>
              <th>Document</th>
            </tr>
          </thead>
          <tbody>
            {docs.map((d, i) => (
              <DocumentRow key={i} rank={i + 1} doc={d} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DocumentRow({ rank, doc }: { rank: number; doc: RetrievedDocument }): ReactNode {
  const [open, setOpen] = useState(false);
  const content = doc.content ?? '';
  const long = content.length > 240;
  return (
    <tr>
      <td className="num">{rank}</td>
      <td className="num mono">{doc.score === undefined ? '—' : doc.score.toFixed(4)}</td>
      <td>
        {doc.id && <div className="mono small muted">{doc.id}</div>}
        <div className="pre-wrap">{long && !open ? `${content.slice(0, 240)}…` : content}</div>
        {long && (
          <button type="button" className="link-btn" onClick={() => setOpen(!open)}>
            {open ? 'less' : 'more'}
          </button>
        )}
        {doc.metadata !== undefined && (
          <div className="json-view small">
            <JsonTree value={doc.metadata} openDepth={0} name="metadata" />
          </div>
        )}
      </td>
    </tr>
  );
}

function ToolSection({ span }: { span: NormalizedSpan }): ReactNode {
  const tool = span.tool!;
  return (
    <section>
      <h4>Tool · {tool.name}</h4>
      {tool.description && <p className="muted">{tool.description}</p>}
      <Payload title="Arguments" text={tool.arguments} />
      <Payload title="Result" text={tool.result} />
    </section>
  );
}

function ExceptionsAndEvents({ span }: { span: NormalizedSpan }): ReactNode {
  if (span.events.length === 0) return null;
  return (
    <section>
      <h4>Events ({span.events.length})</h4>
      {span.events.map((event, i) => {
        const isException = event.name === 'exception';
        const a = event.attributes;
        return (
          <div key={i} className={isException ? 'event exception' : 'event'}>
            <div className="event-head">
              <strong>{event.name}</strong>
              <span className="muted"> +{formatMs((event.timeUs - span.startUs) / 1000)}</span>
            </div>
            {isException ? (
              <>
                <div className="error-text">
                  {String(a['exception.type'] ?? 'Exception')}: {String(a['exception.message'] ?? '')}
                </div>
                {a['exception.stacktrace'] !== undefined && <pre className="stack">{String(a['exception.stacktrace'])}</pre>}
              </>
            ) : (
              Object.keys(a).length > 0 && (
                <div className="json-view small">
                  <JsonTree value={a} openDepth={1} />
                </div>
              )
            )}
          </div>
        );
      })}
    </section>
  );
}

function AttributeTable({ title, attributes, collapsedByDefault = false }: { title: string; attributes: Record<string, unknown>; collapsedByDefault?: boolean }): ReactNode {
  const [open, setOpen] = useState(!collapsedByDefault);
  const [filter, setFilter] = useState('');
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return null;
  const needle = filter.toLowerCase();
  const shown = needle ? keys.filter((k) => k.toLowerCase().includes(needle) || String(attributes[k]).toLowerCase().includes(needle)) : keys;
  return (
    <section className="attributes">
      <div className="payload-head">
        <h4 className="clickable" onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {title} <span className="muted">({keys.length})</span>
        </h4>
        <span className="spacer" />
        {open && keys.length > 8 && <input className="mini-input" placeholder="filter keys" value={filter} onChange={(e) => setFilter(e.target.value)} />}
        <CopyButton text={JSON.stringify(attributes, null, 2)} label="Copy" title={`Copy ${title.toLowerCase()} as JSON`} />
      </div>
      {open && (
        <table className="kv-table attr-table">
          <tbody>
            {shown.map((k) => (
              <tr key={k}>
                <th className="mono">{k}</th>
                <td className="mono">
                  <ValueView value={attributes[k]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Collapsible({ title, children }: { title: string; children: ReactNode }): ReactNode {
  const [open, setOpen] = useState(false);
  return (
    <section>
      <h4 className="clickable" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {title}
      </h4>
      {open && children}
    </section>
  );
}
