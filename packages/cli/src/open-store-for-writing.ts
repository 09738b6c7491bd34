import { openSqliteStore, StoreOpenError, type SqliteTraceStore } from '@loupe/store';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from './cli-error.js';

/**
 * Opens (creating if needed) the database a server writes to. Only Loupe's own default folder is
 * created on the user's behalf; a typo in an explicit --db path should fail, not scatter folders.
 */
export function openStoreForWriting(path: string, isDefault: boolean): SqliteTraceStore {
  if (isDefault) mkdirSync(dirname(path), { recursive: true });
  try {
    return openSqliteStore(path);
  } catch (err) {
    if (err instanceof StoreOpenError) throw new CliError(err.message);
    throw err;
  }
}
