import type { IngestFailureReason } from '../src-shared/types/vault.ts';

/**
 * Why a file was not imported, as a catalog key under `import.reasons`. The core's English texts
 * are finer than its reason codes (a FIFO and a socket share 'not-a-regular-file'), so a known text
 * is translated exactly; a text this table does not know yet falls back to its reason code, so a
 * reworded message is still shown in the person's language.
 */
const EXACT: Record<string, string> = {
  'No such file or folder.': 'missing',
  'No such file or folder (the symbolic link points to nothing).': 'dangling',
  'Permission denied.': 'permission',
  'Symbolic link loop: refused.': 'loop',
  'Symbolic link loop: this folder leads back into itself; skipped.': 'folderCycle',
  'The file or folder could not be read.': 'unreadable',
  'The name is not valid UTF-8 text, so it cannot be imported; rename it first.': 'badName',
  'The file changed while it was being read: refused.': 'changedWhileReading',
  'The file changed while it was being opened: refused.': 'changedWhileOpening',
  'Cancelled before it was imported.': 'cancelledBefore',
  'Cancelled.': 'cancelled',
  'The disk is full.': 'diskFull',
  'A read or write error occurred.': 'io',
  'The file could not be imported.': 'generic',
  'The vault is locked.': 'locked',
};

const NOT_REGULAR = /^Not a regular file \((FIFO|socket|character device|block device|unknown kind|folder)\): refused\.$/;
const KINDS: Record<string, string> = {
  FIFO: 'fifo',
  socket: 'socket',
  'character device': 'charDevice',
  'block device': 'blockDevice',
  'unknown kind': 'unknown',
  folder: 'folder',
};

export type ReasonKey = { key: string; kind?: string } | null;

const BY_REASON: Record<IngestFailureReason, string> = {
  missing: 'missing',
  'permission-denied': 'permission',
  'not-a-regular-file': 'notRegularAny',
  'symlink-loop': 'loop',
  unreadable: 'unreadable',
  changed: 'changedWhileReading',
  cancelled: 'cancelled',
  'disk-full': 'diskFull',
  failed: 'generic',
};

export function reasonKey(message: string | null, reason: IngestFailureReason | null = null): ReasonKey {
  const exact = message ? EXACT[message] : undefined;
  if (exact) return { key: `import.reasons.${exact}` };
  const special = message ? NOT_REGULAR.exec(message) : null;
  if (special?.[1]) return { key: 'import.reasons.notRegular', kind: `import.kinds.${KINDS[special[1]] ?? 'unknown'}` };
  return reason ? { key: `import.reasons.${BY_REASON[reason]}` } : null;
}
