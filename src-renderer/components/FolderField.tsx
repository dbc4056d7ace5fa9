import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../api.ts';
import { FieldNotes } from './FieldNotes.tsx';

/** A folder path typed or chosen in the system's folder picker. */
export function FolderField({
  id,
  label,
  help,
  value,
  onChange,
  purpose,
  error,
  disabled,
}: {
  id: string;
  label: string;
  help?: string;
  value: string;
  onChange(folder: string): void;
  purpose: 'create' | 'open';
  error?: string | null;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const choose = async () => {
    setChoosing(true);
    const result = await invoke('vault:choose-folder', { purpose });
    setChoosing(false);
    if (result.ok && result.value.folder) onChange(result.value.folder);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-row">
        <input
          id={id}
          type="text"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          disabled={disabled}
        />
        <button type="button" className="button secondary" onClick={() => void choose()} disabled={disabled || choosing}>
          {t('vault.chooseFolder')}
        </button>
      </div>
      <FieldNotes id={id} help={help} error={error} />
    </div>
  );
}
