/**
 * Safe, bounded serialization of arbitrary app values (span inputs/outputs, tool arguments,
 * parsed fields). Never throws, always returns valid JSON for non-strings, and never exceeds
 * the limit: the output length is at most `max(maxChars, MIN_JSON_CHARS)` UTF-16 code units
 * (the slack only matters for absurdly small limits, below which no truncation marker fits).
 */

/** Smallest limit honoured; smaller limits are raised to this so a marker always fits. */
export const MIN_JSON_CHARS = 32;
/** Nesting deeper than this is replaced by `"[Max depth]"` (also guards against stack overflow). */
const MAX_DEPTH = 64;
/** Strings are never cut below this many characters while whole items can still be dropped instead. */
const MIN_STRING_CAP = 16;

/** Marker appended to a shortened string; N is the number of characters removed. */
export function truncationMarker(removed: number): string {
  return `…[truncated ${removed} chars]`;
}

/**
 * Serializes `value` to at most `maxChars` characters (see the module note for the slack).
 *
 * - A string is returned as is (not JSON-quoted); a longer one is cut and ends with
 *   `…[truncated N chars]`.
 * - Anything else becomes JSON text that always parses: cycles become `"[Circular]"`, BigInt a
 *   decimal string, Error `{name, message, stack, …own props}`, Map an object (or `[key, value]`
 *   pairs when keys are not strings/numbers), Set an array, Date its ISO string, Buffer/typed
 *   arrays/ArrayBuffer a `"[Uint8Array 12 bytes]"` summary, functions and symbols are dropped
 *   from objects and described (`"[Function name]"`) elsewhere, class instances keep their own
 *   enumerable properties, objects with `toJSON` use it, `undefined` at the top is `null`.
 * - When the JSON is too long, strings inside are shortened evenly (each keeps the same head
 *   length, with the marker); if that is not enough, trailing array items and object keys are
 *   dropped and replaced by `"…[K more items]"` / `"…": "[K more keys]"`. JSON text is never cut
 *   mid-token.
 */
export function toJsonText(value: unknown, maxChars: number): string {
  const limit = Number.isNaN(maxChars) ? MIN_JSON_CHARS : Math.max(MIN_JSON_CHARS, Math.floor(maxChars));
  try {
    if (typeof value === 'string') return truncatePlain(value, limit);
    const tree = sanitize(value, new Budget(limit));
    const full = serialize(tree, Infinity);
    if (full.length <= limit) return full;
    const evenly = shortenStrings(tree, limit);
    if (evenly !== undefined) return evenly;
    return fit(tree, limit) ?? 'null';
  } catch {
    // Only a bug here could land us in this branch; the app must still get a valid value.
    return typeof value === 'string' ? value.slice(0, 0) : '"[Unserializable]"';
  }
}

function truncatePlain(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const keep = safeLength(text, Math.max(0, limit - truncationMarker(text.length).length));
  return text.slice(0, keep) + truncationMarker(text.length - keep);
}

/** Largest length ≤ n that does not split a surrogate pair. */
function safeLength(text: string, n: number): number {
  if (n <= 0) return 0;
  if (n >= text.length) return text.length;
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? n - 1 : n;
}

// ---- sanitized tree -------------------------------------------------------------------------

/** A string already cut during sanitizing; `total` is the original length. */
class Cut {
  constructor(readonly head: string, readonly total: number) {}
}
class SArr {
  constructor(readonly items: Node[], public more: number) {}
}
class SObj {
  constructor(readonly entries: [string, Node][], public more: number) {}
}
type Node = null | boolean | number | string | Cut | SArr | SObj;

/**
 * Bounds the work done on huge values: once the smallest possible rendering of what has been
 * kept exceeds the limit, further items cannot appear in the output, so they are only counted.
 */
class Budget {
  minChars = 0;
  storedChars = 0;
  constructor(readonly limit: number) {}
  get exhausted(): boolean {
    return this.minChars > this.limit;
  }
}

const OMIT = Symbol('omit');

