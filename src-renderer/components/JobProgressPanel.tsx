import type { ReactNode } from 'react';

/**
 * A running job's panel: its state, one progress bar with the figures beside it, and a Cancel
 * button while cancelling makes sense. The caller words everything in its own terms.
 */
export function JobProgressPanel({
  id,
  title,
  stateText,
  tone,
  label,
  done,
  total,
  figure,
  cancel,
  children,
}: {
  id: string;
  title: string;
  stateText: string;
  /** Colours the state: running (accent), done, cancelled, failed. */
  tone: 'running' | 'done' | 'cancelled' | 'failed';
  label: string;
  done: number;
  total: number;
  figure: string;
  cancel?: { label: string; onClick(): void; disabled: boolean } | null;
  children?: ReactNode;
}) {
  return (
    <div className="panel progress-panel" role="group" aria-labelledby={`${id}-title`} data-testid={id}>
      <div className="progress-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <span className={`job-state ${tone}`} role="status" data-testid={`${id}-state`}>
          {stateText}
        </span>
      </div>
      <div className="progress-row job-progress-row">
        <label htmlFor={`${id}-bar`}>{label}</label>
        <progress id={`${id}-bar`} max={Math.max(1, total)} value={Math.min(done, Math.max(1, total))} />
        <span className="progress-figure" data-testid={`${id}-figure`}>
          {figure}
        </span>
      </div>
      {children}
      {cancel && (
        <div className="actions">
          <button type="button" className="button danger" onClick={cancel.onClick} disabled={cancel.disabled}>
            {cancel.label}
          </button>
        </div>
      )}
    </div>
  );
}
