import type { ReactNode } from 'react';
import type { TraceFeedback } from '../api/types.js';

export function FeedbackBadge({ feedback }: { feedback: TraceFeedback | undefined | null }): ReactNode {
  if (!feedback) return null;
  const ok = feedback.label === 'correct';
  return (
    <span className={`feedback-badge ${ok ? 'fb-correct' : 'fb-incorrect'}`} title={feedback.comment ?? ''} data-feedback={feedback.label}>
      {ok ? '✓ correct' : '✗ incorrect'}
    </span>
  );
}
