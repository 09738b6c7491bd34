import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreOpenError } from '../store-open-error.js';
import { inspectSchema, migrate, SCHEMA_VERSION } from './sqlite-schema.js';
import { InlineSearchIndexer } from './sqlite-inline-search-indexer.js';
import { ensureSearchSchema, SEARCH_SCHEMA_NAME, searchIndexPath } from './sqlite-search-index.js';
import { SqliteTraceStore, type SqliteTraceStoreOptions } from './sqlite-store.js';
import { WorkerSearchIndexer } from './sqlite-worker-search-indexer.js';
import { WorkerBatchCommitter } from './sqlite-worker-batch-committer.js';
import { applyConnectionPragmas, applyWritePragmas } from './sqlite-write-pragmas.js';

export interface OpenSqliteStoreOptions {
  /** Open without write access: no schema creation or migration, `ingest` rejects. The file must exist. */
  readonly?: boolean;
  /**
   * How far (in spans) the full-text index may fall behind ingest before the writer stops
   * handing it text and it reads those spans from the store instead (default 200,000). For
   * tests and tuning.
   */
  searchMaxLagSpans?: number;
}

const NOT_LOUPE = 'is not a Loupe database or is corrupt';

/**
 * Page size of new store files. Commits write whole pages to the WAL, and spans (about 2.5 KB
 * of JSON each) made 4 KiB pages cost a write per page or two: 64 KiB pages made the commit
 * of an ingest batch 3–4× cheaper. Existing files keep the size they were created with.
 */
const NEW_FILE_PAGE_SIZE = 65536;

function isMemory(path: string): boolean {
  return path === ':memory:' || path === '';
}

function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** Checks the file system first, so the common mistakes get a precise message. */
function checkLocation(path: string, readonly: boolean): void {
  const absolute = resolve(path);
  const dir = dirname(absolute);
  const dirStat = statSync(dir, { throwIfNoEntry: false });
  if (dirStat === undefined) throw new StoreOpenError(path, 'directory does not exist');
  if (!dirStat.isDirectory()) throw new StoreOpenError(path, `${dir} is not a directory`);
  const fileStat = statSync(absolute, { throwIfNoEntry: false });
  if (fileStat === undefined) {
    if (readonly) throw new StoreOpenError(path, 'file does not exist');
    if (!canAccess(dir, constants.W_OK)) throw new StoreOpenError(path, 'permission denied (directory is not writable)');
    return;
  }
  if (fileStat.isDirectory()) throw new StoreOpenError(path, 'is a directory');
  if (!canAccess(absolute, readonly ? constants.R_OK : constants.R_OK | constants.W_OK)) {
    throw new StoreOpenError(path, 'permission denied');
  }
  // WAL needs to create the -wal and -shm files next to the database.
  if (!readonly && !canAccess(dir, constants.W_OK)) {
    throw new StoreOpenError(path, 'permission denied (directory is not writable)');
  }
}

/** Turns a driver error raised while opening into one clear StoreOpenError. */
function openError(path: string, error: unknown): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const code = (error as { code?: unknown }).code;
  const codeText = typeof code === 'string' ? code : '';
  let reason: string;
  if (codeText === 'SQLITE_NOTADB' || codeText.startsWith('SQLITE_CORRUPT')) reason = NOT_LOUPE;
  else if (codeText.startsWith('SQLITE_READONLY') || codeText === 'SQLITE_PERM' || codeText === 'SQLITE_AUTH') {
    reason = 'permission denied';
  } else if (codeText.startsWith('SQLITE_BUSY') || codeText.startsWith('SQLITE_LOCKED')) {
    reason = 'database is locked by another process';
  } else if (codeText.startsWith('SQLITE_CANTOPEN')) reason = 'the file cannot be opened';
  else reason = error instanceof Error ? error.message : String(error);
  return new StoreOpenError(path, reason, { cause: error });
}

/**
 * Opens (creating when needed) a Loupe SQLite trace store at `path`, or an in-memory one for
 * `:memory:`. Never creates directories. Throws {@link StoreOpenError} — never a raw driver
 * error — when the directory is missing, access is denied, the file is not a Loupe database
 * (or is corrupt), or its schema is newer than this code.
 *
 * Durability: WAL with `synchronous=FULL`, so a commit is fsynced before `ingest` resolves.
 */
