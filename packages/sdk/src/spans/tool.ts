import { SpanKind, type Span } from '@opentelemetry/api';
import { runtime } from '../runtime.js';
import { contentText, setValueAttributes } from './content.js';
import { runInSpan, type SpanHooks } from './run-in-span.js';
import { SpanHandle, type LoupeSpan } from './span-handle.js';

export interface ToolOptions {
  /** The arguments the tool was called with. */
  args?: unknown;
  /** The model's tool call id, when the call answers one. */
  callId?: string;
}

const hooks: SpanHooks<SpanHandle> = {
  handle: (span: Span) => new SpanHandle(span),
  onSuccess(handle, result) {
    const output = handle.hasOutput ? handle.output : result;
    setValueAttributes(handle.span, 'output', output);
    if (runtime.captureContent && output !== undefined) handle.span.setAttribute('gen_ai.tool.call.result', contentText(output));
  },
};

/** Runs a tool (OpenInference TOOL, GenAI `execute_tool`), recording its arguments and result. */
export function tool<T>(name: string, fn: (span: LoupeSpan) => T, options?: ToolOptions): T {
  const attributes = {
    'openinference.span.kind': 'TOOL',
    'gen_ai.operation.name': 'execute_tool',
    'tool.name': name,
    'gen_ai.tool.name': name,
  };
  return runInSpan(name, SpanKind.INTERNAL, attributes, hooks, fn, options === undefined ? undefined : (handle) => {
    if (options.callId !== undefined) handle.span.setAttribute('gen_ai.tool.call.id', String(options.callId));
    if (options.args === undefined) return;
    setValueAttributes(handle.span, 'input', options.args);
    if (runtime.captureContent) handle.span.setAttribute('gen_ai.tool.call.arguments', contentText(options.args));
  });
}
