import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.ts';
import { migration0001 } from '../../../src-main/core/db/migrations/0001-initial.ts';
import { migration0002 } from '../../../src-main/core/db/migrations/0002-shareable-copies.ts';
import { migration0003 } from '../../../src-main/core/db/migrations/0003-case-records.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import type { SqliteDatabase } from '../../../src-main/core/db/open-database.ts';

let dir: string;
let db: SqliteDatabase;
const ALL = [migration0001, migration0002, migration0003];
const NOW = '2026-01-01T00:00:00.000Z';

const METADATA = {
  'EXIF:Make': 'samsung',
  'EXIF:Model': 'SM-G930F',
  'EXIF:Software': 'G930FXXU1DRF2',
  'EXIF:ISO': 100,
  'EXIF:ISO#': '100',
  'XMP-dc:Subject': ['протест', 'Задержание'],
  'ExifTool:Warning': 'ZZWARNINGZZ',
};

function insertItem(id: string, name: string, metadata: unknown = {}, sourceNote: string | null = null): void {
  const objectId = randomBytes(16);
  db.prepare(`INSERT INTO objects VALUES (?, ?, 10, ?)`).run(objectId, randomBytes(60), NOW);
  db.prepare(
    `INSERT INTO items (id, original_object, original_name, original_path, was_symlink, size, media_type, sha256, ingested_at, operator, source_note, metadata_json)
     VALUES (?, ?, ?, ?, 0, 10, 'image/jpeg', ?, ?, 'op', ?, ?)`,
  ).run(id, objectId, name, `/x/${name}`, randomBytes(32).toString('hex'), NOW, sourceNote, JSON.stringify(metadata));
}

