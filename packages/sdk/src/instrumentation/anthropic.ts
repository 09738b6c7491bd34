import { runtime } from '../runtime.js';
import { extractResponse } from '../llm/response.js';
import { ownerOf, type PatchSet } from './method-patches.js';
import { AnthropicEventAccumulator } from './anthropic-stream.js';
import { countedRetry, parametersOf, tracedCreate, type CallPlan } from './traced-method.js';

/** `@anthropic-ai/sdk` versions the instrumentation supports (tested against 1.14 with the local model server). */
export const ANTHROPIC_SUPPORTED_VERSIONS = '>=1.0.0 <2.0.0';

type ClassLike = { prototype: object } & Record<string, unknown>;

/** The `Anthropic` class from the default export, the module namespace or a CommonJS `require`. */
export function anthropicClass(module: unknown): ClassLike | undefined {
  const m = module as Record<string, unknown> | undefined;
  const candidates = [m, m?.Anthropic, m?.default, (m?.default as Record<string, unknown> | undefined)?.Anthropic];
  for (const c of candidates) {
    if (typeof c === 'function' && typeof (c as unknown as ClassLike).Messages === 'function') return c as unknown as ClassLike;
  }
  return undefined;
}

/**
 * Patches `Messages#create` (plain and `stream: true`) shared by every client of this copy of
 * the SDK. `messages.stream()` goes through `create({ stream: true })`, so it is traced as one
 * call too, and the client's `retryRequest` counts retries. False when `module` is not the SDK.
 */
export function instrumentAnthropic(module: unknown, patches: PatchSet): boolean {
  const Anthropic = anthropicClass(module);
  if (Anthropic === undefined) return false;
  const messages = Anthropic.Messages as ClassLike | undefined;
  patches.patch(messages?.prototype, 'create', tracedCreate(messagesPlan));
  patches.patch(ownerOf(Anthropic.prototype, 'retryRequest'), 'retryRequest', countedRetry);
  // @anthropic-ai/sdk 1.x traces itself through the global provider; under Loupe's own
  // instrumentation that would be a second span per call with the same tokens, counted twice.
  runtime.mutedScopes.add(ANTHROPIC_SELF_TRACING_SCOPE);
  return true;
}

/** The scope @anthropic-ai/sdk's built-in telemetry uses (a platform suffix may follow). */
export const ANTHROPIC_SELF_TRACING_SCOPE = 'com.anthropic.sdk.typescript';

function messagesPlan(input: unknown): CallPlan | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const body = input as Record<string, unknown>;
  const messages: unknown[] = [];
  // Anthropic passes the system prompt apart from the turns; history and attributes show it first.
  if (body.system !== undefined && body.system !== null && body.system !== '') messages.push({ role: 'system', content: body.system });
  if (Array.isArray(body.messages)) messages.push(...(body.messages as unknown[]));
  return {
    body,
    request: {
      operation: 'chat',
      provider: 'anthropic',
      model: body.model,
      messages,
      requestMessages: body.messages,
      parameters: parametersOf(body, ['messages', 'system', 'model']),
      tools: body.tools,
    },
    accumulator: () => new AnthropicEventAccumulator(),
    read: (data) => ({ details: extractResponse(data), raw: data }),
  };
}
