import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ROUTES, hrefFor } from '../routes.ts';
import type { ScreenRoute } from '../routes.ts';
import { isMac, useVault } from '../vault-session.tsx';
import { splitPath } from '../format.ts';
import { GlobalSearch } from './search/GlobalSearch.tsx';

export function AppFrame({ route, children }: { route: ScreenRoute; children: ReactNode }) {
  const { t } = useTranslation();
  const { status, pendingRecoveryKey, lock } = useVault();
  const unlocked = status?.state === 'unlocked';
  // Until the recovery key is confirmed, the person may not wander off and lose it.
  const navBlocked = pendingRecoveryKey !== null;
  const shortcut = isMac() ? '⌘L' : 'Ctrl+L';
  return (
    <div className="frame">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">EV</span>
          <div>
            <div className="brand-name">{t('app.title')}</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        {/* Search reaches vault data and opens records: not while locked, nor before the recovery key is confirmed. */}
        {unlocked && !navBlocked && <GlobalSearch />}
        <nav aria-label={t('nav.label')} inert={navBlocked} className={navBlocked ? 'nav-blocked' : undefined}>
          <ul>
            {ROUTES.map((r) => (
              <li key={r}>
                <a href={hrefFor(r)} className={r === route ? 'nav-link active' : 'nav-link'} aria-current={r === route ? 'page' : undefined}>
                  {t(`nav.${r}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {navBlocked && <p className="sidebar-note">{t('recovery.navBlocked')}</p>}
        {status && (
          <div className={unlocked ? 'vault-badge unlocked' : 'vault-badge'} data-testid="vault-badge">
            <div className="vault-badge-state">
              <span className="vault-dot" aria-hidden="true" />
              {unlocked ? t('frame.unlocked') : t('frame.locked')}
            </div>
            {unlocked && status.folder && (
              <div className="vault-badge-folder" title={status.folder}>
                {splitPath(status.folder).name || status.folder}
              </div>
            )}
            {unlocked && (
              <button type="button" className="button lock-button" onClick={() => void lock()} aria-keyshortcuts={isMac() ? 'Meta+L' : 'Control+L'}>
                {t('frame.lock')} <kbd>{shortcut}</kbd>
              </button>
            )}
          </div>
        )}
      </aside>
      <main className="content">{children}</main>
    </div>
  );
}
