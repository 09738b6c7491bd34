// The `loupe` command runs from one bundle instead of ~110 ESM files of the workspace packages
// and ~100 CommonJS files of their dependencies (grpc-js alone is 65): resolving, reading and
// compiling each file was most of `loupe serve`'s cold start (bench row 9).
//
// The store's worker threads are entries of their own, written next to the bundle under the
// names the store loads them by (`new URL('./sqlite-writer-worker.js', import.meta.url)` is
// left as is by the bundler, so every output file sits in one flat folder).
//
// External: better-sqlite3 (a native addon) and the viewer's asset locator (@loupe/web, which
// finds its build output relative to its own file).
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: {
    main: 'dist/main.js',
    'sqlite-writer-worker': '../store/dist/sqlite/sqlite-writer-worker.js',
    'sqlite-search-worker': '../store/dist/sqlite/sqlite-search-worker.js',
  },
  platform: 'node',
  external: ['better-sqlite3', '@loupe/web'],
  output: {
    dir: 'bundle',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    cleanDir: true,
    sourcemap: true,
  },
});
