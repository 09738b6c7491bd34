import { runtime } from '../runtime.js';
import { ANTHROPIC_SUPPORTED_VERSIONS, instrumentAnthropic } from './anthropic.js';
import { PatchSet } from './method-patches.js';
import { instrumentOpenAI, OPENAI_SUPPORTED_VERSIONS, type OpenAISettings } from './openai.js';
import { hookRequire } from './require-hook.js';

/** Provider packages Loupe instruments, with the version ranges it supports. */
export const SUPPORTED_VERSIONS = {
  openai: OPENAI_SUPPORTED_VERSIONS,
  '@anthropic-ai/sdk': ANTHROPIC_SUPPORTED_VERSIONS,
} as const;

/** What `init({ instrument })` / {@link instrument} patch. */
export interface InstrumentOptions {
  /**
   * The `openai` module as the app imported it: `import OpenAI from 'openai'` (the class) or
   * `import * as openai from 'openai'` (the namespace). Needed for ESM and bundled apps, whose
   * copy is not the one `require` loads.
   */
  openai?: unknown;
  /** The `@anthropic-ai/sdk` module: the default export class or the namespace. */
  anthropic?: unknown;
  /**
   * Add `stream_options: { include_usage: true }` to streamed OpenAI chat completions that do not
   * set `include_usage`, so their spans get token counts. The extra usage-only chunk this makes
   * the API send is hidden from the app, which sees the stream it asked for. Default false.
   */
  injectStreamUsage?: boolean;
  /**
   * Also patch `openai` and `@anthropic-ai/sdk` when CommonJS code requires them (and now, if
   * already required). Default true.
   */
  hookRequire?: boolean;
}

const patches = new PatchSet();
const openAISettings: OpenAISettings = { injectStreamUsage: false };
let unhook: (() => void) | undefined;

/**
 * Patches the given provider modules (idempotent: each method is wrapped once per module copy)
 * so every client call becomes an LLM span under the current span and an `inspectHistory`
 * entry. Never throws; returns which providers were patched.
 */
export function instrument(options: InstrumentOptions = {}): { openai: boolean; anthropic: boolean } {
  const done = { openai: false, anthropic: false };
  try {
    openAISettings.injectStreamUsage = options.injectStreamUsage === true;
    if (options.openai !== undefined) done.openai = instrumentOpenAI(options.openai, patches, openAISettings);
    if (options.anthropic !== undefined) done.anthropic = instrumentAnthropic(options.anthropic, patches);
    if (options.hookRequire !== false && unhook === undefined) {
      unhook = hookRequire(['openai', '@anthropic-ai/sdk'], (id, exports) => {
        if (id === 'openai') instrumentOpenAI(exports, patches, openAISettings);
        else instrumentAnthropic(exports, patches);
      });
    }
  } catch {
    // instrumentation never breaks the app
  }
  return done;
}

/** Restores every patched method and removes the `require` hook. */
export function uninstrument(): void {
  try {
    unhook?.();
    unhook = undefined;
    patches.restore();
    openAISettings.injectStreamUsage = false;
    runtime.mutedScopes.clear();
  } catch {
    // best effort
  }
}