const insertCase = (id: string, number: string, extra: Record<string, unknown> = {}) => {
  const row = { id, number, title: 'Title', status: 'open', created_at: NOW, updated_at: NOW, ...extra };
  const names = Object.keys(row);
  db.prepare(`INSERT INTO cases (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
};

/** Record refs of the documents matching an FTS5 query. */
const match = (query: string): string[] =>
  db
    .prepare(`SELECT d.kind || ':' || d.ref FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH ? ORDER BY d.id`)
    .pluck()
    .all(query) as string[];

const integrity = () => db.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-mig-0003-'));
  db = openDatabase(path.join(dir, 'vault.db'), new Uint8Array(randomBytes(32)));
  // A vault at schema 2 with items, as earlier versions left it.
  migrate(db, [migration0001, migration0002]);
  insertItem('ITM-AAAAAAAAAA', 'IMG_0412.jpg', METADATA, 'handed over by W-1');
  insertItem('ITM-BBBBBBBBBB', 'Показания Свидетеля.txt', { 'File:FileType': 'TXT' });
});

afterEach(async () => {
  if (db.open) db.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('migration 0003: case records', () => {
  it('upgrades a schema-2 vault, keeping its items and indexing them', () => {
    expect(migrate(db, ALL)).toEqual({ from: 2, to: 3, applied: [3] });
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT count(*) FROM items').pluck().get()).toBe(2);
    expect(match('"img"*')).toEqual(['item:ITM-AAAAAAAAAA']);
    expect(match('"sm"* "g930f"')).toEqual(['item:ITM-AAAAAAAAAA']);
    expect(match('"handed"')).toEqual(['item:ITM-AAAAAAAAAA']);
    integrity();
  });

  it('creates the case-record tables', () => {
    migrate(db, ALL);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts_%' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all();
    expect(tables).toEqual([
      'case_items',
      'case_persons',
      'case_tags',
      'cases',
      'custody_events',
      'exhibit_incidents',
      'exhibit_persons',
      'incident_persons',
      'incidents',
      'item_tags',
      'items',
      'notes',
      'objects',
      'person_identities',
      'persons',
      'search_docs',
      'search_fts',
      'settings',
      'shareable_copies',
    ]);
  });

  it('indexes metadata values but not their keys, ExifTool notes or numeric twins', () => {
    migrate(db, ALL);
    const meta = db.prepare(`SELECT meta FROM search_docs WHERE kind = 'item' AND ref = 'ITM-AAAAAAAAAA'`).pluck().get() as string;
    expect(meta.split(' ').sort()).toEqual(['G930FXXU1DRF2', 'SM-G930F', 'Задержание', 'протест', 'samsung'].sort());
    expect(match('"model"')).toEqual([]);
    expect(match('"zzwarningzz"')).toEqual([]);
    expect(match('"задержание"')).toEqual(['item:ITM-AAAAAAAAAA']);
  });

  it('folds case and ё in Cyrillic, and finds prefixes', () => {
    migrate(db, ALL);
    insertCase('CAS-0000000001', 'РЛН-1', { description: 'Ёлка у здания суда' });
    expect(match('"свидетеля"')).toEqual(['item:ITM-BBBBBBBBBB']);
    expect(match('"СВИДЕТЕЛЯ"')).toEqual(['item:ITM-BBBBBBBBBB']);
    expect(match('"свид"*')).toEqual(['item:ITM-BBBBBBBBBB']);
    expect(match('"елка"')).toEqual(['case:CAS-0000000001']);
    expect(match('"рлн"*')).toEqual(['case:CAS-0000000001']);
  });

  it('keeps case numbers unique regardless of ASCII case, and checks status and dates', () => {
    migrate(db, ALL);
    insertCase('CAS-0000000001', 'RLN-2018-014');
    expect(() => insertCase('CAS-0000000002', 'rln-2018-014')).toThrow(/UNIQUE/);
    expect(() => insertCase('CAS-0000000003', 'X-1', { status: 'archived' })).toThrow(/CHECK/);
    expect(() => insertCase('CAS-0000000004', 'X-2', { opened_on: '14.03.2017' })).toThrow(/CHECK/);
    expect(() => insertCase('CAS-0000000005', 'X-3', { exhibit_pattern: 'EX-' })).toThrow(/CHECK/);
    expect(() => insertCase('CAS-0000000006', '  ')).toThrow(/CHECK/);
  });

  it('keeps exhibit labels unique per case and an item once per case; unlinking cascades to exhibit links only', () => {
    migrate(db, ALL);
    insertCase('CAS-0000000001', 'A-1');
    insertCase('CAS-0000000002', 'A-2');
    const link = (caseId: string, itemId: string, label: string, position: number) =>
      db.prepare(`INSERT INTO case_items (case_id, item_id, label, position, linked_at) VALUES (?, ?, ?, ?, ?)`).run(caseId, itemId, label, position, NOW);
    const first = Number(link('CAS-0000000001', 'ITM-AAAAAAAAAA', 'EX-001', 1).lastInsertRowid);
    expect(() => link('CAS-0000000001', 'ITM-BBBBBBBBBB', 'ex-001', 2)).toThrow(/UNIQUE/);
    expect(() => link('CAS-0000000001', 'ITM-AAAAAAAAAA', 'EX-002', 2)).toThrow(/UNIQUE/);
    link('CAS-0000000002', 'ITM-AAAAAAAAAA', 'EX-001', 1);
    link('CAS-0000000002', 'ITM-BBBBBBBBBB', 'EX-002', 2);
    expect(() => link('CAS-0000000001', 'ITM-NOSUCHITEM', 'EX-009', 9)).toThrow(/FOREIGN KEY/);
    const counts = () => db.prepare('SELECT number, exhibit_count FROM cases ORDER BY number').raw().all();
    expect(counts()).toEqual([
      ['A-1', 1],
      ['A-2', 2],
    ]);
    db.prepare(`DELETE FROM case_items WHERE case_id = 'CAS-0000000002' AND item_id = 'ITM-BBBBBBBBBB'`).run();
    expect(counts()).toEqual([
      ['A-1', 1],
      ['A-2', 1],
    ]);

    db.prepare(`INSERT INTO persons (pseudonym, created_at) VALUES ('W-1', ?)`).run(NOW);
    db.prepare(
      `INSERT INTO incidents (case_id, date_text, date_start, date_end, date_precision, created_at) VALUES ('CAS-0000000001', '2017', '2017-01-01', '2017-12-31', 'year', ?)`,
    ).run(NOW);
    db.prepare(`INSERT INTO exhibit_persons VALUES (?, 1)`).run(first);
    db.prepare(`INSERT INTO exhibit_incidents VALUES (?, 1)`).run(first);
    db.prepare('DELETE FROM case_items WHERE id = ?').run(first);
    expect(counts()).toEqual([
      ['A-1', 0],
      ['A-2', 1],
    ]);
    expect(db.prepare('SELECT count(*) FROM exhibit_persons').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM exhibit_incidents').pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM items WHERE id = 'ITM-AAAAAAAAAA'`).pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM persons').pluck().get()).toBe(1);
  });

  it('checks roles, incident dates and coordinates, and that a note has exactly one target', () => {
    migrate(db, ALL);
    insertCase('CAS-0000000001', 'A-1');
    db.prepare(`INSERT INTO persons (pseudonym, created_at) VALUES ('W-1', ?)`).run(NOW);
    const role = (r: string) => db.prepare(`INSERT INTO case_persons VALUES ('CAS-0000000001', 1, ?, ?)`).run(r, NOW);
    role('witness');
    role('victim');
    expect(() => role('suspect')).toThrow(/CHECK/);
    const incident = (start: string, end: string, precision: string, lat: number | null = null, lon: number | null = null) =>
      db
        .prepare(
          `INSERT INTO incidents (case_id, date_text, date_start, date_end, date_precision, latitude, longitude, created_at) VALUES ('CAS-0000000001', 'x', ?, ?, ?, ?, ?, ?)`,
        )
        .run(start, end, precision, lat, lon, NOW);
    incident('2018-07-20', '2018-07-20', 'approximate', 43.3, 45.7);
    expect(() => incident('2018-07-21', '2018-07-20', 'day')).toThrow(/CHECK/);
    expect(() => incident('2018-07', '2018-07-31', 'month')).toThrow(/CHECK/);
    expect(() => incident('2018-07-20', '2018-07-20', 'week')).toThrow(/CHECK/);
    expect(() => incident('2018-07-20', '2018-07-20', 'day', 43.3, null)).toThrow(/CHECK/);
    expect(() => incident('2018-07-20', '2018-07-20', 'day', 91, 0)).toThrow(/CHECK/);
    const note = (itemId: string | null, caseId: string | null) =>
      db.prepare(`INSERT INTO notes (item_id, case_id, text, author, created_at) VALUES (?, ?, 'n', 'op', ?)`).run(itemId, caseId, NOW);
    note('ITM-AAAAAAAAAA', null);
    note(null, 'CAS-0000000001');
    expect(() => note(null, null)).toThrow(/CHECK/);
    expect(() => note('ITM-AAAAAAAAAA', 'CAS-0000000001')).toThrow(/CHECK/);
  });

  it('keeps the search index in step with inserts, updates, tags and deletes', () => {
    migrate(db, ALL);
    insertCase('CAS-0000000001', 'A-1', { forum: 'European Court of Human Rights' });
    expect(match('"european"')).toEqual(['case:CAS-0000000001']);
    db.prepare(`UPDATE cases SET forum = 'UN Human Rights Committee' WHERE id = 'CAS-0000000001'`).run();
    expect(match('"european"')).toEqual([]);
    expect(match('"committee"')).toEqual(['case:CAS-0000000001']);

    db.prepare(`INSERT INTO item_tags VALUES ('ITM-BBBBBBBBBB', 'пытки', ?)`).run(NOW);
    db.prepare(`INSERT INTO case_tags VALUES ('CAS-0000000001', 'priority', ?)`).run(NOW);
    expect(match('"пытки"')).toEqual(['item:ITM-BBBBBBBBBB']);
    expect(match('tags : "priority"')).toEqual(['case:CAS-0000000001']);
    db.prepare(`DELETE FROM item_tags WHERE item_id = 'ITM-BBBBBBBBBB'`).run();
    expect(match('"пытки"')).toEqual([]);

    db.prepare(`INSERT INTO notes (case_id, text, author, created_at) VALUES ('CAS-0000000001', 'Call counsel on Monday', 'op', ?)`).run(NOW);
    expect(match('"counsel"')).toEqual(['note:1']);
    db.prepare(`DELETE FROM notes`).run();
    expect(match('"counsel"')).toEqual([]);

    db.prepare(`INSERT INTO persons (pseudonym, created_at) VALUES ('Witness Alpha', ?)`).run(NOW);
    db.prepare(`UPDATE persons SET pseudonym = 'Witness Beta' WHERE id = 1`).run();
    expect(match('"alpha"')).toEqual([]);
    expect(match('"beta"')).toEqual(['person:1']);
    integrity();
  });

  it('keeps filter facets (media type, tags, newest shareable status) and kind-ranged rowids', () => {
    migrate(db, ALL);
    const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');
    expect(match(`facets : "x${hex('image')}"`)).toEqual(['item:ITM-AAAAAAAAAA', 'item:ITM-BBBBBBBBBB']);
    expect(match(`facets : "x${hex('image/jpeg')}"`)).toEqual(['item:ITM-AAAAAAAAAA', 'item:ITM-BBBBBBBBBB']);
    expect(match('facets : "snone"')).toEqual(['item:ITM-AAAAAAAAAA', 'item:ITM-BBBBBBBBBB']);
    const copy = (status: string) =>
      db
        .prepare(`INSERT INTO shareable_copies (item_id, status, method, removed_json, tool_versions_json, created_at) VALUES ('ITM-AAAAAAAAAA', ?, 'm', '[]', '{}', ?)`)
        .run(status, NOW);
    copy('failed');
    expect(match('facets : "sfailed"')).toEqual(['item:ITM-AAAAAAAAAA']);
    copy('unsupported');
    expect(match('facets : "sfailed"')).toEqual([]);
    expect(match('facets : "sunsupported"')).toEqual(['item:ITM-AAAAAAAAAA']);
    db.prepare(`INSERT INTO item_tags VALUES ('ITM-BBBBBBBBBB', 'пытки', ?)`).run(NOW);
    expect(match(`facets : "g${hex('пытки')}"`)).toEqual(['item:ITM-BBBBBBBBBB']);
    db.prepare(`DELETE FROM item_tags`).run();
    expect(match(`facets : "g${hex('пытки')}"`)).toEqual([]);

    insertCase('CAS-0000000001', 'A-1');
    db.prepare(`INSERT INTO persons (pseudonym, created_at) VALUES ('W-1', ?)`).run(NOW);
    const ids = db.prepare('SELECT kind, id / 1099511627776 AS band FROM search_docs ORDER BY id').raw().all();
    expect(ids).toEqual([
      ['case', 1],
      ['person', 2],
      ['item', 4],
      ['item', 4],
    ]);
    expect(() => db.prepare(`INSERT INTO search_docs (id, kind, ref) VALUES (7, 'item', 'x')`).run()).toThrow(/CHECK/);
    integrity();
  });

  it('never indexes the protected identity block, and flags that one is recorded', () => {
    migrate(db, ALL);
    db.prepare(`INSERT INTO persons (pseudonym, created_at) VALUES ('W-7', ?)`).run(NOW);
    expect(db.prepare('SELECT identity_recorded FROM persons WHERE id = 1').pluck().get()).toBe(0);
    db.prepare(`INSERT INTO person_identities VALUES (1, 'Ivan Protectedname', '+7 900 PHONEMARK', 'lives near MARKERSTREET', ?)`).run(NOW);
    expect(db.prepare('SELECT identity_recorded FROM persons WHERE id = 1').pluck().get()).toBe(1);
    for (const q of ['"protectedname"', '"phonemark"', '"markerstreet"', '"ivan"']) expect(match(q)).toEqual([]);
    const everything = JSON.stringify(db.prepare('SELECT * FROM search_docs').all());
    expect(everything).not.toMatch(/Protectedname|PHONEMARK|MARKERSTREET/);
    integrity();
  });
});
