/**
 * The local model's tokenizer, documented so token counts can be checked by hand:
 *
 * - every run of letters or digits is one token, except that runs longer than
 *   {@link MAX_WORD_TOKEN_CHARS} characters count one token per started chunk of that length;
 * - every other non-space character (punctuation, symbols, emoji code points) is one token;
 * - whitespace is free.
 *
 * So `"Hello, world!"` is 4 tokens and `"internationalization"` (20 letters) is 3.
 */
export const MAX_WORD_TOKEN_CHARS = 8;

const TOKEN_RE = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

/** The tokens of `text`, long words split into chunks, so `tokenize(t).length === countTokens(t)`. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const t = m[0];
    for (let i = 0; i < t.length; i += MAX_WORD_TOKEN_CHARS) out.push(t.slice(i, i + MAX_WORD_TOKEN_CHARS));
  }
  return out;
}

export function countTokens(text: string): number {
  let n = 0;
  for (const m of text.matchAll(TOKEN_RE)) n += Math.ceil(m[0].length / MAX_WORD_TOKEN_CHARS);
  return n;
}

/**
 * Splits `text` into pieces of about `tokensPerPiece` tokens whose concatenation is exactly
 * `text` (whitespace travels with the token after it). Used to cut streamed output into chunks.
 */
export function splitForStreaming(text: string, tokensPerPiece = 3): string[] {
  const pieces: string[] = [];
  let current = '';
  let tokens = 0;
  const re = /\s*(?:[\p{L}\p{N}]+|[^\s\p{L}\p{N}])|\s+$/gu;
  for (const m of text.matchAll(re)) {
    current += m[0];
    tokens++;
    if (tokens >= tokensPerPiece) {
      pieces.push(current);
      current = '';
      tokens = 0;
    }
  }
  if (current) pieces.push(current);
  return pieces.length ? pieces : [text];
}

/** The longest prefix of `text` that has at most `maxTokens` tokens (cut inside a long word if needed). */
export function truncateToTokens(text: string, maxTokens: number): string {
  let used = 0;
  let end = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    const cost = Math.ceil(m[0].length / MAX_WORD_TOKEN_CHARS);
    if (used + cost > maxTokens) {
      const chunks = maxTokens - used;
      return text.slice(0, chunks > 0 ? m.index + chunks * MAX_WORD_TOKEN_CHARS : end);
    }
    used += cost;
    end = m.index + m[0].length;
  }
  return text;
}
