import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal.tsx';

/** A modal warning before originals go into a package: they carry what the copies remove. */
export function OriginalsWarningDialog({ open, onConfirm, onCancel }: { open: boolean; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  if (!open) return null;
  return (
    <Modal labelledBy="originals-warning-title" describedBy="originals-warning-body" onClose={onCancel} className="confirm-dialog" testId="originals-warning">
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
        <button type="button" className="button secondary" onClick={onCancel} data-autofocus>
          {t('export.cancel')}
        </button>
      </div>
    </Modal>
  );
}
