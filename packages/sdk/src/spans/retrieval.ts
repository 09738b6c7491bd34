import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { runtime } from '../runtime.js';
import { contentText, setValueAttributes } from './content.js';
import { documentsOf, setDocumentAttributes } from './documents.js';
import { runInSpan, type SpanHooks } from './run-in-span.js';
import { SpanHandle, type LoupeSpan } from './span-handle.js';

export interface RetrievalOptions {
  /** The query text (`input.value`, `gen_ai.retrieval.query.text`). */
  query?: string;
}

const RETRIEVAL_ATTRIBUTES: Attributes = Object.freeze({
  'openinference.span.kind': 'RETRIEVER',
  'gen_ai.operation.name': 'retrieval',
});

const hooks: SpanHooks<SpanHandle> = {
  handle: (span: Span) => new SpanHandle(span),
  onSuccess(handle, result) {
    const documents = handle.documents ?? documentsOf(result);
    if (documents !== undefined) setDocumentAttributes(handle.span, documents);
    setValueAttributes(handle.span, 'output', handle.hasOutput ? handle.output : result);
  },
};

/**
 * Runs a retrieval (OpenInference RETRIEVER, GenAI `retrieval`). `fn` returns the documents
 * (`{ id, content, score, metadata? }[]`, or an object with a `documents` array) or reports
 * them with `span.setDocuments`.
 */
export function retrieval<T>(name: string, fn: (span: LoupeSpan) => T, options?: RetrievalOptions): T {
  return runInSpan(name, SpanKind.INTERNAL, RETRIEVAL_ATTRIBUTES, hooks, fn, options?.query === undefined ? undefined : (handle) => {
    setValueAttributes(handle.span, 'input', options.query);
    if (runtime.captureContent) handle.span.setAttribute('gen_ai.retrieval.query.text', contentText(options.query));
  });
}
