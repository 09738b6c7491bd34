import type { Attributes } from '@loupe/core';
import { text } from '../attr-read.js';
import { offerFirst, offerMetadata, type SpanDraft } from '../span-draft.js';

/** Keys apps use for the end user and the conversation in free-form span metadata. */
const USER_KEYS = new Set(['userId', 'user_id', 'user.id']);
const SESSION_KEYS = new Set(['sessionId', 'session_id', 'session.id']);

/**
 * Free-form per-call properties (Vercel `ai.telemetry.metadata.*`, Traceloop
 * `traceloop.association.properties.*`): the user and session keys become `userId`/`sessionId`,
 * everything else goes to `metadata` under its own name.
 */
export function offerAssociationProperties(d: SpanDraft, props: Attributes): void {
  let rest: Record<string, unknown> | undefined;
  for (const key in props) {
    const value = props[key];
    if (USER_KEYS.has(key)) offerFirst(d, 'userId', text(value));
    else if (SESSION_KEYS.has(key)) offerFirst(d, 'sessionId', text(value));
    else (rest ??= {})[key] = value;
  }
  offerMetadata(d, rest);
}
