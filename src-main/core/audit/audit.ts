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

export type AuditProblemKind = 'missing-file' | 'corrupted-file' | 'hash-mismatch' | 'missing-key' | 'broken-chain';
export type AuditProblem = { kind: AuditProblemKind; itemId: string | null; message: string; eventSeq?: number };
export type AuditReport = {
  ok: boolean;
  itemsChecked: number;
  bytesChecked: number;
  eventsChecked: number;
  chainHead: { seq: number; hash: string } | null;
  problems: AuditProblem[];
};

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
      const object = store.getObject(item.originalObject);
      const file = objectPath(vault.paths, item.originalObject);
      if (!object) {
        problems.push({ kind: 'missing-key', itemId: item.id, message: 'The key of the stored original is missing from the database.' });
      } else if (!(await exists(file))) {
        problems.push({ kind: 'missing-file', itemId: item.id, message: 'The encrypted file of the original is missing.' });
      } else {
        let key: Uint8Array | null = null;
        try {
          key = unwrapFileKey(vault.fileKeyWrapKey, object.wrappedKey, item.originalObject);
          const hash = createHash('sha256');
          await decryptFile(file, key, item.originalObject, (chunk) => {
            hash.update(chunk);
            bytesDone += chunk.length;
          });
          if (hash.digest('hex') !== item.sha256) {
            problems.push({ kind: 'hash-mismatch', itemId: item.id, message: 'The stored original no longer matches the SHA-256 recorded at import.' });
          }
        } catch (err) {
          const message = err instanceof VaultError ? err.message : 'The encrypted file could not be read.';
          problems.push({ kind: 'corrupted-file', itemId: item.id, message });
        } finally {
          wipe(key);
        }
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

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
