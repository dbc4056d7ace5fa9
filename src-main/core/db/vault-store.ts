/**
 * The one interface to the vault database. Everything else in the core reads and writes rows
 * through VaultStore; SQL stays in this folder. Rows are typed in camelCase; columns are snake_case.
 * better-sqlite3 is synchronous, so every method is too.
 */
import { VaultError } from '../errors/vault-error.ts';
import { createCaseStore } from './case-store.ts';
import type { CaseStore } from './case-store.ts';
import { createShareableStore } from './shareable-store.ts';
import type { ShareableStore } from './shareable-store.ts';
import { migrate } from './migrate.ts';
import { openDatabase, sqliteErrorCode } from './open-database.ts';
import type { OpenDatabaseOptions, SqliteDatabase } from './open-database.ts';

/** An encrypted content file on disk, named by the hex of `id` (16 random bytes). */
export type ObjectRow = {
  id: Uint8Array;
  wrappedKey: Uint8Array;
  size: number;
  createdAt: string;
};

export type ItemRow = {
  /** Short human id, e.g. 'ITM-' + 10 Crockford base32 characters. */
  id: string;
  originalObject: Uint8Array;
  originalName: string;
  originalPath: string;
  wasSymlink: boolean;
  symlinkTarget: string | null;
  size: number;
  mediaType: string;
  /** Lowercase hex SHA-256 of the original bytes; unique in the vault. */
  sha256: string;
  fileMtime: string | null;
  fileCtime: string | null;
  fileBirthtime: string | null;
  ingestedAt: string;
  operator: string;
  sourceNote: string | null;
  metadataJson: string;
};

/** One stored custody event. Build new ones with custody-log.ts appendEvent, never by hand. */
export type CustodyEventRow = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  itemId: string | null;
  caseId: string | null;
  detailsJson: string;
  prevHash: string;
  hash: string;
};

export type CustodyEventFilter = { itemId?: string };

export interface VaultStore {
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;

  insertObject(row: ObjectRow): void;
  getObject(id: Uint8Array): ObjectRow | undefined;
  /**
   * Removes the object's row (and with it its wrapped key). Returns false when there was none.
   * Outside a transaction it also checkpoints and truncates the WAL, so the old page holding the
   * wrapped key is not left behind in the -wal file.
   */
  deleteObject(id: Uint8Array): boolean;
  listObjects(): ObjectRow[];

  insertItem(row: ItemRow): void;
  getItem(id: string): ItemRow | undefined;
  /** Oldest first (ingested_at, then id). */
  listItems(offset: number, limit: number): ItemRow[];
  countItems(): number;
  findItemBySha256(sha256: string): ItemRow | undefined;

  /** Low level: stores a fully computed event. The database refuses any row that is not the next seq with the right prev_hash. */
  appendCustodyEvent(row: CustodyEventRow): void;
  lastCustodyEvent(): CustodyEventRow | undefined;
  /** In seq order. */
  listCustodyEvents(filter?: CustodyEventFilter): CustodyEventRow[];
  /** All events in seq order, one at a time (for verifying long logs without loading them whole). */
  iterateCustodyEvents(): IterableIterator<CustodyEventRow>;

  /** Runs fn in one transaction (nested calls become savepoints). Rolls back if fn throws. */
  transaction<T>(fn: () => T): T;
  close(): void;

  /** Case records and search (schema 3), on this same connection: case-store.ts. */
  readonly cases: CaseStore;
  /** Shareable copies (schema 2): shareable-store.ts. */
  readonly shareable: ShareableStore;
}

/** Opens the database (creating it if absent unless `mustExist`), brings its schema up to date and returns the store. */
export function openVaultStore(path: string, dbKey: Uint8Array, options: OpenDatabaseOptions = {}): VaultStore {
  const db = openDatabase(path, dbKey, options);
  try {
    migrate(db);
    return createVaultStore(db);
  } catch (err) {
    db.close();
    throw err;
  }
}

