import type { DemoQuestion } from './questions.js';

/** Normalises for a lenient "does the answer say it" check: case, punctuation and spacing. */
function norm(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}%$.]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Whether an answer contains the question's expected answer (questions.json `expectedAnswer`). */
export function isCorrect(question: DemoQuestion, answer: string): boolean {
  return norm(answer).includes(norm(question.expectedAnswer));
}

export interface FeedbackSenderOptions {
  /** Base URL of the Loupe server (its feedback API: `PUT /api/traces/:id/feedback`). */
  serverUrl: string;
  log: (line: string) => void;
  /** Waits between attempts while the trace is still on its way to the server. */
  retryDelayMs?: number;
  attempts?: number;
}

/**
 * Plays the part of users who mark answers right or wrong, as a support team would in the
 * viewer: the demo grades a share of its answers against questions.json and records the verdict
 * through Loupe's feedback API, so the viewer's feedback column and filters have data. The
 * trace reaches the server asynchronously (batched export), so a 404 is retried a few times.
 */
export class FeedbackSender {
  private readonly pending = new Set<NodeJS.Timeout>();
  private warned = false;

  constructor(private readonly options: FeedbackSenderOptions) {}

  send(traceId: string, question: DemoQuestion, answer: string): void {
    const correct = isCorrect(question, answer);
    const body = JSON.stringify({
      label: correct ? 'correct' : 'incorrect',
      comment: correct ? 'auto-graded by the demo' : `auto-graded by the demo: expected "${question.expectedAnswer}"`,
    });
    this.attempt(traceId, body, this.options.attempts ?? 4);
  }

  private attempt(traceId: string, body: string, left: number): void {
    const timer = setTimeout(async () => {
      this.pending.delete(timer);
      try {
        const res = await fetch(`${this.options.serverUrl}/api/traces/${traceId}/feedback`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (res.status === 404 && left > 1) this.attempt(traceId, body, left - 1);
        else if (!res.ok) this.warnOnce(`feedback for ${traceId}: server answered ${res.status}`);
      } catch (err) {
        this.warnOnce(`feedback: cannot reach ${this.options.serverUrl} (${(err as Error).message})`);
      }
    }, this.options.retryDelayMs ?? 2500);
    timer.unref();
    this.pending.add(timer);
  }

  private warnOnce(line: string): void {
    if (this.warned) return;
    this.warned = true;
    this.options.log(`${line}; further feedback errors are not shown`);
  }

  /** Drops feedback not yet sent (the demo is stopping). */
  close(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
