import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * A modal dialog, open for as long as it is mounted. Escape calls onClose; focus starts on the
 * element marked data-autofocus and returns to the opener when the dialog closes.
 */
export function Modal({
  labelledBy,
  describedBy,
  onClose,
  className = 'form-dialog',
  testId,
  children,
}: {
  labelledBy: string;
  describedBy?: string;
  onClose(): void;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    d.showModal();
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => d.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={className}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      data-testid={testId}
    >
      {children}
    </dialog>
  );
}
