import { after, before, beforeEach } from 'node:test';
import { startLocalModelServer, type LocalModelServer } from '@loupe/local-model';
import { clearHistory } from '../history/inspect-history.js';
import { instrument, uninstrument, type InstrumentOptions } from '../instrumentation/instrument.js';
import { InMemoryTracing } from './in-memory-tracing.js';

/** What an instrumentation test file works with; filled in by the `before` hook. */
export interface InstrumentationTestbed {
  server: LocalModelServer;
  tracing: InMemoryTracing;
}

/**
 * Registers the hooks every auto-instrumentation test file needs: a local model server, in-memory
 * tracing, `instrument(options)` for the file and `uninstrument()` after it, and a clean span
 * exporter and history before each test. `ready` runs once all that is up (create clients there).
 */
export function useInstrumentationTestbed(options: InstrumentOptions, ready?: (bed: InstrumentationTestbed) => void): InstrumentationTestbed {
  const bed = {} as InstrumentationTestbed;
  before(async () => {
    bed.server = await startLocalModelServer({ latencyMs: { min: 0, max: 0 } });
    bed.tracing = new InMemoryTracing();
    instrument(options);
    // Inside this hook: Node does not order the first hooks of separate before() calls reliably.
    ready?.(bed);
  });
  after(async () => {
    uninstrument();
    await bed.tracing.close();
    await bed.server.close();
  });
  beforeEach(() => {
    bed.tracing.exporter.reset();
    clearHistory();
  });
  return bed;
}
