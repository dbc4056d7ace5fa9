/** What a verification found. Shared by the bag and the checksum-file verifiers. */
import { VaultError } from '../errors/vault-error.ts';

import type { FileCheck, FileStatus } from '../../../src-shared/types/verify.ts';

export type { FileCheck, FileStatus, SignatureCheck, VerifyReport } from '../../../src-shared/types/verify.ts';

/** Input that cannot be verified at all (no such path, neither a bag nor a checksum file): exit 2. */
export class UnusableInput extends VaultError {
  constructor(message: string) {
    super('INPUT_ERROR', message);
  }
}

export function countStatuses(files: readonly FileCheck[]): Record<FileStatus, number> {
  const counts: Record<FileStatus, number> = { ok: 0, missing: 0, extra: 0, mismatched: 0 };
  for (const f of files) counts[f.status] += 1;
  return counts;
}

/** Algorithms node:crypto gives us, with their hex digest lengths. */
export const SUPPORTED_ALGORITHMS: Readonly<Record<string, number>> = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 };

/**
 * A manifest path is relative, stays inside the bag, and has no empty, '.' or '..' segments.
 * Returns a reason when it does not.
 */
export function unsafePathReason(p: string): string | null {
  if (p.length === 0) return 'an empty path';
  if (p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p)) return 'an absolute path';
  if (p.includes('\\')) return 'a backslash in a path';
  if (p.includes('\0')) return 'a NUL character in a path';
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) return 'a path leaving the bag (..)';
  if (segments.some((s) => s === '' || s === '.')) return 'a path with an empty or "." segment';
  return null;
}
