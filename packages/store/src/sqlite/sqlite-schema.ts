import type { Database } from 'better-sqlite3';

/**
 * Marks a file as a Loupe database (`PRAGMA application_id`, ASCII "Loup"), so opening some
 * other app's SQLite file is refused instead of silently adding tables to it.
 */
export const LOUPE_APPLICATION_ID = 0x4c6f7570;

/** One schema step. `version` is the `PRAGMA user_version` the database has after `sql` ran. */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

/**
 * Every schema step, oldest first. Append only: a released step never changes, since databases
 * in the wild already ran it.
 *
 * Why the shape:
 * - `spans` keeps each filterable/aggregated field as a column and the rest of the
 *   NormalizedSpan as JSON in `data`, so getTrace rebuilds spans losslessly.
 * - `traces` is the per-trace roll-up maintained at ingest; lists and stats never scan spans.
 *   Its `*_rank`/`root_start_us` columns are merge bookkeeping (see trace-rollup.ts).
 * - `trace_models` makes "any LM call used model X" an index lookup.
 * - `trace_text` (version 1 to 3) was the trigram full-text index; version 4 moved it to its
 *   own file (sqlite-search-index.ts), written by another thread and rebuilt there from the
 *   spans, so the old in-file copy is dropped.
 * - Version 5 narrowed `spans_by_kind` (every span) to `spans_llm_calls`, a partial index of
 *   the LM calls `listLLMCalls` reads: one index entry per LM call instead of per span, a cost
 *   every ingested span paid.
 * - Trace indexes have (start_us, trace_id) after their equality columns, so the newest-first
 *   order comes from the index and keyset pagination seeks instead of sorting.
 * - Version 6 made every key that ingest appends to grow with time, so a commit dirties the
 *   right edge of each index instead of pages all over it: with random trace-id keys, a batch of
 *   2,000 spans rewrote most of the span-key and trace-key pages, 10 to 30 KB written per 2.5 KB
 *   span and growing with the store. Spans are keyed by their trace's `traces.id` (assigned in
 *   ingest order) instead of (project, trace_id); `trace_models` likewise. The trace-id lookup is
 *   one index (`traces_by_key`) instead of two. The random-order duration index is gone:
 *   `traces_by_start` covers the columns stats() and latency filters read, so they scan a time
 *   range of it. User and session indexes skip traces without one. `id` columns are explicit
 *   INTEGER PRIMARY KEYs because the search index and `spans.trace_row` point at them, and
 *   VACUUM may renumber implicit rowids.
 * - Version 2, `trace_feedback`: a person's verdict per trace, kept apart from the ingest-owned
 *   roll-up so feedback never contends with ingest batches and may precede or outlive spans.
 *   Its primary key is what list rows join on and the feedback filter probes.
 */
