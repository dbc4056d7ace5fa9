/**
 * Where things live inside a vault folder. Only these names exist there, and none of them says
 * anything about the evidence: content files are named by random object ids.
 *
 *   header.json            non-secret header (KDF parameters, wrapped master key)
 *   vault.db (+ -wal)      SQLCipher database
 *   objects/ab/<32 hex>    encrypted content files (first two hex digits fan the folder out)
 *   tmp/<32 hex>           content being written; moved into objects/ when complete and synced
 */
import { mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

export const DB_FILE_NAME = 'vault.db';
export const OBJECTS_DIR = 'objects';
export const TMP_DIR = 'tmp';

export function vaultPaths(folder: string) {
  return {
    folder,
    db: path.join(folder, DB_FILE_NAME),
    objects: path.join(folder, OBJECTS_DIR),
    tmp: path.join(folder, TMP_DIR),
  };
}
export type VaultPaths = ReturnType<typeof vaultPaths>;

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export function objectPath(paths: VaultPaths, objectId: Uint8Array): string {
  const name = hex(objectId);
  return path.join(paths.objects, name.slice(0, 2), name);
}

export function tmpPath(paths: VaultPaths, objectId: Uint8Array): string {
  return path.join(paths.tmp, hex(objectId));
}

/** fsync a directory so a rename or unlink inside it survives a power cut. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function ensureDirs(paths: VaultPaths): Promise<void> {
  await mkdir(paths.objects, { recursive: true, mode: 0o700 });
  await mkdir(paths.tmp, { recursive: true, mode: 0o700 });
}

/**
 * Removes what an interrupted ingest left behind: everything in tmp/, and content files that no
 * database row names (moved into objects/ but the transaction never committed). Returns how many.
 */
export async function removeLeftovers(paths: VaultPaths, isKnownObject: (idHex: string) => boolean): Promise<number> {
  let removed = 0;
  for (const name of await readdir(paths.tmp)) {
    await rm(path.join(paths.tmp, name), { recursive: true, force: true });
    removed++;
  }
  for (const fan of await readdir(paths.objects, { withFileTypes: true })) {
    // Only the fan-out folders are ours. A file here (a file manager's .DS_Store or Thumbs.db) is
    // left alone: reading it as a folder failed with ENOTDIR and made the vault impossible to unlock.
    if (!fan.isDirectory()) continue;
    const dir = path.join(paths.objects, fan.name);
    for (const name of await readdir(dir)) {
      if (!isKnownObject(name)) {
        await rm(path.join(dir, name), { force: true });
        removed++;
      }
    }
  }
  return removed;
}
