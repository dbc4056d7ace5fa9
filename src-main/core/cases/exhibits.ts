/**
 * Items as exhibits of cases: linking (auto-numbered or explicit labels), unlinking (the item
 * stays in the vault), ordering, editing, and links from an exhibit to the case's incidents and
 * people. Labels are unique within a case (ignoring ASCII case); the case's counter only grows, so
 * a label once given is never reused for other evidence.
 */
import type { ItemCaseView } from '../../../src-shared/types/cases.ts';
import type { ExhibitRow } from '../db/case-store.ts';
import { VaultError } from '../errors/vault-error.ts';
import type { Vault } from '../vault/vault.ts';
import { resolveCase } from './case-records.ts';
import { formatExhibitLabel } from './exhibit-labels.ts';
import { optionalText, positiveId, requiredText } from './validate.ts';

export type LinkOptions = {
  /** An explicit label instead of the next one from the case's pattern (one item only). */
  label?: string;
  description?: string;
  /** What to do with an item that is already an exhibit of the case: refuse (default) or report and go on. */
  alreadyLinked?: 'fail' | 'skip';
};

export type LinkOutcome = { itemId: string; label: string; position: number; status: 'linked' | 'already_linked' };

/** Links items to a case as its next exhibits, all or none. */
export function linkItems(vault: Vault, caseRef: string, itemIds: readonly string[], options: LinkOptions = {}): LinkOutcome[] {
  const ids = [...new Set(itemIds.map((id) => (typeof id === 'string' ? id.trim() : '')))];
  if (ids.length === 0 || ids.includes('')) throw new VaultError('INPUT_ERROR', 'Name at least one item to link.');
  const explicit = options.label === undefined ? undefined : requiredText(options.label, 'The exhibit label', 60);
  if (explicit !== undefined && ids.length > 1) {
    throw new VaultError('INPUT_ERROR', 'An explicit exhibit label can be given for one item at a time.');
  }
  const description = optionalText(options.description, 'The exhibit description');
  const store = vault.store;
  return store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const cases = store.cases;
    let next = c.nextExhibit;
    let position = cases.maxExhibitPosition(c.id);
    const outcomes: LinkOutcome[] = [];
    for (const itemId of ids) {
      if (!store.getItem(itemId)) throw new VaultError('NOT_FOUND', `No item with id ${itemId}.`);
      const existing = cases.getExhibit(c.id, itemId);
      if (existing) {
        if (options.alreadyLinked === 'skip') {
          outcomes.push({ itemId, label: existing.label, position: existing.position, status: 'already_linked' });
          continue;
        }
        throw new VaultError('DUPLICATE', `Item ${itemId} is already exhibit ${existing.label} of case ${c.number}.`);
      }
      let label: string;
      if (explicit !== undefined) {
        if (cases.findExhibitByLabel(c.id, explicit)) throw duplicateLabel(explicit, c.number);
        label = explicit;
      } else {
        label = formatExhibitLabel(c.exhibitPattern, next);
        while (cases.findExhibitByLabel(c.id, label)) label = formatExhibitLabel(c.exhibitPattern, ++next);
        next += 1;
      }
      position += 1;
      cases.insertExhibit({ caseId: c.id, itemId, label, position, description, linkedAt: new Date().toISOString() });
      vault.log('item.linked', { caseId: c.id, itemId, details: { caseNumber: c.number, label, position } });
      outcomes.push({ itemId, label, position, status: 'linked' });
    }
    if (next !== c.nextExhibit) cases.updateCase(c.id, { nextExhibit: next });
    return outcomes;
  });
}

/** Removes the item from the case (and its exhibit links). The item itself stays in the vault. */
export function unlinkItem(vault: Vault, caseRef: string, itemId: string): { itemId: string; label: string } {
  const store = vault.store;
  return store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const e = exhibitOf(vault, c.id, c.number, itemId);
    store.cases.deleteExhibit(e.id);
    store.cases.shiftExhibits(c.id, e.position + 1, Number.MAX_SAFE_INTEGER, -1);
    vault.log('item.unlinked', { caseId: c.id, itemId, details: { caseNumber: c.number, label: e.label } });
    return { itemId, label: e.label };
  });
}

/** Sets the order of all the case's exhibits: `itemIds` must name each exactly once. */
export function reorderExhibits(vault: Vault, caseRef: string, itemIds: readonly string[]): void {
  const store = vault.store;
  store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const current = store.cases.exhibitItemIds(c.id);
    const wanted = new Set(itemIds);
    if (wanted.size !== itemIds.length || itemIds.length !== current.length || current.some((id) => !wanted.has(id))) {
      throw new VaultError('INPUT_ERROR', 'The new order must list every exhibit of the case exactly once.');
    }
    if (current.every((id, i) => id === itemIds[i])) return;
    itemIds.forEach((itemId, i) => {
      if (current[i] === itemId) return;
      const e = store.cases.getExhibit(c.id, itemId) as ExhibitRow;
      store.cases.setExhibitPosition(e.id, i + 1);
    });
    vault.log('exhibit.reordered', { caseId: c.id, details: { caseNumber: c.number, order: [...itemIds] } });
  });
}

