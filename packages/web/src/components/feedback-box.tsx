import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, deleteFeedback, getFeedback, putFeedback } from '../api/client.js';
import type { FeedbackLabel, TraceFeedback } from '../api/types.js';
import { FeedbackBadge } from './feedback-badge.js';

type State =
  | { kind: 'loading' }
  | { kind: 'unavailable' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; feedback: TraceFeedback | null };

/** Mark a trace correct/incorrect with a comment. Servers without the feedback API get a notice. */
export function FeedbackBox({ traceId, project }: { traceId: string; project: string }): ReactNode {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [label, setLabel] = useState<FeedbackLabel | undefined>();
  const [comment, setComment] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getFeedback(traceId, project, controller.signal).then(
      (feedback) => {
        setState({ kind: 'ready', feedback });
        setLabel(feedback?.label);
        setComment(feedback?.comment ?? '');
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && (e.status === 404 || e.status === 405 || e.status === 501)) setState({ kind: 'unavailable' });
        else setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => controller.abort();
  }, [traceId, project]);

  if (state.kind === 'loading') return <div className="feedback-box muted">Loading feedback…</div>;
  if (state.kind === 'unavailable') return <div className="feedback-box muted" data-testid="feedback-unavailable">Feedback is not available on this server.</div>;

  const save = (chosen: FeedbackLabel | undefined): void => {
    if (!chosen) return;
    setSaving(true);
    const trimmed = comment.trim();
    putFeedback(traceId, project, trimmed ? { label: chosen, comment: trimmed } : { label: chosen }).then(
      (feedback) => {
        setState({ kind: 'ready', feedback });
        setSaving(false);
      },
      (e: unknown) => {
        setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
        setSaving(false);
      },
    );
  };
  const clear = (): void => {
    setSaving(true);
    deleteFeedback(traceId, project).then(
      () => {
        setState({ kind: 'ready', feedback: null });
        setLabel(undefined);
        setComment('');
        setSaving(false);
      },
      (e: unknown) => {
        setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
        setSaving(false);
      },
    );
  };
  const saved = state.kind === 'ready' ? state.feedback : null;
  const dirty = saved?.label !== label || (saved?.comment ?? '') !== comment.trim();
  return (
    <div className="feedback-box" data-testid="feedback-box">
      <span className="feedback-title">Was this answer right?</span>
      <button type="button" className={`fb-btn fb-correct${label === 'correct' ? ' active' : ''}`} onClick={() => setLabel('correct')} aria-pressed={label === 'correct'}>
        ✓ Correct
      </button>
      <button type="button" className={`fb-btn fb-incorrect${label === 'incorrect' ? ' active' : ''}`} onClick={() => setLabel('incorrect')} aria-pressed={label === 'incorrect'}>
        ✗ Incorrect
      </button>
      <input className="fb-comment" placeholder="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={4000} name="feedback-comment" />
      <button type="button" className="primary" disabled={!label || !dirty || saving} onClick={() => save(label)}>
        Save
      </button>
      {saved && (
        <>
          <FeedbackBadge feedback={saved} />
          <span className="muted small">{new Date(saved.createdAt).toLocaleString()}</span>
          <button type="button" className="link-btn" onClick={clear} disabled={saving}>
            remove
          </button>
        </>
      )}
      {state.kind === 'error' && <span className="error-text">{state.message}</span>}
    </div>
  );
}
