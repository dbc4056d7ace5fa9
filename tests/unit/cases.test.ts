/**
 * Case records (issue #5) against a real SQLCipher vault with items ingested through the real
 * ingest (and real exiftool): uniqueness, exhibit numbering, pseudonym-by-default and the logged
 * reveal, unlinking that keeps items, ordering, and search in Latin and Cyrillic.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addIncident,
  addNote,
  addPerson,
  auditVault,
  caseCustodyEvents,
  createCase,
  custodyLog,
  getCase,
  getItemDetail,
  ingestPaths,
  itemCases,
  itemTags,
  linkIncidentPersons,
  linkItems,
  linkPerson,
  listCases,
  listExhibits,
  listNotes,
  moveExhibit,
  reorderExhibits,
  revealIdentity,
  search,
  setExhibitLinks,
  setIdentity,
  tagCase,
  tagItem,
  unlinkItem,
  untagItem,
  updateCase,
  updateExhibit,
  VaultError,
} from '../../src-main/core/index.ts';
import type { Vault } from '../../src-main/core/index.ts';
import { verifyChain } from '../../src-main/core/custody/custody-log.ts';
import { parseIncidentDate } from '../../src-main/core/cases/incident-dates.ts';
import { toFtsQuery } from '../../src-main/core/cases/search-query.ts';
import { formatExhibitLabel } from '../../src-main/core/cases/exhibit-labels.ts';
import { makeSnippet, queryTokens } from '../../src-main/core/cases/snippet.ts';
import { tempVaults } from '../helpers/temp-vault.ts';

const temp = tempVaults();
let vault: Vault;
/** Item ids by file name. */
const ids: Record<string, string> = {};

const REAL_NAME = 'Ruslan Protectedovich';
const CONTACTS = '+7 928 555 01 99, Grozny, ul. Markerstreet 5';
const IDENTITY_NOTES = 'Moved to a safe house in 2019';

function expectVaultError(fn: () => unknown, code: string, message?: RegExp | string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'expected a VaultError').toBeInstanceOf(VaultError);
  expect((thrown as VaultError).code).toBe(code);
  if (message !== undefined) {
    if (typeof message === 'string') expect((thrown as VaultError).message).toBe(message);
    else expect((thrown as VaultError).message).toMatch(message);
  }
}

const lastEvent = () => custodyLog(vault).at(-1)!;
const actions = () => custodyLog(vault).map((e) => e.action);

beforeAll(async () => {
  const tv = await temp.vault();
  vault = tv.vault;
  const src = await temp.dir('ev-cases-src-');
  const photo = path.join(src, 'IMG_0412.jpg');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=red:s=32x32', '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', photo]);
  execFileSync('exiftool', ['-q', '-overwrite_original', '-Make=Canon', '-Model=Canon EOS 5D Mark IV', '-Software=Adobe Lightroom Classic', '-Artist=Фотограф Правозащитник', photo]);
  await fs.writeFile(path.join(src, 'Показания Свидетеля.txt'), 'Показания свидетеля о задержании\n');
  await fs.writeFile(path.join(src, 'statement one.txt'), 'Statement of witness W-1\n');
  await fs.writeFile(path.join(src, 'medical report.txt'), 'Medical report, 21 July 2018\n');
  await fs.writeFile(path.join(src, 'map.txt'), 'Map of the district\n');
  for (let i = 1; i <= 5; i++) await fs.writeFile(path.join(src, `photo-${i}.txt`), `frame ${i}\n`);
  const outcomes = await ingestPaths(vault, [src], { sourceNote: 'handed over by the family' });
  for (const o of outcomes) {
    expect(o.status).toBe('ingested');
    ids[path.basename(o.path)] = o.id!;
  }
}, 60_000);

afterAll(() => temp.cleanup());

