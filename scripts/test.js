#!/usr/bin/env node
// Runs every test file (packages/*/{dist,test}/**/*.test.js, examples/*/dist/**/*.test.js)
// with Node's built-in runner. Node 20's --test does not expand globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['packages', 'examples'];
const files = [];
function walk(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'node_modules') continue;
    const st = statSync(path);
    if (st.isDirectory()) walk(path);
    else if (entry.endsWith('.test.js')) files.push(path);
  }
}
for (const root of roots) {
  for (const pkg of readdirSync(root)) {
    // Compiled TypeScript tests in dist/, plain-JS tests (the viewer's browser tests) in test/.
    for (const sub of ['dist', 'test']) {
      const dir = join(root, pkg, sub);
      try { if (statSync(dir).isDirectory()) walk(dir); } catch { /* package not built */ }
    }
  }
}
const only = process.argv.slice(2);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (selected.length === 0) {
  console.error('no test files found; run `npx tsc -b` first');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit' });
process.exit(result.status ?? 1);
