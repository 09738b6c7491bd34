import type { Database, Statement } from 'better-sqlite3';
import { collectSearchText, joinSearchText } from '../search-text.js';
import { rowToSpan, SPAN_SELECT_COLUMNS, type SpanRow } from './sqlite-row-mapping.js';

/**
 * The full-text index lives in its own SQLite file next to the store (`<store>-search`), so a
 * second thread can write it without taking the store's write lock: indexing trigrams was the
 * largest share of ingest time, and with its own file it runs on another core (see
 * sqlite-search-worker.ts). The index is derived data — everything in it is rebuilt from the
 * store's spans — so losing or deleting the file loses nothing; the next writer rebuilds it.
 *
 * `search_state.indexed_rowid` is the watermark: every span with `spans.id` at or below it
 * has its text in `trace_text`. Span ids only grow (spans are never updated, and new rows get
 * max(id)+1), so "indexed up to" is one number.
 */
export const SEARCH_SCHEMA_NAME = 'search';

/** Where the index of the store at `storePath` lives. */
export function searchIndexPath(storePath: string): string {
  return `${storePath}-search`;
}

/**
 * Creates the index tables in `schema` when missing. `trace_text` is a trigram FTS5 table
 * (case-insensitive substrings): one row per trace per ingest batch holding the text of that
 * batch's spans in the trace and the trace's `traces.id`, since `contains` is trace-level.
 * `detail=none` indexes about 1.5× faster than `full`, and substring LIKE still uses the index
 * (FTS5 verifies candidates against the stored content); that content also serves searches too
 * short for a trigram.
 *
 * Why trigrams, though they are the largest single cost of ingest (about a third of its CPU on
 * the bench workload): `contains` matches any substring, also inside a word. A word index (FTS5
 * `ascii` tokenizer) took the bench's text in 5.5 µs a span against 18–29 µs for trigrams, but
 * it finds a substring inside a word only through a second index over the distinct words,
 * whose upkeep (collecting the words in JS) measured another 5 µs a span, and every search
 * would become a two-step plan (measured 2026-12-03).
 *
 * FTS5 leaves of {@link FTS_PAGE_BYTES} instead of its default 4,050: with the file's 64 KiB
 * pages, each default-size leaf was a blob of its own, and indexing a batch (segment writes and
 * merges) took about a quarter more CPU. A setting FTS5 keeps in the file; it applies to the
 * segments written from then on, so an older index takes it up too.
 */
export function ensureSearchSchema(db: Database, schema: string): void {
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS ${schema}.trace_text USING fts5(
      text, trace_rowid UNINDEXED, tokenize = 'trigram', detail = 'none', columnsize = 0
    );
    CREATE TABLE IF NOT EXISTS ${schema}.search_state (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      indexed_rowid INTEGER NOT NULL
    );
    INSERT OR IGNORE INTO ${schema}.search_state (id, indexed_rowid) VALUES (1, 0);
    INSERT INTO ${schema}.trace_text (trace_text, rank) VALUES ('pgsz', ${FTS_PAGE_BYTES});
  `);
}

/** FTS5 `pgsz` of the index (see {@link ensureSearchSchema}). */
export const FTS_PAGE_BYTES = 32_000;

/** The searchable text of one trace's newly stored spans, and the trace's `traces.id`. */
export interface SearchEntry {
  traceRowid: number;
  text: string;
}

/** Spans read per catch-up step: big enough for FTS5 to write few segments, small enough to yield often. */
const CATCH_UP_CHUNK_SPANS = 5000;

/**
 * Writes the index in `searchSchema` of a connection that can also read the store's spans and
 * traces in `storeSchema`. Not thread-safe by itself: one writer per index file.
 */
export class SearchIndexWriter {
  private readonly insertText: Statement;
  private readonly selectWatermark: Statement;
  private readonly updateWatermark: Statement;
  private readonly selectPending: Statement;
  private readonly writeTx: (entries: readonly SearchEntry[], upTo: number) => void;

  constructor(db: Database, searchSchema: string, storeSchema: string) {
    this.insertText = db.prepare(`INSERT INTO ${searchSchema}.trace_text (text, trace_rowid) VALUES (?, ?)`);
    this.selectWatermark = db.prepare(`SELECT indexed_rowid FROM ${searchSchema}.search_state WHERE id = 1`).pluck();
    this.updateWatermark = db.prepare(`UPDATE ${searchSchema}.search_state SET indexed_rowid = ? WHERE id = 1`);
    this.selectPending = db.prepare(
      `SELECT id AS span_rowid, trace_row AS trace_rowid, ${SPAN_SELECT_COLUMNS}
       FROM ${storeSchema}.spans WHERE id > ? ORDER BY id LIMIT ?`,
    );
    this.writeTx = db.transaction((entries: readonly SearchEntry[], upTo: number) => {
      // The watermark goes first: FTS5 flushes its pending terms to a new segment whenever
      // another statement runs after its inserts in the same transaction.
      this.updateWatermark.run(upTo);
      for (const e of entries) this.insertText.run(e.text, e.traceRowid);
    });
  }

  /** Every span with a rowid at or below this is indexed. */
  watermark(): number {
    return this.selectWatermark.get() as number;
  }

  /**
   * Indexes the texts of the spans with rowids in (watermark, upTo], in one transaction with
   * the new watermark. Entries at or below the watermark were indexed already and are skipped.
   */
  write(entries: readonly SearchEntry[], upTo: number): void {
    if (upTo <= this.watermark()) return;
    this.writeTx(entries, upTo);
  }

  /**
   * Indexes the next chunk of stored spans above the watermark, rebuilding their text from the
   * store. Returns how many spans it indexed: 0 means the index has caught up with the store.
   */
  catchUpStep(): number {
    const rows = this.selectPending.all(this.watermark(), CATCH_UP_CHUNK_SPANS) as (SpanRow & {
      span_rowid: number;
      trace_rowid: number;
    })[];
    if (rows.length === 0) return 0;
    const texts = new Map<number, Set<string>>();
    for (const row of rows) {
      let parts = texts.get(row.trace_rowid);
      if (parts === undefined) texts.set(row.trace_rowid, (parts = new Set()));
      collectSearchText(rowToSpan(row), parts);
    }
    const entries = [...texts].map(([traceRowid, parts]) => ({ traceRowid, text: joinSearchText(parts) }));
    this.writeTx(entries, rows[rows.length - 1]!.span_rowid);
    return rows.length;
  }
}
