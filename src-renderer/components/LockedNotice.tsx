import { useTranslation } from 'react-i18next';
import { hrefFor } from '../routes.ts';

/** What a screen that needs an open vault shows while the vault is locked. */
export function LockedNotice({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <section className="empty-state">
      <h1>{title}</h1>
      <p>{t('locked.body')}</p>
      <a className="button" href={hrefFor('vault')}>
        {t('locked.goToVault')}
      </a>
    </section>
  );
}
