import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportPlan } from '../../../src-shared/types/export.ts';
import { OriginalsWarningDialog } from './OriginalsWarningDialog.tsx';

export interface ExportChoices {
  originals: boolean;
  /** People whose protected identity goes into the report. */
  identities: readonly number[];
}

/** What goes into the package beyond the shareable copies: originals, and identities person by person. */
export function ExportOptions({
  persons,
  choices,
  onChange,
  disabled,
}: {
  persons: ExportPlan['persons'];
  choices: ExportChoices;
  onChange(next: ExportChoices): void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [warning, setWarning] = useState(false);
  const withIdentity = persons.filter((p) => p.hasIdentity);
  const toggleIdentity = (id: number, on: boolean) =>
    onChange({ ...choices, identities: on ? [...choices.identities, id] : choices.identities.filter((x) => x !== id) });

  return (
    <section className="panel export-options" aria-labelledby="export-options-title">
      <h2 id="export-options-title">{t('export.optionsTitle')}</h2>
      <div className="checkbox-field">
        <input
          id="export-originals"
          type="checkbox"
          checked={choices.originals}
          disabled={disabled}
          aria-describedby="export-originals-help"
          onChange={(e) => {
            // Ticking asks first; unticking is always safe.
            if (e.target.checked) setWarning(true);
            else onChange({ ...choices, originals: false });
          }}
        />
        <div>
          <label htmlFor="export-originals">{t('export.originals')}</label>
          <p id="export-originals-help" className={choices.originals ? 'override-warning small' : 'help'}>
            {choices.originals ? t('export.originalsOn') : t('export.originalsHelp')}
          </p>
        </div>
      </div>

      <fieldset className="identity-choices" disabled={disabled}>
        <legend>{t('export.identitiesTitle')}</legend>
        <p className="help">{t('export.identitiesHelp')}</p>
        {withIdentity.length === 0 ? (
          <p className="help" data-testid="no-identities">
            {t('export.noIdentities')}
          </p>
        ) : (
          withIdentity.map((p) => (
            <div className="checkbox-field compact" key={p.id}>
              <input
                id={`export-identity-${p.id}`}
                type="checkbox"
                checked={choices.identities.includes(p.id)}
                onChange={(e) => toggleIdentity(p.id, e.target.checked)}
              />
              <label htmlFor={`export-identity-${p.id}`}>{t('export.includeIdentity', { pseudonym: p.pseudonym })}</label>
            </div>
          ))
        )}
        {choices.identities.length > 0 && (
          <p className="override-warning" role="note" data-testid="identity-warning">
            {t('export.identityWarning')}
          </p>
        )}
      </fieldset>

      <OriginalsWarningDialog
        open={warning}
        onCancel={() => setWarning(false)}
        onConfirm={() => {
          setWarning(false);
          onChange({ ...choices, originals: true });
        }}
      />
    </section>
  );
}
