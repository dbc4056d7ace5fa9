/**
 * What an export does with each exhibit, decided in one place for the package and for the preview
 * the app shows before writing anything.
 */
import type { ExportPlan, PlannedExhibit } from '../../../src-shared/types/export.ts';
import type { ShareableDetail } from '../../../src-shared/types/shareable.ts';
import { getCase, listExhibits } from '../cases/case-records.ts';
import type { ShareableCopyRow } from '../db/shareable-store.ts';
import { shareableDetail } from '../shareable/make-shareable.ts';
import type { Vault } from '../vault/vault.ts';
import { signingKeyInfo } from './signing-key.ts';

export type Inclusion = {
  as: PlannedExhibit['includedAs'];
  status: string;
  /** Why it is left out, or the override's reason. */
  reason: string | null;
  copy: ShareableDetail | null;
  latest: ShareableCopyRow | null;
};

/**
 * The stripped copy when there is one; the original when a person overrode for an item without a
 * clean copy; otherwise left out, with the reason.
 */
export function inclusionOf(vault: Vault, itemId: string): Inclusion {
  const copy = shareableDetail(vault, itemId);
  const latest = vault.store.shareable.latest(itemId) ?? null;
  if (copy?.status === 'stripped' && latest?.objectId && latest.sha256) return { as: 'copy', status: copy.status, reason: null, copy, latest };
  if (copy?.override) return { as: 'original', status: copy.status, reason: copy.override.reason, copy, latest };
  const reason = copy ? (copy.reason ?? `the shareable copy is ${copy.status}`) : 'no shareable copy has been made';
  return { as: 'left-out', status: copy?.status ?? 'none', reason, copy, latest };
}

export function exportPlan(vault: Vault, caseRef: string): ExportPlan {
  const c = getCase(vault, caseRef, { exhibitLimit: 0 });
  const exhibits: PlannedExhibit[] = [];
  let bytes = 0;
  for (let offset = 0; ; offset += 500) {
    const page = listExhibits(vault, c.id, offset, 500);
    for (const x of page.rows) {
      const inclusion = inclusionOf(vault, x.itemId);
      const size = inclusion.as === 'copy' ? (inclusion.copy?.size ?? x.size) : x.size;
      if (inclusion.as !== 'left-out') bytes += size;
      exhibits.push({ label: x.label, itemId: x.itemId, name: x.name, size, includedAs: inclusion.as, shareableStatus: inclusion.status, reason: inclusion.reason });
    }
    if (exhibits.length >= page.total || page.rows.length === 0) break;
  }
  return {
    caseId: c.id,
    caseNumber: c.number,
    exhibits,
    persons: c.persons.map((p) => ({ id: p.id, pseudonym: p.pseudonym, hasIdentity: p.hasIdentity })),
    bytes,
    fingerprint: signingKeyInfo(vault).fingerprint,
  };
}
