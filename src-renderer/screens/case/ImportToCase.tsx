import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { CaseSummary } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatNumber } from '../../format.ts';
import { caseHref } from '../../routes.ts';
import { useFocusLater } from '../../use-focus-later.ts';
import { useQuery } from '../../use-query.ts';
import { labelRange } from './case-format.ts';
import { linkNewExhibits } from './case-links.ts';
import type { LinkSummary } from './case-links.ts';
import { CaseForm, NEW_CASE } from './CaseForm.tsx';

/**
 * After an import: adds every imported item (and every file found already in the vault) to a case,
 * existing or new, as its next exhibits in import order. Investigators import for a case.
 */
export function ImportToCase({ itemIds }: { itemIds: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const focusLater = useFocusLater();
  const [state, reloadCases] = useQuery('cases:list', {});
  const [chosen, setChosen] = useState('');
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<{ target: CaseSummary; summary: LinkSummary } | null>(null);
  const cases = state.status === 'done' && state.result.ok ? state.result.value.cases : [];
  const target = cases.find((c) => c.id === chosen) ?? cases[0];

  const link = async (into: CaseSummary) => {
    setBusy(true);
    setError(null);
    const result = await linkNewExhibits(into.id, itemIds);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDone({ target: into, summary: result.value });
    focusLater('import-to-case-result');
  };

  return (
    <section className="panel import-to-case" aria-labelledby="import-to-case-title" data-testid="import-to-case">
      <h2 id="import-to-case-title">{t('itemCases.importTitle')}</h2>
      <p className="help">{t('itemCases.importHelp', { n: formatNumber(itemIds.length, lang) })}</p>
      {state.status === 'done' && !state.result.ok && <ErrorBanner error={state.result.error} />}
      {done && (
        <p id="import-to-case-result" className="save-status" role="status" tabIndex={-1} data-testid="import-to-case-result">
          {done.summary.labels.length > 0 && t('itemCases.importDone', { number: done.target.number, labels: labelRange(done.summary.labels), n: formatNumber(done.summary.labels.length, lang) })}{' '}
          {done.summary.already > 0 && t('exhibits.alreadyLinked', { n: formatNumber(done.summary.already, lang) })}{' '}
          <a href={caseHref(done.target.id, 'exhibits')}>{t('itemCases.openExhibits', { number: done.target.number })}</a>
        </p>
      )}
      {!creating && (
        <div className="inline-fields">
          {target && (
            <>
              <div className="field">
                <label htmlFor="import-to-case-case">{t('itemCases.case')}</label>
                <select id="import-to-case-case" value={target.id} onChange={(e) => setChosen(e.target.value)}>
                  {cases.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.number} — {c.title}
                    </option>
                  ))}
                </select>
              </div>
              <button type="button" className="button" disabled={busy} onClick={() => void link(target)}>
                {t('itemCases.importAdd', { n: formatNumber(itemIds.length, lang) })}
              </button>
            </>
          )}
          <button type="button" className={target ? 'button secondary' : 'button'} id="import-to-case-new" disabled={busy} onClick={() => setCreating(true)}>
            {t('itemCases.importNewCase')}
          </button>
        </div>
      )}
      {creating && (
        <CaseForm
          idPrefix="import-case"
          initial={NEW_CASE}
          editing={false}
          title={t('itemCases.importNewCaseTitle')}
          submitLabel={t('itemCases.importCreate', { n: formatNumber(itemIds.length, lang) })}
          onSave={(fields) => invoke('cases:create', fields)}
          onSaved={(created) => {
            setCreating(false);
            setChosen(created.id);
            reloadCases();
            void link(created);
          }}
          onCancel={() => {
            setCreating(false);
            focusLater('import-to-case-new');
          }}
        />
      )}
      {error && <ErrorBanner error={error} />}
    </section>
  );
}