describe('cases', () => {
  it('creates a case, lists it and logs the creation; case numbers are unique regardless of case', () => {
    const c = createCase(vault, { number: 'RLN-2018-014', title: 'Detention of journalists', forum: 'European Court of Human Rights', jurisdiction: 'Russia' });
    expect(c).toMatchObject({ number: 'RLN-2018-014', status: 'open', exhibitCount: 0, personCount: 0, incidentCount: 0 });
    expect(c.id).toMatch(/^CAS-[0-9A-Z]{10}$/);
    expect(lastEvent()).toMatchObject({ action: 'case.created', caseId: c.id, details: { number: 'RLN-2018-014' } });

    expectVaultError(() => createCase(vault, { number: 'RLN-2018-014', title: 'Again' }), 'DUPLICATE', 'A case with number RLN-2018-014 already exists.');
    expectVaultError(() => createCase(vault, { number: ' rln-2018-014 ', title: 'Again' }), 'DUPLICATE');
    expectVaultError(() => createCase(vault, { number: 'X-1', title: '   ' }), 'INPUT_ERROR', 'The case title must not be empty.');
    expectVaultError(() => createCase(vault, { number: 'X-1', title: 'T', status: 'archived' as never }), 'INPUT_ERROR');
    expectVaultError(() => createCase(vault, { number: 'X-1', title: 'T', openedOn: '2018-02-30' }), 'INPUT_ERROR');
    expectVaultError(() => createCase(vault, { number: 'X-1', title: 'T', exhibitPattern: 'EX-' }), 'INPUT_ERROR');

    const listed = listCases(vault).cases.find((x) => x.id === c.id);
    expect(listed).toEqual(c);
    expect(getCase(vault, 'rln-2018-014').id).toBe(c.id);
    expect(getCase(vault, c.id).number).toBe('RLN-2018-014');
    expectVaultError(() => getCase(vault, 'NOPE-1'), 'NOT_FOUND');
  });

  it('updates fields, refuses a taken number and logs what changed', () => {
    const a = createCase(vault, { number: 'UPD-1', title: 'First' });
    createCase(vault, { number: 'UPD-2', title: 'Second' });
    expectVaultError(() => updateCase(vault, a.id, { number: 'upd-2' }), 'DUPLICATE', 'A case with number upd-2 already exists.');
    const updated = updateCase(vault, 'UPD-1', { status: 'filed', filedOn: '2019-03-01', description: 'Application lodged', number: 'UPD-1A' });
    expect(updated).toMatchObject({ number: 'UPD-1A', status: 'filed', filedOn: '2019-03-01' });
    expect(lastEvent()).toMatchObject({
      action: 'case.updated',
      caseId: a.id,
      details: { fields: ['number', 'status', 'filedOn', 'description'], number: 'UPD-1A', previousNumber: 'UPD-1', status: 'filed' },
    });
    const before = custodyLog(vault).length;
    updateCase(vault, a.id, { status: 'filed' });
    expect(custodyLog(vault).length).toBe(before); // nothing changed, nothing logged
    expect(getCase(vault, 'UPD-1A').description).toBe('Application lodged');
  });
});

