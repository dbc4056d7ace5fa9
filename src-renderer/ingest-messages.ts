/**
 * The core reports why a file was not imported as English text only (IngestOutcomeView.message
 * has no code). These are the texts it uses today, mapped to catalog keys under `import.reasons`;
 * anything else is shown as the core wrote it.
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

export function reasonKey(message: string | null): ReasonKey {
  if (!message) return null;
  const exact = EXACT[message];
  if (exact) return { key: `import.reasons.${exact}` };
  const special = NOT_REGULAR.exec(message);
  if (special?.[1]) return { key: 'import.reasons.notRegular', kind: `import.kinds.${KINDS[special[1]] ?? 'unknown'}` };
  return null;
}
