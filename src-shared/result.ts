/** Every call across a boundary (IPC, core API) answers with this shape instead of throwing. */
export type AppError = { code: ErrorCode; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/**
 * Stable error codes. The renderer translates by code; the CLI maps codes to exit statuses.
 * Add codes, never rename them: scripts and translations depend on them.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
  'WRONG_PASSPHRASE',
  'WRONG_RECOVERY_KEY',
  'MALFORMED_RECOVERY_KEY',
  'VAULT_LOCKED',
  'VAULT_IN_USE',
  'VAULT_NOT_FOUND',
  'VAULT_NOT_EMPTY',
  'BAD_HEADER',
  'DB_TOO_NEW',
  'CORRUPT_CONTENT',
  'NOT_FOUND',
  'INPUT_ERROR',
  'CANCELLED',
  'BAD_DATABASE',
  /** A record with the same unique key exists (case number, exhibit label, item already in the case). */
  'DUPLICATE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });
