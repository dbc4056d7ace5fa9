import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';

/** A modal warning before originals go into a package: they carry what the copies remove. */
export function OriginalsWarningDialog({ open, onConfirm, onCancel }: { open: boolean; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  if (!open) return null;
  return (
    <ConfirmDialog
      id="originals-warning"
      title={t('export.originalsWarningTitle')}
      confirmLabel={t('export.originalsConfirm')}
      cancelLabel={t('export.cancel')}
      onConfirm={onConfirm}
      onCancel={onCancel}
      testId="originals-warning"
    >
      <p className="override-warning">{t('export.originalsWarning')}</p>
      <ul className="originals-risks">
        <li>{t('export.originalsRisks.gps')}</li>
        <li>{t('export.originalsRisks.devices')}</li>
        <li>{t('export.originalsRisks.names')}</li>
      </ul>
      <p>{t('export.originalsAdvice')}</p>
    </ConfirmDialog>
  );
}
