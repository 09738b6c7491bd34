// Reads a V8 .cpuprofile (node --cpu-prof) and ranks functions by self time.
import { readFileSync } from 'node:fs';

/** The `top` functions by self time: [{ fn, where, selfMs, pct }]. */
export function topSelfTime(profilePath, top = 15) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    self.set(id, (self.get(id) ?? 0) + dt);
  });
  const byFn = new Map();
  // Line-level ticks inside each function: native calls (SQLite statements, commits) show up as
  // self time of the JS line that made them, so the line says which statement costs.
  const lines = new Map();
  for (const [id, us] of self) {
    const node = byId.get(id);
    const f = node.callFrame;
    const url = f.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
    const key = `${f.functionName || '(anonymous)'}|${url}:${f.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const perLine = lines.get(key) ?? new Map();
    for (const t of node.positionTicks ?? []) perLine.set(t.line, (perLine.get(t.line) ?? 0) + t.ticks);
    lines.set(key, perLine);
  }
  return [...byFn.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => {
      const [fn, where] = key.split('|');
      const perLine = [...(lines.get(key) ?? new Map()).entries()];
      const ticks = perLine.reduce((a, [, t]) => a + t, 0);
      const hotLines = perLine.sort((a, b) => b[1] - a[1]).slice(0, 3)
        .map(([line, t]) => `${line} (${Math.round((t / ticks) * 100)}%)`).join(', ');
      return { fn, where: where === ':0' ? '' : where, selfMs: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10, hotLines };
    });
}
