import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { useQuery } from '../use-query.ts';

export function AboutScreen() {
  const { t } = useTranslation();
  const [state, reload] = useQuery('app:diagnostics', {});
  const diagnostics = state.status === 'done' && state.result.ok ? state.result.value : null;
  const error = state.status === 'done' && !state.result.ok ? state.result.error : null;

  const rows: [key: string, value: string][] = diagnostics
    ? [
        ['app', diagnostics.app],
        ['node', diagnostics.node],
        ['electron', diagnostics.electron ?? t('about.notInElectron')],
        ['chrome', diagnostics.chrome ?? t('about.notInElectron')],
        ['platform', `${diagnostics.platform} ${diagnostics.arch}`],
        ['sqlite', diagnostics.sqlite],
        ['sqlcipher', diagnostics.sqlcipher],
        ['encryption', diagnostics.encryptionSelfTest === 'passed' ? t('about.passed') : t('about.failed')],
        ['exiftool', diagnostics.exiftool ?? t('about.unavailable')],
      ]
    : [];

  return (
    <section>
      <h1>{t('about.title')}</h1>
      <p className="lead">{t('about.intro')}</p>
      {error && <ErrorBanner error={error} />}
      {!diagnostics && !error && <p aria-busy="true">{t('about.loading')}</p>}
      {diagnostics && (
        <table className="data-table" aria-label={t('about.title')}>
          <thead>
            <tr>
              <th scope="col">{t('about.component')}</th>
              <th scope="col">{t('about.version')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{t(`about.${key}`)}</th>
                <td data-testid={`diag-${key}`}>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="button" onClick={reload}>
        {t('about.refresh')}
      </button>
    </section>
  );
}
