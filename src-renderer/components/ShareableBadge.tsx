import { useTranslation } from 'react-i18next';
import type { ShareableStatus } from '../../src-shared/types/shareable.ts';

/** The state of an item's shareable copy; "not made yet" when there is none. */
export function ShareableBadge({ status, overridden = false }: { status: ShareableStatus | null; overridden?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="shareable-badges" data-testid="shareable-badge" data-status={status ?? 'none'}>
      <span className={`share-badge ${status ?? 'none'}`}>{t(`shareable.status.${status ?? 'none'}`)}</span>
      {overridden && <span className="share-badge override">{t('shareable.status.override')}</span>}
    </span>
  );
}
