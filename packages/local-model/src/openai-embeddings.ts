import { DEFAULT_EMBEDDING_DIMENSIONS, embed, toBase64Float32 } from './embedding.js';
import { applyRequestedFailure } from './failure-injection.js';
import type { HandlerContext } from './handler-context.js';
import { invalidRequest } from './http-error.js';
import { sendJson } from './http-io.js';
import { optionalInteger, requiredString } from './request-fields.js';
import { countTokens } from './tokenizer.js';

/**
 * Inputs as texts: a string, an array of strings, or token arrays (whose numbers are read as
 * words, so they still embed deterministically).
 */
function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0) {
    if (input.every((x) => typeof x === 'string')) return input as string[];
    if (input.every((x) => typeof x === 'number')) return [input.join(' ')];
    if (input.every((x) => Array.isArray(x) && x.every((y) => typeof y === 'number'))) return (input as number[][]).map((x) => x.join(' '));
  }
  throw invalidRequest(
    input === undefined ? "Missing required parameter: 'input'." : "Invalid value for 'input': expected a string, an array of strings or token arrays.",
    'input',
    input === undefined ? 'missing_required_parameter' : 'invalid_value',
  );
}

/** `POST /v1/embeddings`: {@link embed} vectors, as float arrays or base64 (the openai client asks for base64). */
export async function handleEmbeddings(ctx: HandlerContext): Promise<void> {
  const model = requiredString(ctx.body, 'model');
  const texts = inputTexts(ctx.body.input);
  const dimensions = optionalInteger(ctx.body, 'dimensions', 1, 4096) ?? DEFAULT_EMBEDDING_DIMENSIONS;
  const format = ctx.body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    throw invalidRequest("Invalid value for 'encoding_format': expected 'float' or 'base64'.", 'encoding_format', 'invalid_value');
  }
  if (await applyRequestedFailure(ctx, texts.map((t) => ({ role: 'user' as const, content: t })), model, 'embeddings')) return;

  const tokens = texts.reduce((n, t) => n + countTokens(t), 0);
  if (!(await ctx.wait(ctx.latency({ endpoint: 'embeddings', model, promptTokens: tokens, completionTokens: 0 }) / 4))) return;
  sendJson(ctx.res, 200, {
    object: 'list',
    data: texts.map((t, index) => {
      const v = embed(t, dimensions);
      return { object: 'embedding', index, embedding: format === 'base64' ? toBase64Float32(v) : v };
    }),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
