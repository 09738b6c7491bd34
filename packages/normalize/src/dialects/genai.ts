import type { Attributes, Message, RetrievedDocument, SpanKind } from '@loupe/core';
import type { AttributeIndex } from '../attribute-index.js';
import { asText, isRecord, jsonValue, num, str, strList, text } from '../attr-read.js';
import type { Dialect } from '../dialect.js';
import { llmOf, type SpanDraft, offerDocuments, offerFirst, offerKind, offerMessages, offerParameters, offerText, offerUsage } from '../span-draft.js';
import { genAiMessages, systemInstructions } from './genai-messages.js';

/** `gen_ai.operation.name` → span kind. */
const OPERATION_KINDS: Record<string, SpanKind> = {
  chat: 'LLM',
  text_completion: 'LLM',
  generate_content: 'LLM',
  embeddings: 'EMBEDDING',
  execute_tool: 'TOOL',
  invoke_agent: 'AGENT',
  create_agent: 'AGENT',
  retrieval: 'RETRIEVER',
};

/**
 * OTel GenAI semantic conventions, current (1.37+) names: structured JSON messages, provider
 * name, `gen_ai.usage.input_tokens`/`output_tokens`. Legacy names are in genai-legacy.ts.
 */
export const genAi: Dialect = {
  name: 'gen_ai',

  detect(index) {
    return index.has('gen_ai');
  },

  apply(_raw, d, index) {
    const a = index.attrs;
    const operation = text(a['gen_ai.operation.name']);
    const kind = operation ? OPERATION_KINDS[operation] : undefined;
    offerKind(d, kind);

    const model = text(a['gen_ai.request.model']);
    const isModelCall = kind === 'LLM' || kind === 'EMBEDDING' || (kind === undefined && model !== undefined);
    if (isModelCall) applyModelCall(d, index, operation, model);

    if (kind === 'TOOL' || a['gen_ai.tool.name'] !== undefined) applyTool(d, a);

    if (kind === 'RETRIEVER' || a['gen_ai.retrieval.query.text'] !== undefined) {
      offerText(d, 'query', str(a['gen_ai.retrieval.query.text']));
      offerDocuments(d, retrievalDocuments(jsonValue(a['gen_ai.retrieval.documents'])));
    }

    offerFirst(d, 'sessionId', text(a['gen_ai.conversation.id']));
  },
};

function applyModelCall(d: SpanDraft, index: AttributeIndex, operation: string | undefined, model: string | undefined): void {
  const a = index.attrs;
  const llm = llmOf(d);
  offerFirst(llm, 'operation', operation);
  offerFirst(llm, 'model', model);
  offerFirst(llm, 'responseModel', text(a['gen_ai.response.model']));
  offerFirst(llm, 'responseId', text(a['gen_ai.response.id']));
  offerFirst(llm, 'provider', text(a['gen_ai.provider.name']) ?? text(a['gen_ai.system']));
  const finish = strList(a['gen_ai.response.finish_reasons']);
  if (finish && finish.length > 0) offerFirst(llm, 'finishReasons', finish);
  const ttft = num(a['gen_ai.response.time_to_first_chunk']);
  if (ttft !== undefined) offerFirst(llm, 'timeToFirstTokenMs', ttft * 1000);

  const { model: _model, ...params } = index.group('gen_ai.request.');
  offerParameters(d, params);

  const inputRaw = a['gen_ai.input.messages'];
  const outputRaw = a['gen_ai.output.messages'];
  const input: Message[] = genAiMessages(jsonValue(inputRaw));
  const system = systemInstructions(jsonValue(a['gen_ai.system_instructions']) ?? a['gen_ai.system_instructions']);
  if (system && !repeatsSystem(input, system.content)) input.unshift(system);
  offerMessages(d, 'inputMessages', input);
  const output = genAiMessages(jsonValue(outputRaw));
  offerMessages(d, 'outputMessages', output);
  if (!llm.finishReasons) {
    const reasons = output.map((m) => m.finishReason).filter((r): r is string => r !== undefined);
    if (reasons.length > 0) llm.finishReasons = reasons;
  }

  offerUsage(d, 'input', num(a['gen_ai.usage.input_tokens']));
  offerUsage(d, 'output', num(a['gen_ai.usage.output_tokens']));
  offerUsage(d, 'total', num(a['gen_ai.usage.total_tokens']));
  offerUsage(d, 'cacheRead', num(a['gen_ai.usage.cache_read.input_tokens']));
  offerUsage(d, 'cacheWrite', num(a['gen_ai.usage.cache_creation.input_tokens']));
  offerUsage(d, 'reasoning', num(a['gen_ai.usage.reasoning.output_tokens']));
}

/**
 * Whether the input messages already start with the system instructions: some emitters send the
 * system prompt both as `gen_ai.system_instructions` and as leading system message(s) in
 * `gen_ai.input.messages`. Matches one leading system message with the same text, or several
 * whose texts joined give it (instructions with several parts).
 */
function repeatsSystem(input: Message[], content: string): boolean {
  const leading: string[] = [];
  for (const m of input) {
    if (m.role !== 'system') break;
    if (m.content === content) return true;
    leading.push(m.content);
  }
  return leading.length > 1 && leading.join('\n') === content;
}

function applyTool(d: SpanDraft, a: Attributes): void {
  const name = text(a['gen_ai.tool.name']);
  if (!name) return;
  const tool = (d.tool ??= { name });
  offerFirst(tool, 'id', text(a['gen_ai.tool.call.id']));
  offerFirst(tool, 'description', text(a['gen_ai.tool.description']));
  const args = str(a['gen_ai.tool.call.arguments']);
  const result = str(a['gen_ai.tool.call.result']);
  offerFirst(tool, 'arguments', args);
  offerFirst(tool, 'result', result);
  offerText(d, 'input', args);
  offerText(d, 'output', result);
}

/** `[{ id, score, content? }]` as the spec records retrieved documents. */
function retrievalDocuments(value: unknown): RetrievedDocument[] {
  if (!Array.isArray(value)) return [];
  const out: RetrievedDocument[] = [];
  for (const v of value) {
    if (!isRecord(v)) continue;
    const doc: RetrievedDocument = {};
    if (v['id'] !== undefined && v['id'] !== null) doc.id = String(v['id']);
    const content = asText(v['content'] ?? v['text']);
    if (content !== undefined) doc.content = content;
    if (typeof v['score'] === 'number') doc.score = v['score'];
    if (v['metadata'] !== undefined) doc.metadata = v['metadata'];
    out.push(doc);
  }
  return out;
}
