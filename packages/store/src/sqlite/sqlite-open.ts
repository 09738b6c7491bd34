import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreOpenError } from '../store-open-error.js';
import { inspectSchema, migrate, SCHEMA_VERSION } from './sqlite-schema.js';
import { SqliteTraceStore } from './sqlite-store.js';

export interface OpenSqliteStoreOptions {
  /** Open without write access: no schema creation or migration, `ingest` rejects. The file must exist. */
  readonly?: boolean;
}

const NOT_LOUPE = 'is not a Loupe database or is corrupt';

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
    } else {
      if (!isMemory(path)) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      if (version < SCHEMA_VERSION) migrate(db, version);
    }
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
  } catch (error) {
    db.close();
    throw openError(path, error);
  }
  return new SqliteTraceStore(db, { readonly });
}
