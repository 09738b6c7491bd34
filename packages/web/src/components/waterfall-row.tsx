import { memo, type ReactNode } from 'react';
import { formatMs } from '../format.js';
import type { SpanNode } from '../trace/span-tree.js';

export const ROW_HEIGHT = 24;
const INDENT = 14;

export interface WaterfallRowProps {
  node: SpanNode;
  /** Pixels from the list's top: where the virtualizer puts this row. */
  top: number;
  /** The trace's start and length, µs: the bar's scale. */
  traceStartUs: number;
  traceUs: number;
  selected: boolean;
  collapsed: boolean;
  onToggle: (index: number) => void;
  onSelect: (index: number) => void;
}

/**
 * One span's tree cell and timeline bar. Memoized on its props: while the list scrolls, the rows
 * that stay in view keep their props and are not re-rendered, so a frame only pays for the rows
 * that come into view.
 */
export const WaterfallRow = memo(function WaterfallRow({ node, top, traceStartUs, traceUs, selected, collapsed, onToggle, onSelect }: WaterfallRowProps): ReactNode {
  const span = node.span;
  const left = ((span.startUs - traceStartUs) / traceUs) * 100;
  const width = Math.max(0.15, ((span.endUs - span.startUs) / traceUs) * 100);
  const hasChildren = node.children.length > 0;
  return (
    <div
      className={`wf-row${selected ? ' selected' : ''}${span.status === 'error' ? ' error' : ''}`}
      title={span.errorMessage ?? span.statusMessage}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(node.index)}
      data-span-id={span.spanId}
    >
      <div className="wf-tree-col" style={{ paddingLeft: 6 + node.depth * INDENT }}>
        <span
          className={`wf-caret${hasChildren ? '' : ' leaf'}`}
          onClick={(e) => {
            if (!hasChildren) return;
            e.stopPropagation();
            onToggle(node.index);
          }}
        >
          {hasChildren ? (collapsed ? '▸' : '▾') : '·'}
        </span>
        <span className={`kind-dot kind-${span.kind}`} title={span.kind} />
        <span className="wf-name" title={span.name}>
          {span.name}
        </span>
        {collapsed && <span className="wf-hidden">+{node.descendantCount}</span>}
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
});
