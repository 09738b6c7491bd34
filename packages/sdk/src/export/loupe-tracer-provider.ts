import { ProxyTracerProvider, type Tracer, type TracerOptions } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { runtime } from '../runtime.js';

/** Hands out tracers that record nothing (a proxy with no delegate falls back to the no-op tracer). */
const silent = new ProxyTracerProvider();

/**
 * The provider `init()` registers: a NodeTracerProvider that gives muted scopes
 * (`runtime.mutedScopes`) a no-op tracer, so a client library that traces itself through the
 * global provider does not duplicate the spans of Loupe's own instrumentation of it.
 */
export class LoupeTracerProvider extends NodeTracerProvider {
  override getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    for (const scope of runtime.mutedScopes) {
      if (name.startsWith(scope)) return silent.getTracer(name, version, options);
    }
    return super.getTracer(name, version, options);
  }
}
