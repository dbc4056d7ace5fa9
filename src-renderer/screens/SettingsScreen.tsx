import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../src-shared/result.ts';
import type { VaultSettings } from '../../src-shared/types/vault.ts';
import { invoke } from '../api.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { PassphraseInput } from '../components/PassphraseInput.tsx';
import { StrengthMeter } from '../components/StrengthMeter.tsx';
import { LANGUAGES, setLanguage } from '../i18n/index.ts';
import type { Language } from '../i18n/index.ts';
import { MIN_STRENGTH_SCORE, loadEstimator, usePassphraseStrength } from '../use-passphrase-strength.ts';
import { useQuery } from '../use-query.ts';
import { useVault } from '../vault-session.tsx';
import { useFocusLater } from '../use-focus-later.ts';

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const { status } = useVault();
  return (
    <section>
      <h1>{t('settings.title')}</h1>
      <div className="field">
        <label htmlFor="language">{t('settings.language')}</label>
        <select id="language" value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((lang) => (
            <option key={lang} value={lang}>
              {t(`languages.${lang}`)}
            </option>
          ))}
        </select>
        <p className="help">{t('settings.languageHelp')}</p>
      </div>
      {status?.state === 'unlocked' ? (
        <>
          <VaultSettingsForm />
          <SigningKeySection />
          <ChangePassphraseForm />
        </>
      ) : (
        <p className="note">{t('settings.lockedNote')}</p>
      )}
    </section>
  );
}

function VaultSettingsForm() {
  const [state] = useQuery('settings:get', {});
  const { t } = useTranslation();
  if (state.status === 'loading') return <p aria-busy="true">{t('settings.loading')}</p>;
  if (!state.result.ok) return <ErrorBanner error={state.result.error} />;
  return <VaultSettingsFields initial={state.result.value} />;
}

function VaultSettingsFields({ initial }: { initial: VaultSettings }) {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const [operator, setOperator] = useState(initial.operator);
  const [minutes, setMinutes] = useState(String(initial.idleLockMinutes));
  const [problems, setProblems] = useState<{ operator?: string; minutes?: string }>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(null);
    const found: typeof problems = {};
    const name = operator.trim();
    const idle = Number(minutes);
    if (!name) found.operator = t('settings.operatorMissing');
    if (minutes.trim() === '' || !Number.isInteger(idle) || idle < 0 || idle > 1440) found.minutes = t('settings.idleInvalid');
    setProblems(found);
    if (found.operator || found.minutes) {
      focusLater(found.operator ? 'settings-operator' : 'settings-idle');
      return;
    }
    setBusy(true);
    const result = await invoke('settings:update', { operator: name, idleLockMinutes: idle });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setOperator(result.value.operator);
    setMinutes(String(result.value.idleLockMinutes));
    setSaved(true);
  };

  return (
    <form className="panel settings-panel" onSubmit={(e) => void submit(e)} aria-labelledby="vault-settings-title" noValidate>
      <h2 id="vault-settings-title">{t('settings.vaultTitle')}</h2>
      <div className="field">
        <label htmlFor="settings-operator">{t('settings.operator')}</label>
        <input
          id="settings-operator"
          type="text"
          value={operator}
          maxLength={200}
          onChange={(e) => {
            setOperator(e.target.value);
            setSaved(false);
          }}
          aria-invalid={problems.operator ? true : undefined}
          aria-describedby={problems.operator ? 'settings-operator-help settings-operator-error' : 'settings-operator-help'}
        />
        <p id="settings-operator-help" className="help">
          {t('settings.operatorHelp')}
        </p>
        {problems.operator && (
          <p id="settings-operator-error" className="field-error">
            {problems.operator}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="settings-idle">{t('settings.idle')}</label>
        <input
          id="settings-idle"
          className="short"
          type="number"
          min={0}
          max={1440}
          step={1}
          inputMode="numeric"
          value={minutes}
          onChange={(e) => {
            setMinutes(e.target.value);
            setSaved(false);
          }}
          aria-invalid={problems.minutes ? true : undefined}
          aria-describedby={problems.minutes ? 'settings-idle-help settings-idle-error' : 'settings-idle-help'}
        />
        <p id="settings-idle-help" className="help">
          {t('settings.idleHelp')}
        </p>
        {problems.minutes && (
          <p id="settings-idle-error" className="field-error">
            {problems.minutes}
          </p>
        )}
      </div>
      {error && <ErrorBanner error={error} />}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('settings.save')}
        </button>
        <span className="save-status" role="status">
          {saved && t('settings.saved')}
        </span>
      </div>
    </form>
  );
}

