import type { ReactNode } from 'react';
import type { Message } from '../api/types.js';
import { parseJsonText } from '../format.js';
import { JsonTree } from './json-view.js';

/**
 * Labels the input messages: user/assistant pairs between the system prompt and the final user
 * turn are demonstrations or earlier turns, which DSPy-style prompts use as few-shot examples.
 */
function roleLabels(messages: readonly Message[]): string[] {
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]!.role === 'user') {
      lastUser = i;
      break;
    }
  }
  return messages.map((m, i) => {
    if (i < lastUser && (m.role === 'user' || m.role === 'assistant')) return `${m.role} · few-shot/history`;
    return m.role;
  });
}

export function MessagesView({ messages, title }: { messages: readonly Message[]; title: string }): ReactNode {
  if (messages.length === 0) return null;
  const labels = roleLabels(messages);
  return (
    <section className="messages">
      <h4>
        {title} <span className="muted">({messages.length})</span>
      </h4>
      {messages.map((m, i) => (
        <MessageView key={i} message={m} label={labels[i]!} />
      ))}
    </section>
  );
}

function roleClass(role: string): string {
  const known = ['system', 'user', 'assistant', 'tool', 'developer', 'function'];
  return known.includes(role) ? `role-${role}` : 'role-other';
}

export function MessageView({ message, label }: { message: Message; label?: string }): ReactNode {
  return (
    <div className={`message ${roleClass(message.role)}`} data-role={message.role}>
      <div className="message-head">
        <span className="role-badge">{label ?? message.role}</span>
        {message.name && <span className="muted">name: {message.name}</span>}
        {message.toolCallId && <span className="muted">tool_call_id: {message.toolCallId}</span>}
        {message.finishReason && <span className="muted">finish: {message.finishReason}</span>}
      </div>
      {message.content !== '' && <pre className="message-content">{message.content}</pre>}
      {message.toolCalls?.map((call, i) => {
        const args = parseJsonText(call.arguments);
        return (
          <div className="tool-call" key={call.id ?? i}>
            <div className="tool-call-head">
              <span className="kind-badge kind-TOOL">tool call</span> <strong>{call.name}</strong>
              {call.id && <span className="muted"> {call.id}</span>}
            </div>
            {args !== undefined ? (
              <div className="json-view">
                <JsonTree value={args} openDepth={2} />
              </div>
            ) : (
              <pre className="text-block">{call.arguments}</pre>
            )}
          </div>
        );
      })}
    </div>
  );
}
