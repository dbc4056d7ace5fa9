import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { CasePersonView } from '../../../src-shared/types/cases.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';

/**
 * The deliberate step before a protected identity is shown: says that the reveal is recorded,
 * asks for an optional reason, and starts on Cancel so that Enter alone reveals nothing.
 */
export function RevealDialog({ person, onReveal, onClose }: { person: CasePersonView; onReveal(reason: string): Promise<AppError | null>; onClose(): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const reveal = async () => {
    setBusy(true);
    const failed = await onReveal(reason.trim());
    setBusy(false);
    setError(failed);
  };
  return (
    <Modal labelledBy="reveal-title" describedBy="reveal-body" onClose={onClose} className="confirm-dialog" testId="reveal-dialog">
      <h2 id="reveal-title">{t('people.confirmTitle', { pseudonym: person.pseudonym })}</h2>
      <div id="reveal-body">
        <p>{t('people.confirmBody')}</p>
        <p className="override-warning">{t('people.confirmAdvice')}</p>
      </div>
      <div className="field wide">
        <label htmlFor="reveal-reason">{t('people.reason')}</label>
        <textarea id="reveal-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="reveal-reason-help" />
        <p id="reveal-reason-help" className="help">
          {t('people.reasonHelp')}
        </p>
      </div>
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        <button type="button" className="button danger" disabled={busy} onClick={() => void reveal()}>
          {t('people.confirmReveal')}
        </button>
        <button type="button" className="button secondary" onClick={onClose} data-autofocus>
          {t('people.cancel')}
        </button>
      </div>
    </Modal>
  );
}
