import type { FeedbackLabel, TraceFeedback } from '@loupe/core';
import { RemoteTraceReader } from '@loupe/server';
import { existsSync } from 'node:fs';
import type { Command } from '../command.js';
import { CliError, UsageError } from '../cli-error.js';
import { parseFlags } from '../flags.js';
import { writeLine } from '../io.js';
import { openStoreForWriting } from '../open-store-for-writing.js';
import { DEFAULT_URL, readerOptions } from '../reader-flags.js';

/** Same bound the API enforces, so `--db` and `--url` accept the same comments. */
const MAX_COMMENT = 4000;

const options = {
  ...readerOptions,
  correct: { type: 'boolean' },
  incorrect: { type: 'boolean' },
  clear: { type: 'boolean' },
  comment: { type: 'string' },
} as const;

type Verdict = { label: FeedbackLabel; comment?: string } | 'clear';

export const feedbackCommand: Command = {
  name: 'feedback',
  summary: "mark a trace's answer correct or incorrect (shown in the viewer, filterable with --feedback)",
  usage: `Usage: loupe feedback TRACE_ID (--correct | --incorrect | --clear) [--comment TEXT]

Records a person's verdict on one trace; giving it again replaces the previous one.
  --correct          the answer was right
  --incorrect        the answer was wrong
  --clear            remove the trace's feedback
  --comment TEXT     why (with --correct or --incorrect)
  --url URL          Loupe server to send it to (default ${DEFAULT_URL})
  --db PATH          write to a database file directly instead of a server
  --project NAME     the trace's project (default: found from the trace id)
  --json             print the stored feedback as JSON`,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, options, true);
    if (values.help) return (writeLine(io.stdout, this.usage), 0);
    if (positionals.length !== 1) throw new UsageError('loupe feedback takes exactly one TRACE_ID');
    const traceId = positionals[0]!.toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(traceId)) throw new UsageError(`TRACE_ID must be 32 hex characters, got "${positionals[0]}"`);
    const verdict = verdictFromFlags(values);
    if (values.url !== undefined && values.db !== undefined) throw new UsageError('use either --url or --db, not both');

    const outcome = values.db !== undefined
      ? await viaDatabase(values.db, traceId, values.project, verdict)
      : await viaServer(serverUrl(values.url), traceId, values.project, verdict);

    if (values.json) {
      writeLine(io.stdout, JSON.stringify(verdict === 'clear' ? { deleted: outcome } : { feedback: outcome }, null, 2));
    } else if (verdict === 'clear') {
      writeLine(io.stdout, outcome ? `cleared feedback on ${traceId}` : `${traceId} had no feedback`);
    } else {
      writeLine(io.stdout, `marked ${traceId} ${verdict.label}${verdict.comment ? `: ${verdict.comment}` : ''}`);
    }
    return 0;
  },
};

function verdictFromFlags(values: { correct?: boolean; incorrect?: boolean; clear?: boolean; comment?: string }): Verdict {
  const chosen = (['correct', 'incorrect', 'clear'] as const).filter((k) => values[k]);
  if (chosen.length !== 1) throw new UsageError('give exactly one of --correct, --incorrect or --clear');
  if (chosen[0] === 'clear') {
    if (values.comment !== undefined) throw new UsageError('--comment goes with --correct or --incorrect, not --clear');
    return 'clear';
  }
  const verdict: Verdict = { label: chosen[0]! };
  const comment = values.comment?.trim();
  if (comment !== undefined && comment !== '') {
    if (comment.length > MAX_COMMENT) throw new UsageError(`--comment is longer than ${MAX_COMMENT} characters`);
    verdict.comment = comment;
  }
  return verdict;
}

function serverUrl(flag: string | undefined): string {
  const url = flag ?? process.env.LOUPE_URL ?? DEFAULT_URL;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url must be a URL such as ${DEFAULT_URL}, got "${url}"`);
  }
  return url;
}

/** Through the server's feedback API, which checks the trace exists and stamps the time. */
async function viaServer(url: string, traceId: string, project: string | undefined, verdict: Verdict): Promise<TraceFeedback | boolean> {
  const remote = new RemoteTraceReader(url);
  return verdict === 'clear' ? remote.deleteFeedback(traceId, project) : remote.setFeedback(traceId, verdict, project);
}

/** Straight into the database file, with the API's rule: only traces that exist get feedback. */
async function viaDatabase(path: string, traceId: string, project: string | undefined, verdict: Verdict): Promise<TraceFeedback | boolean> {
  // Never create a database just to hold a verdict on a trace it cannot contain.
  if (!existsSync(path)) throw new CliError(`no database at ${path}`);
  const store = openStoreForWriting(path, false);
  try {
    const detail = await store.getTrace(traceId, project);
    if (!detail) throw new CliError(`trace ${traceId} not found${project !== undefined ? ` in project "${project}"` : ''}`);
    const owner = detail.summary.project;
    if (verdict === 'clear') return await store.deleteFeedback(owner, traceId);
    const feedback: TraceFeedback = { label: verdict.label, createdAt: new Date().toISOString() };
    if (verdict.comment !== undefined) feedback.comment = verdict.comment;
    await store.setFeedback(owner, traceId, feedback);
    return feedback;
  } finally {
    await store.close();
  }
}
