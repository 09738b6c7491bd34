import type { SpanOutline } from '../api/types.js';

/** What the tree needs of a span: its outline (the viewer never loads full payloads for it). */
export type TreeSpan = SpanOutline;

/** A span's place in its trace's tree. Indices point into {@link SpanTree.nodes}. */
export interface SpanNode {
  span: TreeSpan;
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
export function buildSpanTree(spans: readonly TreeSpan[]): SpanTree {
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

function isSortedByStart(spans: readonly TreeSpan[]): boolean {
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

/**
 * `rows` (= visibleRows(tree, before)) after toggling `index`, where `after` is `before` with
 * `index` flipped. Equals visibleRows(tree, after) but touches only the toggled subtree: a
 * collapse cuts the contiguous run of visible descendants, an expand splices in the subtree's
 * visible rows. Falls back to the full walk when `index` is not a visible row.
 */
export function toggledRows(tree: SpanTree, rows: readonly number[], after: ReadonlySet<number>, index: number): number[] {
  const pos = rows.indexOf(index);
  if (pos < 0) return visibleRows(tree, after);
  const depth = tree.nodes[index]!.depth;
  if (after.has(index)) {
    // Pre-order: the node's visible descendants follow it until depth returns to its level.
    let end = pos + 1;
    while (end < rows.length && tree.nodes[rows[end]!]!.depth > depth) end++;
    return [...rows.slice(0, pos + 1), ...rows.slice(end)];
  }
  const inserted: number[] = [];
  const stack: number[] = [];
  const children = tree.nodes[index]!.children;
  for (let c = children.length - 1; c >= 0; c--) stack.push(children[c]!);
  while (stack.length > 0) {
    const i = stack.pop()!;
    inserted.push(i);
    if (after.has(i)) continue;
    const kids = tree.nodes[i]!.children;
    for (let c = kids.length - 1; c >= 0; c--) stack.push(kids[c]!);
  }
  const out = rows.slice(0, pos + 1);
  for (const i of inserted) out.push(i);
  for (let k = pos + 1; k < rows.length; k++) out.push(rows[k]!);
  return out;
}

/** Nodes with children at `depth` or deeper: collapsed, they leave levels 0..depth showing. */
export function collapsedBelow(tree: SpanTree, depth: number): Set<number> {
  const collapsed = new Set<number>();
  for (const node of tree.nodes) if (node.depth >= depth && node.children.length > 0) collapsed.add(node.index);
  return collapsed;
}
