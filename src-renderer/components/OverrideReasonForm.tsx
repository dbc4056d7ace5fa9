import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';

export type OverrideTexts = { title: string; warning: string; label: string; help: string; missing: string; submit: string; cancel: string };

/**
 * Asks why an item without a clean shareable copy may be shared as it is. The reason is required:
 * it goes into the custody log with the override.
 */
export function OverrideReasonForm({
  texts,
  fieldId,
  busy,
  onSubmit,
  onCancel,
  className = 'override-form',
  testId,
  rows = 3,
}: {
  texts: OverrideTexts;
  /** The reason field's id; its help and error take it as a prefix. */
  fieldId: string;
  busy: boolean;
  onSubmit(reason: string): void;
  onCancel(): void;
  className?: string;
  testId: string;
  rows?: number;
}) {
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
    <form className={className} onSubmit={submit} noValidate data-testid={testId}>
      <h3>{texts.title}</h3>
      <p className="override-warning" role="note">
        {texts.warning}
      </p>
      <div className="field wide">
        <label htmlFor={fieldId}>{texts.label}</label>
        <textarea
          id={fieldId}
          ref={field}
          rows={rows}
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
          aria-describedby={missing ? `${fieldId}-error ${fieldId}-help` : `${fieldId}-help`}
        />
        <p id={`${fieldId}-help`} className="help">
          {texts.help}
        </p>
        {missing && (
          <p id={`${fieldId}-error`} className="field-error">
            {texts.missing}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button danger" disabled={busy}>
          {texts.submit}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {texts.cancel}
        </button>
      </div>
    </form>
  );
}
