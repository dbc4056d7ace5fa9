/**
 * Schema 1: settings, encrypted content objects, evidence items and the custody log.
 * Plain SQL types with CHECK constraints rather than STRICT tables, so that every SQLCipher 4.x
 * shell (some bundle SQLite older than 3.37) can read the schema.
 */
import type { Migration } from '../migrate.ts';

const GENESIS_HASH = '0'.repeat(64);

const SQL = `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);

-- One encrypted content file on disk, named by hex(id). Deleting the row deletes its wrapped key
-- and so crypto-shreds the file.
CREATE TABLE objects (
  id          BLOB PRIMARY KEY NOT NULL CHECK (typeof(id) = 'blob' AND length(id) = 16),
  wrapped_key BLOB NOT NULL CHECK (typeof(wrapped_key) = 'blob'),
  size        INTEGER NOT NULL CHECK (typeof(size) = 'integer' AND size >= 0),
  created_at  TEXT NOT NULL
);

CREATE TABLE items (
  id              TEXT PRIMARY KEY NOT NULL,
  original_object BLOB NOT NULL REFERENCES objects(id),
  original_name   TEXT NOT NULL,
  original_path   TEXT NOT NULL,
  was_symlink     INTEGER NOT NULL CHECK (was_symlink IN (0, 1)),
  symlink_target  TEXT,
  size            INTEGER NOT NULL CHECK (typeof(size) = 'integer' AND size >= 0),
  media_type      TEXT NOT NULL,
  sha256          TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  file_mtime      TEXT,
  file_ctime      TEXT,
  file_birthtime  TEXT,
  ingested_at     TEXT NOT NULL,
  operator        TEXT NOT NULL,
  source_note     TEXT,
  metadata_json   TEXT NOT NULL
);
CREATE INDEX items_by_ingested_at ON items (ingested_at, id);
CREATE INDEX items_by_original_object ON items (original_object);

CREATE TABLE custody_events (
  seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  item_id      TEXT,
  case_id      TEXT,
  details_json TEXT NOT NULL,
  prev_hash    TEXT NOT NULL CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
  hash         TEXT NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*')
);
CREATE INDEX custody_events_by_item ON custody_events (item_id) WHERE item_id IS NOT NULL;
CREATE INDEX custody_events_by_case ON custody_events (case_id) WHERE case_id IS NOT NULL;

-- The log only grows. These triggers stop mistakes and casual edits; someone holding the key can
-- drop them, which is what the hash chain (custody-log.ts, verifyChain) is there to expose.
CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
BEGIN
  SELECT RAISE(ABORT, 'custody log is append-only');
END;

CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
BEGIN
  SELECT RAISE(ABORT, 'custody log is append-only');
END;

-- Also closes the INSERT OR REPLACE path, whose implicit delete fires no DELETE trigger.
CREATE TRIGGER custody_events_next_seq_only BEFORE INSERT ON custody_events
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM custody_events)
BEGIN
  SELECT RAISE(ABORT, 'custody log is append-only');
END;

CREATE TRIGGER custody_events_extends_chain BEFORE INSERT ON custody_events
WHEN NEW.seq IS (SELECT coalesce(max(seq), 0) + 1 FROM custody_events)
 AND NEW.prev_hash IS NOT coalesce((SELECT hash FROM custody_events WHERE seq = NEW.seq - 1), '${GENESIS_HASH}')
BEGIN
  SELECT RAISE(ABORT, 'custody event does not extend the chain');
END;
`;

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL);
  },
};
