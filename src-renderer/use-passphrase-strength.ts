import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { StrengthReport } from './password-strength.ts';

export type Estimator = (passphrase: string, userInputs: string[]) => StrengthReport;

/** Vaults need passphrases that resist offline guessing: zxcvbn's "strong" (3) at least. */
export const MIN_STRENGTH_SCORE = 3;

let loading: Promise<Estimator> | null = null;
/** Submitting a form rates the passphrase as submitted, not the last value the meter showed. */
export function loadEstimator(): Promise<Estimator> {
  loading ??= import('./password-strength.ts').then((m) => m.estimateStrength);
  return loading;
}

export type StrengthState = { status: 'idle' | 'loading' | 'failed' } | { status: 'ready'; report: StrengthReport };

/**
 * Rates a passphrase as it is typed. The estimator loads the first time there is something to
 * rate; `userInputs` (operator, folder) count as easy to guess.
 */
export function usePassphraseStrength(passphrase: string, userInputs: string[]): StrengthState {
  const [estimator, setEstimator] = useState<{ fn: Estimator } | 'failed' | null>(null);
  const deferred = useDeferredValue(passphrase);
  const wanted = passphrase.length > 0;
  useEffect(() => {
    if (!wanted || estimator) return;
    let live = true;
    loadEstimator().then(
      (fn) => live && setEstimator({ fn }),
      () => {
        loading = null;
        if (live) setEstimator('failed');
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, estimator]);
  const inputsKey = userInputs.join('\u0000');
  return useMemo<StrengthState>(() => {
    if (!deferred) return { status: 'idle' };
    if (estimator === 'failed') return { status: 'failed' };
    if (!estimator) return { status: 'loading' };
    return { status: 'ready', report: estimator.fn(deferred, inputsKey.split('\u0000')) };
  }, [deferred, estimator, inputsKey]);
}
