import type { Turn } from './conversation.js';

/** One context passage; `label` is what the prompt called it (`[3]` → `3`, `[doc-7]` → `doc-7`). */
export interface Passage {
  label: string;
  text: string;
}

/** What the model understood the prompt to ask. */
export interface ReadPrompt {
  /** The question to answer: a `Question:` field, a DSPy `question` field, or the last user message. */
  question: string;
  /** Context passages, from the last user message or, failing that, the system prompt. */
  passages: Passage[];
}

/** Matches DSPy ChatAdapter field markers: `[[ ## answer ## ]]`. */
export const DSPY_MARKER_RE = /\[\[\s*##\s*([A-Za-z_][\w ]*?)\s*##\s*\]\]/g;

const FAIL_MARKER_RE = /\[\[\s*fail:[a-z0-9]+\s*\]\]/gi;

/** Removes `[[fail:…]]` directives, which are instructions to the server, not to the model. */
export function stripFailMarkers(text: string): string {
  return text.replace(FAIL_MARKER_RE, '').trim();
}

/** The last user turn, or undefined when there is none. */
export function lastUserTurn(turns: Turn[]): Turn | undefined {
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i]!.role === 'user') return turns[i];
  return undefined;
}

/** System instructions: every system turn joined. */
export function systemText(turns: Turn[]): string {
  return turns.filter((t) => t.role === 'system').map((t) => t.content).join('\n\n');
}

/**
 * Reads the question and context passages, trying in order:
 * 1. DSPy fields in the last user message (`[[ ## question ## ]]`, other input fields as context);
 * 2. `Context:` … `Question:` fields in the last user message;
 * 3. bracket-labelled passage lines (`[1] …`) in the last user message, the rest being the question;
 * 4. the last user message as the question, with a `Context:` section or `[n]` lines of the
 *    system prompt as context.
 */
export function readPrompt(turns: Turn[]): ReadPrompt {
  const user = stripFailMarkers(lastUserTurn(turns)?.content ?? '');

  const fields = dspyFields(user);
  if (fields.has('question')) {
    const context = [...fields].filter(([k]) => k !== 'question').map(([, v]) => v).join('\n');
    return { question: fields.get('question')!, passages: splitPassages(context) };
  }

  const labelled = labelledFields(user);
  const question = labelled.get('question') ?? labelled.get('query');
  if (question !== undefined) {
    const context = labelled.get('context') ?? labelled.get('passages') ?? labelled.get('documents') ?? '';
    return { question, passages: splitPassages(context) };
  }

  const lines = user.split(/\r?\n/);
  const passageLines = lines.filter((l) => PASSAGE_LINE_RE.test(l));
  if (passageLines.length > 0) {
    const rest = lines.filter((l) => !PASSAGE_LINE_RE.test(l)).join('\n').trim();
    return { question: rest, passages: splitPassages(passageLines.join('\n')) };
  }

  const system = systemText(turns);
  const systemContext = labelledFields(system).get('context');
  const passages = splitPassages(systemContext ?? system.split(/\r?\n/).filter((l) => PASSAGE_LINE_RE.test(l)).join('\n'));
  return { question: user, passages };
}

/** `[[ ## name ## ]]` sections of `text`, name → body, in order. */
export function dspyFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const marks = [...text.matchAll(DSPY_MARKER_RE)];
  marks.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index! : text.length;
    out.set(m[1]!.trim().toLowerCase(), text.slice(start, end).trim());
  });
  return out;
}

const FIELD_LINE_RE = /^\s*(context|passages|documents|question|query)\s*:\s?(.*)$/i;
const PASSAGE_LINE_RE = /^\s*\[[^\]\s]{1,64}\]\s+\S/;

/**
 * `Context:` / `Question:` style sections: a field runs from its header line to the next
 * recognised header. A later `Question:` replaces an earlier one (few-shot examples inside one
 * message come first, the real question last).
 */
function labelledFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (current) out.set(current, body.join('\n').trim());
  };
  for (const line of text.split(/\r?\n/)) {
    const m = FIELD_LINE_RE.exec(line);
    if (m) {
      flush();
      current = m[1]!.toLowerCase();
      body = m[2] ? [m[2]] : [];
    } else if (current) {
      body.push(line);
    }
  }
  flush();
  return out;
}

/**
 * Cuts a context section into passages: a line starting with `[label]` opens a passage and
 * following unlabelled lines continue it; without labels, blank-line separated paragraphs are
 * passages numbered from 1.
 */
export function splitPassages(context: string): Passage[] {
  const text = context.trim();
  if (!text) return [];
  const out: Passage[] = [];
  if (text.split(/\r?\n/).some((l) => PASSAGE_LINE_RE.test(l))) {
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*\[([^\]\s]{1,64})\]\s+(.*)$/.exec(line);
      if (m) out.push({ label: m[1]!, text: m[2]!.trim() });
      else if (out.length && line.trim()) out[out.length - 1]!.text += '\n' + line.trim();
    }
    return out;
  }
  text.split(/\n\s*\n/).forEach((para, i) => {
    if (para.trim()) out.push({ label: String(i + 1), text: para.trim() });
  });
  return out;
}
