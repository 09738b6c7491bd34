import type { LLMCallRecord, Message, ToolCall } from './span-model.js';

export interface FormatHistoryOptions {
  /** Wrap headers and the response in ANSI colour codes, as `dspy.inspect_history` does on a terminal. */
  color?: boolean;
}

const RESET = '\x1b[0m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const BLUE = '\x1b[34m';

/**
 * Renders LM calls the way `dspy.inspect_history` prints them (oldest first): for each call
 * blank lines, `[timestamp]`, every input message under `<Role> message:`, then `Response:`,
 * `Tool calls:` and ` (and K other completions)`. Line layout follows dspy's `print` calls
 * exactly (each coloured header carries its own trailing newline, so a blank line follows it).
 * Without `color` the text contains no escape codes at all.
 */
export function formatHistory(calls: readonly LLMCallRecord[], options: FormatHistoryOptions = {}): string {
  const color = options.color === true;
  const paint = (code: string, text: string): string => (color ? code + text + RESET : text);
  const out: string[] = [];
  // Python's print(x) writes x + "\n"; dspy's colour helpers append another "\n".
  const print = (text: string): void => {
    out.push(text + '\n');
  };
  const header = (text: string): void => print(paint(RED, text) + '\n');
  const response = (text: string): void => print(paint(GREEN, text.trimStart()) + '\n');

  for (const call of calls) {
    print('\n\n\n');
    print(paint(BLUE, `[${formatTimestamp(call.startUs)}]`) + '\n');
    for (const message of call.llm.inputMessages) {
      header(`${capitalize(message.role)} message:`);
      print(message.content.trim());
      if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
        for (const toolCall of message.toolCalls) print(toolCallLine(toolCall));
      }
      print('\n');
    }
    const outputs = call.llm.outputMessages;
    const first: Message | undefined = outputs[0];
    if (first !== undefined && first.content.trim() !== '') {
      header('Response:');
      response(first.content.trim());
    }
    if (first?.toolCalls !== undefined && first.toolCalls.length > 0) {
      header('Tool calls:');
      for (const toolCall of first.toolCalls) response(toolCallLine(toolCall));
    }
    if (call.status === 'error' && (first === undefined || (first.content.trim() === '' && !first.toolCalls?.length))) {
      header('Error:');
      print(paint(RED, call.statusMessage?.trim() || 'the call failed') + '\n');
    }
    if (outputs.length > 1) {
      print(paint(RED, ` (and ${outputs.length - 1} other completions)`));
    }
  }
  print('\n\n\n');
  return out.join('');
}

function toolCallLine(toolCall: ToolCall): string {
  return `${toolCall.name}: ${toolCall.arguments}`;
}

/** Python's str.capitalize: first character upper case, the rest lower case. */
function capitalize(role: string): string {
  return role.length === 0 ? role : role[0]!.toUpperCase() + role.slice(1).toLowerCase();
}

function formatTimestamp(startUs: number): string {
  const date = new Date(Math.floor(startUs / 1000));
  return Number.isNaN(date.getTime()) ? 'Unknown time' : date.toISOString();
}
