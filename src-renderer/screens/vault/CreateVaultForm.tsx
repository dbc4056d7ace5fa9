import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../src-shared/result.ts';
import { invoke } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { FolderField } from '../../components/FolderField.tsx';
import { PassphraseInput } from '../../components/PassphraseInput.tsx';
import { StrengthMeter } from '../../components/StrengthMeter.tsx';
import { splitPath } from '../../format.ts';
import { MIN_STRENGTH_SCORE, loadEstimator, usePassphraseStrength } from '../../use-passphrase-strength.ts';
import { useVault } from '../../vault-session.tsx';
import { useFocusLater } from '../../use-focus-later.ts';

type Problems = Partial<Record<'folder' | 'passphrase' | 'confirm', string>>;
const FIELD_IDS = { folder: 'create-folder', passphrase: 'create-passphrase', confirm: 'create-confirm' } as const;

/** Words a guesser would try first for this vault: they count against the passphrase. */
function contextWords(folder: string, operator: string): string[] {
  return [operator, ...operator.split(/\s+/), splitPath(folder.replace(/[/\\]+$/, '')).name, 'evidence', 'vault'];
}

export function CreateVaultForm() {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const vault = useVault();
  const [folder, setFolder] = useState('');
  const [operator, setOperator] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const words = contextWords(folder, operator);
  const edited = (field: keyof Problems) => setProblems((p) => (p[field] ? { ...p, [field]: undefined } : p));
  const strength = usePassphraseStrength(passphrase, words);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const found: Problems = {};
    if (!folder.trim()) found.folder = t('create.folderMissing');
    if (!passphrase) found.passphrase = t('create.passphraseMissing');
    else {
      let score: number;
      try {
        score = (await loadEstimator())(passphrase, words).score;
      } catch {
        // Without the estimator, length is the only measure left; demand plenty of it.
        score = passphrase.length >= 20 ? MIN_STRENGTH_SCORE : 0;
      }
      if (score < MIN_STRENGTH_SCORE) found.passphrase = t('create.tooWeak');
    }
    if (!found.passphrase && confirm !== passphrase) found.confirm = t('create.mismatch');
    setProblems(found);
    const first = (['folder', 'passphrase', 'confirm'] as const).find((k) => found[k]);
    if (first) {
      focusLater(FIELD_IDS[first]);
      return;
    }
    setBusy(true);
    const name = operator.trim();
    const result = await invoke('vault:create', { folder: folder.trim(), passphrase, ...(name ? { operator: name } : {}) });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    // Not guarded by "still mounted": the vault:state event may unmount this form first, and the
    // recovery key must reach the confirm step whatever happens here.
    vault.opened(result.value.status, result.value.recoveryKey);
  };

  const describe = (field: keyof Problems, ...more: string[]) =>
    [...more, problems[field] ? `${FIELD_IDS[field]}-error` : null].filter(Boolean).join(' ') || undefined;

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="create-title" noValidate>
      <h2 id="create-title">{t('create.title')}</h2>
      <p className="help">{t('create.intro')}</p>
      <FolderField
        id={FIELD_IDS.folder}
        label={t('create.folder')}
        help={t('create.folderHelp')}
        value={folder}
        onChange={(f) => {
          setFolder(f);
          edited('folder');
        }}
        purpose="create"
        error={problems.folder ?? null}
        disabled={busy}
      />
      <div className="field">
        <label htmlFor="create-operator">{t('create.operator')}</label>
        <input
          id="create-operator"
          type="text"
          value={operator}
          maxLength={200}
          autoComplete="name"
          onChange={(e) => setOperator(e.target.value)}
          aria-describedby="create-operator-help"
          disabled={busy}
        />
        <p id="create-operator-help" className="help">
          {t('create.operatorHelp')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={FIELD_IDS.passphrase}>{t('create.passphrase')}</label>
        <PassphraseInput
          id={FIELD_IDS.passphrase}
          value={passphrase}
          onValueChange={(v) => {
            setPassphrase(v);
            edited('passphrase');
          }}
          autoComplete="new-password"
          aria-invalid={problems.passphrase ? true : undefined}
          aria-describedby={describe('passphrase', 'create-strength')}
          disabled={busy}
        />
        <StrengthMeter id="create-strength" state={strength} />
        {problems.passphrase && (
          <p id={`${FIELD_IDS.passphrase}-error`} className="field-error">
            {problems.passphrase}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={FIELD_IDS.confirm}>{t('create.confirm')}</label>
        <PassphraseInput
          id={FIELD_IDS.confirm}
          value={confirm}
          onValueChange={(v) => {
            setConfirm(v);
            edited('confirm');
          }}
          autoComplete="new-password"
          aria-invalid={problems.confirm ? true : undefined}
          aria-describedby={describe('confirm')}
          disabled={busy}
        />
        {problems.confirm && (
          <p id={`${FIELD_IDS.confirm}-error`} className="field-error">
            {problems.confirm}
          </p>
        )}
      </div>
      {error && <ErrorBanner error={error} context="create.errors" />}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('create.busy') : t('create.submit')}
        </button>
      </div>
    </form>
  );
}
