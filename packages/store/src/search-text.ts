import type { AttrValue, NormalizedSpan } from '@loupe/core';

/**
 * Attributes that only re-encode, as JSON or a provider's raw body, the messages an LM span's
 * normalized `llm` already holds. Their text is indexed once, through the messages; indexing the
 * JSON copies too tripled the full-text work per LM call (the ingest hot path) and added nothing
 * a search could find, since every prompt and completion is in the messages verbatim.
 */
const LLM_MESSAGE_CARRIERS = new Set([
  'input.value',
  'output.value',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'loupe.llm.raw_response',
  'ai.prompt',
  'ai.prompt.messages',
  'ai.response.text',
  'traceloop.entity.input',
  'traceloop.entity.output',
]);

/** Likewise for a retrieval's documents, which `documents` holds in full. */
const DOCUMENT_CARRIERS = new Set(['output.value', 'gen_ai.retrieval.documents']);

/** The searchable text of a span: its distinct parts (see {@link collectSearchText}), as {@link joinSearchText} joins them. */
export function spanSearchText(span: NormalizedSpan): string {
  const parts = new Set<string>();
  collectSearchText(span, parts);
  return joinSearchText(parts);
}

/**
 * Parts at least this long are left out when a longer part contains them. Shorter ones cost the
 * index little, and checking each of them would cost more than indexing it.
 */
const MIN_CONTAINED_CHARS = 32;
/** Longer parts a part is checked against, longest first: bounds the check on traces of many parts. */
const MAX_CONTAINERS_CHECKED = 16;

/**
 * The text `contains` searches for a set of parts: the parts joined with newlines, minus each
 * part of {@link MIN_CONTAINED_CHARS} or more that one of the longer parts contains verbatim.
 * `contains` is a literal substring test, and any text found in the dropped part is found in
 * the part that contains it, so nothing a search could match within a part is lost, while a
 * trace's text shrinks: an LM call's completion reappears in the step's and the request's
 * output, a prompt in a parent's input. On the bench workload that is 18% of the text the
 * full-text index takes, the largest share of ingest's CPU.
 */
export function joinSearchText(parts: Iterable<string>): string {
  const all = [...parts];
  const long = all.filter((p) => p.length >= MIN_CONTAINED_CHARS);
  if (long.length < 2) return all.join('\n');
  long.sort((a, b) => b.length - a.length);
  const dropped = new Set<string>();
  for (let i = 1; i < long.length; i++) {
    const part = long[i]!;
    // A dropped container is inside a kept, longer one, which is checked too.
    for (let j = 0; j < Math.min(i, MAX_CONTAINERS_CHECKED); j++) {
      const outer = long[j]!;
      if (outer.length > part.length && !dropped.has(outer) && outer.includes(part)) {
        dropped.add(part);
        break;
      }
    }
  }
  return dropped.size === 0 ? all.join('\n') : all.filter((p) => !dropped.has(p)).join('\n');
}

/**
 * Adds the text of a span that `contains` searches to `parts`: name, input, output, query, status message,
 * LM message contents and tool-call arguments, tool arguments and result, document contents,
 * and every string attribute value (span and event attributes) except the JSON copies of
 * messages and documents listed above. Each distinct string appears
 * once — instrumentations repeat the same prompt in several attributes, and indexing it once
 * keeps the full-text index small; pass one set for several spans to dedupe across them.
 */
export function collectSearchText(span: NormalizedSpan, parts: Set<string>): void {
  const add = (s: string | undefined): void => {
    if (s !== undefined && s !== '') parts.add(s);
  };
  const addAttr = (v: AttrValue): void => {
    if (typeof v === 'string') add(v);
    else if (Array.isArray(v)) for (const item of v) addAttr(item);
  };

  const hasMessages = span.llm !== undefined && (span.llm.inputMessages.length > 0 || span.llm.outputMessages.length > 0);
  const hasDocuments = (span.documents?.length ?? 0) > 0;
  const covered = (key: string): boolean =>
    (hasMessages && LLM_MESSAGE_CARRIERS.has(key)) || (hasDocuments && DOCUMENT_CARRIERS.has(key));

  add(span.name);
  if (!hasMessages) add(span.input);
  if (!hasMessages && !hasDocuments) add(span.output);
  add(span.query);
  add(span.statusMessage);
  if (span.llm) {
    for (const list of [span.llm.inputMessages, span.llm.outputMessages]) {
      for (const m of list ?? []) {
        add(m.content);
        for (const call of m.toolCalls ?? []) {
          add(call.name);
          add(call.arguments);
        }
      }
    }
  }
  if (span.tool) {
    add(span.tool.name);
    add(span.tool.arguments);
    add(span.tool.result);
  }
  for (const doc of span.documents ?? []) add(doc.content);
  for (const key of Object.keys(span.attributes)) if (!covered(key)) addAttr(span.attributes[key]!);
  for (const e of span.events) for (const v of Object.values(e.attributes)) addAttr(v);
}