describe('exhibits', () => {
  it('numbers exhibits from the case pattern, takes explicit labels, and refuses duplicates', () => {
    const c = createCase(vault, { number: 'EXH-1', title: 'Exhibits' });
    const linked = linkItems(vault, c.id, [ids['IMG_0412.jpg']!, ids['statement one.txt']!]);
    expect(linked.map((l) => [l.label, l.position, l.status])).toEqual([
      ['EX-001', 1, 'linked'],
      ['EX-002', 2, 'linked'],
    ]);
    expect(lastEvent()).toMatchObject({ action: 'item.linked', caseId: c.id, itemId: ids['statement one.txt'], details: { label: 'EX-002', position: 2 } });

    expect(linkItems(vault, c.number, [ids['map.txt']!], { label: 'EX-004', description: 'Map drawn by W-1' })[0]).toMatchObject({ label: 'EX-004', position: 3 });
    expectVaultError(
      () => linkItems(vault, c.number, [ids['medical report.txt']!], { label: 'ex-004' }),
      'DUPLICATE',
      'Exhibit label ex-004 is already used in case EXH-1.',
    );
    expectVaultError(
      () => linkItems(vault, c.number, [ids['IMG_0412.jpg']!]),
      'DUPLICATE',
      `Item ${ids['IMG_0412.jpg']} is already exhibit EX-001 of case EXH-1.`,
    );
    expectVaultError(() => linkItems(vault, c.number, [ids['photo-1.txt']!, ids['photo-2.txt']!], { label: 'X' }), 'INPUT_ERROR');
    // All or nothing: an unknown item stops the whole batch.
    expectVaultError(() => linkItems(vault, c.number, [ids['photo-1.txt']!, 'ITM-0000000000']), 'NOT_FOUND');
    expect(getCase(vault, c.id).exhibitCount).toBe(3);

    // Auto-numbering goes on after the counter and steps over the explicit EX-004.
    expect(linkItems(vault, c.number, [ids['medical report.txt']!, ids['photo-1.txt']!]).map((l) => l.label)).toEqual(['EX-003', 'EX-005']);
    const skip = linkItems(vault, c.number, [ids['photo-1.txt']!, ids['photo-2.txt']!], { alreadyLinked: 'skip' });
    expect(skip.map((l) => [l.label, l.status])).toEqual([
      ['EX-005', 'already_linked'],
      ['EX-006', 'linked'],
    ]);

    // The same item serves another case under that case's own pattern.
    const other = createCase(vault, { number: 'EXH-2', title: 'Other', exhibitPattern: 'Annex {n}' });
    expect(linkItems(vault, other.id, [ids['IMG_0412.jpg']!])[0]!.label).toBe('Annex 1');
    expect(itemCases(vault, ids['IMG_0412.jpg']!).map((x) => [x.number, x.label])).toEqual([
      ['EXH-1', 'EX-001'],
      ['EXH-2', 'Annex 1'],
    ]);
    expect(formatExhibitLabel('EX-{n:03}', 1234)).toBe('EX-1234');
  });

  it('shows exhibits in order with both hashes, in pages', () => {
    const page = getCase(vault, 'EXH-1').exhibits;
    expect(page.total).toBe(6);
    expect(page.rows.map((r) => r.label)).toEqual(['EX-001', 'EX-002', 'EX-004', 'EX-003', 'EX-005', 'EX-006']);
    const first = page.rows[0]!;
    expect(first).toMatchObject({ itemId: ids['IMG_0412.jpg'], name: 'IMG_0412.jpg', mediaType: 'image/jpeg' });
    if (first.shareable !== null) expect(first.shareable.status).toMatch(/^(stripped|unsupported|failed)$/);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(page.rows[2]!.description).toBe('Map drawn by W-1');
    expect(listExhibits(vault, 'EXH-1', 4, 10).rows.map((r) => r.label)).toEqual(['EX-005', 'EX-006']);
    expect(getCase(vault, 'EXH-1', { exhibitLimit: 2 }).exhibits.rows).toHaveLength(2);
  });

  it('unlinking removes the exhibit and closes the gap but keeps the item; labels are not reused', () => {
    const itemId = ids['statement one.txt']!;
    expect(unlinkItem(vault, 'EXH-1', itemId)).toEqual({ itemId, label: 'EX-002' });
    expect(lastEvent()).toMatchObject({ action: 'item.unlinked', itemId, details: { caseNumber: 'EXH-1', label: 'EX-002' } });
    expect(getItemDetail(vault, itemId).name).toBe('statement one.txt');
    expect(vault.store.getItem(itemId)).toBeDefined();
    const rows = getCase(vault, 'EXH-1').exhibits.rows;
    expect(rows.map((r) => [r.label, r.position])).toEqual([
      ['EX-001', 1],
      ['EX-004', 2],
      ['EX-003', 3],
      ['EX-005', 4],
      ['EX-006', 5],
    ]);
    expectVaultError(() => unlinkItem(vault, 'EXH-1', itemId), 'NOT_FOUND');
    expect(linkItems(vault, 'EXH-1', [itemId])[0]).toMatchObject({ label: 'EX-007', position: 6 });
  });

  it('reorders all exhibits or moves one, and logs it', () => {
    const before = getCase(vault, 'EXH-1').exhibits.rows.map((r) => r.itemId);
    const reversed = [...before].reverse();
    reorderExhibits(vault, 'EXH-1', reversed);
    expect(getCase(vault, 'EXH-1').exhibits.rows.map((r) => r.itemId)).toEqual(reversed);
    expect(lastEvent()).toMatchObject({ action: 'exhibit.reordered', details: { order: reversed } });
    expectVaultError(() => reorderExhibits(vault, 'EXH-1', reversed.slice(1)), 'INPUT_ERROR');
    expectVaultError(() => reorderExhibits(vault, 'EXH-1', [...reversed.slice(1), reversed[1]!]), 'INPUT_ERROR');

    moveExhibit(vault, 'EXH-1', reversed[0]!, 3);
    const moved = getCase(vault, 'EXH-1').exhibits.rows;
    expect(moved.map((r) => r.itemId)).toEqual([reversed[1], reversed[2], reversed[0], ...reversed.slice(3)]);
    expect(moved.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lastEvent()).toMatchObject({ action: 'exhibit.reordered', itemId: reversed[0], details: { from: 1, to: 3 } });
    moveExhibit(vault, 'EXH-1', reversed[5]!, 1);
    expect(getCase(vault, 'EXH-1').exhibits.rows[0]!.itemId).toBe(reversed[5]);
    expectVaultError(() => moveExhibit(vault, 'EXH-1', reversed[0]!, 99), 'INPUT_ERROR');
  });

  it('relabels exhibits and links them to the case’s incidents and people', () => {
    const itemId = ids['IMG_0412.jpg']!;
    expectVaultError(() => updateExhibit(vault, 'EXH-1', itemId, { label: 'EX-004' }), 'DUPLICATE');
    updateExhibit(vault, 'EXH-1', itemId, { label: 'EX-001a', description: 'Photo of the gate' });
    expect(lastEvent()).toMatchObject({ action: 'exhibit.updated', details: { label: 'EX-001a', previousLabel: 'EX-001', descriptionChanged: true } });

    const person = addPerson(vault, 'EXH-1', { pseudonym: 'W-9', role: 'witness' });
    const incident = addIncident(vault, 'EXH-1', { date: '2018-07-20', description: 'Arrest at the gate' });
    const foreign = addIncident(vault, 'EXH-2', { date: '2019' });
    expectVaultError(() => setExhibitLinks(vault, 'EXH-1', itemId, { incidentIds: [foreign.id] }), 'NOT_FOUND');
    setExhibitLinks(vault, 'EXH-1', itemId, { incidentIds: [incident.id], personIds: [person.id] });
    const row = getCase(vault, 'EXH-1').exhibits.rows.find((r) => r.itemId === itemId)!;
    expect(row).toMatchObject({ label: 'EX-001a', description: 'Photo of the gate', incidentIds: [incident.id], personIds: [person.id] });
  });
});

