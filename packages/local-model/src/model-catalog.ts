import type { HandlerContext } from './handler-context.js';
import { sendJson } from './http-io.js';

/**
 * Names `GET /v1/models` lists. Any model name is accepted on every endpoint; these are the
 * ones whose behaviour differs: `slow` adds 1–2 s, `reason` reports reasoning tokens.
 */
export const LISTED_MODELS = ['local-qa', 'local-qa-slow', 'local-reason', 'local-embed'] as const;

/** Unix time the catalogue claims the models were created (fixed, for stable output). */
const CREATED = 1_735_689_600;

export async function handleListModels(ctx: HandlerContext): Promise<void> {
  sendJson(ctx.res, 200, {
    object: 'list',
    data: LISTED_MODELS.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'loupe' })),
  });
}
