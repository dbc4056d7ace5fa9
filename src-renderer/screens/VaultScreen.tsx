import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../../src-shared/types/vault.ts';
import { CreateVaultForm } from './vault/CreateVaultForm.tsx';
import { UnlockForm } from './vault/UnlockForm.tsx';
import { VaultOverview } from './vault/VaultOverview.tsx';

export function VaultScreen({ status }: { status: VaultStatus }) {
  const { t } = useTranslation();
  if (status.state === 'unlocked') return <VaultOverview status={status} />;
  return (
    <section>
      <h1>{t('empty.vault.title')}</h1>
      <p className="lead">{t('empty.vault.body')}</p>
      <div className="panels">
        <UnlockForm lastFolder={status.folder} />
        <CreateVaultForm />
      </div>
    </section>
  );
}