describe('people: pseudonym by default', () => {
  let caseId: string;
  let personId: number;

  beforeAll(() => {
    caseId = createCase(vault, { number: 'PPL-1', title: 'Torture in custody' }).id;
    linkItems(vault, caseId, [ids['Показания Свидетеля.txt']!]);
  });

  it('adds a person under a pseudonym with a protected identity that no view, list, search or log shows', () => {
    const p = addPerson(vault, caseId, {
      pseudonym: 'Свидетель W-1',
      role: 'witness',
      identity: { realName: REAL_NAME, contacts: CONTACTS, notes: IDENTITY_NOTES },
    });
    personId = p.id;
    expect(p).toEqual({ id: p.id, pseudonym: 'Свидетель W-1', roles: ['witness'], hasIdentity: true });
    expect(lastEvent()).toMatchObject({ action: 'person.added', caseId, details: { personId: p.id, role: 'witness', identityRecorded: true } });
    linkPerson(vault, caseId, p.id, 'victim');
    expectVaultError(() => linkPerson(vault, caseId, p.id, 'victim'), 'DUPLICATE');
    expectVaultError(() => addPerson(vault, caseId, { pseudonym: ' ', role: 'witness' }), 'INPUT_ERROR', 'The pseudonym must not be empty.');
    expectVaultError(() => addPerson(vault, caseId, { pseudonym: 'X', role: 'suspect' as never }), 'INPUT_ERROR');

    const seen = JSON.stringify([
      getCase(vault, caseId),
      listCases(vault),
      caseCustodyEvents(vault, caseId),
      custodyLog(vault),
      search(vault, 'свид*'),
      search(vault, 'W-1'),
    ]);
    for (const secret of ['Ruslan', 'Protectedovich', 'Markerstreet', '555 01 99', 'safe house']) expect(seen).not.toContain(secret);
    for (const q of ['Ruslan', 'Protectedovich', 'Markerstreet', 'safe']) {
      const r = search(vault, q);
      expect(Object.values(r.groups).flat(), q).toEqual([]);
    }
    const persons = getCase(vault, caseId).persons;
    expect(persons).toEqual([{ id: p.id, pseudonym: 'Свидетель W-1', roles: ['victim', 'witness'], hasIdentity: true }]);
  });

  it('reveals the identity only on request, and logs the reveal without its content', () => {
    const before = custodyLog(vault).length;
    const revealed = revealIdentity(vault, personId, { reason: 'preparing the witness statement' });
    expect(revealed).toEqual({ personId, pseudonym: 'Свидетель W-1', recorded: true, realName: REAL_NAME, contacts: CONTACTS, notes: IDENTITY_NOTES });
    const events = custodyLog(vault);
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)).toMatchObject({
      action: 'person.identity_revealed',
      actor: 'Test Operator',
      details: { personId, recorded: true, reason: 'preparing the witness statement' },
    });
    expect(JSON.stringify(events.at(-1))).not.toContain('Protectedovich');

    const bare = addPerson(vault, caseId, { pseudonym: 'W-2', role: 'complainant' });
    expect(bare.hasIdentity).toBe(false);
    expect(revealIdentity(vault, bare.id)).toMatchObject({ recorded: false, realName: null });
    expect(lastEvent()).toMatchObject({ action: 'person.identity_revealed', details: { personId: bare.id, recorded: false } });
    setIdentity(vault, bare.id, { realName: 'Another Hiddenname' });
    expect(lastEvent()).toMatchObject({ action: 'person.identity_set', details: { personId: bare.id } });
    expect(JSON.stringify(lastEvent())).not.toContain('Hiddenname');
    expect(getCase(vault, caseId).persons.find((x) => x.id === bare.id)!.hasIdentity).toBe(true);
    expectVaultError(() => revealIdentity(vault, 9999), 'NOT_FOUND');
  });
});

