import type { DemoQuestion } from './questions.js';

/** One request the demo sends. */
export interface PlannedRequest {
  userId: string;
  sessionId: string;
  /** Turn number within the session, from 1. */
  turn: number;
  question: DemoQuestion;
  /** What is sent: the question, plus a `[[fail:500]]` marker for injected failures. */
  text: string;
  model: string;
  injectedFailure: boolean;
  slow: boolean;
}

export interface TrafficOptions {
  questions: readonly DemoQuestion[];
  /** Model for ordinary requests. */
  model: string;
  /** Model for slow requests; undefined disables them (real providers have no `slow` model). */
  slowModel?: string;
  users?: number;
  /** Share of requests that carry a failure marker; only for the local model. Default 0. */
  failureRate?: number;
  /** Share of requests sent to `slowModel`. Default 0.1. */
  slowRate?: number;
  random?: () => number;
}

interface Session {
  id: string;
  turn: number;
  turnsLeft: number;
}

/**
 * Varied, plausible traffic: users pick questions at random, in multi-turn sessions of 1–5
 * questions; a share of requests goes to the slow model and a share fails on purpose.
 */
export class TrafficPlanner {
  private readonly sessions = new Map<string, Session>();
  private sessionCounter = 0;
  private readonly random: () => number;
  private readonly users: number;

  constructor(private readonly options: TrafficOptions) {
    if (options.questions.length === 0) throw new Error('TrafficPlanner needs at least one question');
    this.random = options.random ?? Math.random;
    this.users = options.users ?? 30;
  }

  next(): PlannedRequest {
    const userId = `user_${1 + Math.floor(this.random() * this.users)}`;
    let session = this.sessions.get(userId);
    if (!session || session.turnsLeft === 0) {
      session = { id: `sess_${(++this.sessionCounter).toString().padStart(4, '0')}`, turn: 0, turnsLeft: 1 + Math.floor(this.random() * 5) };
      this.sessions.set(userId, session);
    }
    session.turn++;
    session.turnsLeft--;

    const question = this.options.questions[Math.floor(this.random() * this.options.questions.length)]!;
    const injectedFailure = this.random() < (this.options.failureRate ?? 0);
    const slow = this.options.slowModel !== undefined && this.random() < (this.options.slowRate ?? 0.1);
    return {
      userId,
      sessionId: session.id,
      turn: session.turn,
      question,
      text: injectedFailure ? `${question.question} [[fail:500]]` : question.question,
      model: slow ? this.options.slowModel! : this.options.model,
      injectedFailure,
      slow,
    };
  }
}

/** A seeded generator, so a demo run can be replayed (the local model's mulberry32). */
export { seededRandom } from '@loupe/local-model';
