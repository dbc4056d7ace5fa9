/**
 * Schema 2: shareable copies. Each strip run of an item leaves one row (the newest row is the
 * current copy); a copy that was not cleaned keeps its row with status 'unsupported' or 'failed'
 * and no content object. What was removed, the content proof and the verification scan are kept
 * here, encrypted with the rest of the database, because they hold the identifying values.
 */
import type { Migration } from '../migrate.ts';

const SQL = `
CREATE TABLE shareable_copies (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id            TEXT NOT NULL REFERENCES items(id),
  object_id          BLOB REFERENCES objects(id),
  status             TEXT NOT NULL CHECK (status IN ('stripped', 'unsupported', 'failed')),
  method             TEXT NOT NULL,
  reason             TEXT,
  sha256             TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
  size               INTEGER CHECK (size IS NULL OR size >= 0),
  removed_json       TEXT NOT NULL,
  proof_json         TEXT,
  verification_json  TEXT,
  tool_versions_json TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  -- A person may declare a copy that is not 'stripped' shareable anyway; who, when and why.
  override_actor     TEXT,
  override_at        TEXT,
  override_reason    TEXT,
  CHECK ((status = 'stripped') = (object_id IS NOT NULL AND sha256 IS NOT NULL))
);
CREATE INDEX shareable_copies_by_item ON shareable_copies (item_id, id);
`;

export const migration0002: Migration = {
  version: 2,
  name: 'shareable-copies',
  up(db) {
    db.exec(SQL);
  },
};
