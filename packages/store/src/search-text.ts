import type { AttrValue, NormalizedSpan } from '@loupe/core';

/** The searchable text of a span: its distinct parts (see {@link collectSearchText}) joined with newlines. */
export function spanSearchText(span: NormalizedSpan): string {
  const parts = new Set<string>();
  collectSearchText(span, parts);
  return [...parts].join('\n');
}

/**
 * Adds the text of a span that `contains` searches to `parts`: name, input, output, query, status message,
 * LM message contents and tool-call arguments, tool arguments and result, document contents,
 * and every string attribute value (span and event attributes). Each distinct string appears
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

  add(span.name);
  add(span.input);
  add(span.output);
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
  for (const v of Object.values(span.attributes)) addAttr(v);
  for (const e of span.events) for (const v of Object.values(e.attributes)) addAttr(v);
}
