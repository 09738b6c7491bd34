import type { Database } from 'better-sqlite3';

/**
 * WAL pages (with 64 KiB pages, 256 MiB) before the writer's own checkpoint runs. Between two,
 * the search worker copies committed frames in passive checkpoints on its core, so the writer's
 * checkpoint — which bounds the WAL and lets it start over — has little left to copy; at
 * SQLite's default (1000) the writer's checkpoints took a fifth of its time on a large store.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

/** Settings of every store connection, reading or writing: a 64 MiB page cache, temp tables in memory. */
export function applyConnectionPragmas(db: Database): void {
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

/**
 * The per-connection settings of a connection that writes a store file: those of
 * {@link applyConnectionPragmas}; wait for the write lock rather than fail at once; fsync every
 * commit (`synchronous=FULL`: an acknowledged span is durable); the checkpoint interval above.
 * (`journal_mode = WAL` belongs to the file and is set once, when it is opened for writing.)
 */
export function applyWritePragmas(db: Database): void {
  applyConnectionPragmas(db);
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = FULL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
}