describe('incidents', () => {
  it('parses dates with their precision, keeps the text as written, and checks people belong to the case', () => {
    expect(parseIncidentDate('2017-03')).toEqual({ dateText: '2017-03', dateStart: '2017-03-01', dateEnd: '2017-03-31', precision: 'month' });
    expect(parseIncidentDate('around 2018-07-20')).toEqual({ dateText: 'around 2018-07-20', dateStart: '2018-07-20', dateEnd: '2018-07-20', precision: 'approximate' });
    expect(parseIncidentDate('2016')).toMatchObject({ dateStart: '2016-01-01', dateEnd: '2016-12-31', precision: 'year' });
    expect(parseIncidentDate('2016-02')).toMatchObject({ dateEnd: '2016-02-29' });
    expect(parseIncidentDate('20.07.2018')).toMatchObject({ dateStart: '2018-07-20', precision: 'day' });
    expect(parseIncidentDate('около 07.2018')).toMatchObject({ dateStart: '2018-07-01', dateEnd: '2018-07-31', precision: 'approximate' });
    expect(parseIncidentDate('2017-03-01/2017-03-05')).toMatchObject({ dateStart: '2017-03-01', dateEnd: '2017-03-05', precision: 'day' });
    expect(parseIncidentDate('2017-03 .. 2018')).toMatchObject({ dateStart: '2017-03-01', dateEnd: '2018-12-31', precision: 'year' });
    expect(parseIncidentDate('2018-07?')).toMatchObject({ precision: 'approximate' });
    for (const bad of ['yesterday', '2018-13', '2018-02-30', '2019/2018', '2018-07-20/2018-07-01', '1/2/3', '']) {
      expect(() => parseIncidentDate(bad), bad).toThrow(VaultError);
    }

    const c = createCase(vault, { number: 'INC-1', title: 'Incidents' });
    const w = addPerson(vault, c.id, { pseudonym: 'W-3', role: 'witness' });
    const outsider = addPerson(vault, 'PPL-1', { pseudonym: 'W-4', role: 'witness' });
    const x = addIncident(vault, c.id, { date: 'around 2018-07-20', place: 'Грозный, у рынка', latitude: 43.3178, longitude: 45.6949, description: 'Задержание двух журналистов', personIds: [w.id] });
    expect(x).toMatchObject({ dateText: 'around 2018-07-20', precision: 'approximate', place: 'Грозный, у рынка', personIds: [w.id] });
    expect(lastEvent()).toMatchObject({ action: 'incident.added', caseId: c.id, details: { incidentId: x.id, date: 'around 2018-07-20' } });
    expectVaultError(() => addIncident(vault, c.id, { date: '2018', personIds: [outsider.id] }), 'NOT_FOUND');
    expectVaultError(() => addIncident(vault, c.id, { date: 'last summer' }), 'INPUT_ERROR');
    expectVaultError(() => addIncident(vault, c.id, { date: '2018', latitude: 43 }), 'INPUT_ERROR');
    addIncident(vault, c.id, { date: '2017-03', description: 'Earlier threats' });
    expect(getCase(vault, c.id).incidents.map((i) => i.dateText)).toEqual(['2017-03', 'around 2018-07-20']);
    const w2 = addPerson(vault, c.id, { pseudonym: 'W-5', role: 'victim' });
    expect(linkIncidentPersons(vault, x.id, [w2.id]).personIds).toEqual([w.id, w2.id]);
    expect(lastEvent().action).toBe('incident.updated');
  });
});

