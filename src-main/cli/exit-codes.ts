import type { ErrorCode } from '../../src-shared/result.ts';

/** The exit statuses scripts rely on. Keep them. */
export const EXIT = { ok: 0, problems: 1, usage: 2, locked: 3 } as const;

const UNLOCK_FAILURES: readonly ErrorCode[] = [
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_KEY',
  'MALFORMED_RECOVERY_KEY',
  'VAULT_IN_USE',
  'VAULT_NOT_FOUND',
  'BAD_HEADER',
  'BAD_DATABASE',
  'DB_TOO_NEW',
];

export function exitCodeFor(code: ErrorCode): number {
  if (UNLOCK_FAILURES.includes(code)) return EXIT.locked;
  if (code === 'INTERNAL') return EXIT.problems;
  return EXIT.usage;
}
