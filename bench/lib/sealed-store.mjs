// Finishing a store the bench built under a temporary name: every span in its full-text index
// (a search right after must not measure a catch-up), then the database and its index file
// renamed together, so a half-built store is never mistaken for a cached one.
import { renameSync, rmSync } from 'node:fs';

const SEARCH_SUFFIX = '-search';

/** Removes a store file and everything SQLite and the search index keep next to it. */
export function removeStoreFiles(path) {
  for (const base of [path, path + SEARCH_SUFFIX]) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(base + suffix, { force: true });
  }
}

/** Waits for `store` (open on `building`) to be fully indexed, closes it and moves it to `path`. */
export async function sealStore(store, building, path) {
  await store.waitForSearchIndex();
  await store.close();
  removeStoreFiles(path);
  for (const base of [building, building + SEARCH_SUFFIX]) {
    for (const suffix of ['-wal', '-shm']) rmSync(base + suffix, { force: true });
  }
  renameSync(building + SEARCH_SUFFIX, path + SEARCH_SUFFIX);
  renameSync(building, path);
}
