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
  for (const [id, us] of self) {
    const f = byId.get(id).callFrame;
    const url = f.url.replace(/^file:\/\//, '').replace(/^.*\/work\/main\//, '');
    const key = `${f.functionName || '(anonymous)'}|${url}:${f.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  return [...byFn.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => {
      const [fn, where] = key.split('|');
      return { fn, where: where === ':0' ? '' : where, selfMs: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 };
    });
}
