import { contentTerms, fnv1a } from './text.js';

export const DEFAULT_EMBEDDING_DIMENSIONS = 64;

/**
 * A deterministic text embedding: a signed, hashed bag of stemmed content words (each word
 * adds ±1 at `hash(word) mod dims`, the sign from a second hash), L2-normalised. Texts sharing
 * words have a positive cosine similarity; text without content words is the zero vector.
 */
export function embed(text: string, dimensions = DEFAULT_EMBEDDING_DIMENSIONS): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const term of contentTerms(text)) {
    const slot = fnv1a(term) % dimensions;
    v[slot]! += fnv1a(term, 0x9747b28c) & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/** Cosine similarity of two equal-length vectors (0 when either is zero). */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Little-endian float32 bytes in base64: OpenAI's `encoding_format: 'base64'`. */
export function toBase64Float32(v: number[]): string {
  const buf = Buffer.alloc(v.length * 4);
  v.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString('base64');
}
