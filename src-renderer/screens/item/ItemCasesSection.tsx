import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import type { ItemCaseView } from '../../../src-shared/types/cases.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { caseHref, hrefFor } from '../../routes.ts';
import { useQuery } from '../../use-query.ts';
import { CoreMessage } from '../case/CoreMessage.tsx';

/** The cases this item is an exhibit of, and adding it to another one (with an optional label). */
export function ItemCasesSection({ itemId, onChanged }: { itemId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [state] = useQuery('items:cases', { id: itemId });
  const [fresh, setFresh] = useState<ItemCaseView[] | null>(null);
  const [notice, setNotice] = useState('');
  const inCases = fresh ?? (state.status === 'done' && state.result.ok ? state.result.value : null);

  const added = async (number: string, label: string) => {
    setNotice(t('itemCases.added', { number, label }));
    const result = await invoke('items:cases', { id: itemId });
    if (result.ok) setFresh(result.value);
    onChanged();
  };

  return (
    <section className="detail-section item-cases" aria-labelledby="item-cases-title" data-testid="item-cases">
      <h2 id="item-cases-title">{t('itemCases.title')}</h2>
      {state.status === 'done' && !state.result.ok && <ErrorBanner error={state.result.error} />}
      {inCases && inCases.length === 0 && <p className="help">{t('itemCases.none')}</p>}
      {inCases && inCases.length > 0 && (
        <table className="data-table item-cases-table">
          <thead>
            <tr>
              <th scope="col">{t('itemCases.number')}</th>
              <th scope="col">{t('itemCases.caseTitle')}</th>
              <th scope="col">{t('itemCases.label')}</th>
            </tr>
          </thead>
          <tbody>
            {inCases.map((c) => (
              <tr key={c.caseId} data-testid="item-case">
                <td>
                  <a href={caseHref(c.caseId, 'exhibits')} className="mono">
                    {c.number}
                  </a>
                </td>
                <td className="plain">{c.title}</td>
                <td className="mono" data-testid="item-case-label">
                  {c.label}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" className="save-status">
        {notice}
      </p>
      {inCases && <AddToCaseForm itemId={itemId} exclude={new Set(inCases.map((c) => c.caseId))} onAdded={(number, label) => void added(number, label)} />}
    </section>
  );
}

function AddToCaseForm({ itemId, exclude, onAdded }: { itemId: string; exclude: ReadonlySet<string>; onAdded(number: string, label: string): void }) {
  const { t } = useTranslation();
  const [state] = useQuery('cases:list', {});
  const [chosen, setChosen] = useState('');
  const [label, setLabel] = useState('');
  const [labelError, setLabelError] = useState<ReactNode>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  if (state.status === 'loading') return null;
  if (!state.result.ok) return <ErrorBanner error={state.result.error} />;
  const open = state.result.value.cases.filter((c) => !exclude.has(c.id));
  if (state.result.value.total === 0) {
    return (
      <p className="help">
        {t('itemCases.noCases')} <a href={hrefFor('cases')}>{t('itemCases.goToCases')}</a>
      </p>
    );
  }
  if (open.length === 0) return <p className="help">{t('itemCases.inAll')}</p>;
  const caseId = chosen && open.some((c) => c.id === chosen) ? chosen : open[0]!.id;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setLabelError(null);
    setBusy(true);
    const result = await invoke('cases:link', { caseId, itemIds: [itemId], ...(label.trim() ? { label: label.trim() } : {}) });
    setBusy(false);
    if (result.ok) {
      setLabel('');
      onAdded(open.find((c) => c.id === caseId)?.number ?? '', result.value[0]?.label ?? '');
      return;
    }
    if (result.error.code === 'DUPLICATE' && label.trim()) setLabelError(t('exhibits.labelTaken'));
    else if (result.error.code === 'INPUT_ERROR' && label.trim()) setLabelError(<CoreMessage error={result.error} lead={t('exhibits.labelInvalid')} />);
    else setError(result.error);
  };

  return (
    <form className="add-to-case" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-to-case-title" data-testid="add-to-case">
      <h3 id="add-to-case-title">{t('itemCases.addTitle')}</h3>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="add-to-case-case">{t('itemCases.case')}</label>
          <select id="add-to-case-case" value={caseId} onChange={(e) => setChosen(e.target.value)}>
            {open.map((c) => (
              <option key={c.id} value={c.id}>
                {c.number} — {c.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-to-case-label">{t('itemCases.labelOptional')}</label>
          <input
            id="add-to-case-label"
            className="mono"
            value={label}
            maxLength={60}
            autoComplete="off"
            aria-invalid={labelError ? true : undefined}
            aria-describedby={labelError ? 'add-to-case-label-help add-to-case-label-error' : 'add-to-case-label-help'}
            onChange={(e) => {
              setLabel(e.target.value);
              setLabelError(null);
            }}
          />
          <p id="add-to-case-label-help" className="help">
            {t('itemCases.labelHelp')}
          </p>
          {labelError && (
            <p id="add-to-case-label-error" className="field-error">
              {labelError}
            </p>
          )}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('itemCases.add')}
        </button>
      </div>
      {error && <ErrorBanner error={error} />}
    </form>
  );
}
