import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';
import { formatMs } from '../format.js';
import type { SpanTree } from '../trace/span-tree.js';

const ROW_HEIGHT = 24;
const INDENT = 14;

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
            const node = tree.nodes[index]!;
            const span = node.span;
            const left = ((span.startUs - tree.startUs) / total) * 100;
            const width = Math.max(0.15, ((span.endUs - span.startUs) / total) * 100);
            const hasChildren = node.children.length > 0;
            const isCollapsed = collapsed.has(index);
            return (
              <div
                key={item.key}
                className={`wf-row${index === selected ? ' selected' : ''}${span.status === 'error' ? ' error' : ''}`}
                title={span.errorMessage ?? span.statusMessage}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => onSelect(index)}
                data-span-id={span.spanId}
              >
                <div className="wf-tree-col" style={{ paddingLeft: 6 + node.depth * INDENT }}>
                  <span
                    className={`wf-caret${hasChildren ? '' : ' leaf'}`}
                    onClick={(e) => {
                      if (!hasChildren) return;
                      e.stopPropagation();
                      onToggle(index);
                    }}
                  >
                    {hasChildren ? (isCollapsed ? '▸' : '▾') : '·'}
                  </span>
                  <span className={`kind-dot kind-${span.kind}`} title={span.kind} />
                  <span className="wf-name" title={span.name}>
                    {span.name}
                  </span>
                  {isCollapsed && <span className="wf-hidden">+{node.descendantCount}</span>}
                  {span.model && <span className="wf-model">{span.model}</span>}
                </div>
                <div className="wf-bar-col">
                  <div className={`wf-bar kind-bg-${span.kind}`} style={{ left: `${left}%`, width: `${width}%` }} />
                  <span className="wf-dur" style={left > 70 ? { right: `${100 - left + 0.5}%` } : { left: `calc(${left + width}% + 4px)` }}>
                    {formatMs((span.endUs - span.startUs) / 1000)}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
