import type { ScoredDocument } from './retriever.js';

export interface RerankOptions {
  /** Keep at most this many documents. Default 3. */
  topK?: number;
  /** Drop documents scoring below this absolute BM25 score. Default 1.5. */
  minScore?: number;
  /** Drop documents scoring below this share of the best score. Default 0.4. */
  minRelative?: number;
}

/**
 * Cuts the retrieval down to what is worth showing the model: an absolute score floor (so a
 * question about nothing in the corpus leaves no context at all), a floor relative to the best
 * hit, then the top k.
 */
export function rerank(documents: readonly ScoredDocument[], options: RerankOptions = {}): ScoredDocument[] {
  const { topK = 3, minScore = 1.5, minRelative = 0.4 } = options;
  const best = documents.reduce((m, d) => Math.max(m, d.score), 0);
  return [...documents]
    .sort((a, b) => b.score - a.score)
    .filter((d) => d.score >= minScore && d.score >= best * minRelative)
    .slice(0, topK);
}
