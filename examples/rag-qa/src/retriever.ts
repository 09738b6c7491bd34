import type { CorpusDocument } from './corpus.js';

/** A retrieved document as the SDK's `retrieval()` records it. */
export interface ScoredDocument {
  id: string;
  title: string;
  content: string;
  score: number;
}

const STOPWORDS = new Set(
  ('a an and are as at be by can do does for from has have how i if in is it its me my of on or our ' +
    'so than that the their there this to was we what when where which who why will with you your').split(' '),
);

/** Lower-cased words minus stopwords, with plural/verb endings trimmed so `refunds` finds `refund`. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const w of text.toLowerCase().replace(/['’]/g, '').match(/[a-z0-9]+/g) ?? []) {
    if (STOPWORDS.has(w)) continue;
    out.push(w.length > 4 ? w.replace(/(ing|ed|es|s)$/, '') : w);
  }
  return out;
}

/**
 * Okapi BM25 over titles and contents (the title counts twice, being the best summary of a
 * document). Scores are unbounded and only comparable within one query.
 */
export class Bm25Retriever {
  private readonly docs: { doc: CorpusDocument; tf: Map<string, number>; length: number }[];
  private readonly df = new Map<string, number>();
  private readonly avgLength: number;

  constructor(
    corpus: readonly CorpusDocument[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.docs = corpus.map((doc) => {
      const terms = [...analyze(doc.title), ...analyze(doc.title), ...analyze(doc.content)];
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      return { doc, tf, length: terms.length };
    });
    this.avgLength = this.docs.reduce((n, d) => n + d.length, 0) / Math.max(1, this.docs.length);
  }

  /** The `k` best documents with a positive score, best first (ties keep corpus order). */
  search(query: string, k = 5): ScoredDocument[] {
    const terms = [...new Set(analyze(query))];
    const n = this.docs.length;
    const scored = this.docs.map(({ doc, tf, length }) => {
      let score = 0;
      for (const t of terms) {
        const f = tf.get(t);
        if (!f) continue;
        const df = this.df.get(t)!;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (this.k1 + 1)) / (f + this.k1 * (1 - this.b + (this.b * length) / this.avgLength));
      }
      return { id: doc.id, title: doc.title, content: doc.content, score: Math.round(score * 1000) / 1000 };
    });
    return scored.filter((d) => d.score > 0).sort((a, b) => b.score - a.score).slice(0, k);
  }
}
