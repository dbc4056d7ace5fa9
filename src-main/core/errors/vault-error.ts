import type { AppError, ErrorCode } from '../../../src-shared/result.ts';

/**
 * The one error type the core throws on purpose. Its message is written for the user and must
 * never contain a file name, hash or metadata value of evidence (it may reach logs and screens).
 */
export class VaultError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultError';
    this.code = code;
  }
}

/** Stops a long job between steps when its signal says so. */
export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new VaultError('CANCELLED', `The ${what} was cancelled.`);
}

/** Turns anything thrown into a user-safe AppError: unknown errors lose their message and stack. */
export function toAppError(err: unknown): AppError {
  if (err instanceof VaultError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: 'An internal error occurred.' };
}
