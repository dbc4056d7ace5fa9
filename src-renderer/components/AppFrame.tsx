import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ROUTES } from '../routes.ts';
import type { Route } from '../routes.ts';

export function AppFrame({ route, onNavigate, children }: { route: Route; onNavigate: (r: Route) => void; children: ReactNode }) {
  const { t } = useTranslation();
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
        <nav aria-label={t('nav.label')}>
          <ul>
            {ROUTES.map((r) => (
              <li key={r}>
                <a
                  href={`#/${r}`}
                  className={r === route ? 'nav-link active' : 'nav-link'}
                  aria-current={r === route ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    onNavigate(r);
                  }}
                >
                  {t(`nav.${r}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <main className="content">{children}</main>
    </div>
  );
}
