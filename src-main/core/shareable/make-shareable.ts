/**
 * Shareable copies of stored items: made from the encrypted original (so the copy derives from
 * exactly the bytes whose hash was fixed at import), cleaned by the strip engine, encrypted into a
 * new object beside the original, and recorded with a custody event linking original → copy.
 */
import type { ShareableDetail, ShareableSummary } from '../../../src-shared/types/shareable.ts';
import type { ShareableCopyRow } from '../db/shareable-store.ts';
import { VaultError } from '../errors/vault-error.ts';
import { stripForSharing } from '../strip/engine.ts';
import type { Vault } from '../vault/vault.ts';
import { newObjectSink, openStoredObject, readerSource, removePlacedObject } from './stored-content.ts';
import type { StoredObject } from './stored-content.ts';

/** Runs the database writes of a copy in a transaction; ingest passes its group commit instead. */
export type CommitCopy = (work: () => void) => Promise<void>;

export async function makeShareableCopy(vault: Vault, itemId: string, commit: CommitCopy = async (work) => vault.store.transaction(work)): Promise<ShareableSummary> {
  const item = vault.store.getItem(itemId);
  if (!item) throw new VaultError('NOT_FOUND', 'No item with that id.');
  const reader = await openStoredObject(vault, item.originalObject);
  const sink = newObjectSink(vault);
  let placed: StoredObject | null = null;
  try {
    const result = await stripForSharing(readerSource(reader), item.mediaType, sink);
    if (result.status === 'stripped') placed = await sink.place();
    else await sink.discard();
    const now = new Date().toISOString();
    const copy = placed;
    await commit(() => {
      if (copy) vault.store.insertObject({ id: copy.objectId, wrappedKey: copy.wrappedKey, size: copy.size, createdAt: now });
      vault.store.shareable.insert({
        itemId,
        objectId: copy?.objectId ?? null,
        status: result.status,
        method: result.method ?? 'none',
        reason: result.reason ?? null,
        sha256: copy?.sha256 ?? null,
        size: copy?.size ?? null,
        removedJson: JSON.stringify(result.removed),
        proofJson: result.proof ? JSON.stringify(result.proof) : null,
        verificationJson: JSON.stringify(result.verification),
        toolVersionsJson: JSON.stringify(result.toolVersions),
        createdAt: now,
      });
      vault.log('shareable.created', {
        itemId,
        details: {
          status: result.status,
          method: result.method ?? 'none',
          originalSha256: item.sha256,
          ...(copy ? { copySha256: copy.sha256 } : {}),
          ...(result.proof ? { proof: result.proof.kind, contentIdentical: result.proof.identical } : {}),
          removed: result.removed.length,
          engine: result.toolVersions.engine,
          exiftool: result.toolVersions.exiftool,
        },
      });
    });
    placed = null;
    return summaryOf(vault.store.shareable.latest(itemId)!);
  } catch (err) {
    await sink.discard().catch(() => undefined);
    if (placed) await removePlacedObject(vault, placed.objectId).catch(() => undefined);
    throw err;
  } finally {
    await reader.close();
  }
}

/** A person declares an item shareable although its copy is not 'stripped'. Always a custody event. */
export function overrideShareable(vault: Vault, itemId: string, reason: string): ShareableDetail {
  const copy = vault.store.shareable.latest(itemId);
  if (!copy) throw new VaultError('NOT_FOUND', 'This item has no shareable copy yet.');
  if (copy.status === 'stripped') throw new VaultError('INPUT_ERROR', 'The copy is already stripped; there is nothing to override.');
  const text = reason.trim();
  if (!text) throw new VaultError('INPUT_ERROR', 'Say why the item may be shared as it is.');
  const at = new Date().toISOString();
  vault.store.transaction(() => {
    vault.store.shareable.setOverride(copy.id, vault.operator, at, text);
    vault.log('shareable.override', { itemId, details: { status: copy.status, reason: text } });
  });
  return detailOf(vault.store.shareable.latest(itemId)!);
}

export function shareableDetail(vault: Vault, itemId: string): ShareableDetail | null {
  const row = vault.store.shareable.latest(itemId);
  return row ? detailOf(row) : null;
}

export function summaryOf(row: ShareableCopyRow): ShareableSummary {
  return {
    status: row.status,
    ...(row.sha256 ? { sha256: row.sha256 } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
  };
}

function detailOf(row: ShareableCopyRow): ShareableDetail {
  return {
    ...summaryOf(row),
    method: row.method,
    size: row.size,
    createdAt: row.createdAt,
    removed: JSON.parse(row.removedJson) as ShareableDetail['removed'],
    proof: row.proofJson ? (JSON.parse(row.proofJson) as ShareableDetail['proof']) : null,
    verification: row.verificationJson ? (JSON.parse(row.verificationJson) as ShareableDetail['verification']) : null,
    toolVersions: JSON.parse(row.toolVersionsJson) as Record<string, string>,
    override: row.overrideActor && row.overrideAt ? { actor: row.overrideActor, at: row.overrideAt, reason: row.overrideReason ?? '' } : null,
  };
}
