import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Asks why a left-out exhibit may go into packages as it is; the reason is recorded. */
export function OverrideReasonForm({ label, busy, onSubmit, onCancel }: { label: string; busy: boolean; onSubmit(reason: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      field.current?.focus();
      return;
    }
    onSubmit(reason.trim());
  };
  return (
    <form className="override-form plan-override-form" onSubmit={submit} noValidate data-testid="plan-override-form">
      <h3>{t('export.overrideTitle', { label })}</h3>
      <p className="override-warning" role="note">
        {t('export.overrideWarning')}
      </p>
      <div className="field wide">
        <label htmlFor={`${id}-reason`}>{t('export.overrideReasonLabel')}</label>
        <textarea
          id={`${id}-reason`}
          ref={field}
          rows={2}
          maxLength={2000}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setMissing(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onCancel();
          }}
          aria-invalid={missing}
          aria-describedby={missing ? `${id}-error ${id}-help` : `${id}-help`}
        />
        <p id={`${id}-help`} className="help">
          {t('export.overrideReasonHelp')}
        </p>
        {missing && (
          <p id={`${id}-error`} className="field-error">
            {t('export.overrideReasonMissing')}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button danger" disabled={busy}>
          {t('export.overrideSubmit')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('export.cancel')}
        </button>
      </div>
    </form>
  );
}
