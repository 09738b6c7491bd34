import type { Span } from '@opentelemetry/api';
import type { RetrievedDocument } from '@loupe/core';
import { runtime } from '../runtime.js';
import { contentText } from './content.js';

/** Longest document list recorded attribute by attribute; the rest only count. */
const MAX_DOCUMENTS = 100;

/**
 * The documents in a retrieval result: the value itself when it is an array of documents, or
 * its `documents` array. Undefined when neither.
 */
export function documentsOf(result: unknown): readonly RetrievedDocument[] | undefined {
  if (Array.isArray(result)) return result.every(isDocumentLike) ? (result as RetrievedDocument[]) : undefined;
  if (result !== null && typeof result === 'object') {
    const docs = (result as { documents?: unknown }).documents;
    if (Array.isArray(docs) && docs.every(isDocumentLike)) return docs as RetrievedDocument[];
  }
  return undefined;
}

function isDocumentLike(value: unknown): boolean {
  return value !== null && typeof value === 'object' && ('content' in value || 'id' in value || 'score' in value);
}

/**
 * Records documents as OpenInference `retrieval.documents.{i}.document.*` plus the GenAI
 * `gen_ai.retrieval.documents` list of `{id, score}`. Content and metadata only when content
 * capture is on; ids and scores always.
 */
export function setDocumentAttributes(span: Span, documents: readonly RetrievedDocument[]): void {
  const capture = runtime.captureContent;
  const count = Math.min(documents.length, MAX_DOCUMENTS);
  const brief: { id?: string; score?: number }[] = [];
  for (let i = 0; i < count; i++) {
    const doc = documents[i];
    if (doc === null || typeof doc !== 'object') continue;
    const prefix = `retrieval.documents.${i}.document.`;
    const entry: { id?: string; score?: number } = {};
    if (doc.id !== undefined && doc.id !== null) {
      entry.id = String(doc.id);
      span.setAttribute(prefix + 'id', entry.id);
    }
    if (typeof doc.score === 'number' && Number.isFinite(doc.score)) {
      entry.score = doc.score;
      span.setAttribute(prefix + 'score', doc.score);
    }
    if (capture && doc.content !== undefined) span.setAttribute(prefix + 'content', contentText(doc.content));
    if (capture && doc.metadata !== undefined) span.setAttribute(prefix + 'metadata', contentText(doc.metadata));
    brief.push(entry);
  }
  span.setAttribute('gen_ai.retrieval.documents', JSON.stringify(brief));
  if (documents.length > count) span.setAttribute('loupe.retrieval.documents_dropped', documents.length - count);
}
