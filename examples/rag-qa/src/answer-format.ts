/** The fields the answerer asks the model for and reads back. */
export interface ParsedAnswer {
  answer: string;
  /** Document ids, in the order cited. */
  citations: string[];
}

/**
 * Reads `Answer:` and `Citations:` fields. Without an `Answer:` field the whole reply is the
 * answer; citations are the bracketed ids on the `Citations:` line (`[refund-policy], [sla]`).
 */
export function parseAnswer(text: string): ParsedAnswer {
  const answerMatch = /(?:^|\n)\s*Answer:\s*([\s\S]*?)(?=\n\s*Citations:|$)/i.exec(text);
  const citationsMatch = /(?:^|\n)\s*Citations:\s*(.*)/i.exec(text);
  const answer = (answerMatch ? answerMatch[1]! : text).trim();
  const citations = citationsMatch ? [...citationsMatch[1]!.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!.trim()) : [];
  return { answer, citations: [...new Set(citations)] };
}
