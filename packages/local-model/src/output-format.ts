import type { Turn } from './conversation.js';
import { DSPY_MARKER_RE, dspyFields, lastUserTurn } from './prompt-reading.js';

/** The fields the model knows how to fill. Any other requested field gets the answer. */
export type FieldKind = 'answer' | 'reasoning' | 'citations' | 'confidence';

export interface OutputField {
  /** The name as the prompt spells it (`Answer`, `reasoning`, …). */
  name: string;
  kind: FieldKind;
}

/**
 * How to lay out a reply: plain prose; DSPy ChatAdapter sections (`[[ ## answer ## ]]` …
 * `[[ ## completed ## ]]`); or `Name: value` lines.
 */
export type OutputFormat =
  | { kind: 'plain' }
  | { kind: 'dspy'; fields: OutputField[] }
  | { kind: 'labelled'; fields: OutputField[] };

/** What the model decided to say, before layout. */
export interface AnswerParts {
  answer: string;
  reasoning: string;
  citations: string[];
  confidence: 'high' | 'medium' | 'low';
}

const KIND_BY_NAME: Record<string, FieldKind> = {
  answer: 'answer',
  'final answer': 'answer',
  response: 'answer',
  reasoning: 'reasoning',
  rationale: 'reasoning',
  thought: 'reasoning',
  citations: 'citations',
  sources: 'citations',
  references: 'citations',
  confidence: 'confidence',
};

const LABEL_RE = /(?:^|[\s`"'*(])(final answer|answer|reasoning|rationale|citations|sources|references|confidence)\s*:/gi;

/**
 * Reads the requested layout from the system prompt and earlier assistant turns (few-shot
 * examples): DSPy markers win, then `Answer:`-style labels; otherwise plain text.
 */
export function readOutputFormat(turns: Turn[]): OutputFormat {
  const instructions = turns
    .filter((t) => t.role === 'system' || t.role === 'assistant')
    .map((t) => t.content)
    .join('\n');

  const dspy = dspyOutputFieldNames(instructions, lastUserTurn(turns)?.content ?? '');
  if (dspy.length > 0) return { kind: 'dspy', fields: withAnswer(dspy.map(toField)) };

  const seen = new Map<string, OutputField>();
  for (const m of instructions.matchAll(LABEL_RE)) {
    const name = m[1]!;
    const key = name.toLowerCase();
    if (!seen.has(key)) seen.set(key, { name: canonicalCase(name), kind: KIND_BY_NAME[key]! });
  }
  if ([...seen.values()].some((f) => f.kind === 'answer')) return { kind: 'labelled', fields: [...seen.values()] };
  return { kind: 'plain' };
}

function dspyOutputFieldNames(instructions: string, userText: string): string[] {
  // DSPy lists them explicitly: "Your output fields are:\n1. `reasoning` (str)\n2. `answer` (str)".
  const listed = /output fields are:\s*\n((?:\s*\d+\.\s*`[^`]+`.*\n?)+)/i.exec(instructions);
  if (listed) return [...listed[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());
  const inputs = new Set(dspyFields(userText).keys());
  const names: string[] = [];
  for (const m of instructions.matchAll(DSPY_MARKER_RE)) {
    const name = m[1]!.trim();
    const key = name.toLowerCase();
    if (key !== 'completed' && !inputs.has(key) && !names.some((n) => n.toLowerCase() === key)) names.push(name);
  }
  return names;
}

function toField(name: string): OutputField {
  return { name, kind: KIND_BY_NAME[name.toLowerCase().replace(/_/g, ' ')] ?? 'answer' };
}

function withAnswer(fields: OutputField[]): OutputField[] {
  return fields.some((f) => f.kind === 'answer') ? fields : [...fields, { name: 'answer', kind: 'answer' }];
}

function canonicalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
}

function fieldValue(field: OutputField, parts: AnswerParts, dspy: boolean): string {
  switch (field.kind) {
    case 'answer':
      return parts.answer;
    case 'reasoning':
      return parts.reasoning;
    case 'confidence':
      return parts.confidence;
    case 'citations':
      if (dspy) return JSON.stringify(parts.citations);
      return parts.citations.length ? parts.citations.map((c) => `[${c}]`).join(', ') : 'none';
  }
}

/** Lays out `parts` in `format`. */
export function renderAnswer(format: OutputFormat, parts: AnswerParts): string {
  switch (format.kind) {
    case 'plain':
      return parts.answer;
    case 'labelled':
      return format.fields.map((f) => `${f.name}: ${fieldValue(f, parts, false)}`).join('\n');
    case 'dspy':
      return (
        format.fields.map((f) => `[[ ## ${f.name} ## ]]\n${fieldValue(f, parts, true)}`).join('\n\n') +
        '\n\n[[ ## completed ## ]]'
      );
  }
}