function sanitize(value: unknown, budget: Budget): Node {
  const node = sanitizeValue(value, budget, 0, new Set(), false);
  return node === OMIT ? null : node;
}

function sanitizeValue(value: unknown, budget: Budget, depth: number, ancestors: Set<object>, inObject: boolean): Node | typeof OMIT {
  switch (typeof value) {
    case 'string':
      return keepString(value, budget);
    case 'number':
      budget.minChars += 1;
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      budget.minChars += 4;
      return value;
    case 'bigint':
      return keepString(value.toString(), budget);
    case 'undefined':
      budget.minChars += inObject ? 0 : 4;
      return inObject ? OMIT : null;
    case 'function':
      return inObject ? OMIT : keepString(`[Function${value.name ? ' ' + value.name : ''}]`, budget);
    case 'symbol':
      return inObject ? OMIT : keepString(`[${value.toString()}]`, budget);
    default:
      break;
  }
  if (value === null) {
    budget.minChars += 4;
    return null;
  }
  const obj = value as object;
  if (ancestors.has(obj)) return keepString('[Circular]', budget);
  if (depth >= MAX_DEPTH) return keepString('[Max depth]', budget);
  try {
    ancestors.add(obj);
    return sanitizeObject(obj, budget, depth, ancestors);
  } catch {
    return keepString('[Unserializable]', budget);
  } finally {
    ancestors.delete(obj);
  }
}

function keepString(text: string, budget: Budget): string | Cut {
  budget.minChars += Math.min(text.length, 8) + 2;
  // Keep at most the limit (no string can show more), and fewer once plenty has been stored.
  const room = budget.storedChars > budget.limit * 2 ? MIN_STRING_CAP : budget.limit;
  if (text.length <= room) {
    budget.storedChars += text.length;
    return text;
  }
  const head = text.slice(0, safeLength(text, room));
  budget.storedChars += head.length;
  return new Cut(head, text.length);
}

function sanitizeObject(obj: object, budget: Budget, depth: number, ancestors: Set<object>): Node {
  if (obj instanceof Date) {
    return keepString(Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString(), budget);
  }
  if (Array.isArray(obj)) return sanitizeList(obj, obj.length, budget, depth, ancestors);
  if (ArrayBuffer.isView(obj)) {
    const kind = typeof Buffer !== 'undefined' && Buffer.isBuffer(obj) ? 'Buffer' : obj.constructor?.name ?? 'ArrayBufferView';
    return keepString(`[${kind} ${obj.byteLength} bytes]`, budget);
  }
  if (obj instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && obj instanceof SharedArrayBuffer)) {
    return keepString(`[${obj.constructor.name} ${obj.byteLength} bytes]`, budget);
  }
  if (obj instanceof Error) return sanitizeError(obj, budget, depth, ancestors);
  if (obj instanceof Map) return sanitizeMap(obj, budget, depth, ancestors);
  if (obj instanceof Set) return sanitizeList(obj, obj.size, budget, depth, ancestors);
  if (obj instanceof RegExp) return keepString(String(obj), budget);
  if (obj instanceof Promise) return keepString('[Promise]', budget);
  if (obj instanceof WeakMap || obj instanceof WeakSet) return keepString(`[${obj.constructor.name}]`, budget);
  if (obj instanceof String || obj instanceof Number || obj instanceof Boolean) {
    return sanitizeValue(obj.valueOf(), budget, depth + 1, ancestors, false) as Node;
  }
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const replaced = sanitizeValue(toJSON.call(obj), budget, depth + 1, ancestors, false);
    return replaced === OMIT ? null : replaced;
  }
  const entries: [string, Node][] = [];
  budget.minChars += 2;
  const keys = Object.keys(obj);
  let i = 0;
  for (; i < keys.length && !budget.exhausted; i++) {
    const key = keys[i]!;
    let child: Node | typeof OMIT;
    try {
      child = sanitizeValue((obj as Record<string, unknown>)[key], budget, depth + 1, ancestors, true);
    } catch (error) {
      child = keepString(`[Thrown: ${describeThrown(error)}]`, budget);
    }
    if (child === OMIT) continue;
    budget.minChars += key.length + 4;
    entries.push([key, child]);
  }
  return new SObj(entries, keys.length - i);
}

