import type { IngestResult, RawSpan, TraceStore } from '@loupe/core';
import { normalizeSpans, type Normalizer } from '@loupe/normalize';

/**
 * Normalizes raw spans (from OTLP or a JSONL file) and stores them: the server's ingest path
 * without HTTP. Costs come from the built-in price table unless a normalizer with other prices is given.
 */
export async function ingestRawSpans(store: TraceStore, raw: readonly RawSpan[], normalizer?: Normalizer): Promise<IngestResult> {
  if (raw.length === 0) return { accepted: 0, duplicates: 0 };
  return store.ingest(normalizer ? normalizer.normalizeSpans(raw) : normalizeSpans(raw));
}
