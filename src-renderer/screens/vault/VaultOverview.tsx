import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../../../src-shared/types/vault.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { formatNumber } from '../../format.ts';
import { hrefFor } from '../../routes.ts';
import { useQuery } from '../../use-query.ts';
import { useVault } from '../../vault-session.tsx';
import { VaultAudit } from './VaultAudit.tsx';

export function VaultOverview({ status }: { status: VaultStatus }) {
  const { t, i18n } = useTranslation();
  const { lock } = useVault();
  const [items] = useQuery('items:list', { offset: 0, limit: 1 });
  const [settings] = useQuery('settings:get', {});
  const total = items.status === 'done' && items.result.ok ? items.result.value.total : null;
  const prefs = settings.status === 'done' && settings.result.ok ? settings.result.value : null;
  const error = [items, settings].map((q) => (q.status === 'done' && !q.result.ok ? q.result.error : null)).find(Boolean) ?? null;

  return (
    <section>
      <h1>{t('overview.title')}</h1>
      <p className="lead">{t('overview.intro')}</p>
      {error && <ErrorBanner error={error} />}
      <dl className="facts">
        <div className="full">
          <dt>{t('overview.folder')}</dt>
          <dd className="mono" data-testid="overview-folder">
            {status.folder}
          </dd>
        </div>
        <div>
          <dt>{t('overview.items')}</dt>
          <dd data-testid="overview-items">{total === null ? '…' : formatNumber(total, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('overview.operator')}</dt>
          <dd>{prefs?.operator ?? '…'}</dd>
        </div>
        <div>
          <dt>{t('overview.autoLock')}</dt>
          <dd>
            {prefs === null ? '…' : prefs.idleLockMinutes === 0 ? t('overview.autoLockOff') : t('overview.autoLockAfter', { minutes: prefs.idleLockMinutes })}
          </dd>
        </div>
      </dl>
      <div className="actions">
        <a className="button" href={hrefFor('import')}>
          {t('overview.import')}
        </a>
        <a className="button secondary" href={hrefFor('items')}>
          {t('overview.browse')}
        </a>
        <a className="button secondary" href={hrefFor('settings')}>
          {t('overview.settings')}
        </a>
        <button type="button" className="button danger" onClick={() => void lock()}>
          {t('overview.lock')}
        </button>
      </div>
      <VaultAudit />
    </section>
  );
}
