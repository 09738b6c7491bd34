import type { JsonSchema, ModelRequest, ToolSpec, Turn } from './conversation.js';
import { contentTerms, termsMatch, words } from './text.js';

/** A call the model decided to make. */
export interface PlannedCall {
  name: string;
  /** JSON text. */
  arguments: string;
}

/** Tool turns that answer calls made after the last user message: the results still to use. */
export function pendingToolResults(turns: Turn[]): Turn[] {
  let lastUser = -1;
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  return turns.slice(lastUser + 1).filter((t) => t.role === 'tool');
}

/**
 * Decides whether to call a tool instead of answering. With `tool_choice: auto` the model calls
 * the best-matching tool when the question mentions its name's words (or two words of its
 * description) and every required argument can be read from the question, and only while no
 * tool result has arrived since the last user message. `required` and a named choice force a
 * call with whatever arguments can be read.
 */
export function planToolCalls(req: ModelRequest, question: string): PlannedCall[] | undefined {
  const tools = req.tools ?? [];
  const choice = req.toolChoice ?? 'auto';
  if (tools.length === 0 || choice === 'none') return undefined;

  if (typeof choice === 'object') {
    const tool = tools.find((t) => t.name === choice.name);
    return tool ? [{ name: tool.name, arguments: JSON.stringify(fillArguments(tool.parameters, question).args) }] : undefined;
  }
  if (choice === 'auto' && pendingToolResults(req.turns).length > 0) return undefined;

  const qTerms = new Set(contentTerms(question));
  let best: { tool: ToolSpec; score: number; args: Record<string, unknown> } | undefined;
  for (const tool of tools) {
    const filled = fillArguments(tool.parameters, question);
    if (choice === 'auto' && filled.missing.length > 0) continue;
    const score = 2 * overlap(qTerms, contentTerms(tool.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ')))
      + overlap(qTerms, contentTerms(tool.description ?? ''));
    if (!best || score > best.score) best = { tool, score, args: filled.args };
  }
  if (!best) return undefined;
  if (choice === 'auto' && best.score < 2) return undefined;
  return [{ name: best.tool.name, arguments: JSON.stringify(best.args) }];
}

function overlap(question: Set<string>, terms: string[]): number {
  let n = 0;
  for (const t of new Set(terms)) if ([...question].some((q) => termsMatch(q, t))) n++;
  return n;
}

const ID_RE = /\b(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*\b/g;
const NUMBER_RE = /-?\d+(?:\.\d+)?/;
const EMAIL_RE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;

/**
 * Reads values for a tool's parameters from the question: identifiers (tokens with a digit, for
 * parameters named or described as ids, numbers or codes), numbers, e-mail addresses, enum
 * values named in the text, capitalised names for place-like parameters, and the question
 * itself for free-text parameters (`query`, `question`, …). Required parameters it cannot
 * fill are reported in `missing`.
 */
export function fillArguments(schema: JsonSchema | undefined, question: string): { args: Record<string, unknown>; missing: string[] } {
  const args: Record<string, unknown> = {};
  const missing: string[] = [];
  const props = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  const ids = [...question.matchAll(ID_RE)].map((m) => m[0]).sort((a, b) => Number(/[a-z]/i.test(b)) - Number(/[a-z]/i.test(a)));

  for (const [name, prop] of Object.entries(props)) {
    const value = valueFor(name, prop, question, ids);
    if (value !== undefined) args[name] = value;
    else if (required.has(name)) missing.push(name);
  }
  return { args, missing };
}

function valueFor(name: string, prop: JsonSchema, question: string, ids: string[]): unknown {
  const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
  const hint = `${name} ${prop.description ?? ''}`.toLowerCase();
  const lowerQ = question.toLowerCase();

  if (Array.isArray(prop.enum)) return prop.enum.find((v) => typeof v === 'string' && lowerQ.includes(v.toLowerCase()));
  if (type === 'number' || type === 'integer') {
    const m = NUMBER_RE.exec(question);
    return m ? (type === 'integer' ? Math.trunc(Number(m[0])) : Number(m[0])) : undefined;
  }
  if (type === 'boolean') return undefined;
  if (/e-?mail/.test(hint)) return EMAIL_RE.exec(question)?.[0];
  if (/\b(id|ids|number|code|sku|reference|ref)\b|_id\b|id$/.test(hint.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())) {
    return ids[0];
  }
  if (/city|location|place|country|region/.test(hint)) {
    const names = [...question.matchAll(/(?<=\S\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*/g)].map((m) => m[0]);
    return names[0];
  }
  if (/query|question|text|search|input|prompt|message|q\b/.test(hint) || type === 'string' || type === undefined) {
    return words(question).length ? question.trim() : undefined;
  }
  return undefined;
}
