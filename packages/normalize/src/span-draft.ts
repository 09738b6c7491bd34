import type { LLMDetails, Message, NormalizedSpan, RetrievedDocument, SpanKind, TokenUsage } from '@loupe/core';

/**
 * A NormalizedSpan being filled by dialects. Dialects never assign fields directly: they
 * *offer* values through the functions below, which encode the merge rules when two dialects
 * describe the same span: the first (higher-priority) value wins unless a later one is richer,
 * and counts are taken, never added.
 */
export type SpanDraft = NormalizedSpan;

/** A specific kind beats UNKNOWN; between two specific kinds the higher-priority dialect wins. */
export function offerKind(d: SpanDraft, kind: SpanKind | undefined): void {
  if (kind && kind !== 'UNKNOWN' && d.kind === 'UNKNOWN') d.kind = kind;
}

/** The LM-call part, created on first use. */
export function llmOf(d: SpanDraft): LLMDetails {
  return (d.llm ??= { inputMessages: [], outputMessages: [] });
}

type TextField = 'input' | 'output' | 'query';

/** Longer text is richer (a full JSON input beats a summary of it). */
export function offerText(d: SpanDraft, field: TextField, value: string | undefined): void {
  if (value === undefined || value === '') return;
  const current = d[field];
  if (current === undefined || value.length > current.length) d[field] = value;
}

/** First defined value wins (model names, ids, parameters: no notion of "richer"). */
export function offerFirst<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== null && (value as unknown) !== '' && target[key] === undefined) target[key] = value;
}

function messagesWeight(messages: Message[]): number {
  let w = 0;
  for (const m of messages) {
    w += m.content.length + (m.toolCalls?.length ?? 0) * 64 + 1;
    // Same text but more facts (finish reason, names, call ids) is still richer.
    if (m.finishReason) w++;
    if (m.name) w++;
    if (m.toolCallId) w++;
  }
  return w;
}

/** More messages win; with as many, the ones carrying more content and tool calls. */
export function offerMessages(d: SpanDraft, field: 'inputMessages' | 'outputMessages', messages: Message[]): void {
  if (messages.length === 0) return;
  const llm = llmOf(d);
  const current = llm[field];
  if (
    current.length === 0 ||
    messages.length > current.length ||
    (messages.length === current.length && messagesWeight(messages) > messagesWeight(current))
  ) {
    llm[field] = messages;
  }
}

/** Token counts: take the first dialect's number per field; never add two dialects' counts. */
export function offerUsage(d: SpanDraft, field: keyof TokenUsage, value: number | undefined): void {
  if (value === undefined || !Number.isFinite(value)) return;
  const usage = (d.usage ??= {});
  if (usage[field] === undefined) usage[field] = value;
}

/** Parameters merge key by key; the first dialect's value for a key wins. */
export function offerParameters(d: SpanDraft, params: Record<string, unknown> | undefined): void {
  if (!params) return;
  let empty = true;
  for (const _ in params) { empty = false; break; }
  if (empty) return;
  const llm = llmOf(d);
  const target = (llm.parameters ??= {});
  for (const key in params) if (target[key] === undefined && params[key] !== undefined) target[key] = params[key];
}

function docsWeight(docs: RetrievedDocument[]): number {
  let w = 0;
  for (const doc of docs) w += (doc.content?.length ?? 0) + (doc.id ? 1 : 0) + 1;
  return w;
}

/** More documents win; with as many, the ones with more content. */
export function offerDocuments(d: SpanDraft, docs: RetrievedDocument[]): void {
  if (docs.length === 0) return;
  const current = d.documents;
  if (!current || docs.length > current.length || (docs.length === current.length && docsWeight(docs) > docsWeight(current))) {
    d.documents = docs;
  }
}

/** Metadata merges key by key like parameters; the first dialect's value for a key wins. */
export function offerMetadata(d: SpanDraft, entries: Record<string, unknown> | undefined): void {
  if (!entries) return;
  for (const key in entries) {
    const value = entries[key];
    if (value === undefined || value === null) continue;
    const target = (d.metadata ??= {});
    if (target[key] === undefined) target[key] = value;
  }
}
