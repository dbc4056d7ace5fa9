import type { ReactNode } from 'react';
import { Modal } from './Modal.tsx';

/** A modal question before a risky step: the risky button first, focus on the safe one; Escape cancels. */
export function ConfirmDialog({
  id,
  title,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
  testId,
}: {
  /** Prefix of the title's and body's ids. */
  id: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm(): void;
  onCancel(): void;
  testId: string;
}) {
  return (
    <Modal labelledBy={`${id}-title`} describedBy={`${id}-body`} onClose={onCancel} className="confirm-dialog" testId={testId}>
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      <div className="actions">
        <button type="button" className="button danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button secondary" onClick={onCancel} data-autofocus>
          {cancelLabel}
        </button>
      </div>
    </Modal>
  );
}
