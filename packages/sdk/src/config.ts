import type { InstrumentOptions } from './instrumentation/instrument.js';
import type { TraceEndInfo } from './summary/trace-end.js';

/** Options of {@link init}. Explicit options win over `OTEL_EXPORTER_OTLP_*` environment variables. */
export interface LoupeOptions {
  /** `service.name` of every span. */
  serviceName: string;
  /**
   * OTLP/HTTP protobuf traces URL, used as is. Default: `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else
   * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, else `http://127.0.0.1:4318/v1/traces`.
   * `false`: no OTLP export at all (JSONL only).
   */
  endpoint?: string | false;
  /** Extra request headers; merged over `OTEL_EXPORTER_OTLP_HEADERS` / `OTEL_EXPORTER_OTLP_TRACES_HEADERS`. */
  headers?: Record<string, string>;
  /** Loupe project; sent as resource attribute `loupe.project`. */
  project?: string;
  /** Append one JSON line per finished request to this file. */
  jsonlPath?: string;
  /** Append JSON lines to this file only for requests whose spans the OTLP endpoint did not take. */
  jsonlWhenUnreachable?: string;
  /** Record prompts, outputs, inputs and documents. Default true. */
  captureContent?: boolean;
  /** Longest text recorded per attribute (inputs, outputs, messages, raw responses). Default 16 000. */
  maxContentChars?: number;
  /** LM calls kept for {@link inspectHistory}. Default 100. */
  historySize?: number;
  /** Finished spans waiting for export; beyond it spans are dropped and counted. Default 2048. */
  maxQueueSize?: number;
  /** Delay between background exports. Default 1000 ms. */
  exportIntervalMs?: number;
  /** Per-export time limit including retries. Default 10 000 ms. */
  exportTimeoutMs?: number;
  /** Called after every `trace()` ends with its step summary. Errors thrown here are swallowed. */
  onTraceEnd?: (info: TraceEndInfo) => void;
  /**
   * Auto-instrument provider SDKs: `{ openai: OpenAI, anthropic: Anthropic }` (the imported class
   * or namespace), plus CommonJS `require` of either. Undone by `shutdown()` / `uninstrument()`.
   */
  instrument?: InstrumentOptions;
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4318/v1/traces';
export const DEFAULT_MAX_CONTENT_CHARS = 16_000;
export const DEFAULT_HISTORY_SIZE = 100;

export interface ExportTarget {
  url: string;
  headers: Record<string, string>;
}

/** Resolves where spans go, following the OTel exporter environment variable rules. */
export function resolveExportTarget(options: Pick<LoupeOptions, 'endpoint' | 'headers'>, env: NodeJS.ProcessEnv = process.env): ExportTarget | undefined {
  if (options.endpoint === false) return undefined;
  let url = options.endpoint;
  if (url === undefined || url === '') {
    const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
    const general = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
    if (specific) url = specific;
    else if (general) url = general.replace(/\/+$/, '') + '/v1/traces';
    else url = DEFAULT_ENDPOINT;
  }
  const headers = {
    ...parseHeaderList(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseHeaderList(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    ...(options.headers ?? {}),
  };
  return { url, headers };
}

/** Parses the OTel `key1=value1,key2=value2` header list (values URL-encoded). Bad pairs are skipped. */
export function parseHeaderList(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!raw) return headers;
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value
    }
    if (key) headers[key] = value;
  }
  return headers;
}
