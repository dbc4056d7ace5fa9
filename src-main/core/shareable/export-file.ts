/**
 * Writes an item's shareable copy, or its untouched original, to a file the person chose. Either
 * is a custody event; the original carries identifying metadata, so callers confirm first.
 */
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { VaultError } from '../errors/vault-error.ts';
import type { Vault } from '../vault/vault.ts';
import { openStoredObject } from './stored-content.ts';

export type ExportedFile = { itemId: string; path: string; sha256: string; size: number; which: 'shareable' | 'original' };

export async function exportItemFile(vault: Vault, itemId: string, outPath: string, which: 'shareable' | 'original'): Promise<ExportedFile> {
  const item = vault.store.getItem(itemId);
  if (!item) throw new VaultError('NOT_FOUND', 'No item with that id.');
  let objectId: Uint8Array;
  let expected: string;
  if (which === 'original') {
    objectId = item.originalObject;
    expected = item.sha256;
  } else {
    const copy = vault.store.shareable.latest(itemId);
    if (!copy || copy.status !== 'stripped' || !copy.objectId || !copy.sha256) {
      throw new VaultError('INPUT_ERROR', `This item has no clean shareable copy (${copy ? copy.status : 'none made yet'}); it is not written.`);
    }
    objectId = copy.objectId;
    expected = copy.sha256;
  }

  const reader = await openStoredObject(vault, objectId);
  let out;
  try {
    out = await open(outPath, 'wx', 0o600);
  } catch (err) {
    await reader.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new VaultError('INPUT_ERROR', code === 'EEXIST' ? 'The output file already exists; it is not overwritten.' : 'The output file cannot be created.');
  }
  const hash = createHash('sha256');
  try {
    for await (const chunk of reader.createReadStream()) {
      hash.update(chunk as Buffer);
      await out.write(chunk as Buffer);
    }
    await out.sync();
  } catch (err) {
    await out.close();
    await rm(outPath, { force: true });
    throw err;
  } finally {
    await reader.close();
  }
  await out.close();
  const sha256 = hash.digest('hex');
  if (sha256 !== expected) {
    await rm(outPath, { force: true });
    throw new VaultError('CORRUPT_CONTENT', 'The stored content does not match its recorded SHA-256; nothing was written.');
  }
  vault.log(which === 'original' ? 'item.original_exported' : 'item.exported', {
    itemId,
    details: { sha256, size: item.size, to: outPath, what: which },
  });
  return { itemId, path: outPath, sha256, size: which === 'original' ? item.size : reader.plaintextSize, which };
}
