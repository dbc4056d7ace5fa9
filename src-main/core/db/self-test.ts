/**
 * Proves at run time that the database engine really encrypts: a keyed file is written, must not
 * carry SQLite's plaintext magic, must read back with its key, and must refuse a wrong key.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { randomBytes } from 'node:crypto';
import { openSync, readSync, closeSync } from 'node:fs';

const PLAINTEXT_MAGIC = Buffer.from('SQLite format 3\0');

function keyed(file: string, key: Buffer): Database.Database {
  const db = new Database(file);
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${key.toString('hex')}'"`);
  return db;
}

export function sqliteVersions(): { sqlite: string; cipher: string } {
  const db = new Database(':memory:');
  try {
    const row = db.prepare('SELECT sqlite_version() AS sqlite, sqlite3mc_version() AS mc').get() as { sqlite: string; mc: string };
    return { sqlite: row.sqlite, cipher: `${row.mc}, SQLCipher 4 format` };
  } finally {
    db.close();
  }
}

export function encryptionSelfTest(file: string): boolean {
  const key = randomBytes(32);
  const marker = randomBytes(16).toString('hex');
  const db = keyed(file, key);
  db.exec('CREATE TABLE probe(v TEXT)');
  db.prepare('INSERT INTO probe VALUES (?)').run(marker);
  db.close();

  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.equals(PLAINTEXT_MAGIC)) return false;

  const reopened = keyed(file, key);
  const readBack = (reopened.prepare('SELECT v FROM probe').get() as { v: string } | undefined)?.v;
  reopened.close();
  if (readBack !== marker) return false;

  const wrong = keyed(file, randomBytes(32));
  try {
    wrong.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch {
    return true;
  } finally {
    wrong.close();
  }
}
