import type { Router } from './router.js';
import type { TraceReader } from '../api/trace-reader.js';
import { parseLLMCallQuery, parseSpanId, parseTraceFilter, parseTraceId, parseTraceQuery } from '../api/query-params.js';
import { QueryParamError } from '../api/query-param-error.js';
import { HttpError } from './http-error.js';
import { sendJson, sendJsonText } from './json-response.js';

/** Runs a parser, turning its QueryParamError into a 400. */
function params<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof QueryParamError) throw new HttpError(400, err.message);
    throw err;
  }
}

/** The optional `project` parameter, the only one the single-trace routes take. */
function projectOnly(url: URL): string | undefined {
  return params(() => {
    for (const key of url.searchParams.keys()) {
      if (key !== 'project') throw new QueryParamError(`unknown parameter "${key}"; accepted: project`);
    }
    return url.searchParams.get('project') || undefined;
  });
}

function jsonText(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

function traceNotFound(traceId: string, project: string | undefined): HttpError {
  return new HttpError(404, `trace ${traceId} not found${project ? ` in project "${project}"` : ''}`);
}

/**
 * The JSON query API: traces, one trace (full, or its outline), one span, LM calls, stats,
 * projects. The viewer opens a trace by its outline and fetches span payloads one at a time.
 */
export function addQueryRoutes(router: Router, reader: TraceReader): void {
  router.add('GET', '/api/traces', async ({ res, url }) => {
    const query = params(() => parseTraceQuery(url.searchParams));
    sendJson(res, 200, await reader.listTraces(query));
  });

  router.add('GET', '/api/traces/:traceId', async ({ res, url, params: p }) => {
    const traceId = params(() => parseTraceId('trace id', p['traceId']!));
    const project = projectOnly(url);
    const detail = await reader.getTrace(traceId, project);
    if (!detail) throw traceNotFound(traceId, project);
    sendJson(res, 200, detail);
  });

  router.add('GET', '/api/traces/:traceId/outline', async ({ res, url, params: p }) => {
    const traceId = params(() => parseTraceId('trace id', p['traceId']!));
    const project = projectOnly(url);
    // A 10,000-span outline is megabytes of JSON: taken as text from a store that writes it.
    const text = reader.getTraceOutlineJson
      ? await reader.getTraceOutlineJson(traceId, project)
      : jsonText(await reader.getTraceOutline(traceId, project));
    if (text === undefined) throw traceNotFound(traceId, project);
    sendJsonText(res, 200, text);
  });

  router.add('GET', '/api/traces/:traceId/spans/:spanId', async ({ res, url, params: p }) => {
    const traceId = params(() => parseTraceId('trace id', p['traceId']!));
    const spanId = params(() => parseSpanId('span id', p['spanId']!));
    let project = projectOnly(url);
    if (project === undefined) {
      // Without a project, the trace's (as /api/traces/:id picks it) — one extra light read.
      const outline = await reader.getTraceOutline(traceId);
      if (!outline) throw traceNotFound(traceId, undefined);
      project = outline.summary.project;
    }
    const span = await reader.getSpan(project, traceId, spanId);
    if (!span) throw new HttpError(404, `span ${spanId} not found in trace ${traceId} of project "${project}"`);
    sendJson(res, 200, span);
  });

  router.add('GET', '/api/llm-calls', async ({ res, url }) => {
    const query = params(() => parseLLMCallQuery(url.searchParams));
    sendJson(res, 200, { calls: await reader.listLLMCalls(query) });
  });

  router.add('GET', '/api/stats', async ({ res, url }) => {
    const filter = params(() => parseTraceFilter(url.searchParams));
    sendJson(res, 200, await reader.stats(filter));
  });

  router.add('GET', '/api/projects', async ({ res, url }) => {
    params(() => {
      const key = url.searchParams.keys().next();
      if (!key.done) throw new QueryParamError(`unknown parameter "${key.value}"; /api/projects takes none`);
    });
    sendJson(res, 200, { projects: await reader.listProjects() });
  });
}
