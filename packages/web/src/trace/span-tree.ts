import type { NormalizedSpan } from '../api/types.js';

/** A span's place in its trace's tree. Indices point into {@link SpanTree.nodes}. */
export interface SpanNode {
  span: NormalizedSpan;
  index: number;
  depth: number;
  parent: number;
  children: number[];
  /** Spans below this one, all levels. */
  descendantCount: number;
}

export interface SpanTree {
  nodes: SpanNode[];
  /** Spans without a parent in this trace (the root, plus orphans whose parent never arrived). */
  roots: number[];
  byId: Map<string, number>;
  startUs: number;
  endUs: number;
}

/**
 * Builds the tree in O(n): one pass indexes ids, one pass links children, one iterative pass
 * assigns depths and descendant counts (no recursion, so 10,000-deep chains cannot overflow).
 * Children keep start-time order because the API sorts spans by start and we append in order.
 */
export function buildSpanTree(spans: readonly NormalizedSpan[]): SpanTree {
  const sorted = isSortedByStart(spans) ? spans : [...spans].sort((a, b) => a.startUs - b.startUs);
  const byId = new Map<string, number>();
  const nodes: SpanNode[] = new Array(sorted.length);
  let startUs = Number.POSITIVE_INFINITY;
  let endUs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sorted.length; i++) {
    const span = sorted[i]!;
    nodes[i] = { span, index: i, depth: 0, parent: -1, children: [], descendantCount: 0 };
    // A duplicated span id keeps its first occurrence as the link target.
    if (!byId.has(span.spanId)) byId.set(span.spanId, i);
    if (span.startUs < startUs) startUs = span.startUs;
    if (span.endUs > endUs) endUs = span.endUs;
  }
  const roots: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const parentId = node.span.parentSpanId;
    const parent = parentId ? byId.get(parentId) : undefined;
    if (parent === undefined || parent === i) {
      roots.push(i);
    } else {
      node.parent = parent;
      nodes[parent]!.children.push(i);
    }
  }
  // Pre-order walk for depths; a cycle (bad data) is broken by the visited flags.
  const order: number[] = [];
  const visited = new Uint8Array(nodes.length);
  const stack: number[] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push(roots[r]!);
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (visited[i]) continue;
    visited[i] = 1;
    order.push(i);
    const node = nodes[i]!;
    for (let c = node.children.length - 1; c >= 0; c--) {
      const child = node.children[c]!;
      nodes[child]!.depth = node.depth + 1;
      stack.push(child);
    }
  }
  // Spans caught in a parent cycle were never reached from a root: surface them as roots.
  for (let i = 0; i < nodes.length; i++) {
    if (!visited[i]) {
      const node = nodes[i]!;
      if (node.parent >= 0) nodes[node.parent]!.children = nodes[node.parent]!.children.filter((c) => c !== i);
      node.parent = -1;
      node.depth = 0;
      roots.push(i);
      visited[i] = 1;
    }
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const node = nodes[order[k]!]!;
    if (node.parent >= 0) nodes[node.parent]!.descendantCount += node.descendantCount + 1;
  }
  if (nodes.length === 0) {
    startUs = 0;
    endUs = 0;
  }
  return { nodes, roots, byId, startUs, endUs };
}

function isSortedByStart(spans: readonly NormalizedSpan[]): boolean {
  for (let i = 1; i < spans.length; i++) if (spans[i - 1]!.startUs > spans[i]!.startUs) return false;
  return true;
}

/** The rows to show, in pre-order, skipping the descendants of collapsed nodes. O(visible rows). */
export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<number>): number[] {
  const rows: number[] = [];
  const stack: number[] = [];
  for (let r = tree.roots.length - 1; r >= 0; r--) stack.push(tree.roots[r]!);
  while (stack.length > 0) {
    const i = stack.pop()!;
    rows.push(i);
    if (collapsed.has(i)) continue;
    const children = tree.nodes[i]!.children;
    for (let c = children.length - 1; c >= 0; c--) stack.push(children[c]!);
  }
  return rows;
}

/** The nodes on the path from a root down to `index`, excluding `index` itself. */
export function ancestorsOf(tree: SpanTree, index: number): number[] {
  const path: number[] = [];
  let parent = tree.nodes[index]?.parent ?? -1;
  while (parent >= 0 && path.length < tree.nodes.length) {
    path.push(parent);
    parent = tree.nodes[parent]!.parent;
  }
  return path;
}
