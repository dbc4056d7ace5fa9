/** Tags and timestamped notes on items and cases. Notes are appended, never edited. */
import { createHash } from 'node:crypto';
import type { NoteView } from '../../../src-shared/types/cases.ts';
import type { NoteRow } from '../db/case-store.ts';
import { VaultError } from '../errors/vault-error.ts';
import type { Vault } from '../vault/vault.ts';
import { resolveCase, toNoteView } from './case-records.ts';
import { requiredText, tagText } from './validate.ts';

export type NoteTarget = { itemId: string } | { caseRef: string };

/** True when the tag was added, false when the item had it already (no event then). */
export function tagItem(vault: Vault, itemId: string, tag: string): boolean {
  const t = tagText(tag);
  const store = vault.store;
  return store.transaction(() => {
    itemOrThrow(vault, itemId);
    if (!store.cases.addItemTag(itemId, t, new Date().toISOString())) return false;
    vault.log('item.tagged', { itemId, details: { tag: t } });
    return true;
  });
}

export function untagItem(vault: Vault, itemId: string, tag: string): boolean {
  const t = tagText(tag);
  const store = vault.store;
  return store.transaction(() => {
    itemOrThrow(vault, itemId);
    if (!store.cases.removeItemTag(itemId, t)) return false;
    vault.log('item.untagged', { itemId, details: { tag: t } });
    return true;
  });
}

export function itemTags(vault: Vault, itemId: string): string[] {
  itemOrThrow(vault, itemId);
  return vault.store.cases.itemTags(itemId);
}

export function tagCase(vault: Vault, caseRef: string, tag: string): boolean {
  const t = tagText(tag);
  const store = vault.store;
  return store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    if (!store.cases.addCaseTag(c.id, t, new Date().toISOString())) return false;
    vault.log('case.tagged', { caseId: c.id, details: { caseNumber: c.number, tag: t } });
    return true;
  });
}

export function untagCase(vault: Vault, caseRef: string, tag: string): boolean {
  const t = tagText(tag);
  const store = vault.store;
  return store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    if (!store.cases.removeCaseTag(c.id, t)) return false;
    vault.log('case.untagged', { caseId: c.id, details: { caseNumber: c.number, tag: t } });
    return true;
  });
}

/**
 * Appends a note, written by the vault's operator, now. The custody event carries the SHA-256 of
 * the text, so a note changed later behind the app's back no longer matches the log.
 */
export function addNote(vault: Vault, target: NoteTarget, text: string): NoteView {
  const body = requiredText(text, 'The note', 100_000);
  const store = vault.store;
  return store.transaction(() => {
    const row: Omit<NoteRow, 'id'> = { itemId: null, caseId: null, text: body, author: vault.operator, createdAt: new Date().toISOString() };
    let caseId: string | undefined;
    if ('itemId' in target) {
      itemOrThrow(vault, target.itemId);
      row.itemId = target.itemId;
    } else {
      caseId = resolveCase(vault, target.caseRef).id;
      row.caseId = caseId;
    }
    const id = store.cases.insertNote(row);
    const textSha256 = createHash('sha256').update(body, 'utf8').digest('hex');
    vault.log('note.added', { ...(row.itemId ? { itemId: row.itemId } : {}), ...(caseId ? { caseId } : {}), details: { noteId: id, textSha256 } });
    return toNoteView({ id, ...row });
  });
}

/** Notes on an item or a case, oldest first. */
export function listNotes(vault: Vault, target: NoteTarget): NoteView[] {
  if ('itemId' in target) {
    itemOrThrow(vault, target.itemId);
    return vault.store.cases.listNotes({ itemId: target.itemId }).map(toNoteView);
  }
  return vault.store.cases.listNotes({ caseId: resolveCase(vault, target.caseRef).id }).map(toNoteView);
}

function itemOrThrow(vault: Vault, itemId: string): void {
  if (typeof itemId !== 'string' || !vault.store.getItem(itemId)) throw new VaultError('NOT_FOUND', 'No item with that id.');
}
