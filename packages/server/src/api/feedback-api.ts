import { FEEDBACK_LABELS, isFeedbackLabel, type FeedbackLabel, type FeedbackStore, type TraceFeedback } from '@loupe/core';
import type { TraceReader } from './trace-reader.js';
import { parseTraceId } from './query-params.js';
import { QueryParamError } from './query-param-error.js';
import { readBody } from '../http/body-reader.js';
import { HttpError } from '../http/http-error.js';
import { sendJson } from '../http/json-response.js';
import type { Router } from '../http/router.js';

// The contracts live in core (stores implement them); re-exported for existing importers.
export { FEEDBACK_LABELS, type FeedbackLabel, type FeedbackStore, type TraceFeedback } from '@loupe/core';

/** Comments are notes, not documents. */
export const MAX_FEEDBACK_COMMENT = 4000;
const MAX_BODY_BYTES = 64 * 1024;

export interface FeedbackRouteOptions {
  feedback: FeedbackStore;
  /** Resolves a trace's project when the client does not name it, and checks the trace exists on writes. */
  reader: Pick<TraceReader, 'getTrace'>;
}

/**
 * The feedback API:
 * - `GET    /api/traces/:traceId/feedback?project=` → `{ feedback: TraceFeedback | null }`
 * - `PUT    /api/traces/:traceId/feedback` body `{ label, comment?, project? }` → `{ feedback }` (404 when no such trace)
 * - `DELETE /api/traces/:traceId/feedback?project=` → `{ deleted: boolean }`
 * Without a project the trace is looked up in every project (as `/api/traces/:traceId` does).
 */
export function addFeedbackRoutes(router: Router, options: FeedbackRouteOptions): void {
  const { feedback, reader } = options;

  const traceIdOf = (raw: string | undefined): string => {
    try {
      return parseTraceId('trace id', raw ?? '');
    } catch (err) {
      if (err instanceof QueryParamError) throw new HttpError(400, err.message);
      throw err;
    }
  };
  const projectParam = (url: URL): string | undefined => {
    for (const key of url.searchParams.keys()) {
      if (key !== 'project') throw new HttpError(400, `unknown parameter "${key}"; accepted: project`);
    }
    return url.searchParams.get('project') || undefined;
  };
  /** The trace's project, checking the trace exists. */
  const resolveProject = async (traceId: string, project: string | undefined): Promise<string> => {
    const detail = await reader.getTrace(traceId, project);
    if (!detail) throw new HttpError(404, `trace ${traceId} not found${project ? ` in project "${project}"` : ''}`);
    return detail.summary.project;
  };

  router.add('GET', '/api/traces/:traceId/feedback', async ({ res, url, params }) => {
    const traceId = traceIdOf(params['traceId']);
    // With a project named, skip loading the trace: the viewer asks on every trace it opens.
    const given = projectParam(url);
    const project = given ?? (await resolveProject(traceId, undefined));
    sendJson(res, 200, { feedback: (await feedback.getFeedback(project, traceId)) ?? null });
  });

  router.add('PUT', '/api/traces/:traceId/feedback', async ({ req, res, url, params }) => {
    const traceId = traceIdOf(params['traceId']);
    const body = parseFeedbackBody(await readBody(req, MAX_BODY_BYTES));
    const project = await resolveProject(traceId, body.project ?? projectParam(url));
    const stored: TraceFeedback = { label: body.label, createdAt: new Date().toISOString() };
    if (body.comment !== undefined && body.comment !== '') stored.comment = body.comment;
    await feedback.setFeedback(project, traceId, stored);
    sendJson(res, 200, { feedback: stored });
  });

  router.add('DELETE', '/api/traces/:traceId/feedback', async ({ res, url, params }) => {
    const traceId = traceIdOf(params['traceId']);
    const project = await resolveProject(traceId, projectParam(url));
    sendJson(res, 200, { deleted: await feedback.deleteFeedback(project, traceId) });
  });
}

/** Validates a PUT body: `{ label: 'correct'|'incorrect', comment?: string, project?: string }`. */
export function parseFeedbackBody(raw: Buffer): { label: FeedbackLabel; comment?: string; project?: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'feedback body must be JSON: {"label": "correct"|"incorrect", "comment"?: string}');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'feedback body must be a JSON object');
  const { label, comment, project } = body as Record<string, unknown>;
  if (!isFeedbackLabel(label)) {
    throw new HttpError(400, `label must be one of ${FEEDBACK_LABELS.join(', ')}`);
  }
  if (comment !== undefined && comment !== null && typeof comment !== 'string') throw new HttpError(400, 'comment must be a string');
  if (typeof comment === 'string' && comment.length > MAX_FEEDBACK_COMMENT) {
    throw new HttpError(400, `comment is longer than ${MAX_FEEDBACK_COMMENT} characters`);
  }
  if (project !== undefined && project !== null && (typeof project !== 'string' || project === '')) throw new HttpError(400, 'project must be a non-empty string');
  const out: { label: FeedbackLabel; comment?: string; project?: string } = { label };
  if (typeof comment === 'string') out.comment = comment.trim();
  if (typeof project === 'string') out.project = project;
  return out;
}
