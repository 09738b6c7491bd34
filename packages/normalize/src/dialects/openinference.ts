import { SPAN_KINDS, type Message, type RetrievedDocument, type SpanKind, type ToolCall } from '@loupe/core';
import { subList, type AttributeIndex, type ListEntry } from '../attribute-index.js';
import { isRecord, jsonValue, num, str, strList, text } from '../attr-read.js';
import type { Dialect } from '../dialect.js';
import { llmOf, type SpanDraft, offerDocuments, offerFirst, offerKind, offerMessages, offerParameters, offerText, offerUsage } from '../span-draft.js';

const KINDS = new Set<string>(SPAN_KINDS);

/** OpenInference attribute names (https://github.com/Arize-ai/openinference/blob/main/spec/semantic_conventions.md). */
export const openInference: Dialect = {
  name: 'openinference',

  detect(index) {
    return (
      index.has('openinference') || index.has('llm') || index.has('input') || index.has('output') ||
      index.has('retrieval') || index.has('reranker') || index.has('embedding') || index.has('tool') ||
      index.has('tool_call') || index.has('metadata') || index.has('tag')
    );
  },

  apply(_raw, d, index) {
    const a = index.attrs;
    const kind = text(a['openinference.span.kind'])?.toUpperCase();
    offerKind(d, kind && KINDS.has(kind) ? (kind as SpanKind) : undefined);

    offerText(d, 'input', str(a['input.value']));
    offerText(d, 'output', str(a['output.value']));

    if (index.has('llm')) applyLlm(d, index);
    if (index.has('embedding')) {
      const model = text(a['embedding.model_name']);
      if (model) offerFirst(llmOf(d), 'model', model);
    }

    const retrieved = documents(index.list('retrieval.documents.'));
    offerDocuments(d, retrieved);
    if (index.has('reranker')) {
      offerDocuments(d, documents(index.list('reranker.output_documents.')));
      offerText(d, 'query', text(a['reranker.query']));
      const model = text(a['reranker.model_name']);
      if (model) offerFirst(llmOf(d), 'model', model);
    }

    applyTool(d, index, kind);

    offerFirst(d, 'sessionId', text(a['session.id']));
    offerFirst(d, 'userId', text(a['user.id']));
    const metadata = jsonValue(a['metadata']);
    if (isRecord(metadata)) offerFirst(d, 'metadata', metadata);
    const tags = strList(a['tag.tags']);
    if (tags && tags.length > 0) offerFirst(d, 'tags', tags);
  },
};

function applyLlm(d: SpanDraft, index: AttributeIndex): void {
  const a = index.attrs;
  const llm = llmOf(d);
  offerFirst(llm, 'model', text(a['llm.model_name']));
  offerFirst(llm, 'provider', text(a['llm.provider']) ?? text(a['llm.system']));
  const params = jsonValue(a['llm.invocation_parameters']);
  if (isRecord(params)) offerParameters(d, params);

  offerMessages(d, 'inputMessages', index.list('llm.input_messages.').map(message));
  offerMessages(d, 'outputMessages', index.list('llm.output_messages.').map(message));

  offerUsage(d, 'input', num(a['llm.token_count.prompt']));
  offerUsage(d, 'output', num(a['llm.token_count.completion']));
  offerUsage(d, 'total', num(a['llm.token_count.total']));
  offerUsage(d, 'cacheRead', num(a['llm.token_count.prompt_details.cache_read']));
  offerUsage(d, 'cacheWrite', num(a['llm.token_count.prompt_details.cache_write']));
  offerUsage(d, 'reasoning', num(a['llm.token_count.completion_details.reasoning']));

  const total = num(a['llm.cost.total']);
  const prompt = num(a['llm.cost.prompt']);
  const completion = num(a['llm.cost.completion']);
  // Prompt and completion costs are disjoint parts, so summing them is not double counting.
  const cost = total ?? (prompt !== undefined || completion !== undefined ? (prompt ?? 0) + (completion ?? 0) : undefined);
  offerFirst(d, 'costUsd', cost);
}

/** `llm.{input,output}_messages.{i}.*` entry → Message. */
function message(e: ListEntry): Message {
  const m: Message = { role: text(e['message.role']) ?? 'unknown', content: str(e['message.content']) ?? '' };
  if (m.content === '') {
    const parts = subList(e, 'message.contents.');
    const texts: string[] = [];
    for (const p of parts) {
      const t = str(p['message_content.text']);
      if (t !== undefined && (p['message_content.type'] === undefined || p['message_content.type'] === 'text')) texts.push(t);
    }
    m.content = texts.join('\n');
  }
  const name = text(e['message.name']);
  if (name) m.name = name;
  const toolCallId = text(e['message.tool_call_id']);
  if (toolCallId) m.toolCallId = toolCallId;
  const calls: ToolCall[] = [];
  for (const c of subList(e, 'message.tool_calls.')) {
    const call: ToolCall = { name: text(c['tool_call.function.name']) ?? '', arguments: str(c['tool_call.function.arguments']) ?? '' };
    const id = text(c['tool_call.id']);
    if (id) call.id = id;
    calls.push(call);
  }
  if (calls.length > 0) m.toolCalls = calls;
  return m;
}

function documents(entries: ListEntry[]): RetrievedDocument[] {
  return entries.map((e) => {
    const doc: RetrievedDocument = {};
    const id = text(e['document.id']);
    if (id !== undefined) doc.id = id;
    const content = str(e['document.content']);
    if (content !== undefined) doc.content = content;
    const score = num(e['document.score']);
    if (score !== undefined) doc.score = score;
    const meta = e['document.metadata'];
    if (meta !== undefined && meta !== null) doc.metadata = jsonValue(meta) ?? meta;
    return doc;
  });
}

function applyTool(d: SpanDraft, index: AttributeIndex, kind: string | undefined): void {
  const a = index.attrs;
  const name = text(a['tool.name']) ?? text(a['tool_call.function.name']);
  if (!name) return;
  const tool = (d.tool ??= { name });
  offerFirst(tool, 'description', text(a['tool.description']));
  offerFirst(tool, 'id', text(a['tool_call.id']));
  // On a TOOL span the span's input/output are the call's arguments/result.
  offerFirst(tool, 'arguments', str(a['tool_call.function.arguments']) ?? (kind === 'TOOL' ? str(a['input.value']) : undefined));
  if (kind === 'TOOL') offerFirst(tool, 'result', str(a['output.value']));
}
