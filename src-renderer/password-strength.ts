/**
 * Passphrase strength with zxcvbn-ts and its English and common dictionaries. Loaded on demand
 * (dynamic import) by `use-passphrase-strength.ts`: the dictionaries are large and are needed only
 * on the screens that set a passphrase. Feedback comes back as zxcvbn's translation keys, which the
 * app's own catalogs translate (`strength.warnings.*`, `strength.suggestions.*`).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export interface StrengthReport {
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | null;
  suggestions: string[];
}

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  // No translations: the library then returns its keys, and i18next turns them into either language.
});

export function estimateStrength(passphrase: string, userInputs: string[]): StrengthReport {
  const result = zxcvbn.check(passphrase, userInputs.filter((s) => s.length > 0));
  return { score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
}
