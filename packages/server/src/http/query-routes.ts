import type { Router } from './router.js';
import type { TraceReader } from '../api/trace-reader.js';
import { parseLLMCallQuery, parseTraceFilter, parseTraceId, parseTraceQuery } from '../api/query-params.js';
import { QueryParamError } from '../api/query-param-error.js';
import { HttpError } from './http-error.js';
import { sendJson } from './json-response.js';

/** Runs a parser, turning its QueryParamError into a 400. */
function params<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof QueryParamError) throw new HttpError(400, err.message);
    throw err;
  }
}

/** The JSON query API: traces, one trace, LM calls, stats, projects. */
export function addQueryRoutes(router: Router, reader: TraceReader): void {
  router.add('GET', '/api/traces', async ({ res, url }) => {
    const query = params(() => parseTraceQuery(url.searchParams));
    sendJson(res, 200, await reader.listTraces(query));
  });

  router.add('GET', '/api/traces/:traceId', async ({ res, url, params: p }) => {
    const traceId = params(() => parseTraceId('trace id', p['traceId']!));
    const rest = params(() => {
      for (const key of url.searchParams.keys()) {
        if (key !== 'project') throw new QueryParamError(`unknown parameter "${key}"; accepted: project`);
      }
      return url.searchParams.get('project') || undefined;
    });
    const detail = await reader.getTrace(traceId, rest);
    if (!detail) throw new HttpError(404, `trace ${traceId} not found${rest ? ` in project "${rest}"` : ''}`);
    sendJson(res, 200, detail);
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