describe('tags and notes', () => {
  it('tags items and cases once, untags, and appends notes whose hash is in the log', () => {
    const itemId = ids['medical report.txt']!;
    expect(tagItem(vault, itemId, '  medical   evidence ')).toBe(true);
    expect(lastEvent()).toMatchObject({ action: 'item.tagged', itemId, details: { tag: 'medical evidence' } });
    const count = custodyLog(vault).length;
    expect(tagItem(vault, itemId, 'medical evidence')).toBe(false);
    expect(custodyLog(vault).length).toBe(count);
    tagItem(vault, itemId, 'пытки');
    expect(itemTags(vault, itemId)).toEqual(['medical evidence', 'пытки']);
    expect(untagItem(vault, itemId, 'medical evidence')).toBe(true);
    expect(lastEvent().action).toBe('item.untagged');
    expect(itemTags(vault, itemId)).toEqual(['пытки']);
    expectVaultError(() => tagItem(vault, itemId, ' '), 'INPUT_ERROR');
    expectVaultError(() => tagItem(vault, 'ITM-0000000000', 'x'), 'NOT_FOUND');
    expect(tagCase(vault, 'PPL-1', 'приоритет')).toBe(true);
    expect(getCase(vault, 'PPL-1').tags).toEqual(['приоритет']);

    const note = addNote(vault, { itemId }, 'Врач подтвердил следы побоев');
    expect(note).toMatchObject({ itemId, caseId: null, author: 'Test Operator' });
    const sha = createHash('sha256').update('Врач подтвердил следы побоев', 'utf8').digest('hex');
    expect(lastEvent()).toMatchObject({ action: 'note.added', itemId, details: { noteId: note.id, textSha256: sha } });
    addNote(vault, { caseRef: 'PPL-1' }, 'Call counsel about the hearing date');
    expect(listNotes(vault, { itemId }).map((n) => n.text)).toEqual(['Врач подтвердил следы побоев']);
    expect(getCase(vault, 'PPL-1').caseNotes.map((n) => n.text)).toEqual(['Call counsel about the hearing date']);
    expectVaultError(() => addNote(vault, { caseRef: 'PPL-1' }, '\n '), 'INPUT_ERROR');
  });
});

