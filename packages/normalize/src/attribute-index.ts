import type { AttrValue, Attributes } from '@loupe/core';

/**
 * Prefixes of flattened lists (`<prefix><i>.<rest>`) that dialects read as a whole. Grouping them
 * in the index's single pass saves every dialect from scanning all keys again.
 */
export const LIST_PREFIXES = [
  'llm.input_messages.',
  'llm.output_messages.',
  'retrieval.documents.',
  'reranker.input_documents.',
  'reranker.output_documents.',
  'embedding.embeddings.',
  'gen_ai.prompt.',
  'gen_ai.completion.',
] as const;
export type ListPrefix = (typeof LIST_PREFIXES)[number];

/**
 * Prefixes whose keys are collected as one object (`gen_ai.request.temperature` → `{ temperature }`).
 * Each is listed under its namespace so the index only tries the prefixes that can match.
 */
export const GROUP_PREFIXES = [
  'gen_ai.request.',
  'ai.settings.',
  'ai.telemetry.metadata.',
  'traceloop.association.properties.',
] as const;
export type GroupPrefix = (typeof GROUP_PREFIXES)[number];

/** Namespaces that hold group prefixes, with those prefixes. */
const GROUPS_BY_NAMESPACE: Record<string, readonly GroupPrefix[]> = {
  gen_ai: ['gen_ai.request.'],
  ai: ['ai.settings.', 'ai.telemetry.metadata.'],
  traceloop: ['traceloop.association.properties.'],
};

/** One list entry: its sub-keys (`message.role`, `document.id`, …) and values. */
export type ListEntry = Record<string, AttrValue>;

/** What the index does with one attribute key; the same for every span, so worked out once per key. */
interface KeyRole {
  /** Text before the first dot, or the whole key. */
  ns: string;
  /** The flattened list the key belongs to, with its index and sub-key (`rest` absent when its index part is malformed). */
  list?: ListPrefix;
  index?: number;
  rest?: string;
  /** The group the key belongs to, and its name within it. */
  group?: GroupPrefix;
  member?: string;
}

/** Attribute keys whose role is remembered; apps send the same few dozen, so this only bounds a flood of distinct ones. */
const MAX_CACHED_KEYS = 4096;
const roles = new Map<string, KeyRole>();

function roleOf(key: string): KeyRole {
  let role = roles.get(key);
  if (role === undefined) {
    role = classify(key);
    if (roles.size < MAX_CACHED_KEYS) roles.set(key, role);
  }
  return role;
}

function classify(key: string): KeyRole {
  const dot = key.indexOf('.');
  const ns = dot < 0 ? key : key.slice(0, dot);
  if (ns === 'llm' || ns === 'gen_ai' || ns === 'retrieval' || ns === 'reranker' || ns === 'embedding') {
    for (const prefix of LIST_PREFIXES) {
      if (!key.startsWith(prefix)) continue;
      const split = splitIndexed(key, prefix.length);
      return split ? { ns, list: prefix, index: split.index, rest: split.rest } : { ns, list: prefix };
    }
    if (ns === 'gen_ai') return groupRole(ns, key, GROUPS_BY_NAMESPACE['gen_ai']!);
  } else if (ns === 'ai' || ns === 'traceloop') {
    return groupRole(ns, key, GROUPS_BY_NAMESPACE[ns]!);
  }
  return { ns };
}

function groupRole(ns: string, key: string, prefixes: readonly GroupPrefix[]): KeyRole {
  for (const prefix of prefixes) if (key.startsWith(prefix)) return { ns, group: prefix, member: key.slice(prefix.length) };
  return { ns };
}

/**
 * Index of one span's attributes built in one pass over the keys: which namespaces occur (for
 * dialect detection) and the flattened lists regrouped by index.
 */
export class AttributeIndex {
  /** Namespaces (text before the first dot, or the whole key) present on the span. */
  private readonly namespaces = new Set<string>();
  private readonly lists = new Map<ListPrefix, Map<number, ListEntry>>();
  private readonly groups = new Map<GroupPrefix, Attributes>();

  constructor(readonly attrs: Attributes) {
    for (const key in attrs) {
      const role = roleOf(key);
      this.namespaces.add(role.ns);
      if (role.rest !== undefined) this.addListEntry(role.list!, role.index!, role.rest, attrs[key]!);
      else if (role.member !== undefined) this.addGroupEntry(role.group!, role.member, attrs[key]!);
    }
  }

  /** Keys under `prefix`, prefix removed; empty when none. */
  group(prefix: GroupPrefix): Attributes {
    return this.groups.get(prefix) ?? {};
  }

  /** True when any key is `ns` or starts with `ns.`. */
  has(ns: string): boolean {
    return this.namespaces.has(ns);
  }

  /** Entries of a flattened list in index order (gaps skipped). */
  list(prefix: ListPrefix): ListEntry[] {
    const entries = this.lists.get(prefix);
    if (!entries) return [];
    return [...entries.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }

  private addGroupEntry(prefix: GroupPrefix, member: string, value: AttrValue): void {
    let group = this.groups.get(prefix);
    if (!group) this.groups.set(prefix, (group = {}));
    setOwn(group, member, value);
  }

  private addListEntry(prefix: ListPrefix, index: number, rest: string, value: AttrValue): void {
    let entries = this.lists.get(prefix);
    if (!entries) this.lists.set(prefix, (entries = new Map()));
    let entry = entries.get(index);
    if (!entry) entries.set(index, (entry = {}));
    setOwn(entry, rest, value);
  }
}

/**
 * `target[key] = value`, except that a key named `__proto__` (attribute keys are sender-chosen)
 * becomes an own property like any other instead of replacing the object's prototype.
 */
function setOwn(target: Record<string, AttrValue>, key: string, value: AttrValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Reads `<digits>.<rest>` starting at `from`: the list index and the remaining sub-key.
 * Undefined when there are no digits or nothing after them.
 */
export function splitIndexed(key: string, from: number): { index: number; rest: string } | undefined {
  let i = from;
  let index = 0;
  while (i < key.length) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) break;
    index = index * 10 + (c - 48);
    i++;
  }
  if (i === from || key.charCodeAt(i) !== 46 /* '.' */ || i + 1 >= key.length) return undefined;
  return { index, rest: key.slice(i + 1) };
}

/** Groups an entry's `<prefix><j>.<rest>` sub-keys into a list of sub-entries (nested lists: message contents, tool calls). */
export function subList(entry: ListEntry, prefix: string): ListEntry[] {
  let groups: Map<number, ListEntry> | undefined;
  for (const key in entry) {
    if (!key.startsWith(prefix)) continue;
    const split = splitIndexed(key, prefix.length);
    if (!split) continue;
    groups ??= new Map();
    let g = groups.get(split.index);
    if (!g) groups.set(split.index, (g = {}));
    g[split.rest] = entry[key]!;
  }
  if (!groups) return [];
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}
