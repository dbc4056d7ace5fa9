import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** A modal warning before originals go into a package: they carry what the copies remove. */
export function OriginalsWarningDialog({ open, onConfirm, onCancel }: { open: boolean; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      cancelButton.current?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby="originals-warning-title"
      aria-describedby="originals-warning-body"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      data-testid="originals-warning"
    >
      <h2 id="originals-warning-title">{t('export.originalsWarningTitle')}</h2>
      <div id="originals-warning-body">
        <p className="override-warning">{t('export.originalsWarning')}</p>
        <ul className="originals-risks">
          <li>{t('export.originalsRisks.gps')}</li>
          <li>{t('export.originalsRisks.devices')}</li>
          <li>{t('export.originalsRisks.names')}</li>
        </ul>
        <p>{t('export.originalsAdvice')}</p>
      </div>
      <div className="actions">
        <button type="button" className="button danger" onClick={onConfirm}>
          {t('export.originalsConfirm')}
        </button>
        <button type="button" className="button secondary" ref={cancelButton} onClick={onCancel}>
          {t('export.cancel')}
        </button>
      </div>
    </dialog>
  );
}
