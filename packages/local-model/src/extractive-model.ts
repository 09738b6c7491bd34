import type { ModelReply, ModelRequest, Turn } from './conversation.js';
import { readOutputFormat, renderAnswer, type AnswerParts } from './output-format.js';
import { readPrompt, type Passage } from './prompt-reading.js';
import { contentTerms, sentences, termsMatch } from './text.js';
import { pendingToolResults, planToolCalls } from './tool-use.js';

/** The answer when nothing in the prompt bears on the question. */
export const UNKNOWN_ANSWER = "I don't know.";

/** A sentence of the context that could answer the question. */
export interface Candidate {
  sentence: string;
  passage: Passage;
  /** Distinct question terms the sentence contains. */
  matched: string[];
  /** Distinct question terms its whole passage contains (tie-break). */
  passageMatched: number;
  /** Position of the passage in the prompt (earlier wins ties: retrievers put the best first). */
  order: number;
}

/**
 * The local model: extractive question answering, correct whenever the answer is a sentence of
 * the prompt's context.
 *
 * 1. If a tool fits the question (see {@link planToolCalls}), it asks for that call.
 * 2. If tool results arrived since the last user message, it answers from them.
 * 3. Otherwise it answers with the context sentence sharing the most content words with the
 *    question (stopwords ignored, light stemming, one-typo tolerance), provided it shares at
 *    least a third of them; else {@link UNKNOWN_ANSWER}.
 *
 * The reply is laid out as the prompt asks (plain, `Answer:` lines or DSPy sections).
 * `variant` k > 0 picks the k-th best sentence, so `n > 1` gives distinct choices.
 */
export function generateReply(req: ModelRequest): ModelReply {
  const prompt = readPrompt(req.turns);
  const calls = planToolCalls(req, prompt.question);
  if (calls) return { kind: 'tool_calls', calls };

  const format = readOutputFormat(req.turns);
  const results = pendingToolResults(req.turns);
  const parts = results.length > 0 ? answerFromToolResults(results, req.turns) : answerFromContext(prompt.question, prompt.passages, req.variant ?? 0);
  return { kind: 'text', text: renderAnswer(format, parts) };
}

/** Candidate sentences, best first. */
export function rankCandidates(question: string, passages: Passage[]): Candidate[] {
  const qTerms = [...new Set(contentTerms(question))];
  const out: Candidate[] = [];
  passages.forEach((passage, order) => {
    const passageTerms = contentTerms(passage.text);
    const passageMatched = qTerms.filter((q) => passageTerms.some((t) => termsMatch(q, t))).length;
    for (const sentence of sentences(passage.text)) {
      if (isHeading(sentence)) continue;
      const terms = contentTerms(sentence);
      const matched = qTerms.filter((q) => terms.some((t) => termsMatch(q, t)));
      if (matched.length > 0) out.push({ sentence, passage, matched, passageMatched, order });
    }
  });
  return out.sort((a, b) => b.matched.length - a.matched.length || b.passageMatched - a.passageMatched || a.order - b.order);
}

/** Short lines without closing punctuation are titles, not answers. */
function isHeading(sentence: string): boolean {
  return !/[.!?:;)"']$/.test(sentence) && sentence.split(/\s+/).length < 6;
}

function answerFromContext(question: string, passages: Passage[], variant: number): AnswerParts {
  const qTerms = [...new Set(contentTerms(question))];
  const needed = Math.max(1, Math.ceil(qTerms.length / 3));
  const candidates = rankCandidates(question, passages).filter((c) => c.matched.length >= needed);
  const chosen = candidates[Math.min(variant, candidates.length - 1)];
  if (!chosen) {
    return {
      answer: UNKNOWN_ANSWER,
      reasoning: passages.length
        ? `None of the ${passages.length} context passages mentions enough of: ${qTerms.join(', ') || 'the question'}.`
        : 'There is no context to answer from.',
      citations: [],
      confidence: 'low',
    };
  }
  const share = chosen.matched.length / Math.max(1, qTerms.length);
  return {
    answer: chosen.sentence,
    reasoning: `The question is about ${qTerms.join(', ')}. Passage [${chosen.passage.label}] mentions ${chosen.matched.join(', ')} and states: "${chosen.sentence}"`,
    citations: [chosen.passage.label],
    confidence: share >= 0.6 ? 'high' : share >= 0.34 ? 'medium' : 'low',
  };
}

/**
 * Answers from tool output: a JSON object's `answer`/`summary`/`message` text when it has one,
 * else its fields as `key: value` pairs; plain text as is.
 */
function answerFromToolResults(results: Turn[], turns: Turn[]): AnswerParts {
  const names = results.map((r) => r.name ?? toolNameFor(r.toolCallId, turns) ?? 'tool');
  const answer = results.map((r) => describeResult(r.content)).join(' ');
  return {
    answer,
    reasoning: `Used the result of ${[...new Set(names)].join(', ')}.`,
    citations: [...new Set(names)],
    confidence: 'high',
  };
}

function toolNameFor(callId: string | undefined, turns: Turn[]): string | undefined {
  if (!callId) return undefined;
  for (const t of turns) for (const c of t.toolCalls ?? []) if (c.id === callId) return c.name;
  return undefined;
}

function describeResult(content: string): string {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return content.trim();
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of ['answer', 'summary', 'message']) if (typeof obj[key] === 'string') return obj[key] as string;
    const pairs = Object.entries(obj).map(([k, v]) => `${k.replace(/_/g, ' ')}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    return pairs.join(', ') + '.';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