type ObjectRecord = { id: Uint8Array; wrapped_key: Uint8Array; size: number; created_at: string };
type ItemRecord = {
  id: string;
  original_object: Uint8Array;
  original_name: string;
  original_path: string;
  was_symlink: number;
  symlink_target: string | null;
  size: number;
  media_type: string;
  sha256: string;
  file_mtime: string | null;
  file_ctime: string | null;
  file_birthtime: string | null;
  ingested_at: string;
  operator: string;
  source_note: string | null;
  metadata_json: string;
};
type CustodyRecord = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  item_id: string | null;
  case_id: string | null;
  details_json: string;
  prev_hash: string;
  hash: string;
};

const ITEM_COLUMNS =
  'id, original_object, original_name, original_path, was_symlink, symlink_target, size, media_type, sha256, ' +
  'file_mtime, file_ctime, file_birthtime, ingested_at, operator, source_note, metadata_json';
const CUSTODY_COLUMNS = 'seq, at, actor, action, item_id, case_id, details_json, prev_hash, hash';

/** Wraps an already opened and migrated database. The store owns it from now on and closes it. */
export function createVaultStore(db: SqliteDatabase): VaultStore {
  const stmt = {
    getSetting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    insertObject: db.prepare<[ObjectRecord]>(
      'INSERT INTO objects (id, wrapped_key, size, created_at) VALUES (@id, @wrapped_key, @size, @created_at)',
    ),
    getObject: db.prepare<[Uint8Array], ObjectRecord>('SELECT id, wrapped_key, size, created_at FROM objects WHERE id = ?'),
    deleteObject: db.prepare<[Uint8Array]>('DELETE FROM objects WHERE id = ?'),
    listObjects: db.prepare<[], ObjectRecord>('SELECT id, wrapped_key, size, created_at FROM objects ORDER BY created_at, id'),
    insertItem: db.prepare<[ItemRecord]>(
      `INSERT INTO items (${ITEM_COLUMNS}) VALUES (${ITEM_COLUMNS.split(', ').map((c) => `@${c}`).join(', ')})`,
    ),
    getItem: db.prepare<[string], ItemRecord>(`SELECT ${ITEM_COLUMNS} FROM items WHERE id = ?`),
    listItems: db.prepare<[number, number], ItemRecord>(
      `SELECT ${ITEM_COLUMNS} FROM items ORDER BY ingested_at, id LIMIT ? OFFSET ?`,
    ),
    countItems: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM items'),
    findItemBySha256: db.prepare<[string], ItemRecord>(`SELECT ${ITEM_COLUMNS} FROM items WHERE sha256 = ?`),
    appendCustody: db.prepare<[CustodyRecord]>(
      `INSERT INTO custody_events (${CUSTODY_COLUMNS}) VALUES (${CUSTODY_COLUMNS.split(', ').map((c) => `@${c}`).join(', ')})`,
    ),
    lastCustody: db.prepare<[], CustodyRecord>(`SELECT ${CUSTODY_COLUMNS} FROM custody_events ORDER BY seq DESC LIMIT 1`),
    allCustody: db.prepare<[], CustodyRecord>(`SELECT ${CUSTODY_COLUMNS} FROM custody_events ORDER BY seq`),
    custodyByItem: db.prepare<[string], CustodyRecord>(
      `SELECT ${CUSTODY_COLUMNS} FROM custody_events WHERE item_id = ? ORDER BY seq`,
    ),
  };

  let closed = false;
  // One wrapper for every call: a closed store says "locked", and damage found mid-session
  // (a page whose HMAC fails) becomes a user-facing error instead of a raw SQLite one.
  const guard = <T>(fn: () => T): T => {
    if (closed) throw new VaultError('VAULT_LOCKED', 'The vault is locked.');
    try {
      return fn();
    } catch (err) {
      const code = sqliteErrorCode(err) ?? '';
      if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
        throw new VaultError('BAD_DATABASE', 'The vault database is damaged.', { cause: err });
      }
      throw err;
    }
  };

  return {
    cases: createCaseStore(db, guard),
    shareable: createShareableStore(db, guard),
    getSetting: (key) => guard(() => stmt.getSetting.get(key)?.value),
    setSetting: (key, value) =>
      guard(() => {
        stmt.setSetting.run(key, value);
      }),

    insertObject: (row) =>
      guard(() => {
        stmt.insertObject.run({ id: row.id, wrapped_key: row.wrappedKey, size: row.size, created_at: row.createdAt });
      }),
    getObject: (id) => guard(() => mapOptional(stmt.getObject.get(id), toObjectRow)),
    deleteObject: (id) =>
      guard(() => {
        const deleted = stmt.deleteObject.run(id).changes > 0;
        if (deleted && !db.inTransaction) db.pragma('wal_checkpoint(TRUNCATE)');
        return deleted;
      }),
    listObjects: () => guard(() => stmt.listObjects.all().map(toObjectRow)),

    insertItem: (row) =>
      guard(() => {
        stmt.insertItem.run(toItemRecord(row));
      }),
    getItem: (id) => guard(() => mapOptional(stmt.getItem.get(id), toItemRow)),
    listItems: (offset, limit) =>
      guard(() => {
        checkPaging(offset, limit);
        return stmt.listItems.all(limit, offset).map(toItemRow);
      }),
    countItems: () => guard(() => (stmt.countItems.get() as { n: number }).n),
    findItemBySha256: (sha256) => guard(() => mapOptional(stmt.findItemBySha256.get(sha256), toItemRow)),

    appendCustodyEvent: (row) =>
      guard(() => {
        stmt.appendCustody.run(toCustodyRecord(row));
      }),
    lastCustodyEvent: () => guard(() => mapOptional(stmt.lastCustody.get(), toCustodyRow)),
    listCustodyEvents: (filter = {}) =>
      guard(() => {
        const records = filter.itemId === undefined ? stmt.allCustody.all() : stmt.custodyByItem.all(filter.itemId);
        return records.map(toCustodyRow);
      }),
    iterateCustodyEvents: () => {
      const records = guard(() => stmt.allCustody.iterate());
      return (function* () {
        for (const record of records) yield toCustodyRow(record);
      })();
    },

    transaction: <T>(fn: () => T): T => guard(() => db.transaction(fn)()),
    close: () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function mapOptional<R, T>(record: R | undefined, map: (r: R) => T): T | undefined {
  return record === undefined ? undefined : map(record);
}

function checkPaging(offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError('offset and limit must be non-negative integers.');
  }
}

