/**
 * Cases: create, list, open, edit. Every change is a custody event appended in the same
 * transaction as the change itself. A case is named by its id ('CAS-…') or its number wherever the
 * API takes a `caseRef`.
 */
import type {
  CaseDetail,
  CasePersonView,
  CaseStatus,
  CaseSummary,
  CaseUpdate,
  DatePrecision,
  ExhibitPage,
  ExhibitView,
  IncidentView,
  NewCase,
  NoteView,
} from '../../../src-shared/types/cases.ts';
import type { CustodyEventView } from '../../../src-shared/types/items.ts';
import { CASE_STATUSES, PERSON_ROLES } from '../../../src-shared/types/cases.ts';
import type { CaseListRow, CasePatch, CaseRow, ExhibitListRow, IncidentRow, NoteRow, CasePersonRow } from '../db/case-store.ts';
import { VaultError } from '../errors/vault-error.ts';
import { toEventView } from '../items/item-views.ts';
import type { Vault } from '../vault/vault.ts';
import { checkExhibitPattern, DEFAULT_EXHIBIT_PATTERN } from './exhibit-labels.ts';
import { newCaseId } from './ids.ts';
import { oneOf, optionalDay, optionalText, requiredText } from './validate.ts';

/** The first screen of a case shows this many exhibits; the rest are paged in with listExhibits. */
export const FIRST_EXHIBIT_PAGE = 200;

/** The case named by id or number, or NOT_FOUND. */
export function resolveCase(vault: Vault, caseRef: string): CaseRow {
  const ref = typeof caseRef === 'string' ? caseRef.normalize('NFC').trim() : '';
  const cases = vault.store.cases;
  const row = (/^CAS-[0-9A-Z]{10}$/u.test(ref) ? cases.getCase(ref) : undefined) ?? cases.findCaseByNumber(ref);
  if (!row) throw new VaultError('NOT_FOUND', 'No case with that number.');
  return row;
}

export function createCase(vault: Vault, input: NewCase): CaseSummary {
  const fields = {
    number: requiredText(input.number, 'The case number', 100),
    title: requiredText(input.title, 'The case title', 500),
    forum: optionalText(input.forum, 'The forum', 500),
    jurisdiction: optionalText(input.jurisdiction, 'The jurisdiction', 200),
    status: input.status === undefined ? ('open' as CaseStatus) : oneOf(input.status, CASE_STATUSES, 'The status'),
    openedOn: optionalDay(input.openedOn, 'The opening date'),
    filedOn: optionalDay(input.filedOn, 'The filing date'),
    description: optionalText(input.description, 'The description'),
    notes: optionalText(input.notes, 'The notes'),
    exhibitPattern: checkExhibitPattern(input.exhibitPattern ?? DEFAULT_EXHIBIT_PATTERN),
  };
  const store = vault.store;
  return store.transaction(() => {
    assertNumberFree(vault, fields.number);
    const now = new Date().toISOString();
    const row: CaseRow = { id: newCaseId(), ...fields, nextExhibit: 1, createdAt: now, updatedAt: now };
    store.cases.insertCase(row);
    vault.log('case.created', { caseId: row.id, details: { number: row.number, title: row.title } });
    return toCaseSummary({ ...row, exhibitCount: 0, personCount: 0, incidentCount: 0 });
  });
}

/** All cases ordered by number (paged when asked). */
export function listCases(vault: Vault, offset = 0, limit = 10_000): { total: number; cases: CaseSummary[] } {
  checkPaging(offset, limit);
  return { total: vault.store.cases.countCases(), cases: vault.store.cases.listCases(offset, limit).map(toCaseSummary) };
}

/**
 * A case with its people, incidents, notes and tags, and the first page of its exhibits (ordered).
 * Never the protected identities of its people: only whether one is recorded.
 */
export function getCase(vault: Vault, caseRef: string, options: { exhibitOffset?: number; exhibitLimit?: number } = {}): CaseDetail {
  const c = resolveCase(vault, caseRef);
  const cases = vault.store.cases;
  const persons = cases.listCasePersons(c.id).map(toPersonView);
  const incidents = cases.listIncidents(c.id).map((r) => toIncidentView(r, cases.incidentPersonIds(r.id)));
  const counts = cases.caseCounts(c.id);
  return {
    ...toCaseSummary({ ...c, ...counts }),
    description: c.description,
    notes: c.notes,
    exhibitPattern: c.exhibitPattern,
    tags: cases.caseTags(c.id),
    exhibits: listExhibits(vault, c.id, options.exhibitOffset ?? 0, options.exhibitLimit ?? FIRST_EXHIBIT_PAGE),
    persons,
    incidents,
    caseNotes: cases.listNotes({ caseId: c.id }).map(toNoteView),
  };
}

/** One page of a case's exhibits, in order, with both hashes (original, shareable copy). */
export function listExhibits(vault: Vault, caseRef: string, offset = 0, limit = FIRST_EXHIBIT_PAGE): ExhibitPage {
  checkPaging(offset, limit);
  const c = resolveCase(vault, caseRef);
  return {
    total: vault.store.cases.countExhibits(c.id),
    offset,
    rows: vault.store.cases.listExhibits(c.id, offset, limit).map(toExhibitView),
  };
}

