import Module, { createRequire } from 'node:module';
import { join } from 'node:path';

type RequireFn = (this: unknown, id: string) => unknown;

/**
 * Calls `onLoad(id, exports)` whenever CommonJS code requires one of `ids` (bare package names
 * only), and right away for those already in the require cache. A single `Set` lookup per
 * `require`; `onLoad` errors are swallowed. Returns the function that removes the hook.
 */
export function hookRequire(ids: readonly string[], onLoad: (id: string, exports: unknown) => void): () => void {
  const wanted = new Set(ids);
  const proto = (Module as unknown as { prototype: { require: RequireFn } }).prototype;
  const original = proto.require;
  let active = true;
  const hooked: RequireFn = function loupeRequire(this: unknown, id: string): unknown {
    const exports = original.call(this, id);
    if (active && wanted.has(id)) {
      try {
        onLoad(id, exports);
      } catch {
        // instrumentation never breaks loading
      }
    }
    return exports;
  };
  proto.require = hooked;
  for (const id of ids) {
    const loaded = alreadyLoaded(id);
    if (loaded !== undefined) {
      try {
        onLoad(id, loaded);
      } catch {
        // instrumentation never breaks loading
      }
    }
  }
  return () => {
    active = false;
    if (proto.require === hooked) proto.require = original;
  };
}

/** The exports of `id` as the app would resolve it from the working directory, if already required. */
function alreadyLoaded(id: string): unknown {
  try {
    const require = createRequire(join(process.cwd(), 'noop.js'));
    return require.cache[require.resolve(id)]?.exports;
  } catch {
    return undefined;
  }
}
