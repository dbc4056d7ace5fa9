import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../api.ts';

/** Where the package goes: a new or empty folder, typed or chosen in the system's picker. */
export function DestinationField({ value, onChange, disabled }: { value: string; onChange(folder: string): void; disabled: boolean }) {
  const { t } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const choose = async () => {
    setChoosing(true);
    const result = await invoke('vault:choose-folder', { purpose: 'export' });
    setChoosing(false);
    if (result.ok && result.value.folder) onChange(result.value.folder);
  };
  return (
    <div className="field wide">
      <label htmlFor="export-destination">{t('export.destination')}</label>
      <div className="input-row">
        <input
          id="export-destination"
          type="text"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-describedby="export-destination-help"
          disabled={disabled}
        />
        <button type="button" className="button secondary" onClick={() => void choose()} disabled={disabled || choosing}>
          {t('export.chooseFolder')}
        </button>
      </div>
      <p id="export-destination-help" className="help">
        {t('export.destinationHelp')}
      </p>
    </div>
  );
}
