/** Adding items to a case as its next exhibits, skipping the ones it has already. */
import type { Result } from '../../../src-shared/result.ts';
import { invoke } from '../../api.ts';

/** The most the channel returns per page. */
const PAGE = 5000;

/** Every exhibit of the case: item id → label. */
export async function caseExhibitLabels(caseId: string): Promise<Result<Map<string, string>>> {
  const labels = new Map<string, string>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await invoke('cases:exhibits', { caseId, offset, limit: PAGE });
    if (!page.ok) return page;
    for (const row of page.value.rows) labels.set(row.itemId, row.label);
    if (page.value.rows.length < PAGE || offset + PAGE >= page.value.total) return { ok: true, value: labels };
  }
}

export interface LinkSummary {
  /** The labels given, in the order the items were linked. */
  labels: string[];
  /** Items the case had already (left where they were). */
  already: number;
}

/**
 * Links the items (in the given order, each once) that the case does not have yet. Linking is all
 * or nothing in the core, so one item already in the case would otherwise refuse the whole batch.
 */
export async function linkNewExhibits(caseId: string, itemIds: readonly string[]): Promise<Result<LinkSummary>> {
  const existing = await caseExhibitLabels(caseId);
  if (!existing.ok) return existing;
  const unique = [...new Set(itemIds)];
  const fresh = unique.filter((id) => !existing.value.has(id));
  const already = unique.length - fresh.length;
  if (fresh.length === 0) return { ok: true, value: { labels: [], already } };
  const linked = await invoke('cases:link', { caseId, itemIds: fresh });
  if (!linked.ok) return linked;
  return { ok: true, value: { labels: linked.value.map((l) => l.label), already } };
}
