import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { openDatabase } from '../../src-main/core/db/open-database.ts';
import type { SqliteDatabase } from '../../src-main/core/db/open-database.ts';
import { migrate } from '../../src-main/core/db/migrate.ts';
import { createVaultStore, openVaultStore } from '../../src-main/core/db/vault-store.ts';
import type { ItemRow } from '../../src-main/core/db/vault-store.ts';
import { VaultError } from '../../src-main/core/errors/vault-error.ts';

const OPEN_DATABASE_URL = pathToFileURL(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src-main/core/db/open-database.ts'),
).href;

let dir: string;
let dbPath: string;
let key: Uint8Array;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-db-open-'));
  dbPath = path.join(dir, 'vault.db');
  key = new Uint8Array(randomBytes(32));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fs.rm(dir, { recursive: true, force: true });
});

function vaultErrorOf(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VaultError) return err;
    throw err;
  }
  throw new Error('expected a VaultError');
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function item(overrides: Partial<ItemRow> & { originalObject: Uint8Array }): ItemRow {
  return {
    id: 'ITM-0000000001',
    originalName: 'photo.jpg',
    originalPath: '/home/user/photo.jpg',
    wasSymlink: false,
    symlinkTarget: null,
    size: 1234,
    mediaType: 'image/jpeg',
    sha256: 'a'.repeat(64),
    fileMtime: null,
    fileCtime: null,
    fileBirthtime: null,
    ingestedAt: '2026-01-02T03:04:05.678Z',
    operator: 'Test Operator',
    sourceNote: null,
    metadataJson: '{}',
    ...overrides,
  };
}

/** Raw bytes of the database file and its WAL (when present). */
function rawFiles(): Buffer[] {
  return [dbPath, `${dbPath}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p));
}

/** A fresh sqlite3mc connection configured only with explicit SQLCipher 4 parameters. */
function openWithExplicitParams(params: Record<string, string | number>): SqliteDatabase {
  const db = new Database(dbPath, { fileMustExist: true, timeout: 0 });
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  for (const [name, value] of Object.entries(params)) db.pragma(`${name} = ${value}`);
  db.pragma(`key = "x'${hex(key)}'"`);
  return db;
}

const SQLCIPHER4_PARAMS = {
  legacy_page_size: 4096, // cipher_page_size = 4096
  kdf_iter: 256000, // kdf_iter = 256000 (unused with a raw key, part of the v4 profile)
  fast_kdf_iter: 2, // HMAC key derivation iterations
  hmac_use: 1,
  hmac_pgno: 1, // page number little-endian in the HMAC input
  hmac_salt_mask: 0x3a,
  hmac_algorithm: 2, // cipher_hmac_algorithm = HMAC_SHA512
  kdf_algorithm: 2, // cipher_kdf_algorithm = PBKDF2_HMAC_SHA512
};

/**
 * Starts `node` holding the vault open (after writing `marker` into it), resolving once it holds
 * the lock. Mode 'try' instead attempts one open and prints the error code.
 */
function holderScript(mode: 'hold' | 'try', marker = ''): string {
  return `
    import { openDatabase } from ${JSON.stringify(OPEN_DATABASE_URL)};
    const key = Uint8Array.from(Buffer.from(process.env.EV_TEST_KEY, 'hex'));
    if (${JSON.stringify(mode)} === 'try') {
      try { openDatabase(process.env.EV_TEST_DB, key).close(); console.log('OPENED'); }
      catch (err) { console.log('ERROR ' + err.code + ' ' + err.message); }
    } else {
      const db = openDatabase(process.env.EV_TEST_DB, key);
      db.exec('CREATE TABLE IF NOT EXISTS crash_probe (v TEXT)');
      db.prepare('INSERT INTO crash_probe VALUES (?)').run(${JSON.stringify(marker)});
      console.log('HOLDING');
      setInterval(() => db.open, 1000);
    }
  `;
}

function spawnNode(script: string): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
    env: { ...process.env, EV_TEST_DB: dbPath, EV_TEST_KEY: hex(key) },
  });
  children.push(child);
  return child;
}

function waitForLine(child: ChildProcessWithoutNullStreams, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) resolve(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before "${prefix}": ${out} ${err}`)));
  });
}

