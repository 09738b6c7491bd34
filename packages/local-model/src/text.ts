/**
 * Word-level text helpers shared by the model, the embeddings and the tool matcher.
 * Everything here is pure and deterministic so the same prompt always gets the same answer.
 */

/** Function words that carry no meaning for matching a question to a passage. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have ' +
    'having he her here hers herself him himself his how i if in into is it its itself just me more most my ' +
    'myself no nor not of off on once only or other our ours ourselves out over own same she should so some ' +
    'such than that the their theirs them themselves then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you your yours ' +
    'yourself yourselves please tell know want need get got much many also us let lets may might must shall ' +
    "s t don doesn isn aren wasn weren won wouldn can't cannot i'm it's what's there's"
  ).split(/\s+/),
);

/** Lower-cased alphanumeric words, in order, apostrophes removed (`don't` → `dont`). */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').match(/[a-z0-9]+/g) ?? [];
}

/**
 * A crude suffix stripper: enough that `refunds`/`refunded`/`refunding` meet `refund`.
 * A stem keeps at least three letters, so `days`→`day` but `was`/`has` stay as they are.
 */
export function stem(word: string): string {
  if (/^\d/.test(word)) return word;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      // `ies` → `y` (policies → policy), and `sses` keeps its stem (classes → class).
      if (suffix === 'es' && base.endsWith('i')) return base.slice(0, -1) + 'y';
      if (suffix === 's' && (base.endsWith('s') || base.endsWith('u'))) return word;
      return base;
    }
  }
  return word;
}

/** Stemmed content words of `text`: stopwords dropped, duplicates kept, in order. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (!STOPWORDS.has(w)) out.push(stem(w));
  }
  return out;
}

/**
 * Whether two stemmed terms name the same thing: equal, or one edit apart when both are long
 * enough that a single typo cannot turn one real word into another (`refnd` ~ `refund`).
 */
export function termsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 1) return false;
  return editDistanceAtMostOne(a, b);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a.length > b.length) [a, b] = [b, a];
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length === b.length) i++;
    j++;
  }
  return edits + (b.length - j) + (a.length - i) <= 1;
}

/**
 * Splits prose into sentences at `.`, `!` or `?` followed by whitespace, and at line breaks.
 * Decimal numbers (`99.9%`) and lone abbreviations followed by a lower-case word are not split.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    for (const part of line.split(/(?<=[.!?])\s+(?=["'(\[]?[A-Z0-9])/)) {
      const s = part.trim();
      if (s) out.push(s);
    }
  }
  return out;
}

/** 32-bit FNV-1a hash; stable across runs and platforms. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
