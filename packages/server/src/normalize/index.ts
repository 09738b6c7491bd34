export { normalizeSpan, normalizeSpans, createNormalizer, projectOf, type Normalizer, type NormalizerOptions } from './normalize-span.js';
export type { Dialect } from './dialect.js';
export type { SpanDraft } from './span-draft.js';
export { DIALECTS } from './dialect-registry.js';
export { AttributeIndex } from './attribute-index.js';
