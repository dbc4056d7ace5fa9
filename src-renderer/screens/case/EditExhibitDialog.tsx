import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { ExhibitView } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { CoreMessage } from './CoreMessage.tsx';
import { TextField } from './fields.tsx';
import { Modal } from '../../components/Modal.tsx';

/** Relabels an exhibit or changes its description; a label taken in this case is refused at the field. */
export function EditExhibitDialog({ caseId, exhibit, onClose, onSaved }: { caseId: string; exhibit: ExhibitView; onClose(): void; onSaved(label: string): void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState(exhibit.label);
  const [description, setDescription] = useState(exhibit.description ?? '');
  const [labelError, setLabelError] = useState<ReactNode>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const newLabel = label.trim();
    if (!newLabel) {
      setLabelError(t('exhibits.labelMissing'));
      document.getElementById('exhibit-edit-label')?.focus();
      return;
    }
    const newDescription = description.trim() ? description.trim() : null;
    setBusy(true);
    const result = await invoke('cases:update-exhibit', {
      caseId,
      itemId: exhibit.itemId,
      ...(newLabel !== exhibit.label ? { label: newLabel } : {}),
      ...(newDescription !== exhibit.description ? { description: newDescription } : {}),
    });
    setBusy(false);
    if (result.ok) {
      onSaved(newLabel);
      return;
    }
    if (result.error.code === 'DUPLICATE') setLabelError(t('exhibits.labelTaken'));
    else if (result.error.code === 'INPUT_ERROR') setLabelError(<CoreMessage error={result.error} lead={t('exhibits.labelInvalid')} />);
    else {
      setError(result.error);
      return;
    }
    document.getElementById('exhibit-edit-label')?.focus();
  };

  return (
    <Modal labelledBy="exhibit-edit-title" onClose={onClose} testId="exhibit-edit">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="exhibit-edit-title">{t('exhibits.editTitle', { label: exhibit.label })}</h2>
        <p className="help break">{exhibit.name}</p>
        <TextField
          id="exhibit-edit-label"
          label={t('exhibits.labelField')}
          value={label}
          onChange={(v) => {
            setLabel(v);
            setLabelError(null);
          }}
          required
          maxLength={60}
          error={labelError}
          help={t('exhibits.labelHelp')}
          className="mono-input"
          autoFocus
        />
        <TextField id="exhibit-edit-description" label={t('exhibits.descriptionField')} value={description} onChange={setDescription} rows={3} className="wide" />
        {error && <ErrorBanner error={error} />}
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('exhibits.save')}
          </button>
          <button type="button" className="button secondary" onClick={onClose}>
            {t('exhibits.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
