import { FEEDBACK_FILTERS, isFeedbackFilter, type TraceFilter, type TraceReader } from '@loupe/core';
import { openSqliteStore, StoreOpenError } from '@loupe/store';
import { RemoteTraceReader } from '@loupe/server';
import { existsSync } from 'node:fs';
import { CliError, UsageError } from './cli-error.js';
import { parseNonNegativeNumber, parseTime } from './flags.js';

export const DEFAULT_URL = 'http://127.0.0.1:4318';

/** Flags every read command takes: where the traces are, which project, output format. */
export const readerOptions = {
  url: { type: 'string' },
  db: { type: 'string' },
  project: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const READER_USAGE = `  --url URL          Loupe server to query (default ${DEFAULT_URL})
  --db PATH          read a database file directly instead of a server
  --project NAME     only this project (default: every project)
  --json             machine-readable output`;

/** The seed's search_traces filters, as flags. */
export const filterOptions = {
  'min-latency': { type: 'string' },
  'max-latency': { type: 'string' },
  after: { type: 'string' },
  before: { type: 'string' },
  contains: { type: 'string' },
  status: { type: 'string' },
  user: { type: 'string' },
  session: { type: 'string' },
  name: { type: 'string' },
  model: { type: 'string' },
  feedback: { type: 'string' },
} as const;

export const FILTER_USAGE = `  --min-latency MS   traces at least this slow
  --max-latency MS   traces at most this slow
  --after ISO        started at or after (e.g. 2026-01-15T14:00:00Z)
  --before ISO       started at or before
  --contains TEXT    text anywhere in prompts, outputs, inputs or attributes (case-insensitive)
  --status STATUS    ok or error
  --user ID          end-user id
  --session ID       session / conversation id
  --name NAME        root span name
  --model MODEL      an LM call in the trace used this model
  --feedback KIND    correct, incorrect, any (has feedback) or none (has none)`;

type FilterValues = { [K in keyof typeof filterOptions]?: string } & { project?: string };

export function filterFromFlags(values: FilterValues): TraceFilter {
  const filter: TraceFilter = {};
  if (values.project !== undefined) filter.project = values.project;
  const min = parseNonNegativeNumber('--min-latency', values['min-latency']);
  const max = parseNonNegativeNumber('--max-latency', values['max-latency']);
  if (min !== undefined) filter.minLatencyMs = min;
  if (max !== undefined) filter.maxLatencyMs = max;
  if (min !== undefined && max !== undefined && min > max) {
    throw new UsageError(`--min-latency (${min}) is greater than --max-latency (${max})`);
  }
  const after = parseTime('--after', values.after);
  const before = parseTime('--before', values.before);
  if (after !== undefined) filter.afterUs = after;
  if (before !== undefined) filter.beforeUs = before;
  if (values.contains !== undefined) {
    if (values.contains === '') throw new UsageError('--contains needs some text');
    filter.contains = values.contains;
  }
  if (values.status !== undefined) {
    if (values.status !== 'ok' && values.status !== 'error') {
      throw new UsageError(`--status must be ok or error, got "${values.status}"`);
    }
    filter.status = values.status;
  }
  if (values.user !== undefined) filter.userId = values.user;
  if (values.session !== undefined) filter.sessionId = values.session;
  if (values.name !== undefined) filter.name = values.name;
  if (values.model !== undefined) filter.model = values.model;
  if (values.feedback !== undefined) {
    if (!isFeedbackFilter(values.feedback)) {
      throw new UsageError(`--feedback must be one of ${FEEDBACK_FILTERS.join(', ')}, got "${values.feedback}"`);
    }
    filter.feedback = values.feedback;
  }
  return filter;
}

/** Opens the store file read-only (`--db`) or a client of a running server (`--url`). */
export function openReader(values: { url?: string; db?: string }): TraceReader {
  if (values.url !== undefined && values.db !== undefined) {
    throw new UsageError('use either --url or --db, not both');
  }
  if (values.db !== undefined) {
    if (!existsSync(values.db)) throw new CliError(`no database at ${values.db}`);
    try {
      return openReadOnlyUpgrading(values.db);
    } catch (err) {
      if (err instanceof StoreOpenError) throw new CliError(err.message);
      throw err;
    }
  }
  const url = values.url ?? process.env.LOUPE_URL ?? DEFAULT_URL;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url must be a URL such as ${DEFAULT_URL}, got "${url}"`);
  }
  return new RemoteTraceReader(url);
}

/**
 * Reads open the file read-only, which cannot migrate it; a database written by an older Loupe
 * is upgraded once through a writable open (as `loupe serve` would) and then read.
 */
function openReadOnlyUpgrading(path: string): TraceReader {
  try {
    return openSqliteStore(path, { readonly: true });
  } catch (err) {
    if (!(err instanceof StoreOpenError) || !/needs an upgrade/.test(err.message)) throw err;
    void openSqliteStore(path).close(); // close() finishes synchronously: the upgrade is committed before the reopen
    return openSqliteStore(path, { readonly: true });
  }
}
