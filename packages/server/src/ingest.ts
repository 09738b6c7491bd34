import type { IngestResult, RawSpan, TraceStore } from '@loupe/core';
import { normalizeSpans } from './normalize/normalize-span.js';

/** Normalizes raw spans (from OTLP or a JSONL file) and stores them: the server's ingest path without HTTP. */
export async function ingestRawSpans(store: TraceStore, raw: readonly RawSpan[]): Promise<IngestResult> {
  if (raw.length === 0) return { accepted: 0, duplicates: 0 };
  return store.ingest(normalizeSpans(raw));
}