/** Columns version 6 copies, in its CREATE TABLE order. */
const V6_TRACE_COLUMNS = [
  'project', 'trace_id', 'root_span_id', 'root_start_us', 'name', 'start_us', 'end_us', 'duration_ms',
  'status', 'span_count', 'error_count', 'llm_call_count', 'input_tokens', 'output_tokens', 'total_tokens',
  'cost_usd', 'user_id', 'user_rank', 'session_id', 'session_rank', 'service_name', 'service_rank', 'input', 'output',
].join(', ');
const V6_SPAN_COLUMNS = [
  'project', 'trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_us', 'end_us', 'duration_ms',
  'status', 'model', 'response_model', 'provider', 'input_tokens', 'output_tokens', 'cached_tokens',
  'reasoning_tokens', 'cost_usd', 'user_id', 'session_id', 'data', 'otel_kind', 'status_message',
  'service_name', 'total_tokens', 'cache_write_tokens', 'error_message',
].join(', ');

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE spans (
        project          TEXT NOT NULL,
        trace_id         TEXT NOT NULL,
        span_id          TEXT NOT NULL,
        parent_span_id   TEXT,
        name             TEXT NOT NULL,
        kind             TEXT NOT NULL,
        start_us         INTEGER NOT NULL,
        end_us           INTEGER NOT NULL,
        duration_ms      REAL NOT NULL,
        status           TEXT NOT NULL,
        model            TEXT,
        response_model   TEXT,
        provider         TEXT,
        input_tokens     INTEGER,
        output_tokens    INTEGER,
        cached_tokens    INTEGER,
        reasoning_tokens INTEGER,
        cost_usd         REAL,
        user_id          TEXT,
        session_id       TEXT,
        data             TEXT NOT NULL,
        PRIMARY KEY (project, trace_id, span_id)
      );
      CREATE INDEX spans_by_kind ON spans (project, kind, start_us);

      CREATE TABLE traces (
        project         TEXT NOT NULL,
        trace_id        TEXT NOT NULL,
        root_span_id    TEXT,
        root_start_us   INTEGER,
        name            TEXT NOT NULL,
        start_us        INTEGER NOT NULL,
        end_us          INTEGER NOT NULL,
        duration_ms     REAL NOT NULL,
        status          TEXT NOT NULL,
        span_count      INTEGER NOT NULL,
        error_count     INTEGER NOT NULL,
        llm_call_count  INTEGER NOT NULL,
        input_tokens    INTEGER NOT NULL,
        output_tokens   INTEGER NOT NULL,
        total_tokens    INTEGER NOT NULL,
        cost_usd        REAL,
        user_id         TEXT,
        user_rank       INTEGER,
        session_id      TEXT,
        session_rank    INTEGER,
        service_name    TEXT,
        service_rank    INTEGER,
        input           TEXT,
        output          TEXT,
        PRIMARY KEY (project, trace_id)
      );
      CREATE INDEX traces_by_start    ON traces (project, start_us, trace_id);
      CREATE INDEX traces_by_start_all ON traces (start_us, trace_id, project);
      CREATE INDEX traces_by_duration ON traces (
        project, duration_ms, status, input_tokens, output_tokens, total_tokens, cost_usd, trace_id
      );
      CREATE INDEX traces_by_user     ON traces (project, user_id, start_us, trace_id);
      CREATE INDEX traces_by_session  ON traces (project, session_id, start_us, trace_id);
      CREATE INDEX traces_by_status   ON traces (project, status, start_us, trace_id);
      CREATE INDEX traces_by_name     ON traces (project, name, start_us, trace_id);
      CREATE INDEX traces_by_id       ON traces (trace_id);

      CREATE TABLE trace_models (
        model    TEXT NOT NULL,
        project  TEXT NOT NULL,
        trace_id TEXT NOT NULL,
        PRIMARY KEY (model, project, trace_id)
      ) WITHOUT ROWID;

      CREATE VIRTUAL TABLE trace_text USING fts5(
        text, trace_rowid UNINDEXED, tokenize = 'trigram', detail = 'none', columnsize = 0
      );
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE trace_feedback (
        project    TEXT NOT NULL,
        trace_id   TEXT NOT NULL,
        label      TEXT NOT NULL CHECK (label IN ('correct', 'incorrect')),
        comment    TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (project, trace_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    sql: `
      ALTER TABLE spans ADD COLUMN otel_kind          INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE spans ADD COLUMN status_message     TEXT;
      ALTER TABLE spans ADD COLUMN service_name       TEXT;
      ALTER TABLE spans ADD COLUMN total_tokens       INTEGER;
      ALTER TABLE spans ADD COLUMN cache_write_tokens INTEGER;
      ALTER TABLE spans ADD COLUMN error_message      TEXT;
      UPDATE spans SET
        otel_kind          = coalesce(json_extract(data, '$.otelKind'), 0),
        status_message     = json_extract(data, '$.statusMessage'),
        service_name       = json_extract(data, '$.serviceName'),
        total_tokens       = json_extract(data, '$.usage.total'),
        cache_write_tokens = json_extract(data, '$.usage.cacheWrite'),
        error_message      = (
          SELECT substr(json_extract(e.value, '$.attributes."exception.message"'), 1, 200)
          FROM json_each(data, '$.events') e
          WHERE json_extract(e.value, '$.name') = 'exception'
            AND json_type(e.value, '$.attributes."exception.message"') = 'text'
          ORDER BY e.key LIMIT 1
        );

      CREATE TABLE projects (project TEXT PRIMARY KEY) WITHOUT ROWID;
      INSERT INTO projects (project) SELECT DISTINCT project FROM traces;
    `,
  },
  {
    version: 4,
    sql: `DROP TABLE trace_text;`,
  },
  {
    version: 5,
    sql: `
      DROP INDEX spans_by_kind;
      CREATE INDEX spans_llm_calls ON spans (project, kind, start_us) WHERE kind IN ('LLM', 'EMBEDDING');
    `,
  },
  {
    version: 6,
    sql: `
      CREATE TABLE traces_v6 (
        id              INTEGER PRIMARY KEY,
        project         TEXT NOT NULL,
        trace_id        TEXT NOT NULL,
        root_span_id    TEXT,
        root_start_us   INTEGER,
        name            TEXT NOT NULL,
        start_us        INTEGER NOT NULL,
        end_us          INTEGER NOT NULL,
        duration_ms     REAL NOT NULL,
        status          TEXT NOT NULL,
        span_count      INTEGER NOT NULL,
        error_count     INTEGER NOT NULL,
        llm_call_count  INTEGER NOT NULL,
        input_tokens    INTEGER NOT NULL,
        output_tokens   INTEGER NOT NULL,
        total_tokens    INTEGER NOT NULL,
        cost_usd        REAL,
        user_id         TEXT,
        user_rank       INTEGER,
        session_id      TEXT,
        session_rank    INTEGER,
        service_name    TEXT,
        service_rank    INTEGER,
        input           TEXT,
        output          TEXT
      );
      INSERT INTO traces_v6 (id, ${V6_TRACE_COLUMNS}) SELECT rowid, ${V6_TRACE_COLUMNS} FROM traces ORDER BY rowid;
      DROP TABLE traces;
      ALTER TABLE traces_v6 RENAME TO traces;
      CREATE UNIQUE INDEX traces_by_key   ON traces (trace_id, project);
      CREATE INDEX traces_by_start        ON traces (
        project, start_us, trace_id, duration_ms, status, input_tokens, output_tokens, total_tokens, cost_usd
      );
      CREATE INDEX traces_by_start_all    ON traces (start_us, trace_id, project);
      CREATE INDEX traces_by_user         ON traces (project, user_id, start_us, trace_id) WHERE user_id IS NOT NULL;
      CREATE INDEX traces_by_session      ON traces (project, session_id, start_us, trace_id) WHERE session_id IS NOT NULL;
      CREATE INDEX traces_by_status       ON traces (project, status, start_us, trace_id);
      CREATE INDEX traces_by_name         ON traces (project, name, start_us, trace_id);

      CREATE TABLE spans_v6 (
        id                 INTEGER PRIMARY KEY,
        trace_row          INTEGER NOT NULL,
        project            TEXT NOT NULL,
        trace_id           TEXT NOT NULL,
        span_id            TEXT NOT NULL,
        parent_span_id     TEXT,
        name               TEXT NOT NULL,
        kind               TEXT NOT NULL,
        start_us           INTEGER NOT NULL,
        end_us             INTEGER NOT NULL,
        duration_ms        REAL NOT NULL,
        status             TEXT NOT NULL,
        model              TEXT,
        response_model     TEXT,
        provider           TEXT,
        input_tokens       INTEGER,
        output_tokens      INTEGER,
        cached_tokens      INTEGER,
        reasoning_tokens   INTEGER,
        cost_usd           REAL,
        user_id            TEXT,
        session_id         TEXT,
        data               TEXT NOT NULL,
        otel_kind          INTEGER NOT NULL DEFAULT 0,
        status_message     TEXT,
        service_name       TEXT,
        total_tokens       INTEGER,
        cache_write_tokens INTEGER,
        error_message      TEXT
      );
      INSERT INTO spans_v6 (id, trace_row, ${V6_SPAN_COLUMNS})
        SELECT s.rowid, t.id, ${V6_SPAN_COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}
        FROM spans s JOIN traces t ON t.trace_id = s.trace_id AND t.project = s.project
        ORDER BY s.rowid;
      DROP TABLE spans;
      ALTER TABLE spans_v6 RENAME TO spans;
      CREATE UNIQUE INDEX spans_by_trace ON spans (trace_row, span_id);
      CREATE INDEX spans_llm_calls ON spans (project, kind, start_us) WHERE kind IN ('LLM', 'EMBEDDING');

      CREATE TABLE trace_models_v6 (
        model     TEXT NOT NULL,
        project   TEXT NOT NULL,
        trace_row INTEGER NOT NULL,
        PRIMARY KEY (model, project, trace_row)
      ) WITHOUT ROWID;
      INSERT INTO trace_models_v6 (model, project, trace_row)
        SELECT m.model, m.project, t.id FROM trace_models m JOIN traces t ON t.trace_id = m.trace_id AND t.project = m.project;
      DROP TABLE trace_models;
      ALTER TABLE trace_models_v6 RENAME TO trace_models;
    `,
  },
];

/** The schema version this code writes and understands. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** What {@link inspectSchema} found in a database file. */
export type SchemaState =
  | { kind: 'empty' }
  | { kind: 'loupe'; version: number }
  | { kind: 'foreign' };

/** Reads the database's identity without writing anything. */
export function inspectSchema(db: Database): SchemaState {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId === LOUPE_APPLICATION_ID) return { kind: 'loupe', version };
  const objects = db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number };
  return appId === 0 && version === 0 && objects.n === 0 ? { kind: 'empty' } : { kind: 'foreign' };
}

/** Brings the schema from `fromVersion` to {@link SCHEMA_VERSION} in one transaction. */
export function migrate(db: Database, fromVersion: number): void {
  db.transaction(() => {
    for (const m of MIGRATIONS) if (m.version > fromVersion) db.exec(m.sql);
    db.pragma(`application_id = ${LOUPE_APPLICATION_ID}`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
