import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../src-shared/types/cases.ts';
import { invoke } from '../api.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { formatNumber } from '../format.ts';
import { caseHref, navigate } from '../routes.ts';
import { useQuery } from '../use-query.ts';
import { CaseForm, NEW_CASE } from './case/CaseForm.tsx';
import { formatDay } from './case/case-format.ts';
import { StatusBadge } from './case/StatusBadge.tsx';

export function CasesScreen() {
  const { t, i18n } = useTranslation();
  const [state] = useQuery('cases:list', {});
  const [creating, setCreating] = useState(false);

  const form = creating && (
    <CaseForm
      idPrefix="new-case"
      initial={NEW_CASE}
      editing={false}
      title={t('cases.form.newTitle')}
      submitLabel={t('cases.form.create')}
      onSave={(fields) => invoke('cases:create', fields)}
      onSaved={(created) => navigate(caseHref(created.id, 'overview'))}
      onCancel={() => setCreating(false)}
    />
  );
  const newButton = !creating && (
    <button type="button" className="button" onClick={() => setCreating(true)}>
      {t('cases.new')}
    </button>
  );

  if (state.status === 'loading') return <p aria-busy="true">{t('cases.loading')}</p>;
  if (!state.result.ok) {
    return (
      <section>
        <h1>{t('cases.title')}</h1>
        <ErrorBanner error={state.result.error} />
      </section>
    );
  }
  const { cases, total } = state.result.value;
  if (total === 0) {
    return (
      <section>
        {creating ? (
          form
        ) : (
          <div className="empty-state">
            <h1>{t('empty.cases.title')}</h1>
            <p>{t('empty.cases.body')}</p>
            {newButton}
          </div>
        )}
      </section>
    );
  }
  return (
    <section className="cases-screen">
      <div className="screen-head">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <span className="help" data-testid="cases-total">
          {t('cases.total', { n: formatNumber(total, i18n.language) })}
        </span>
        <span className="head-actions">{newButton}</span>
      </div>
      {form}
      <CasesTable cases={cases} />
    </section>
  );
}

function CasesTable({ cases }: { cases: CaseSummary[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <table className="data-table cases-table" aria-labelledby="cases-title" data-testid="cases-table">
      <thead>
        <tr>
          <th scope="col">{t('cases.columns.number')}</th>
          <th scope="col">{t('cases.columns.title')}</th>
          <th scope="col">{t('cases.columns.status')}</th>
          <th scope="col" className="num">
            {t('cases.columns.exhibits')}
          </th>
          <th scope="col" className="num">
            {t('cases.columns.people')}
          </th>
          <th scope="col" className="num">
            {t('cases.columns.incidents')}
          </th>
          <th scope="col">{t('cases.columns.dates')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id} data-testid="case-row">
            <td className="case-number-cell">
              <a href={caseHref(c.id, 'overview')} className="mono">
                {c.number}
              </a>
            </td>
            <td>
              <div className="case-title-cell">{c.title}</div>
              {(c.forum || c.jurisdiction) && <div className="muted small-text">{[c.forum, c.jurisdiction].filter(Boolean).join(' · ')}</div>}
            </td>
            <td>
              <StatusBadge status={c.status} />
            </td>
            <td className="num">{formatNumber(c.exhibitCount, lang)}</td>
            <td className="num">{formatNumber(c.personCount, lang)}</td>
            <td className="num">{formatNumber(c.incidentCount, lang)}</td>
            <td className="small-text">
              {c.openedOn && <div>{t('cases.openedOn', { date: formatDay(c.openedOn, lang) })}</div>}
              {c.filedOn && <div>{t('cases.filedOn', { date: formatDay(c.filedOn, lang) })}</div>}
              {!c.openedOn && !c.filedOn && <span className="muted">—</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