/** Changes the given fields. The custody event names the changed fields (and the new number or status). */
export function updateCase(vault: Vault, caseRef: string, update: CaseUpdate): CaseSummary {
  const store = vault.store;
  return store.transaction(() => {
    const c = resolveCase(vault, caseRef);
    const patch: CasePatch = {};
    if (update.number !== undefined) patch.number = requiredText(update.number, 'The case number', 100);
    if (update.title !== undefined) patch.title = requiredText(update.title, 'The case title', 500);
    if (update.forum !== undefined) patch.forum = optionalText(update.forum, 'The forum', 500);
    if (update.jurisdiction !== undefined) patch.jurisdiction = optionalText(update.jurisdiction, 'The jurisdiction', 200);
    if (update.status !== undefined) patch.status = oneOf(update.status, CASE_STATUSES, 'The status');
    if (update.openedOn !== undefined) patch.openedOn = optionalDay(update.openedOn, 'The opening date');
    if (update.filedOn !== undefined) patch.filedOn = optionalDay(update.filedOn, 'The filing date');
    if (update.description !== undefined) patch.description = optionalText(update.description, 'The description');
    if (update.notes !== undefined) patch.notes = optionalText(update.notes, 'The notes');
    if (update.exhibitPattern !== undefined) patch.exhibitPattern = checkExhibitPattern(update.exhibitPattern);
    const changed = (Object.keys(patch) as Array<keyof CasePatch>).filter((k) => patch[k] !== c[k]);
    if (changed.length === 0) return toCaseSummary({ ...c, ...store.cases.caseCounts(c.id) });
    if (patch.number !== undefined && patch.number !== c.number) {
      const other = store.cases.findCaseByNumber(patch.number);
      if (other && other.id !== c.id) throw duplicateNumber(patch.number);
    }
    const effective: CasePatch = { updatedAt: new Date().toISOString() };
    for (const k of changed) Object.assign(effective, { [k]: patch[k] });
    store.cases.updateCase(c.id, effective);
    vault.log('case.updated', {
      caseId: c.id,
      details: {
        fields: changed,
        ...(changed.includes('number') ? { number: effective.number ?? null, previousNumber: c.number } : {}),
        ...(changed.includes('status') ? { status: effective.status ?? null } : {}),
      },
    });
    const after = store.cases.getCase(c.id) as CaseRow;
    return toCaseSummary({ ...after, ...store.cases.caseCounts(c.id) });
  });
}

/** The custody events that name the case (created, links, people, incidents, …), oldest first. */
export function caseCustodyEvents(vault: Vault, caseRef: string, offset = 0, limit = 1000): CustodyEventView[] {
  checkPaging(offset, limit);
  const c = resolveCase(vault, caseRef);
  const names = new Map<string, string | undefined>();
  const nameOf = (itemId: string) => {
    if (!names.has(itemId)) names.set(itemId, vault.store.getItem(itemId)?.originalName);
    return names.get(itemId);
  };
  return vault.store.cases.listCaseEvents(c.id, offset, limit).map((row) => {
    const view = toEventView(row);
    const itemName = view.itemId ? nameOf(view.itemId) : undefined;
    return itemName === undefined ? view : { ...view, itemName };
  });
}

export function assertNumberFree(vault: Vault, number: string): void {
  if (vault.store.cases.findCaseByNumber(number)) throw duplicateNumber(number);
}

const duplicateNumber = (number: string) => new VaultError('DUPLICATE', `A case with number ${number} already exists.`);

export function checkPaging(offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw new VaultError('INPUT_ERROR', 'Offset and limit must be non-negative whole numbers.');
  }
}

export function toCaseSummary(r: CaseListRow): CaseSummary {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    forum: r.forum,
    jurisdiction: r.jurisdiction,
    status: r.status as CaseStatus,
    openedOn: r.openedOn,
    filedOn: r.filedOn,
    exhibitCount: r.exhibitCount,
    personCount: r.personCount,
    incidentCount: r.incidentCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toExhibitView(r: ExhibitListRow): ExhibitView {
  return {
    itemId: r.itemId,
    label: r.label,
    position: r.position,
    description: r.description,
    linkedAt: r.linkedAt,
    name: r.name,
    mediaType: r.mediaType,
    size: r.size,
    sha256: r.sha256,
    shareable: r.shareableStatus === null ? null : { status: r.shareableStatus, sha256: r.shareableSha256 },
    incidentIds: r.incidentIds,
    personIds: r.personIds,
  };
}

export function toPersonView(r: CasePersonRow): CasePersonView {
  const roles = PERSON_ROLES.filter((role) => r.roles.includes(role));
  return { id: r.id, pseudonym: r.pseudonym, roles, hasIdentity: r.identityRecorded };
}

export function toIncidentView(r: IncidentRow, personIds: number[]): IncidentView {
  return {
    id: r.id,
    caseId: r.caseId,
    dateText: r.dateText,
    dateStart: r.dateStart,
    dateEnd: r.dateEnd,
    precision: r.datePrecision as DatePrecision,
    place: r.place,
    latitude: r.latitude,
    longitude: r.longitude,
    description: r.description,
    personIds,
    createdAt: r.createdAt,
  };
}

export function toNoteView(r: NoteRow): NoteView {
  return { id: r.id, itemId: r.itemId, caseId: r.caseId, text: r.text, author: r.author, createdAt: r.createdAt };
}
