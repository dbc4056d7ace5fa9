import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src-main/core/db/open-database.ts';
import type { SqliteDatabase } from '../../src-main/core/db/open-database.ts';
import { latestVersion, migrate, schemaVersion } from '../../src-main/core/db/migrate.ts';
import type { Migration } from '../../src-main/core/db/migrate.ts';
import { MIGRATIONS } from '../../src-main/core/db/migrations/index.ts';
import { openVaultStore } from '../../src-main/core/db/vault-store.ts';
import { VaultError } from '../../src-main/core/errors/vault-error.ts';

let dir: string;
let dbPath: string;
let key: Uint8Array;
let db: SqliteDatabase | undefined;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-migrate-'));
  dbPath = path.join(dir, 'vault.db');
  key = new Uint8Array(randomBytes(32));
});

afterEach(async () => {
  if (db?.open) db.close();
  db = undefined;
  await fs.rm(dir, { recursive: true, force: true });
});

function open(): SqliteDatabase {
  db = openDatabase(dbPath, key);
  return db;
}

function tables(target: SqliteDatabase): string[] {
  return target
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all() as string[];
}

const createTable = (version: number, table: string): Migration => ({
  version,
  name: `create ${table}`,
  up: (target) => target.exec(`CREATE TABLE ${table} (v TEXT)`),
});

describe('migrate', () => {
  it('takes a new database to the latest version and reports what it applied', () => {
    const target = open();
    expect(schemaVersion(target)).toBe(0);
    const outcome = migrate(target, [createTable(1, 'a'), createTable(2, 'b')]);
    expect(outcome).toEqual({ from: 0, to: 2, applied: [1, 2] });
    expect(schemaVersion(target)).toBe(2);
    expect(tables(target)).toEqual(['a', 'b']);
  });

  it('applies only the pending migrations, and nothing when up to date', () => {
    const target = open();
    migrate(target, [createTable(1, 'a')]);
    expect(migrate(target, [createTable(1, 'a'), createTable(2, 'b')])).toEqual({ from: 1, to: 2, applied: [2] });
    expect(migrate(target, [createTable(1, 'a'), createTable(2, 'b')])).toEqual({ from: 2, to: 2, applied: [] });
  });

  it('runs all pending migrations in one transaction: a failing second one rolls back the first', () => {
    const target = open();
    const failing: Migration = {
      version: 2,
      name: 'fails halfway',
      up: (t) => {
        t.exec('CREATE TABLE b (v TEXT)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(target, [createTable(1, 'a'), failing])).toThrow('boom');
    expect(schemaVersion(target)).toBe(0);
    expect(tables(target)).toEqual([]);
    expect(target.inTransaction).toBe(false);
  });

  it('rolls back when a migration leaves a foreign key violation', () => {
    const target = open();
    const parent = createTable(1, 'parent_unused');
    const orphan: Migration = {
      version: 2,
      name: 'orphan row',
      up: (t) => {
        t.pragma('defer_foreign_keys = ON');
        t.exec('CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id))');
        t.exec('INSERT INTO c VALUES (42)');
      },
    };
    expect(() => migrate(target, [parent, orphan])).toThrow();
    expect(schemaVersion(target)).toBe(0);
    expect(tables(target)).toEqual([]);
  });

  it('refuses a database newer than the code with DB_TOO_NEW, without changing it', () => {
    const target = open();
    migrate(target, [createTable(1, 'a'), createTable(2, 'b')]);
    let err: unknown;
    try {
      migrate(target, [createTable(1, 'a')]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).code).toBe('DB_TOO_NEW');
    expect((err as VaultError).message).toMatch(/newer version/);
    expect(schemaVersion(target)).toBe(2);
  });

  it('openVaultStore reports DB_TOO_NEW and releases the file', () => {
    const target = open();
    target.pragma(`user_version = ${latestVersion() + 1}`);
    target.close();
    expect(() => openVaultStore(dbPath, key)).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }) as Error);
    // Not left locked by the failed open.
    open().close();
  });

  it('rejects a migration list with gaps or out of order', () => {
    const target = open();
    expect(() => migrate(target, [createTable(2, 'b')])).toThrow(/out of order/);
    expect(() => migrate(target, [createTable(1, 'a'), createTable(3, 'c')])).toThrow(/out of order/);
    expect(schemaVersion(target)).toBe(0);
  });

  it('ships migrations numbered 1..n, matching their file names', async () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const files = (await fs.readdir(path.join(import.meta.dirname, '../../src-main/core/db/migrations')))
      .filter((f) => /^\d{4}-.*\.ts$/.test(f))
      .sort();
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(MIGRATIONS.map((m) => m.version));
    // One test file per migration.
    const tests = await fs.readdir(path.join(import.meta.dirname, 'migrations'));
    for (const file of files) expect(tests).toContain(file.replace(/\.ts$/, '.test.ts'));
  });
});
