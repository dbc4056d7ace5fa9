/**
 * Opens the vault database: an SQLCipher-4 file (through SQLite3 Multiple Ciphers in its
 * "sqlcipher" scheme, legacy=4) keyed with a raw 32-byte key, held exclusively by this process.
 * docs/database.md explains every pragma and how to open the file with the official sqlcipher shell.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { VaultError } from '../errors/vault-error.ts';

export type SqliteDatabase = Database.Database;

/** The database key is a raw AES-256 key: no KDF runs inside SQLCipher (the master key already came from Argon2id). */
export const DB_KEY_BYTES = 32;

export type OpenDatabaseOptions = {
  /** Refuse to create the file: a missing database means a missing or broken vault. */
  mustExist?: boolean;
};

/**
 * The pragmas set after the key is proven. Each one is read back in tests.
 * - WAL: readers never block on the writer and a crash can never leave a half-written page.
 * - synchronous=FULL: every commit is fsynced before it returns. NORMAL would survive an app crash
 *   but can lose the last commits on power loss; an ingest the user was told is done must stay done
 *   (its content file is already on disk and its custody event names it). Cost measured: ~0.25 ms
 *   per ingest transaction on this machine's disk, small next to hashing and encrypting the file.
 * - fullfsync: makes FULL mean a real flush on macOS (F_FULLFSYNC); ignored elsewhere.
 * - secure_delete: freed cells are zeroed, so a deleted wrapped key (crypto-shredding) is gone
 *   from the page, not merely unlinked.
 * - temp_store=MEMORY: sorts and temporary indices never reach an unencrypted temp file.
 * - trusted_schema=OFF: a tampered schema cannot make us run functions with side effects.
 */
const SESSION_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'fullfsync = ON',
  'checkpoint_fullfsync = ON',
  'foreign_keys = ON',
  'secure_delete = ON',
  'temp_store = MEMORY',
  'trusted_schema = OFF',
] as const;

/**
 * Opens (or creates) the database at `path` with `dbKey`. Throws VaultError:
 * VAULT_IN_USE when another process holds it, BAD_DATABASE when the key does not open it (wrong
 * key, not a vault database, or damaged page 1), VAULT_NOT_FOUND when `mustExist` and it is absent.
 */
export function openDatabase(path: string, dbKey: Uint8Array, options: OpenDatabaseOptions = {}): SqliteDatabase {
  if (dbKey.length !== DB_KEY_BYTES) throw new RangeError(`The database key must be ${DB_KEY_BYTES} bytes.`);
  let db: SqliteDatabase;
  try {
    // timeout 0: a vault held by another process must fail at once, not after a 5 s busy wait.
    db = new Database(path, { fileMustExist: options.mustExist === true, timeout: 0 });
  } catch (err) {
    throw mapOpenError(err);
  }
  try {
    db.pragma(`cipher = 'sqlcipher'`);
    // legacy=4 switches every sqlcipher parameter to SQLCipher 4.x defaults (4096-byte pages,
    // HMAC-SHA512, PBKDF2-HMAC-SHA512 for the HMAC key, plaintext header size 0).
    db.pragma('legacy = 4');
    applyRawKey(db, dbKey);
    // Must precede the first read: in WAL mode with EXCLUSIVE locking SQLite never creates the
    // -shm file and takes an exclusive lock on the database file that it keeps until close.
    db.pragma('locking_mode = EXCLUSIVE');
    // The first real read: proves the key (page 1 decrypts and its HMAC verifies) and takes the lock.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    for (const pragma of SESSION_PRAGMAS) db.pragma(pragma);
    // An empty write transaction makes sure the lock is held exclusively even if the file was
    // already in WAL mode (a read alone would be enough today; this does not rely on it).
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return db;
  } catch (err) {
    db.close();
    throw mapOpenError(err);
  }
}

/**
 * Equivalent to `PRAGMA key = "x'<64 hex>'"` (the key string goes to sqlite3_key either way), but
 * the hex form is built in a Buffer we can wipe, never in an immutable JavaScript string.
 */
function applyRawKey(db: SqliteDatabase, dbKey: Uint8Array): void {
  const hexDigits = '0123456789abcdef';
  const keyString = Buffer.alloc(3 + 2 * dbKey.length);
  keyString[0] = 0x78; // x
  keyString[1] = 0x27; // '
  for (let i = 0; i < dbKey.length; i++) {
    const byte = dbKey[i] as number;
    keyString[2 + 2 * i] = hexDigits.charCodeAt(byte >> 4);
    keyString[3 + 2 * i] = hexDigits.charCodeAt(byte & 0x0f);
  }
  keyString[keyString.length - 1] = 0x27; // '
  try {
    const rc = db.key(keyString);
    if (rc !== 0) throw new VaultError('BAD_DATABASE', 'The vault database could not be keyed.');
  } finally {
    keyString.fill(0);
  }
}

/** SQLite error codes as better-sqlite3 reports them (extended codes start with the primary one). */
export function sqliteErrorCode(err: unknown): string | undefined {
  if (err instanceof Database.SqliteError) return err.code;
  return undefined;
}

function mapOpenError(err: unknown): unknown {
  if (err instanceof VaultError) return err;
  const code = sqliteErrorCode(err) ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new VaultError('VAULT_IN_USE', 'The vault is open in another process.', { cause: err });
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new VaultError(
      'BAD_DATABASE',
      'The vault database cannot be read: it is damaged or does not belong to this vault.',
      { cause: err },
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new VaultError('VAULT_NOT_FOUND', 'The vault database could not be found or opened.', { cause: err });
  }
  return err;
}
