import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { FolderField } from '../../components/FolderField.tsx';
import { PassphraseInput } from '../../components/PassphraseInput.tsx';
import { useVault } from '../../vault-session.tsx';
import { useFocusLater } from '../../use-focus-later.ts';

export function UnlockForm({ lastFolder }: { lastFolder: string | null }) {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const vault = useVault();
  const [folder, setFolder] = useState(lastFolder ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [missing, setMissing] = useState<{ folder: boolean; passphrase: boolean }>({ folder: false, passphrase: false });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems = { folder: folder.trim() === '', passphrase: passphrase === '' };
    setMissing(problems);
    setError(null);
    if (problems.folder || problems.passphrase) {
      focusLater(problems.folder ? 'unlock-folder' : 'unlock-passphrase');
      return;
    }
    setBusy(true);
    const result = await invoke('vault:unlock', { folder: folder.trim(), passphrase });
    setBusy(false);
    if (result.ok) {
      vault.opened(result.value);
      return;
    }
    setError(result.error);
    if (result.error.code === 'WRONG_PASSPHRASE') {
      setPassphrase('');
      focusLater('unlock-passphrase');
    }
  };

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="unlock-title" noValidate>
      <h2 id="unlock-title">{t('unlock.title')}</h2>
      <p className="help">{t('unlock.intro')}</p>
      <FolderField
        id="unlock-folder"
        label={t('unlock.folder')}
        value={folder}
        onChange={(f) => {
          setFolder(f);
          if (missing.folder) setMissing((m) => ({ ...m, folder: false }));
        }}
        purpose="open"
        error={missing.folder ? t('unlock.folderMissing') : null}
        disabled={busy}
      />
      <div className="field">
        <label htmlFor="unlock-passphrase">{t('unlock.passphrase')}</label>
        <PassphraseInput
          id="unlock-passphrase"
          value={passphrase}
          onValueChange={(v) => {
            setPassphrase(v);
            if (missing.passphrase) setMissing((m) => ({ ...m, passphrase: false }));
          }}
          autoComplete="current-password"
          // Straight to the passphrase when the folder is already known (after a lock).
          autoFocus={lastFolder !== null}
          aria-invalid={missing.passphrase || error?.code === 'WRONG_PASSPHRASE' ? true : undefined}
          aria-describedby={missing.passphrase ? 'unlock-passphrase-error' : undefined}
          disabled={busy}
        />
        {missing.passphrase && (
          <p id="unlock-passphrase-error" className="field-error">
            {t('unlock.passphraseMissing')}
          </p>
        )}
      </div>
      {error && <ErrorBanner error={error} context="unlock.errors" />}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('unlock.busy') : t('unlock.submit')}
        </button>
      </div>
    </form>
  );
}
