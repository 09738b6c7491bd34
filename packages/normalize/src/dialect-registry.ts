import type { Dialect } from './dialect.js';
import { genAi } from './dialects/genai.js';
import { genAiLegacy } from './dialects/genai-legacy.js';
import { loupe } from './dialects/loupe.js';
import { openInference } from './dialects/openinference.js';
import { traceloop } from './dialects/traceloop.js';
import { vercelAi } from './dialects/vercel-ai.js';

/**
 * Dialects in priority order: when two give different non-mergeable values (a kind, a model
 * name), the earlier one's wins. OpenInference first because its attributes are the most
 * detailed (per-message flattening, costs). The Vercel AI SDK and Traceloop come before GenAI
 * because their spans also carry GenAI names with less precise values (Vercel's `gen_ai.system`
 * is `openai.chat`, not `openai`; its call spans have no `gen_ai.operation.name`). Current GenAI
 * before its legacy names.
 */
export const DIALECTS: readonly Dialect[] = [openInference, vercelAi, traceloop, genAi, genAiLegacy, loupe];
