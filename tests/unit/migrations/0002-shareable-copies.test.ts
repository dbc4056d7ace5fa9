import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src-main/core/db/migrate.ts';
import { migration0001 } from '../../../src-main/core/db/migrations/0001-initial.ts';
import { migration0002 } from '../../../src-main/core/db/migrations/0002-shareable-copies.ts';
import { openDatabase } from '../../../src-main/core/db/open-database.ts';
import type { SqliteDatabase } from '../../../src-main/core/db/open-database.ts';

let dir: string;
let db: SqliteDatabase;
const objectId = randomBytes(16);

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-mig-0002-'));
  db = openDatabase(path.join(dir, 'vault.db'), new Uint8Array(randomBytes(32)));
  // A vault at schema 1 with one item, as earlier versions left it.
  migrate(db, [migration0001]);
  db.prepare(`INSERT INTO objects VALUES (?, ?, 10, '2026-01-01T00:00:00.000Z')`).run(objectId, randomBytes(60));
  db.prepare(
    `INSERT INTO items (id, original_object, original_name, original_path, was_symlink, size, media_type, sha256, ingested_at, operator, metadata_json)
     VALUES ('ITM-AAAAAAAAAA', ?, 'a.jpg', '/x/a.jpg', 0, 10, 'image/jpeg', ?, '2026-01-01T00:00:00.000Z', 'op', '{}')`,
  ).run(objectId, 'a'.repeat(64));
});
afterEach(async () => {
  if (db.open) db.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const insertCopy = (row: Record<string, unknown>) => {
  const full = { item_id: 'ITM-AAAAAAAAAA', object_id: null, status: 'failed', method: 'm', reason: null, sha256: null, size: null, removed_json: '[]', tool_versions_json: '{}', created_at: 'now', ...row };
  const names = Object.keys(full);
  db.prepare(`INSERT INTO shareable_copies (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(full);
};

describe('migration 0002: shareable copies', () => {
  it('upgrades a schema-1 vault, keeping its items', () => {
    const outcome = migrate(db, [migration0001, migration0002]);
    expect(outcome).toEqual({ from: 1, to: 2, applied: [2] });
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 1 });
  });

  it('a stripped copy must name its content object and hash; other statuses must not', () => {
    migrate(db, [migration0001, migration0002]);
    const copyObject = randomBytes(16);
    db.prepare(`INSERT INTO objects VALUES (?, ?, 5, 'now')`).run(copyObject, randomBytes(60));
    expect(() => insertCopy({ status: 'stripped', object_id: copyObject, sha256: 'b'.repeat(64), size: 5 })).not.toThrow();
    expect(() => insertCopy({ status: 'stripped' })).toThrow(/CHECK/);
    expect(() => insertCopy({ status: 'failed', reason: 'truncated' })).not.toThrow();
    expect(() => insertCopy({ status: 'unsupported', object_id: copyObject, sha256: 'c'.repeat(64) })).toThrow(/CHECK/);
    expect(() => insertCopy({ status: 'clean' })).toThrow(/CHECK/);
    expect(() => insertCopy({ item_id: 'ITM-NOSUCHITEM', reason: 'x' })).toThrow(/FOREIGN KEY/);
  });
});
