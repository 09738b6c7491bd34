export { normalizeSpan, normalizeSpans, createNormalizer, projectOf, type Normalizer, type NormalizerOptions } from './normalize-span.js';
export { deriveContent, DERIVED_CONTENT_FIELDS, type DerivedContentField } from './derived-content.js';
export { isContentDerivable } from './content-derivable.js';
export type { Dialect } from './dialect.js';
export type { SpanDraft } from './span-draft.js';
export { DIALECTS } from './dialect-registry.js';
export { AttributeIndex } from './attribute-index.js';
export * from './cost/index.js';