function waitForExit(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.on('exit', () => resolve()));
}

describe('openDatabase', () => {
  it('sets the session pragmas', () => {
    const db = openDatabase(dbPath, key);
    try {
      const get = (name: string): unknown => db.pragma(name, { simple: true });
      expect(get('journal_mode')).toBe('wal');
      expect(get('locking_mode')).toBe('exclusive');
      expect(get('synchronous')).toBe(2); // FULL
      expect(get('foreign_keys')).toBe(1);
      expect(get('secure_delete')).toBe(1);
      expect(get('temp_store')).toBe(2); // MEMORY
      expect(get('trusted_schema')).toBe(0);
      expect(get('page_size')).toBe(4096);
      expect(get('cipher')).toBe('sqlcipher');
      expect(String(get('legacy'))).toBe('4');
      expect(String(get('hmac_algorithm'))).toBe('2');
    } finally {
      db.close();
    }
    expect(existsSync(`${dbPath}-shm`)).toBe(false);
  });

  it('reopens with the same key and keeps the data', () => {
    const db = openDatabase(dbPath, key);
    db.exec(`CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')`);
    db.close();
    const again = openDatabase(dbPath, key, { mustExist: true });
    expect(again.prepare('SELECT v FROM t').pluck().get()).toBe('kept');
    again.close();
  });

  it('refuses a wrong key with BAD_DATABASE', () => {
    openDatabase(dbPath, key).exec('CREATE TABLE t (v TEXT)').close();
    const err = vaultErrorOf(() => openDatabase(dbPath, new Uint8Array(randomBytes(32))));
    expect(err.code).toBe('BAD_DATABASE');
    expect(err.message).toMatch(/cannot be read/);
  });

  it('refuses an unencrypted SQLite file and a file of random bytes with BAD_DATABASE', async () => {
    const plain = new Database(dbPath);
    plain.exec('CREATE TABLE t (v TEXT)');
    plain.close();
    expect(vaultErrorOf(() => openDatabase(dbPath, key)).code).toBe('BAD_DATABASE');
    await fs.writeFile(dbPath, randomBytes(8192));
    expect(vaultErrorOf(() => openDatabase(dbPath, key)).code).toBe('BAD_DATABASE');
  });

  it('reports a missing file as VAULT_NOT_FOUND when it must exist, without creating it', () => {
    expect(vaultErrorOf(() => openDatabase(dbPath, key, { mustExist: true })).code).toBe('VAULT_NOT_FOUND');
    expect(existsSync(dbPath)).toBe(false);
  });

  it('needs a 32-byte key', () => {
    expect(() => openDatabase(dbPath, new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('database file format', () => {
  it('holds no plaintext in the .db or -wal file, open or closed', () => {
    const marker = `PLAINTEXT-MARKER-${hex(randomBytes(8))}`;
    const store = openVaultStore(dbPath, key);
    const objectId = new Uint8Array(randomBytes(16));
    store.insertObject({ id: objectId, wrappedKey: new Uint8Array(72), size: 1, createdAt: '2026-01-01T00:00:00.000Z' });
    store.insertItem(item({ originalObject: objectId, originalName: marker, originalPath: `/evidence/${marker}` }));
    // While open, the row sits in the WAL.
    expect(existsSync(`${dbPath}-wal`)).toBe(true);
    for (const bytes of rawFiles()) expect(bytes.includes(marker)).toBe(false);
    store.close();
    expect(rawFiles().length).toBeGreaterThan(0);
    for (const bytes of rawFiles()) {
      expect(bytes.includes(marker)).toBe(false);
      expect(bytes.includes('CREATE TABLE')).toBe(false);
    }
  });

  it('is SQLCipher 4: no SQLite magic, and readable with explicit SQLCipher 4 parameters only', () => {
    const store = openVaultStore(dbPath, key);
    store.setSetting('probe', 'sqlcipher4');
    store.close();

    const head = readFileSync(dbPath).subarray(0, 16);
    expect(head.equals(Buffer.from('SQLite format 3\0'))).toBe(false);
    expect(readFileSync(dbPath).length % 4096).toBe(0);

    const db = openWithExplicitParams(SQLCIPHER4_PARAMS);
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'probe'`).pluck().get()).toBe('sqlcipher4');
    db.close();
  });

  it('does not open with SQLCipher 3 parameters (so the check above is not vacuous)', () => {
    openVaultStore(dbPath, key).close();
    for (const wrong of [
      { hmac_algorithm: 0, kdf_algorithm: 0 }, // SHA1, the SQLCipher 3 profile
      { legacy_page_size: 1024 },
    ]) {
      const db = openWithExplicitParams({ ...SQLCIPHER4_PARAMS, ...wrong });
      expect(() => db.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
      db.close();
    }
  });

  // Runs when a SQLCipher 4 shell is available (SQLCIPHER4_SHELL or `sqlcipher` on PATH reporting 4.x).
  const shell = process.env.SQLCIPHER4_SHELL ?? 'sqlcipher';
  const shellVersion = spawnSync(shell, [':memory:', 'PRAGMA cipher_version;'], { encoding: 'utf8' }).stdout ?? '';
  it.runIf(/^4\./m.test(shellVersion))('opens in the official SQLCipher 4 shell with PRAGMA key = "x\'…\'"', () => {
    const store = openVaultStore(dbPath, key);
    store.setSetting('operator', 'shell-check');
    store.close();
    const out = spawnSync(
      shell,
      [dbPath, `PRAGMA key = "x'${hex(key)}'"; PRAGMA cipher_integrity_check; SELECT value FROM settings WHERE key = 'operator';`],
      { encoding: 'utf8' },
    );
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('shell-check');
  });

  it('secure_delete removes a deleted wrapped key from the pages and the WAL', () => {
    const db = openDatabase(dbPath, key);
    migrate(db);
    const store = createVaultStore(db);
    const id = new Uint8Array(randomBytes(16));
    const wrappedKey = new Uint8Array(randomBytes(72));
    store.insertObject({ id, wrappedKey, size: 10, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(db.serialize().includes(Buffer.from(wrappedKey))).toBe(true);
    expect(store.deleteObject(id)).toBe(true);
    // serialize() returns the decrypted pages: what someone holding the key would see.
    expect(db.serialize().includes(Buffer.from(wrappedKey))).toBe(false);
    expect(existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`).length : 0).toBe(0);
    store.close();
  });
});

describe('single-process lock', () => {
  it('a second process gets VAULT_IN_USE while the first holds the vault; SIGKILL releases it', async () => {
    const marker = `CRASH-MARKER-${hex(randomBytes(8))}`;
    const holder = spawnNode(holderScript('hold', marker));
    await waitForLine(holder, 'HOLDING');

    // This test process is the second process.
    const err = vaultErrorOf(() => openDatabase(dbPath, key));
    expect(err.code).toBe('VAULT_IN_USE');
    expect(err.message).toBe('The vault is open in another process.');

    // And so is a third, separate node process.
    const other = spawnNode(holderScript('try'));
    expect(await waitForLine(other, 'ERROR')).toBe('ERROR VAULT_IN_USE The vault is open in another process.');

    holder.kill('SIGKILL');
    await waitForExit(holder);

    // The crash left a WAL behind: still no plaintext in it, and the committed row survives.
    expect(existsSync(`${dbPath}-wal`)).toBe(true);
    for (const bytes of rawFiles()) expect(bytes.includes(marker)).toBe(false);
    const db = openDatabase(dbPath, key);
    expect(db.prepare('SELECT v FROM crash_probe').pluck().get()).toBe(marker);
    db.close();
  });

  it('a holder in this process keeps a separate process out until it closes', async () => {
    const db = openDatabase(dbPath, key);
    const blocked = spawnNode(holderScript('try'));
    expect(await waitForLine(blocked, 'ERROR')).toBe('ERROR VAULT_IN_USE The vault is open in another process.');
    db.close();
    const allowed = spawnNode(holderScript('try'));
    expect(await waitForLine(allowed, 'OPENED')).toBe('OPENED');
  });
});
