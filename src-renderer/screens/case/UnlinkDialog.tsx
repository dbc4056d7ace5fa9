import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { ExhibitView } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';

/** Asks before an exhibit leaves the case, and says that the item itself stays in the vault. */
export function UnlinkDialog({
  caseId,
  caseNumber,
  exhibit,
  onClose,
  onUnlinked,
}: {
  caseId: string;
  caseNumber: string;
  exhibit: ExhibitView;
  onClose(): void;
  onUnlinked(): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const unlink = async () => {
    setBusy(true);
    const result = await invoke('cases:unlink', { caseId, itemId: exhibit.itemId });
    setBusy(false);
    if (result.ok) onUnlinked();
    else setError(result.error);
  };
  return (
    <Modal labelledBy="exhibit-unlink-title" describedBy="exhibit-unlink-body" onClose={onClose} className="confirm-dialog caution" testId="exhibit-unlink">
      <h2 id="exhibit-unlink-title">{t('exhibits.unlinkTitle', { label: exhibit.label, number: caseNumber })}</h2>
      <div id="exhibit-unlink-body">
        <p className="break">{exhibit.name}</p>
        <p>{t('exhibits.unlinkBody')}</p>
      </div>
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        <button type="button" className="button danger" disabled={busy} onClick={() => void unlink()}>
          {t('exhibits.unlinkConfirm')}
        </button>
        <button type="button" className="button secondary" onClick={onClose} data-autofocus>
          {t('exhibits.cancel')}
        </button>
      </div>
    </Modal>
  );
}
