import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton.tsx';
import { useVault } from '../../vault-session.tsx';
import { useFocusLater } from '../../use-focus-later.ts';

/** Crockford base32 as the core reads it: O is 0, I and L are 1, separators do not count. */
const normalize = (s: string): string => s.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

/**
 * The recovery key, shown once. Step one shows it and asks the person to tick that they wrote it
 * down; step two hides it and asks for its last group from what they wrote, so a tick alone
 * cannot skip past it.
 */
export function RecoveryKeyStep({ recoveryKey }: { recoveryKey: string }) {
  const { t } = useTranslation();
  const focusLater = useFocusLater();
  const { recoveryKeyConfirmed } = useVault();
  const groups = recoveryKey.split('-');
  const last = groups[groups.length - 1] ?? '';
  const [step, setStep] = useState<'show' | 'confirm'>('show');
  const [written, setWritten] = useState(false);
  const [writtenError, setWrittenError] = useState(false);
  const [typed, setTyped] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const next = (e: FormEvent) => {
    e.preventDefault();
    if (!written) {
      setWrittenError(true);
      focusLater('recovery-written');
      return;
    }
    setStep('confirm');
  };

  const finish = (e: FormEvent) => {
    e.preventDefault();
    if (normalize(typed) !== normalize(last)) {
      setMismatch(true);
      focusLater('recovery-last-group');
      return;
    }
    recoveryKeyConfirmed();
  };

  if (step === 'confirm') {
    return (
      <section className="recovery" aria-labelledby="recovery-title">
        <h1 id="recovery-title" ref={heading} tabIndex={-1}>
          {t('recovery.confirmTitle')}
        </h1>
        <p className="lead">{t('recovery.confirmIntro', { group: groups.length })}</p>
        <form className="panel narrow" onSubmit={finish} noValidate>
          <div className="field">
            <label htmlFor="recovery-last-group">{t('recovery.lastGroup', { group: groups.length })}</label>
            <input
              id="recovery-last-group"
              className="mono group-input"
              type="text"
              value={typed}
              maxLength={9}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
              onChange={(e) => {
                setTyped(e.target.value);
                setMismatch(false);
              }}
              aria-invalid={mismatch ? true : undefined}
              aria-describedby={mismatch ? 'recovery-last-group-error' : undefined}
            />
            {mismatch && (
              <p id="recovery-last-group-error" className="field-error">
                {t('recovery.mismatch')}
              </p>
            )}
          </div>
          <div className="actions">
            <button type="submit" className="button">
              {t('recovery.finish')}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setStep('show');
                setTyped('');
                setMismatch(false);
              }}
            >
              {t('recovery.showAgain')}
            </button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <section className="recovery" aria-labelledby="recovery-title">
      <h1 id="recovery-title" ref={heading} tabIndex={-1}>
        {t('recovery.title')}
      </h1>
      <p className="lead">{t('recovery.intro')}</p>
      <div className="recovery-key" role="group" aria-label={t('recovery.keyLabel')} data-testid="recovery-key">
        {groups.map((group, i) => (
          <div className="recovery-group" key={i}>
            <span className="recovery-group-text" data-testid="recovery-group">
              {group}
            </span>
            <span className="recovery-group-number">{i + 1}</span>
          </div>
        ))}
      </div>
      <div className="recovery-tools">
        <CopyButton text={recoveryKey} label={t('recovery.copy')} />
        <p className="help">{t('recovery.copyWarning')}</p>
      </div>
      <ul className="recovery-advice">
        <li>{t('recovery.adviceOnce')}</li>
        <li>{t('recovery.advicePaper')}</li>
        <li>{t('recovery.adviceNobody')}</li>
      </ul>
      <form onSubmit={next} noValidate>
        <div className="checkbox-field">
          <input
            id="recovery-written"
            type="checkbox"
            checked={written}
            onChange={(e) => {
              setWritten(e.target.checked);
              setWrittenError(false);
            }}
            aria-invalid={writtenError ? true : undefined}
            aria-describedby={writtenError ? 'recovery-written-error' : undefined}
          />
          <label htmlFor="recovery-written">{t('recovery.written')}</label>
        </div>
        {writtenError && (
          <p id="recovery-written-error" className="field-error">
            {t('recovery.writtenMissing')}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button">
            {t('recovery.continue')}
          </button>
        </div>
      </form>
    </section>
  );
}
