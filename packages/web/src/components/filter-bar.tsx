import { useEffect, useState, type ReactNode } from 'react';
import { RANGES, type FilterKey } from '../api/trace-filters.js';

export type Filters = Partial<Record<FilterKey, string>>;

/**
 * The trace filters. Text fields apply on Enter or blur (not per keystroke) so each change is one
 * query and one history entry; selects apply at once.
 */
export function FilterBar({
  filters,
  onChange,
  show = ['range', 'min_latency_ms', 'max_latency_ms', 'status', 'user_id', 'session_id', 'model', 'name', 'feedback', 'contains'],
}: {
  filters: Filters;
  onChange: (next: Filters) => void;
  show?: FilterKey[];
}): ReactNode {
  const set = (key: FilterKey, value: string): void => {
    const next = { ...filters };
    if (value === '') delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const has = (key: FilterKey): boolean => show.includes(key);
  const activeCount = show.filter((k) => filters[k]).length;
  return (
    <form
      className="filter-bar"
      onSubmit={(e) => {
        e.preventDefault();
      }}
    >
      {has('contains') && (
        <TextFilter className="search" label="Search" placeholder="Search prompts, outputs, inputs, attributes…" value={filters.contains} onCommit={(v) => set('contains', v)} name="contains" />
      )}
      {has('range') && (
        <label className="field">
          <span>Time</span>
          <select name="range" value={filters.range ?? (filters.after || filters.before ? 'custom' : '')} onChange={(e) => set('range', e.target.value === 'custom' ? '' : e.target.value)}>
            <option value="">All time</option>
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        </label>
      )}
      {has('range') && !filters.range && (
        <>
          <TextFilter label="After" type="datetime-local" value={filters.after} onCommit={(v) => set('after', v)} name="after" />
          <TextFilter label="Before" type="datetime-local" value={filters.before} onCommit={(v) => set('before', v)} name="before" />
        </>
      )}
      {has('min_latency_ms') && <TextFilter label="Min ms" type="number" className="narrow" value={filters.min_latency_ms} onCommit={(v) => set('min_latency_ms', v)} name="min_latency_ms" />}
      {has('max_latency_ms') && <TextFilter label="Max ms" type="number" className="narrow" value={filters.max_latency_ms} onCommit={(v) => set('max_latency_ms', v)} name="max_latency_ms" />}
      {has('status') && (
        <label className="field">
          <span>Status</span>
          <select name="status" value={filters.status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">Any</option>
            <option value="ok">OK</option>
            <option value="error">Error</option>
          </select>
        </label>
      )}
      {has('feedback') && (
        <label className="field">
          <span>Feedback</span>
          <select name="feedback" value={filters.feedback ?? ''} onChange={(e) => set('feedback', e.target.value)}>
            <option value="">Any</option>
            <option value="correct">Correct</option>
            <option value="incorrect">Incorrect</option>
            <option value="any">Has feedback</option>
            <option value="none">No feedback</option>
          </select>
        </label>
      )}
      {has('model') && <TextFilter label="Model" value={filters.model} onCommit={(v) => set('model', v)} name="model" />}
      {has('name') && <TextFilter label="Name" value={filters.name} onCommit={(v) => set('name', v)} name="name" />}
      {has('user_id') && <TextFilter label="User" value={filters.user_id} onCommit={(v) => set('user_id', v)} name="user_id" />}
      {has('session_id') && <TextFilter label="Session" value={filters.session_id} onCommit={(v) => set('session_id', v)} name="session_id" />}
      {activeCount > 0 && (
        <button
          type="button"
          className="link-btn clear-filters"
          onClick={() => {
            const next: Filters = {};
            if (filters.project) next.project = filters.project;
            onChange(next);
          }}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}

function TextFilter(props: { label: string; value: string | undefined; onCommit: (v: string) => void; name: string; type?: string; placeholder?: string; className?: string }): ReactNode {
  const { label, value, onCommit, name, type = 'text', placeholder, className } = props;
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = (): void => {
    const trimmed = draft.trim();
    if (trimmed !== (value ?? '')) onCommit(trimmed);
  };
  return (
    <label className={`field ${className ?? ''}`}>
      <span>{label}</span>
      <input
        name={name}
        type={type}
        value={draft}
        placeholder={placeholder}
        min={type === 'number' ? 0 : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
    </label>
  );
}
