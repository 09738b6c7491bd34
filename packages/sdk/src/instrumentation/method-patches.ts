/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyFunction = (this: any, ...args: any[]) => any;

/** Marks Loupe's wrappers, so a method is never wrapped twice (two `instrument()` calls, two module copies sharing a class). */
const LOUPE_WRAPPER = Symbol.for('loupe.instrumentation.wrapper');

/**
 * The method replacements of one instrumentation session, undone together by {@link restore}.
 * A method already wrapped by Loupe is left alone. If someone wrapped a method on top of Loupe's
 * wrapper, it cannot be put back; the wrapper then turns itself into a pass-through.
 */
export class PatchSet {
  private readonly patches: { target: Record<string, unknown>; name: string; original: AnyFunction; wrapper: AnyFunction; state: { enabled: boolean } }[] = [];

  /**
   * Replaces `target[name]` by `wrap(original, enabled)`; the wrapper must call `original`
   * unchanged whenever `enabled()` is false. Returns false when there was nothing to patch.
   */
  patch(target: object | undefined, name: string, wrap: (original: AnyFunction, enabled: () => boolean) => AnyFunction): boolean {
    if (target === undefined || target === null) return false;
    const t = target as Record<string, unknown>;
    const original = t[name];
    if (typeof original !== 'function' || (original as unknown as Record<symbol, unknown>)[LOUPE_WRAPPER] === true) return false;
    const state = { enabled: true };
    const wrapper = wrap(original as AnyFunction, () => state.enabled);
    Object.defineProperty(wrapper, LOUPE_WRAPPER, { value: true });
    Object.defineProperty(wrapper, 'name', { value: (original as AnyFunction).name, configurable: true });
    t[name] = wrapper;
    this.patches.push({ target: t, name, original: original as AnyFunction, wrapper, state });
    return true;
  }

  get size(): number {
    return this.patches.length;
  }

  /** Puts every original back (latest first). */
  restore(): void {
    for (let i = this.patches.length - 1; i >= 0; i--) {
      const p = this.patches[i]!;
      p.state.enabled = false;
      if (p.target[p.name] === p.wrapper) p.target[p.name] = p.original;
    }
    this.patches.length = 0;
  }
}

/** The prototype in `proto`'s chain that owns `name` (where a shared method must be patched). */
export function ownerOf(proto: object | undefined, name: string): object | undefined {
  let p: object | null | undefined = proto;
  while (p !== null && p !== undefined && p !== Object.prototype) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return p;
    p = Object.getPrototypeOf(p) as object | null;
  }
  return undefined;
}