function sanitizeList(items: Iterable<unknown>, size: number, budget: Budget, depth: number, ancestors: Set<object>): SArr {
  const out: Node[] = [];
  budget.minChars += 2;
  let taken = 0;
  if (Array.isArray(items)) {
    // Index access so sparse arrays yield null for holes, like JSON.stringify.
    for (; taken < items.length && !budget.exhausted; taken++) {
      out.push(sanitizeValue(items[taken], budget, depth + 1, ancestors, false) as Node);
      budget.minChars += 1;
    }
  } else {
    for (const item of items) {
      if (budget.exhausted) break;
      out.push(sanitizeValue(item, budget, depth + 1, ancestors, false) as Node);
      budget.minChars += 1;
      taken++;
    }
  }
  return new SArr(out, size - taken);
}

function sanitizeMap(map: Map<unknown, unknown>, budget: Budget, depth: number, ancestors: Set<object>): Node {
  let plainKeys = true;
  for (const key of map.keys()) {
    if (typeof key !== 'string' && typeof key !== 'number') {
      plainKeys = false;
      break;
    }
  }
  if (!plainKeys) return sanitizeList(map.entries(), map.size, budget, depth, ancestors);
  const entries: [string, Node][] = [];
  budget.minChars += 2;
  let taken = 0;
  for (const [key, value] of map) {
    if (budget.exhausted) break;
    taken++;
    const child = sanitizeValue(value, budget, depth + 1, ancestors, true);
    if (child === OMIT) continue;
    budget.minChars += String(key).length + 4;
    entries.push([String(key), child]);
  }
  return new SObj(entries, map.size - taken);
}

function sanitizeError(error: Error, budget: Budget, depth: number, ancestors: Set<object>): SObj {
  const entries: [string, Node][] = [];
  const add = (key: string, value: unknown): void => {
    const child = sanitizeValue(value, budget, depth + 1, ancestors, true);
    if (child !== OMIT) entries.push([key, child]);
  };
  add('name', error.name);
  add('message', error.message);
  add('stack', error.stack);
  for (const key of Object.keys(error)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    add(key, (error as unknown as Record<string, unknown>)[key]);
  }
  // `cause` is usually non-enumerable (set by the constructor option) but is the useful part.
  if (error.cause !== undefined && !Object.prototype.propertyIsEnumerable.call(error, 'cause')) add('cause', error.cause);
  return new SObj(entries, 0);
}

function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown';
  }
}

// ---- rendering --------------------------------------------------------------------------------

function moreItemsMarker(count: number): string {
  return JSON.stringify(`…[${count} more items]`);
}
function moreKeysEntry(count: number): string {
  return `"…":${JSON.stringify(`[${count} more keys]`)}`;
}

/** Renders a string with its head capped at `cap` characters. */
function renderString(node: string | Cut, cap: number): string {
  const text = typeof node === 'string' ? node : node.head;
  const total = typeof node === 'string' ? node.length : node.total;
  if (total <= cap) return JSON.stringify(text);
  const keep = safeLength(text, Math.min(cap, text.length));
  return JSON.stringify(text.slice(0, keep) + truncationMarker(total - keep));
}

/** JSON text of the tree, every string's head capped at `cap`. */
function serialize(node: Node, cap: number): string {
  if (node === null) return 'null';
  if (typeof node === 'string' || node instanceof Cut) return renderString(node, cap);
  if (typeof node !== 'object') return JSON.stringify(node);
  if (node instanceof SArr) {
    const parts = node.items.map((item) => serialize(item, cap));
    if (node.more > 0) parts.push(moreItemsMarker(node.more));
    return '[' + parts.join(',') + ']';
  }
  const parts = node.entries.map(([key, value]) => JSON.stringify(key) + ':' + serialize(value, cap));
  if (node.more > 0) parts.push(moreKeysEntry(node.more));
  return '{' + parts.join(',') + '}';
}

