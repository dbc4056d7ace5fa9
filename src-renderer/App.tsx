import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../src-shared/types/vault.ts';
import { AppFrame } from './components/AppFrame.tsx';
import { LockedNotice } from './components/LockedNotice.tsx';
import { VaultJobsProvider, VerifyJobProvider } from './background-jobs.tsx';
import { ImportJobProvider } from './import-job.tsx';
import { useLocation } from './routes.ts';
import type { AppLocation } from './routes.ts';
import { AboutScreen } from './screens/AboutScreen.tsx';
import { CaseScreen } from './screens/CaseScreen.tsx';
import { CasesScreen } from './screens/CasesScreen.tsx';
import { ExportScreen } from './screens/ExportScreen.tsx';
import { ImportScreen } from './screens/ImportScreen.tsx';
import { ItemDetailScreen } from './screens/ItemDetailScreen.tsx';
import { ItemsScreen } from './screens/ItemsScreen.tsx';
import { SearchScreen } from './screens/SearchScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';
import { VaultScreen } from './screens/VaultScreen.tsx';
import { VerifyScreen } from './screens/VerifyScreen.tsx';
import { RecoveryKeyStep } from './screens/vault/RecoveryKeyStep.tsx';
import { SessionMemoryProvider } from './session-memory.tsx';
import { VaultProvider, useLockShortcut, useVault } from './vault-session.tsx';

export function App() {
  return (
    <VaultProvider>
      <Shell />
    </VaultProvider>
  );
}

function Shell() {
  const location = useLocation();
  const { status, sessionKey, pendingRecoveryKey } = useVault();
  const { t } = useTranslation();
  useLockShortcut();
  useRefuseStrayDrops();

  let content;
  if (!status) content = <p aria-busy="true">{t('app.loading')}</p>;
  else if (status.state === 'unlocked') {
    content = (
      // Keyed by the session: a lock unmounts all of it, and with it every item held in state.
      <SessionMemoryProvider key={sessionKey}>
        <ImportJobProvider>
          <VaultJobsProvider>
            {pendingRecoveryKey ? <RecoveryKeyStep recoveryKey={pendingRecoveryKey} /> : <Screen location={location} status={status} />}
          </VaultJobsProvider>
        </ImportJobProvider>
      </SessionMemoryProvider>
    );
  } else content = <Screen location={location} status={status} />;

  return (
    <VerifyJobProvider>
      <AppFrame route={location.route}>{content}</AppFrame>
    </VerifyJobProvider>
  );
}

function Screen({ location, status }: { location: AppLocation; status: VaultStatus }) {
  const { t } = useTranslation();
  const unlocked = status.state === 'unlocked';
  const { route } = location;
  switch (route) {
    case 'vault':
      return <VaultScreen status={status} />;
    case 'items':
      if (!unlocked) return <LockedNotice title={t('items.title')} />;
      return location.itemId ? <ItemDetailScreen key={location.itemId} itemId={location.itemId} /> : <ItemsScreen />;
    case 'cases':
      if (!unlocked) return <LockedNotice title={t('cases.title')} />;
      return location.caseId ? <CaseScreen key={location.caseId} caseId={location.caseId} tab={location.tab} /> : <CasesScreen />;
    case 'import':
      return unlocked ? <ImportScreen /> : <LockedNotice title={t('import.title')} />;
    case 'export':
      return unlocked ? <ExportScreen key={location.caseId ?? ''} caseId={location.caseId} /> : <LockedNotice title={t('export.title')} />;
    case 'search':
      return unlocked ? <SearchScreen query={location.query} /> : <LockedNotice title={t('search.screen.title')} />;
    // Auditors verify packages without a vault.
    case 'verify':
      return <VerifyScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'about':
      return <AboutScreen />;
  }
}

/**
 * A file dropped anywhere but the import drop zone would make the window navigate to it. The drop
 * zone handles its own events first; everything that reaches the window is refused here.
 */
function useRefuseStrayDrops(): void {
  useEffect(() => {
    const refuse = (e: DragEvent) => {
      if (e.defaultPrevented) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);
}