describe('search', () => {
  const titles = (q: string, filters = {}) => {
    const r = search(vault, q, filters);
    return Object.fromEntries(Object.entries(r.groups).filter(([, hits]) => hits.length > 0).map(([k, hits]) => [k, hits.map((h) => h.title)]));
  };

  it('finds Cyrillic text by prefix and regardless of case', () => {
    expect(titles('свид*')).toEqual({ person: ['Свидетель W-1'], item: ['Показания Свидетеля.txt'] });
    expect(titles('свидетель')).toEqual({ person: ['Свидетель W-1'] });
    expect(titles('СВИДЕТЕЛЬ')).toEqual({ person: ['Свидетель W-1'] });
    expect(titles('Свидетель')).toEqual(titles('свидетель'));
    expect(titles('показания свид*')).toEqual({ item: ['Показания Свидетеля.txt'] });
    expect(titles('задерж*')).toEqual({ incident: ['around 2018-07-20 · Грозный, у рынка'] });
    expect(titles('грозный')).toEqual({ incident: ['around 2018-07-20 · Грозный, у рынка'] });
    expect(titles('побоев')).toEqual({ note: ['Врач подтвердил следы побоев'] });
    expect(titles('пытки')).toEqual({ item: ['medical report.txt'] });
    expect(titles('приоритет')).toEqual({ case: ['PPL-1 — Torture in custody'] });
  });

  it('finds Latin text: case fields, item names, source notes, notes, with prefixes', () => {
    expect(titles('detent*')).toEqual({ case: ['RLN-2018-014 — Detention of journalists'] });
    expect(titles('rln-2018*')).toEqual({ case: ['RLN-2018-014 — Detention of journalists'] });
    expect(titles('european court')).toEqual({ case: ['RLN-2018-014 — Detention of journalists'] });
    expect(titles('MEDICAL')).toEqual({ item: ['medical report.txt'] });
    expect(titles('counsel')).toEqual({ note: ['Call counsel about the hearing date'] });
    expect(search(vault, 'handed family').groups.item).toHaveLength(Object.keys(ids).length);
  });

  it('searches the values of extracted metadata (camera model, software), not the keys', () => {
    const item = getItemDetail(vault, ids['IMG_0412.jpg']!);
    expect(item.metadata['IFD0:Model']).toBe('Canon EOS 5D Mark IV');
    expect(titles('canon eos')).toEqual({ item: ['IMG_0412.jpg'] });
    expect(titles('5d mark')).toEqual({ item: ['IMG_0412.jpg'] });
    expect(titles('lightroom')).toEqual({ item: ['IMG_0412.jpg'] });
    expect(titles('правозащит*')).toEqual({ item: ['IMG_0412.jpg'] });
    expect(titles('Software')).toEqual({});
    expect(titles('IFD0')).toEqual({});
  });

  it('returns snippets with the matched words marked, and the cases each hit belongs to', () => {
    const hit = search(vault, 'свид*').groups.item[0]!;
    expect(hit.id).toBe(ids['Показания Свидетеля.txt']);
    expect(hit.highlights.map(([a, b]) => hit.snippet.slice(a, b))).toEqual(['Свидетеля']);
    expect(hit.cases.map((c) => c.number)).toEqual(['PPL-1']);
    const person = search(vault, 'свидетель').groups.person[0]!;
    expect(person.cases.map((c) => c.number)).toEqual(['PPL-1']);
    const note = search(vault, 'побоев').groups.note[0]!;
    expect(note.itemId).toBe(ids['medical report.txt']);
  });

  it('filters by case, kind, media type, tag, date range and shareable status', () => {
    const everything = 'handed family';
    expect(search(vault, everything, { caseNumber: 'PPL-1' }).groups.item.map((h) => h.title)).toEqual(['Показания Свидетеля.txt']);
    expect(titles('свид*', { caseNumber: 'EXH-1' })).toEqual({});
    expect(titles('свид*', { kinds: ['person'] })).toEqual({ person: ['Свидетель W-1'] });
    expect(search(vault, everything, { mediaType: 'image' }).groups.item.map((h) => h.title)).toEqual(['IMG_0412.jpg']);
    expect(search(vault, everything, { mediaType: 'image/jpeg' }).groups.item.map((h) => h.title)).toEqual(['IMG_0412.jpg']);
    expect(search(vault, everything, { mediaType: 'image/png' }).groups.item).toEqual([]);
    expect(titles('свид*', { mediaType: 'text/plain' })).toEqual({ item: ['Показания Свидетеля.txt'] });
    expect(search(vault, everything, { tag: 'пытки' }).groups.item.map((h) => h.title)).toEqual(['medical report.txt']);
    expect(titles('приоритет', { tag: 'приоритет' })).toEqual({ case: ['PPL-1 — Torture in custody'] });
    const today = new Date().toISOString().slice(0, 10);
    // Each item has exactly one status: its newest shareable copy's, or 'none'.
    const byStatus = (['none', 'stripped', 'unsupported', 'failed'] as const).map((s) => search(vault, everything, { shareableStatus: s }).groups.item.length);
    expect(byStatus.reduce((a, b) => a + b)).toBe(Object.keys(ids).length);
    expect(titles('задерж*', { from: '2018-07', to: '2018-07' })).toEqual({ incident: ['around 2018-07-20 · Грозный, у рынка'] });
    expect(titles('задерж*', { from: '2019' })).toEqual({});
    expect(titles('threats', { to: '2017' })).toEqual({ incident: ['2017-03'] });
    expect(titles('побоев', { from: today, to: today })).toEqual({ note: ['Врач подтвердил следы побоев'] });
    expect(titles('побоев', { to: '2000' })).toEqual({});
    expectVaultError(() => search(vault, 'x', { caseNumber: 'NOPE' }), 'NOT_FOUND');
    expectVaultError(() => search(vault, 'x', { from: 'soon' }), 'INPUT_ERROR');
    expectVaultError(() => search(vault, 'x', { mediaType: 'image/ jpeg' }), 'INPUT_ERROR');
    expectVaultError(() => search(vault, 'x', { shareableStatus: 'clean' as never }), 'INPUT_ERROR');
  });

  it('makes snippets around the best window of matches, folding case and Latin diacritics like the index', () => {
    const body = `${'lorem '.repeat(30)}the Café near the Gate where Свидетели waited ${'ipsum '.repeat(30)}`.trim();
    const { snippet, highlights } = makeSnippet({ title: 'Untitled', body, tags: '', meta: '' }, queryTokens(['cafe', 'свидетел*']));
    expect(snippet.startsWith('…') && snippet.endsWith('…')).toBe(true);
    expect(highlights.map(([a, b]) => snippet.slice(a, b))).toEqual(['Café', 'Свидетели']);
    expect(snippet.split(' ').length).toBeLessThanOrEqual(13);
    const title = makeSnippet({ title: 'RLN-2018-014 Detention', body: 'x', tags: '', meta: '' }, queryTokens(['rln-2018*']));
    expect(title).toEqual({ snippet: 'RLN-2018-014 Detention', highlights: [[0, 3], [4, 8]] });
    // й is not folded to и by the index either.
    expect(makeSnippet({ title: 'Йошкар-Ола', body: '', tags: '', meta: '' }, queryTokens(['иошкар'])).highlights).toEqual([]);
  });

  it('lists the newest matches when a word is in most of the vault, and says there are more', () => {
    const caseId = createCase(vault, { number: 'BROAD-1', title: 'Broad' }).id;
    const now = new Date().toISOString();
    vault.store.transaction(() => {
      for (let i = 0; i < 20_050; i++) vault.store.cases.insertNote({ itemId: null, caseId, text: `commonword entry ${i}`, author: 'x', createdAt: now });
    });
    const r = search(vault, 'commonword', {}, { limitPerKind: 5 });
    expect(r.groups.note.map((h) => h.title)).toEqual([20_049, 20_048, 20_047, 20_046, 20_045].map((i) => `commonword entry ${i}`));
    expect(r.more.note).toBe(true);
    expect(search(vault, 'commonword 17', { caseNumber: 'BROAD-1' }).groups.note.map((h) => h.title)).toEqual(['commonword entry 17']);
  });

  it('caps hits per kind and says there are more', () => {
    const r = search(vault, 'handed', {}, { limitPerKind: 3 });
    expect(r.groups.item).toHaveLength(3);
    expect(r.more.item).toBe(true);
    expect(r.more.case).toBe(false);
  });

  it('never throws on hostile or malformed queries', () => {
    const hostile = [
      '"',
      '""',
      '"unterminated',
      '*',
      '***',
      'свид**',
      'AND',
      'OR NOT',
      'a AND',
      'NOT x',
      'NEAR(a b)',
      'NEAR(a b, 2',
      'title:x',
      '{title body}: x',
      '-x',
      '+',
      '^start',
      '(',
      ')',
      '((a OR b)',
      "'; DROP TABLE items; --",
      'a"b"c',
      '\u0000',
      '\u0002\u0003',
      'x\u0000y',
      '   ',
      '',
      '🙂',
      'é*',
      'a'.repeat(5000),
      Array.from({ length: 200 }, (_, i) => `w${i}*`).join(' '),
      '\\',
      '[a-z]',
      'rank:1',
      'rowid=1',
    ];
    for (const q of hostile) {
      expect(() => search(vault, q), JSON.stringify(q.slice(0, 40))).not.toThrow();
    }
    // Fuzz: random strings over FTS5's special characters and words.
    const alphabet = ['"', '*', '(', ')', ':', '^', '-', '+', '{', '}', ',', ' ', 'AND', 'OR', 'NOT', 'NEAR', 'свид', 'a', '\t', "'"];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 500; i++) {
      const q = Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
      expect(() => search(vault, q), JSON.stringify(q)).not.toThrow();
    }
    expect(toFtsQuery('AND OR')).toEqual({ match: '"AND" "OR"', terms: ['AND', 'OR'] });
    expect(toFtsQuery('свид* "x"')).toEqual({ match: '"свид"* """x"""', terms: ['свид*', '"x"'] });
    expect(toFtsQuery('ёлка')!.match).toBe('"елка"');
    expect(toFtsQuery('* " ()')).toBeUndefined();
    expect(search(vault, '* ()').query).toBe('');
  });
});

describe('the record of all this', () => {
  it('logged every change and the custody chain still verifies; the audit is clean', async () => {
    const seen = new Set(actions());
    for (const a of [
      'case.created',
      'case.updated',
      'case.tagged',
      'item.linked',
      'item.unlinked',
      'exhibit.reordered',
      'exhibit.updated',
      'person.added',
      'person.linked',
      'person.identity_set',
      'person.identity_revealed',
      'incident.added',
      'incident.updated',
      'item.tagged',
      'item.untagged',
      'note.added',
    ]) {
      expect(seen, a).toContain(a);
    }
    expect(verifyChain(vault.store)).toMatchObject({ ok: true });
    const report = await auditVault(vault);
    expect(report.ok).toBe(true);
    vault.store.cases.checkSearchIndex();
  });

  it('refuses everything once the vault is locked', async () => {
    const tv = await temp.vault();
    createCase(tv.vault, { number: 'L-1', title: 'Locked' });
    tv.vault.lock();
    expectVaultError(() => listCases(tv.vault), 'VAULT_LOCKED');
    expectVaultError(() => search(tv.vault, 'x'), 'VAULT_LOCKED');
  });
});
