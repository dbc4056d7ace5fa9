import { useTranslation } from 'react-i18next';
import { MIN_STRENGTH_SCORE } from '../use-passphrase-strength.ts';
import type { StrengthState } from '../use-passphrase-strength.ts';

const LEVELS = ['veryWeak', 'weak', 'fair', 'strong', 'veryStrong'] as const;

/** Five bars and a word, plus zxcvbn's advice in the reader's language. */
export function StrengthMeter({ id, state }: { id: string; state: StrengthState }) {
  const { t } = useTranslation();
  if (state.status === 'idle') {
    return (
      <p id={id} className="help">
        {t('strength.hint')}
      </p>
    );
  }
  if (state.status !== 'ready') {
    return (
      <p id={id} className="help" aria-busy={state.status === 'loading'}>
        {state.status === 'loading' ? t('strength.loading') : t('strength.unavailable')}
      </p>
    );
  }
  const { score, warning, suggestions } = state.report;
  const enough = score >= MIN_STRENGTH_SCORE;
  return (
    <div id={id} className="strength" data-score={score}>
      <div className="strength-bars" aria-hidden="true">
        {LEVELS.map((level, i) => (
          <span key={level} className={i <= score ? 'strength-bar filled' : 'strength-bar'} />
        ))}
      </div>
      <p className={enough ? 'strength-label ok' : 'strength-label weak'} aria-live="polite" data-testid="strength-label">
        {t('strength.label')}: <strong>{t(`strength.levels.${LEVELS[score]}`)}</strong>
        {!enough && <> — {t('strength.notEnough')}</>}
      </p>
      {warning && <p className="help">{t(`strength.warnings.${warning}`, { defaultValue: '' })}</p>}
      {!enough && suggestions.length > 0 && (
        <ul className="strength-suggestions help">
          {suggestions.map((s) => (
            <li key={s}>{t(`strength.suggestions.${s}`, { defaultValue: '' })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
