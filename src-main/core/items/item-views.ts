/** Turns database rows into the views the CLI and the app show. */
import type { CustodyEventView, ItemDetail, ItemSummary } from '../../../src-shared/types/items.ts';
import type { ShareableStatus } from '../../../src-shared/types/shareable.ts';
import { shareableDetail } from '../shareable/make-shareable.ts';
import type { CustodyEventRow, ItemRow } from '../db/vault-store.ts';
import { VaultError } from '../errors/vault-error.ts';
import type { Vault } from '../vault/vault.ts';

function toSummary(vault: Vault, row: ItemRow): ItemSummary {
  return {
    id: row.id,
    name: row.originalName,
    mediaType: row.mediaType,
    size: row.size,
    sha256: row.sha256,
    ingestedAt: row.ingestedAt,
    shareableStatus: vault.store.shareable.latest(row.id)?.status ?? null,
  };
}

export function toEventView(row: CustodyEventRow): CustodyEventView {
  let details: unknown;
  try {
    details = JSON.parse(row.detailsJson);
  } catch {
    details = row.detailsJson;
  }
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, itemId: row.itemId, caseId: row.caseId, details, prevHash: row.prevHash, hash: row.hash };
}

export type ItemFilter = { shareable?: ShareableStatus | 'none' };

export function listItems(vault: Vault, offset: number, limit: number, filter: ItemFilter = {}): { total: number; items: ItemSummary[] } {
  const status = filter.shareable;
  if (status === undefined) {
    return { total: vault.store.countItems(), items: vault.store.listItems(offset, limit).map((row) => toSummary(vault, row)) };
  }
  const rows = vault.store.shareable.itemIdsWithStatus(status, offset, limit).map((id) => vault.store.getItem(id)!);
  return { total: vault.store.shareable.countWithStatus(status), items: rows.map((row) => toSummary(vault, row)) };
}

export function getItemDetail(vault: Vault, id: string): ItemDetail {
  const row = vault.store.getItem(id);
  if (!row) throw new VaultError('NOT_FOUND', 'No item with that id.');
  let metadata: Record<string, unknown>;
  try {
    metadata = JSON.parse(row.metadataJson) as Record<string, unknown>;
  } catch {
    metadata = {};
  }
  return {
    ...toSummary(vault, row),
    originalPath: row.originalPath,
    wasSymlink: row.wasSymlink,
    symlinkTarget: row.symlinkTarget,
    fileMtime: row.fileMtime,
    fileCtime: row.fileCtime,
    fileBirthtime: row.fileBirthtime,
    operator: row.operator,
    sourceNote: row.sourceNote,
    metadata,
    shareable: shareableDetail(vault, id),
    events: vault.store.listCustodyEvents({ itemId: id }).map(toEventView),
  };
}

export function custodyLog(vault: Vault): CustodyEventView[] {
  return vault.store.listCustodyEvents().map(toEventView);
}
