/**
 * Exhibit labels from a case's pattern: '{n}' is replaced by the exhibit number, '{n:03}' by the
 * number zero-padded to three digits. 'EX-{n:03}' gives EX-001, EX-002, …
 */
import { VaultError } from '../errors/vault-error.ts';

const PLACEHOLDER = /\{n(?::0(\d))?\}/gu;
export const DEFAULT_EXHIBIT_PATTERN = 'EX-{n:03}';

/** Returns the pattern trimmed, or throws INPUT_ERROR unless it holds exactly one placeholder. */
export function checkExhibitPattern(pattern: string): string {
  const p = pattern.normalize('NFC').trim();
  const found = p.match(PLACEHOLDER) ?? [];
  if (found.length !== 1 || p.length > 60) {
    throw new VaultError('INPUT_ERROR', 'The exhibit label pattern must contain the number once, as {n} or {n:03}, e.g. "EX-{n:03}".');
  }
  return p;
}

export function formatExhibitLabel(pattern: string, n: number): string {
  return pattern.replace(PLACEHOLDER, (_m, width: string | undefined) => String(n).padStart(width === undefined ? 0 : Number(width), '0'));
}