const toObjectRow = (r: ObjectRecord): ObjectRow => ({
  id: r.id,
  wrappedKey: r.wrapped_key,
  size: r.size,
  createdAt: r.created_at,
});

const toItemRow = (r: ItemRecord): ItemRow => ({
  id: r.id,
  originalObject: r.original_object,
  originalName: r.original_name,
  originalPath: r.original_path,
  wasSymlink: r.was_symlink === 1,
  symlinkTarget: r.symlink_target,
  size: r.size,
  mediaType: r.media_type,
  sha256: r.sha256,
  fileMtime: r.file_mtime,
  fileCtime: r.file_ctime,
  fileBirthtime: r.file_birthtime,
  ingestedAt: r.ingested_at,
  operator: r.operator,
  sourceNote: r.source_note,
  metadataJson: r.metadata_json,
});

const toItemRecord = (r: ItemRow): ItemRecord => ({
  id: r.id,
  original_object: r.originalObject,
  original_name: r.originalName,
  original_path: r.originalPath,
  was_symlink: r.wasSymlink ? 1 : 0,
  symlink_target: r.symlinkTarget,
  size: r.size,
  media_type: r.mediaType,
  sha256: r.sha256,
  file_mtime: r.fileMtime,
  file_ctime: r.fileCtime,
  file_birthtime: r.fileBirthtime,
  ingested_at: r.ingestedAt,
  operator: r.operator,
  source_note: r.sourceNote,
  metadata_json: r.metadataJson,
});

const toCustodyRow = (r: CustodyRecord): CustodyEventRow => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  itemId: r.item_id,
  caseId: r.case_id,
  detailsJson: r.details_json,
  prevHash: r.prev_hash,
  hash: r.hash,
});

const toCustodyRecord = (r: CustodyEventRow): CustodyRecord => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  item_id: r.itemId,
  case_id: r.caseId,
  details_json: r.detailsJson,
  prev_hash: r.prevHash,
  hash: r.hash,
});