/** The key that signs this vault's packages, to publish before any package is sent. */
function SigningKeySection() {
  const { t } = useTranslation();
  const [state] = useQuery('settings:signing-key', {});
  return (
    <section className="panel settings-panel signing-key" aria-labelledby="signing-key-title" data-testid="signing-key">
      <h2 id="signing-key-title">{t('signingKey.title')}</h2>
      <p className="help">{t('signingKey.why')}</p>
      {state.status === 'loading' && <p aria-busy="true">{t('signingKey.loading')}</p>}
      {state.status === 'done' && !state.result.ok && <ErrorBanner error={state.result.error} />}
      {state.status === 'done' && state.result.ok && (
        <dl className="key-facts">
          <KeyFact label={t('signingKey.fingerprint')} value={state.result.value.fingerprint} copyLabel={t('signingKey.copyFingerprint')} testId="signing-fingerprint" />
          <KeyFact label={t('signingKey.publicKey')} value={state.result.value.publicKey} copyLabel={t('signingKey.copyPublicKey')} testId="signing-public-key" />
          <KeyFact label={t('signingKey.allowedSigners')} value={state.result.value.allowedSigners} copyLabel={t('signingKey.copyAllowedSigners')} testId="signing-allowed-signers" />
        </dl>
      )}
    </section>
  );
}

function KeyFact({ label, value, copyLabel, testId }: { label: string; value: string; copyLabel: string; testId: string }) {
  return (
    <div className="key-fact">
      <dt>{label}</dt>
      <dd>
        <code className="key-value" data-testid={testId}>
          {value}
        </code>
        <CopyButton text={value} label={copyLabel} />
      </dd>
    </div>
  );
}

function ChangePassphraseForm() {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const strength = usePassphraseStrength(next, [current]);
  const edited = (field: 'current' | 'next' | 'confirm') => setProblems((p) => (p[field] ? { ...p, [field]: undefined } : p));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    setError(null);
    const found: typeof problems = {};
    if (!current) found.current = t('passphrase.currentMissing');
    if (!next) found.next = t('create.passphraseMissing');
    else if (next === current) found.next = t('passphrase.same');
    else {
      let score: number;
      try {
        score = (await loadEstimator())(next, [current]).score;
      } catch {
        score = next.length >= 20 ? MIN_STRENGTH_SCORE : 0;
      }
      if (score < MIN_STRENGTH_SCORE) found.next = t('create.tooWeak');
    }
    if (!found.next && confirm !== next) found.confirm = t('create.mismatch');
    setProblems(found);
    const first = (['current', 'next', 'confirm'] as const).find((k) => found[k]);
    if (first) {
      focusLater(`passphrase-${first}`);
      return;
    }
    setBusy(true);
    const result = await invoke('vault:change-passphrase', { current, next });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      if (result.error.code === 'WRONG_PASSPHRASE') focusLater('passphrase-current');
      return;
    }
    setCurrent('');
    setNext('');
    setConfirm('');
    setDone(true);
  };

  const described = (field: 'current' | 'next' | 'confirm', ...more: string[]) =>
    [...more, problems[field] ? `passphrase-${field}-error` : null].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: 'current' | 'next' | 'confirm') =>
    problems[field] && (
      <p id={`passphrase-${field}-error`} className="field-error">
        {problems[field]}
      </p>
    );

  return (
    <form className="panel settings-panel" onSubmit={(e) => void submit(e)} aria-labelledby="passphrase-title" noValidate>
      <h2 id="passphrase-title">{t('passphrase.title')}</h2>
      <p className="help">{t('passphrase.intro')}</p>
      <div className="field">
        <label htmlFor="passphrase-current">{t('passphrase.current')}</label>
        <PassphraseInput
          id="passphrase-current"
          value={current}
          onValueChange={(v) => {
            setCurrent(v);
            edited('current');
          }}
          autoComplete="current-password"
          aria-invalid={problems.current || error?.code === 'WRONG_PASSPHRASE' ? true : undefined}
          aria-describedby={described('current')}
          disabled={busy}
        />
        {fieldError('current')}
      </div>
      <div className="field">
        <label htmlFor="passphrase-next">{t('passphrase.next')}</label>
        <PassphraseInput
          id="passphrase-next"
          value={next}
          onValueChange={(v) => {
            setNext(v);
            edited('next');
          }}
          autoComplete="new-password"
          aria-invalid={problems.next ? true : undefined}
          aria-describedby={described('next', 'passphrase-strength')}
          disabled={busy}
        />
        <StrengthMeter id="passphrase-strength" state={strength} />
        {fieldError('next')}
      </div>
      <div className="field">
        <label htmlFor="passphrase-confirm">{t('passphrase.confirm')}</label>
        <PassphraseInput
          id="passphrase-confirm"
          value={confirm}
          onValueChange={(v) => {
            setConfirm(v);
            edited('confirm');
          }}
          autoComplete="new-password"
          aria-invalid={problems.confirm ? true : undefined}
          aria-describedby={described('confirm')}
          disabled={busy}
        />
        {fieldError('confirm')}
      </div>
      {error && <ErrorBanner error={error} context="passphrase.errors" />}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('passphrase.busy') : t('passphrase.submit')}
        </button>
        <span className="save-status" role="status">
          {done && t('passphrase.changed')}
        </span>
      </div>
    </form>
  );
}
