import type { SpanKind } from '@loupe/core';
import { num, str, text } from '../attr-read.js';
import type { Dialect } from '../dialect.js';
import { llmOf, offerFirst, offerKind, offerMetadata, offerText, offerUsage } from '../span-draft.js';
import { offerAssociationProperties } from './association-properties.js';

/** `traceloop.span.kind` → span kind. */
const SPAN_KINDS: Record<string, SpanKind> = {
  workflow: 'CHAIN',
  task: 'CHAIN',
  agent: 'AGENT',
  tool: 'TOOL',
};

/** `llm.request.type` → span kind and GenAI operation name. */
const REQUEST_TYPES: Record<string, { kind: SpanKind; operation: string }> = {
  chat: { kind: 'LLM', operation: 'chat' },
  completion: { kind: 'LLM', operation: 'text_completion' },
  embedding: { kind: 'EMBEDDING', operation: 'embeddings' },
  rerank: { kind: 'RERANKER', operation: 'rerank' },
};

/**
 * Traceloop / OpenLLMetry: the SDK's own `traceloop.*` attributes (workflow/task/agent/tool
 * spans, entity input/output, association properties) and the `llm.request.type` /
 * `llm.usage.total_tokens` its instrumentations add next to `gen_ai.*` names. The messages and
 * token counts themselves come in GenAI names (current in 0.27, legacy flattened before), which
 * the GenAI dialects read.
 */
export const traceloop: Dialect = {
  name: 'traceloop',

  detect(index) {
    return index.has('traceloop') || index.attrs['llm.request.type'] !== undefined || index.attrs['llm.usage.total_tokens'] !== undefined;
  },

  apply(_raw, d, index) {
    const a = index.attrs;
    const spanKind = text(a['traceloop.span.kind']);
    const kind = spanKind ? SPAN_KINDS[spanKind] : undefined;
    offerKind(d, kind);

    const input = str(a['traceloop.entity.input']);
    const output = str(a['traceloop.entity.output']);
    offerText(d, 'input', input);
    offerText(d, 'output', output);
    const name = text(a['traceloop.entity.name']);
    if (kind === 'TOOL' && name) {
      const tool = (d.tool ??= { name });
      offerFirst(tool, 'arguments', input);
      offerFirst(tool, 'result', output);
    }

    offerAssociationProperties(d, index.group('traceloop.association.properties.'));
    offerMetadata(d, {
      workflow: text(a['traceloop.workflow.name']),
      entityPath: text(a['traceloop.entity.path']),
    });

    const requestType = text(a['llm.request.type']);
    const request = requestType ? REQUEST_TYPES[requestType] : undefined;
    if (request) {
      offerKind(d, request.kind);
      offerFirst(llmOf(d), 'operation', request.operation);
    }
    offerUsage(d, 'total', num(a['llm.usage.total_tokens']));
  },
};
