/**
 * The trace list's filters live in the page URL under the API's own parameter names, so a link
 * reproduces the view and the query string maps onto `/api/traces` almost one to one. The one
 * viewer-only key is `range` (`1h`, `24h`, …), a relative time window resolved at fetch time.
 */
export const FILTER_KEYS = [
  'project',
  'range',
  'after',
  'before',
  'min_latency_ms',
  'max_latency_ms',
  'status',
  'user_id',
  'session_id',
  'name',
  'model',
  'feedback',
  'contains',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const RANGES: { value: string; label: string; ms: number }[] = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
];

/** Picks the filter keys out of a page URL's query. */
export function filtersFromSearch(search: URLSearchParams): Partial<Record<FilterKey, string>> {
  const out: Partial<Record<FilterKey, string>> = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key);
    if (value !== null && value !== '') out[key] = value;
  }
  return out;
}

/** `datetime-local` input value → epoch ms string; passes other forms (ISO, epoch ms) through. */
function toApiTime(value: string): string {
  if (/^\d+$/.test(value)) return value;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? String(ms) : value;
}

/** The `/api/traces` (and `/api/stats`) query for the filters, `range` resolved against `nowMs`. */
export function apiQueryFromFilters(filters: Partial<Record<FilterKey, string>>, nowMs = Date.now()): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === '' || key === 'range') continue;
    query.set(key, key === 'after' || key === 'before' ? toApiTime(value) : value);
  }
  const range = RANGES.find((r) => r.value === filters.range);
  if (range) {
    const after = nowMs - range.ms;
    const explicit = filters.after ? Number(toApiTime(filters.after)) : Number.NEGATIVE_INFINITY;
    query.set('after', String(Math.max(after, Number.isFinite(explicit) ? explicit : after)));
  }
  return query;
}
