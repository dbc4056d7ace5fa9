/**
 * Audit: decrypt and re-hash every stored original against the SHA-256 fixed at import, and
 * recompute the custody chain. Every problem is reported by item; the run itself is logged.
 */
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { decryptFile } from '../crypto/content-cipher.ts';
import { unwrapFileKey } from '../crypto/kdf.ts';
import { wipe } from '../crypto/wipe.ts';
import { verifyChain } from '../custody/custody-log.ts';
import { VaultError } from '../errors/vault-error.ts';
import { objectPath } from '../vault/layout.ts';
import type { Vault } from '../vault/vault.ts';

export type { AuditProblemKind, AuditProblem, AuditReport } from '../../../src-shared/types/audit.ts';
import type { AuditProblemKind, AuditProblem, AuditReport } from '../../../src-shared/types/audit.ts';

export type AuditOptions = {
  onProgress?: (p: { itemsDone: number; itemsTotal: number; bytesDone: number; bytesTotal: number }) => void;
  signal?: AbortSignal;
};

const PAGE = 500;

export async function auditVault(vault: Vault, options: AuditOptions = {}): Promise<AuditReport> {
  const store = vault.store;
  const problems: AuditProblem[] = [];
  const itemsTotal = store.countItems();
  let itemsDone = 0;
  let bytesDone = 0;
  let bytesTotal = 0;
  for (let offset = 0; offset < itemsTotal; offset += PAGE) for (const item of store.listItems(offset, PAGE)) bytesTotal += item.size;

  for (let offset = 0; offset < itemsTotal; offset += PAGE) {
    for (const item of store.listItems(offset, PAGE)) {
      if (options.signal?.aborted) throw new VaultError('CANCELLED', 'The audit was cancelled.');
      const original = await checkObject(vault, item.originalObject, item.sha256, 'of the original', (n) => (bytesDone += n));
      if (original) problems.push({ kind: original.kind, itemId: item.id, message: original.message });
      // The shareable copy is evidence too: what was filed must still be what the vault holds.
      const copy = store.shareable.latest(item.id);
      if (copy?.objectId && copy.sha256) {
        const found = await checkObject(vault, copy.objectId, copy.sha256, 'of the shareable copy', () => undefined);
        if (found) problems.push({ kind: found.kind, itemId: item.id, message: found.message });
      }
      itemsDone++;
      options.onProgress?.({ itemsDone, itemsTotal, bytesDone, bytesTotal });
    }
  }

  const chain = verifyChain(store);
  if (!chain.ok) problems.push({ kind: 'broken-chain', itemId: null, eventSeq: chain.firstBrokenSeq, message: chain.message });
  const eventsChecked = store.lastCustodyEvent()?.seq ?? 0;

  const report: AuditReport = {
    ok: problems.length === 0,
    itemsChecked: itemsDone,
    bytesChecked: bytesDone,
    eventsChecked,
    chainHead: chain.ok ? chain.head : null,
    problems,
  };
  vault.log('audit.run', {
    details: {
      ok: report.ok,
      itemsChecked: report.itemsChecked,
      problems: problems.map((p) => ({ kind: p.kind, item: p.itemId, ...(p.eventSeq !== undefined ? { seq: p.eventSeq } : {}) })),
    },
  });
  return report;
}

/** Decrypts one stored object and compares its SHA-256; null when it holds. */
async function checkObject(
  vault: Vault,
  objectId: Uint8Array,
  expectedSha256: string,
  what: 'of the original' | 'of the shareable copy',
  onBytes: (n: number) => void,
): Promise<{ kind: AuditProblemKind; message: string } | null> {
  const object = vault.store.getObject(objectId);
  if (!object) return { kind: 'missing-key', message: `The key ${what} is missing from the database.` };
  const file = objectPath(vault.paths, objectId);
  if (!(await exists(file))) return { kind: 'missing-file', message: `The encrypted file ${what} is missing.` };
  let key: Uint8Array | null = null;
  try {
    key = unwrapFileKey(vault.fileKeyWrapKey, object.wrappedKey, objectId);
    const hash = createHash('sha256');
    await decryptFile(file, key, objectId, (chunk) => {
      hash.update(chunk);
      onBytes(chunk.length);
    });
    if (hash.digest('hex') !== expectedSha256) return { kind: 'hash-mismatch', message: `The stored file ${what} no longer matches the SHA-256 recorded for it.` };
    return null;
  } catch (err) {
    return { kind: 'corrupted-file', message: err instanceof VaultError ? err.message : 'The encrypted file could not be read.' };
  } finally {
    wipe(key);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