export function openSqliteStore(path: string, options: OpenSqliteStoreOptions = {}): SqliteTraceStore {
  const readonly = options.readonly ?? false;
  if (typeof path !== 'string') throw new TypeError('openSqliteStore: path must be a string');
  if (!isMemory(path)) checkLocation(path, readonly);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw openError(path, error);
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Identify the file before changing anything in it (journal mode included).
    const state = inspectSchema(db);
    if (state.kind === 'foreign') throw new StoreOpenError(path, NOT_LOUPE);
    if (state.kind === 'loupe' && state.version > SCHEMA_VERSION) {
      throw new StoreOpenError(
        path,
        `schema version ${state.version} is newer than this Loupe supports (${SCHEMA_VERSION}); upgrade Loupe`,
      );
    }
    const version = state.kind === 'loupe' ? state.version : 0;
    if (readonly) {
      if (state.kind === 'empty') throw new StoreOpenError(path, `${NOT_LOUPE} (it is empty)`);
      if (version < SCHEMA_VERSION) {
        throw new StoreOpenError(path, `schema version ${version} needs an upgrade; open it once without readonly`);
      }
      applyConnectionPragmas(db);
    } else {
      if (!isMemory(path)) {
        if (state.kind === 'empty') db.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
        db.pragma('journal_mode = WAL');
      }
      applyWritePragmas(db);
      if (version < SCHEMA_VERSION) migrate(db, version);
    }
  } catch (error) {
    db.close();
    throw openError(path, error);
  }
  let storeOptions: SqliteTraceStoreOptions;
  try {
    storeOptions = attachSearchIndex(db, path, options);
  } catch (error) {
    db.close();
    throw openError(searchIndexPath(path), error);
  }
  return new SqliteTraceStore(db, storeOptions);
}

/**
 * Attaches the full-text index (sqlite-search-index.ts) as `search` and starts what keeps it
 * current: a worker thread for a file, the writer's own connection for `:memory:`. The index
 * is derived data, so an unreadable index file is deleted and rebuilt rather than refused.
 */
function attachSearchIndex(db: Database.Database, path: string, options: OpenSqliteStoreOptions): SqliteTraceStoreOptions {
  const readonly = options.readonly ?? false;
  const attach = (file: string): void => {
    db.prepare(`ATTACH DATABASE ? AS ${SEARCH_SCHEMA_NAME}`).run(file);
  };
  if (isMemory(path)) {
    if (readonly) return { readonly };
    attach(':memory:');
    ensureSearchSchema(db, SEARCH_SCHEMA_NAME);
    return { indexer: new InlineSearchIndexer(db, SEARCH_SCHEMA_NAME) };
  }
  const storePath = resolve(path);
  const searchPath = searchIndexPath(storePath);
  if (readonly) {
    if (!existsSync(searchPath)) {
      return {
        readonly,
        searchUnavailable:
          `the full-text index ${searchPath} is missing; open ${path} once with write access ` +
          `(e.g. loupe serve --db ${path}) to rebuild it`,
      };
    }
    attach(searchPath);
    return { readonly };
  }
  const open = (): void => {
    const isNew = !existsSync(searchPath);
    attach(searchPath);
    if (isNew) db.pragma(`${SEARCH_SCHEMA_NAME}.page_size = ${NEW_FILE_PAGE_SIZE}`);
    db.pragma(`${SEARCH_SCHEMA_NAME}.journal_mode = WAL`);
    ensureSearchSchema(db, SEARCH_SCHEMA_NAME);
  };
  try {
    open();
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? '');
    if (code !== 'SQLITE_NOTADB' && !code.startsWith('SQLITE_CORRUPT')) throw error;
    const attached = db.prepare('SELECT 1 FROM pragma_database_list WHERE name = ?').get(SEARCH_SCHEMA_NAME);
    if (attached !== undefined) db.exec(`DETACH DATABASE ${SEARCH_SCHEMA_NAME}`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(searchPath + suffix, { force: true });
    open();
  }
  const indexer = new WorkerSearchIndexer(storePath, searchPath, {
    ...(options.searchMaxLagSpans !== undefined && { maxLagSpans: options.searchMaxLagSpans }),
    onFailure: (error) => {
      console.error(`loupe: ${error.message}; spans stored from now on are not searchable until the store is reopened`);
    },
  });
  // Span writes run on a writer thread with its own connection; this one reads (and writes feedback).
  return { indexer, committer: new WorkerBatchCommitter(storePath) };
}
