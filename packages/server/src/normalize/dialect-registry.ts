import type { Dialect } from './dialect.js';
import { genAi } from './dialects/genai.js';
import { genAiLegacy } from './dialects/genai-legacy.js';
import { loupe } from './dialects/loupe.js';
import { openInference } from './dialects/openinference.js';

/**
 * Dialects in priority order: when two give different non-mergeable values (a kind, a model
 * name), the earlier one's wins. OpenInference first because its attributes are the most
 * detailed (per-message flattening, costs); current GenAI before its legacy names.
 */
export const DIALECTS: readonly Dialect[] = [openInference, genAi, genAiLegacy, loupe];
