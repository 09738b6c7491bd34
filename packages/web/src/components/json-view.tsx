import { useState, type ReactNode } from 'react';
import { parseJsonText } from '../format.js';
import { CopyButton } from './copy-button.js';

const MAX_CHILDREN = 200;

/** Collapsible JSON tree. Every key and value is a text node: payloads are untrusted. */
export function JsonTree({ value, depth = 0, openDepth = 2, name }: { value: unknown; depth?: number; openDepth?: number; name?: string }): ReactNode {
  const [open, setOpen] = useState(depth < openDepth);
  const [showAll, setShowAll] = useState(false);
  const label = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-line" style={{ paddingLeft: depth * 14 }}>
        {label}
        <JsonScalar value={value} />
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as object);
  const shown = showAll ? entries : entries.slice(0, MAX_CHILDREN);
  const brackets = isArray ? ['[', ']'] : ['{', '}'];
  return (
    <div className="json-node">
      <div className="json-line json-toggle" style={{ paddingLeft: depth * 14 }} onClick={() => setOpen(!open)}>
        <span className="caret">{open ? '▾' : '▸'}</span>
        {label}
        <span className="json-punct">
          {brackets[0]}
          {open ? '' : ` ${entries.length} ${isArray ? 'items' : 'keys'} ${brackets[1]}`}
        </span>
      </div>
      {open && (
        <>
          {shown.map(([k, v]) => (
            <JsonTree key={k} name={isArray ? undefined : k} value={v} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > shown.length && (
            <div style={{ paddingLeft: (depth + 1) * 14 }}>
              <button type="button" className="link-btn" onClick={() => setShowAll(true)}>
                show {entries.length - shown.length} more
              </button>
            </div>
          )}
          <div className="json-line json-punct" style={{ paddingLeft: depth * 14 }}>
            {brackets[1]}
          </div>
        </>
      )}
    </div>
  );
}

function JsonScalar({ value }: { value: unknown }): ReactNode {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">"{value}"</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

/**
 * Shows a text payload: as a JSON tree when it parses as an object/array, else as preformatted
 * text. A toggle shows the raw text either way, and a copy button copies it.
 */
export function Payload({ text, title, openDepth = 2 }: { text: string | undefined; title: string; openDepth?: number }): ReactNode {
  const [raw, setRaw] = useState(false);
  if (text === undefined || text === '') return null;
  const parsed = parseJsonText(text);
  return (
    <section className="payload">
      <div className="payload-head">
        <h4>{title}</h4>
        <span className="spacer" />
        {parsed !== undefined && (
          <button type="button" className="link-btn" onClick={() => setRaw(!raw)}>
            {raw ? 'tree' : 'raw'}
          </button>
        )}
        <CopyButton text={text} label="Copy" title={`Copy ${title.toLowerCase()}`} />
      </div>
      {parsed !== undefined && !raw ? (
        <div className="json-view">
          <JsonTree value={parsed} openDepth={openDepth} />
        </div>
      ) : (
        <pre className="text-block">{raw && parsed !== undefined ? JSON.stringify(parsed, null, 2) : text}</pre>
      )}
    </section>
  );
}

/** Renders a value that may be a JSON string, an object or plain text. */
export function ValueView({ value }: { value: unknown }): ReactNode {
  if (typeof value === 'string') {
    const parsed = parseJsonText(value);
    if (parsed !== undefined) return <JsonTree value={parsed} openDepth={1} />;
    return <span className="pre-wrap">{value}</span>;
  }
  if (value !== null && typeof value === 'object') return <JsonTree value={value} openDepth={1} />;
  return <span>{String(value)}</span>;
}