/** Moves one exhibit to `toPosition` (1-based); the ones in between shift by one. */
export function moveExhibit(vault: Vault, caseRef: string, itemId: string, toPosition: number): void {
  const store = vault.store;
  store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const e = exhibitOf(vault, c.id, c.number, itemId);
    const count = store.cases.countExhibits(c.id);
    if (!Number.isSafeInteger(toPosition) || toPosition < 1 || toPosition > count) {
      throw new VaultError('INPUT_ERROR', `The position must be between 1 and ${count}.`);
    }
    if (toPosition === e.position) return;
    if (toPosition > e.position) store.cases.shiftExhibits(c.id, e.position + 1, toPosition, -1);
    else store.cases.shiftExhibits(c.id, toPosition, e.position - 1, 1);
    store.cases.setExhibitPosition(e.id, toPosition);
    vault.log('exhibit.reordered', { caseId: c.id, itemId, details: { caseNumber: c.number, label: e.label, from: e.position, to: toPosition } });
  });
}

/** Relabels an exhibit or changes its description. */
export function updateExhibit(vault: Vault, caseRef: string, itemId: string, update: { label?: string; description?: string | null }): void {
  const store = vault.store;
  store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const e = exhibitOf(vault, c.id, c.number, itemId);
    const patch: { label?: string; description?: string | null } = {};
    if (update.label !== undefined) {
      const label = requiredText(update.label, 'The exhibit label', 60);
      if (label !== e.label) {
        const other = store.cases.findExhibitByLabel(c.id, label);
        if (other && other.id !== e.id) throw duplicateLabel(label, c.number);
        patch.label = label;
      }
    }
    if (update.description !== undefined) {
      const description = optionalText(update.description, 'The exhibit description');
      if (description !== e.description) patch.description = description;
    }
    if (Object.keys(patch).length === 0) return;
    store.cases.updateExhibit(e.id, patch);
    vault.log('exhibit.updated', {
      caseId: c.id,
      itemId,
      details: {
        caseNumber: c.number,
        label: patch.label ?? e.label,
        ...(patch.label !== undefined ? { previousLabel: e.label } : {}),
        ...(patch.description !== undefined ? { descriptionChanged: true } : {}),
      },
    });
  });
}

/** Sets which of the case's incidents and people an exhibit concerns (replacing the previous links). */
export function setExhibitLinks(
  vault: Vault,
  caseRef: string,
  itemId: string,
  links: { incidentIds?: readonly number[]; personIds?: readonly number[] },
): void {
  const store = vault.store;
  store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const e = exhibitOf(vault, c.id, c.number, itemId);
    const details: Record<string, number[] | string> = { caseNumber: c.number, label: e.label };
    if (links.incidentIds !== undefined) {
      const ids = [...new Set(links.incidentIds.map((id) => positiveId(id, 'An incident id')))];
      for (const id of ids) {
        if (store.cases.getIncident(id)?.caseId !== c.id) throw new VaultError('NOT_FOUND', `No incident ${id} in case ${c.number}.`);
      }
      store.cases.setExhibitIncidents(e.id, ids);
      details['incidentIds'] = ids;
    }
    if (links.personIds !== undefined) {
      const ids = [...new Set(links.personIds.map((id) => positiveId(id, 'A person id')))];
      for (const id of ids) {
        if (!store.cases.personInCase(c.id, id)) throw new VaultError('NOT_FOUND', `No person ${id} in case ${c.number}.`);
      }
      store.cases.setExhibitPersons(e.id, ids);
      details['personIds'] = ids;
    }
    vault.log('exhibit.updated', { caseId: c.id, itemId, details });
  });
}

/** The cases an item is an exhibit of, with its label in each (for the item page). */
export function itemCases(vault: Vault, itemId: string): ItemCaseView[] {
  if (!vault.store.getItem(itemId)) throw new VaultError('NOT_FOUND', 'No item with that id.');
  return vault.store.cases.casesForItem(itemId);
}

function exhibitOf(vault: Vault, caseId: string, caseNumber: string, itemId: string): ExhibitRow {
  const e = vault.store.cases.getExhibit(caseId, typeof itemId === 'string' ? itemId.trim() : '');
  if (!e) throw new VaultError('NOT_FOUND', `Item ${itemId} is not an exhibit of case ${caseNumber}.`);
  return e;
}

const duplicateLabel = (label: string, caseNumber: string) =>
  new VaultError('DUPLICATE', `Exhibit label ${label} is already used in case ${caseNumber}.`);
