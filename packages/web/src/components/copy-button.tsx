import { useState, type ReactNode } from 'react';

/** Copies `text` to the clipboard; falls back to a hidden textarea where the async API is absent. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function CopyButton({ text, label = 'Copy', title }: { text: string; label?: string; title?: string }): ReactNode {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  const onClick = (): void => {
    copyText(text).then(
      () => setState('done'),
      () => setState('failed'),
    );
    window.setTimeout(() => setState('idle'), 1200);
  };
  return (
    <button type="button" className="copy-btn" onClick={onClick} title={title ?? `Copy ${label.toLowerCase()}`}>
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Failed' : label}
    </button>
  );
}
