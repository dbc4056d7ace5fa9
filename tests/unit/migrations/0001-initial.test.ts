import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import type { SqliteDatabase } from '../../../src-main/core/db/open-database.ts';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.ts';
import { migration0001 } from '../../../src-main/core/db/migrations/0001-initial.ts';

let dir: string;
let db: SqliteDatabase;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-mig-0001-'));
  db = openDatabase(path.join(dir, 'vault.db'), new Uint8Array(randomBytes(32)));
  migrate(db, [migration0001]);
});

afterEach(async () => {
  if (db.open) db.close();
  await fs.rm(dir, { recursive: true, force: true });
});

type ColumnInfo = { name: string; type: string; notnull: number; pk: number };

function columns(table: string): Array<[string, string, boolean]> {
  return (db.pragma(`table_info(${table})`) as ColumnInfo[]).map((c) => [c.name, c.type, c.notnull === 1 || c.pk === 1]);
}

const hash = (c: string): string => c.repeat(64);
const objectId = (): Buffer => randomBytes(16);

function insertObject(id: Buffer): void {
  db.prepare(`INSERT INTO objects VALUES (?, ?, 10, '2026-01-01T00:00:00.000Z')`).run(id, randomBytes(72));
}

function insertItem(overrides: Record<string, unknown> = {}): void {
  const row = {
    id: 'ITM-AAAAAAAAAA',
    original_object: null as unknown,
    original_name: 'a.jpg',
    original_path: '/x/a.jpg',
    was_symlink: 0,
    symlink_target: null,
    size: 10,
    media_type: 'image/jpeg',
    sha256: hash('a'),
    file_mtime: null,
    file_ctime: null,
    file_birthtime: null,
    ingested_at: '2026-01-01T00:00:00.000Z',
    operator: 'op',
    source_note: null,
    metadata_json: '{}',
    ...overrides,
  };
  const names = Object.keys(row);
  db.prepare(`INSERT INTO items (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
}

function insertEvent(seq: number, prev: string, own: string): void {
  db.prepare(
    `INSERT INTO custody_events VALUES (?, '2026-01-01T00:00:00.000Z', 'op', 'vault.created', NULL, NULL, '{}', ?, ?)`,
  ).run(seq, prev, own);
}

describe('migration 0001-initial', () => {
  it('sets user_version to 1', () => {
    expect(schemaVersion(db)).toBe(1);
  });

  it('creates the four tables with the specified columns', () => {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['custody_events', 'items', 'objects', 'settings']);
    expect(columns('settings')).toEqual([
      ['key', 'TEXT', true],
      ['value', 'TEXT', true],
    ]);
    expect(columns('objects')).toEqual([
      ['id', 'BLOB', true],
      ['wrapped_key', 'BLOB', true],
      ['size', 'INTEGER', true],
      ['created_at', 'TEXT', true],
    ]);
    expect(columns('items')).toEqual([
      ['id', 'TEXT', true],
      ['original_object', 'BLOB', true],
      ['original_name', 'TEXT', true],
      ['original_path', 'TEXT', true],
      ['was_symlink', 'INTEGER', true],
      ['symlink_target', 'TEXT', false],
      ['size', 'INTEGER', true],
      ['media_type', 'TEXT', true],
      ['sha256', 'TEXT', true],
      ['file_mtime', 'TEXT', false],
      ['file_ctime', 'TEXT', false],
      ['file_birthtime', 'TEXT', false],
      ['ingested_at', 'TEXT', true],
      ['operator', 'TEXT', true],
      ['source_note', 'TEXT', false],
      ['metadata_json', 'TEXT', true],
    ]);
    expect(columns('custody_events')).toEqual([
      ['seq', 'INTEGER', true],
      ['at', 'TEXT', true],
      ['actor', 'TEXT', true],
      ['action', 'TEXT', true],
      ['item_id', 'TEXT', false],
      ['case_id', 'TEXT', false],
      ['details_json', 'TEXT', true],
      ['prev_hash', 'TEXT', true],
      ['hash', 'TEXT', true],
    ]);
  });

  it('makes items reference an existing object (foreign keys enforced)', () => {
    expect(() => insertItem({ original_object: objectId() })).toThrow(/FOREIGN KEY/);
    const id = objectId();
    insertObject(id);
    insertItem({ original_object: id });
    expect(() => db.prepare('DELETE FROM objects WHERE id = ?').run(id)).toThrow(/FOREIGN KEY/);
  });

  it('keeps sha256 unique and well-formed', () => {
    const id = objectId();
    insertObject(id);
    insertItem({ original_object: id });
    expect(() => insertItem({ id: 'ITM-BBBBBBBBBB', original_object: id })).toThrow(/UNIQUE/);
    expect(() => insertItem({ id: 'ITM-CCCCCCCCCC', original_object: id, sha256: 'A'.repeat(64) })).toThrow(/CHECK/);
    expect(() => insertItem({ id: 'ITM-DDDDDDDDDD', original_object: id, sha256: 'ab' })).toThrow(/CHECK/);
  });

  it('checks object ids are 16-byte blobs and sizes non-negative integers', () => {
    expect(() => db.prepare(`INSERT INTO objects VALUES (?, x'00', 1, 't')`).run(randomBytes(15))).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO objects VALUES (?, x'00', 1, 't')`).run('0123456789abcdef')).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO objects VALUES (?, x'00', -1, 't')`).run(objectId())).toThrow(/CHECK/);
    const id = objectId();
    insertObject(id);
    expect(() => insertItem({ original_object: id, was_symlink: 2 })).toThrow(/CHECK/);
  });

  it('refuses UPDATE and DELETE on custody_events', () => {
    insertEvent(1, hash('0'), hash('1'));
    expect(() => db.exec(`UPDATE custody_events SET actor = 'someone else'`)).toThrow('custody log is append-only');
    expect(() => db.exec('DELETE FROM custody_events')).toThrow('custody log is append-only');
    expect(db.prepare('SELECT count(*) FROM custody_events').pluck().get()).toBe(1);
  });

  it('accepts only the next seq with the previous hash, which also closes INSERT OR REPLACE', () => {
    insertEvent(1, hash('0'), hash('1'));
    expect(() => insertEvent(3, hash('1'), hash('3'))).toThrow('custody log is append-only');
    expect(() => insertEvent(1, hash('0'), hash('9'))).toThrow('custody log is append-only');
    expect(() =>
      db
        .prepare(
          `INSERT OR REPLACE INTO custody_events VALUES (1, 't', 'x', 'vault.created', NULL, NULL, '{}', ?, ?)`,
        )
        .run(hash('0'), hash('9')),
    ).toThrow('custody log is append-only');
    expect(() => insertEvent(2, hash('e'), hash('2'))).toThrow('custody event does not extend the chain');
    insertEvent(2, hash('1'), hash('2'));
    expect(db.prepare('SELECT hash FROM custody_events ORDER BY seq').pluck().all()).toEqual([hash('1'), hash('2')]);
  });

  it('requires the first event to link to the genesis hash', () => {
    expect(() => insertEvent(1, hash('1'), hash('1'))).toThrow('custody event does not extend the chain');
  });

  it('creates the lookup indices', () => {
    const indices = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
      .pluck()
      .all();
    expect(indices).toEqual([
      'custody_events_by_case',
      'custody_events_by_item',
      'items_by_ingested_at',
      'items_by_original_object',
    ]);
  });
});