function longestString(node: Node): number {
  if (typeof node === 'string') return node.length;
  if (node instanceof Cut) return node.head.length;
  if (node instanceof SArr) return node.items.reduce<number>((m, item) => Math.max(m, longestString(item)), 0);
  if (node instanceof SObj) return node.entries.reduce<number>((m, [, value]) => Math.max(m, longestString(value)), 0);
  return 0;
}

/** Keeps the whole structure and gives every string the same, largest head length that fits. */
function shortenStrings(tree: Node, limit: number): string | undefined {
  let best = serialize(tree, MIN_STRING_CAP);
  if (best.length > limit) return undefined;
  let lo = MIN_STRING_CAP;
  let hi = longestString(tree);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const text = serialize(tree, mid);
    if (text.length <= limit) {
      best = text;
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * Renders as much of the tree as fits in `budget` characters, in document order, dropping
 * trailing items/keys (with a count marker) where needed. Undefined when nothing valid fits.
 */
function fit(node: Node, budget: number): string | undefined {
  if (node instanceof SArr) return fitArray(node, budget);
  if (node instanceof SObj) return fitObject(node, budget);
  if (typeof node === 'string' || node instanceof Cut) return fitString(node, budget);
  const text = serialize(node, MIN_STRING_CAP);
  return text.length <= budget ? text : undefined;
}

function fitString(node: string | Cut, budget: number): string | undefined {
  const text = renderString(node, MIN_STRING_CAP);
  if (text.length <= budget) return text;
  for (let cap = MIN_STRING_CAP - 1; cap >= 0; cap--) {
    const shorter = renderString(node, cap);
    if (shorter.length <= budget) return shorter;
  }
  return undefined;
}

function fitArray(node: SArr, budget: number): string | undefined {
  if (budget < 2) return undefined;
  const parts: string[] = [];
  let used = 2; // brackets
  const total = node.items.length;
  for (let i = 0; i < total; i++) {
    const comma = parts.length > 0 ? 1 : 0;
    const after = total - i - 1 + node.more;
    const reserve = after > 0 ? 1 + moreItemsMarker(after + 1).length : 0;
    const text = fit(node.items[i]!, budget - used - comma - reserve);
    if (text === undefined) {
      const marker = moreItemsMarker(total - i + node.more);
      if (used + comma + marker.length <= budget) parts.push(marker);
      // An empty array would silently misrepresent a non-empty one; let the parent drop it.
      return parts.length === 0 ? undefined : '[' + parts.join(',') + ']';
    }
    parts.push(text);
    used += comma + text.length;
  }
  if (node.more > 0) {
    const marker = moreItemsMarker(node.more);
    if (used + (parts.length > 0 ? 1 : 0) + marker.length <= budget) parts.push(marker);
  }
  return '[' + parts.join(',') + ']';
}

function fitObject(node: SObj, budget: number): string | undefined {
  if (budget < 2) return undefined;
  const parts: string[] = [];
  let used = 2;
  const total = node.entries.length;
  for (let i = 0; i < total; i++) {
    const [key, value] = node.entries[i]!;
    const comma = parts.length > 0 ? 1 : 0;
    const after = total - i - 1 + node.more;
    const reserve = after > 0 ? 1 + moreKeysEntry(after + 1).length : 0;
    const prefix = JSON.stringify(key) + ':';
    const text = fit(value, budget - used - comma - reserve - prefix.length);
    if (text === undefined) {
      const marker = moreKeysEntry(total - i + node.more);
      if (used + comma + marker.length <= budget) parts.push(marker);
      return parts.length === 0 ? undefined : '{' + parts.join(',') + '}';
    }
    parts.push(prefix + text);
    used += comma + prefix.length + text.length;
  }
  if (node.more > 0) {
    const marker = moreKeysEntry(node.more);
    if (used + (parts.length > 0 ? 1 : 0) + marker.length <= budget) parts.push(marker);
  }
  return '{' + parts.join(',') + '}';
}
