import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatNumber } from '../../format.ts';
import { exportHref, hrefFor } from '../../routes.ts';
import { useQuery } from '../../use-query.ts';

/** The Export screen without a case: which case to export. */
export function CasePicker() {
  const { t, i18n } = useTranslation();
  const [state] = useQuery('cases:list', {});
  return (
    <section>
      <h1>{t('export.title')}</h1>
      <p className="lead">{t('export.pickIntro')}</p>
      {state.status === 'loading' && <p aria-busy="true">{t('export.loading')}</p>}
      {state.status === 'done' && !state.result.ok && <ErrorBanner error={state.result.error} />}
      {state.status === 'done' && state.result.ok && state.result.value.cases.length === 0 && (
        <div className="note">
          <p>{t('export.noCases')}</p>
          <a className="button" href={hrefFor('cases')}>
            {t('export.goToCases')}
          </a>
        </div>
      )}
      {state.status === 'done' && state.result.ok && state.result.value.cases.length > 0 && (
        <ul className="export-case-list" aria-label={t('export.pickLabel')}>
          {state.result.value.cases.map((c) => (
            <li key={c.id}>
              <a className="export-case-link" href={exportHref(c.id)} data-testid="export-case">
                <span className="export-case-number mono">{c.number}</span>
                <span className="export-case-title">{c.title}</span>
                <span className="export-case-count">{t('export.exhibitCount', { n: formatNumber(c.exhibitCount, i18n.language) })}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
