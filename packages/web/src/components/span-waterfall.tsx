import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import { formatMs } from '../format.js';
import type { SpanTree } from '../trace/span-tree.js';
import { ROW_HEIGHT, WaterfallRow } from './waterfall-row.js';

export interface SpanWaterfallProps {
  tree: SpanTree;
  /** The visible rows, `visibleRows(tree, collapsed)`; the owner keeps them in step with `collapsed`. */
  rows: readonly number[];
  collapsed: ReadonlySet<number>;
  onToggle: (index: number) => void;
  selected: number;
  onSelect: (index: number) => void;
}

/**
 * The span tree (left) and its timeline (right) in one virtualized list, so each tree row and its
 * bar are the same DOM row and can never drift apart. Only the rows in view are in the DOM.
 */
export function SpanWaterfall({ tree, rows, collapsed, onToggle, selected, onSelect }: SpanWaterfallProps): ReactNode {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
  });
  const total = Math.max(1, tree.endUs - tree.startUs);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="waterfall" data-testid="waterfall">
      <div className="waterfall-header">
        <div className="wf-tree-col">Span ({tree.nodes.length})</div>
        <div className="wf-bar-col wf-ticks">
          {ticks.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${t * 100}%` }}>
              {formatMs((total * t) / 1000)}
            </span>
          ))}
        </div>
      </div>
      <div
        className="waterfall-scroll"
        ref={scrollRef}
        tabIndex={0}
        onKeyDown={(e) => {
          const pos = rows.indexOf(selected);
          if (e.key === 'ArrowDown' && pos < rows.length - 1) {
            e.preventDefault();
            onSelect(rows[pos + 1]!);
            virtualizer.scrollToIndex(pos + 1);
          } else if (e.key === 'ArrowUp' && pos > 0) {
            e.preventDefault();
            onSelect(rows[pos - 1]!);
            virtualizer.scrollToIndex(pos - 1);
          } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && selected >= 0) {
            const node = tree.nodes[selected]!;
            const isCollapsed = collapsed.has(selected);
            if (node.children.length > 0 && (e.key === 'ArrowLeft') !== isCollapsed) onToggle(selected);
          }
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const index = rows[item.index]!;
            return (
              <WaterfallRow
                key={item.key}
                node={tree.nodes[index]!}
                top={item.start}
                traceStartUs={tree.startUs}
                traceUs={total}
                selected={index === selected}
                collapsed={collapsed.has(index)}
                onToggle={onToggle}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
