/**
 * The SQL of shareable copies (schema 2). Part of the vault's store (`VaultStore.shareable`), on the
 * same connection, so a copy's row joins the transaction of the custody event that records it.
 */
import type { SqliteDatabase } from './open-database.ts';

export type ShareableStatus = 'stripped' | 'unsupported' | 'failed';

export type ShareableCopyRow = {
  id: number;
  itemId: string;
  objectId: Uint8Array | null;
  status: ShareableStatus;
  method: string;
  reason: string | null;
  sha256: string | null;
  size: number | null;
  removedJson: string;
  proofJson: string | null;
  verificationJson: string | null;
  toolVersionsJson: string;
  createdAt: string;
  overrideActor: string | null;
  overrideAt: string | null;
  overrideReason: string | null;
};

export type NewShareableCopy = Omit<ShareableCopyRow, 'id' | 'overrideActor' | 'overrideAt' | 'overrideReason'>;

export interface ShareableStore {
  insert(row: NewShareableCopy): number;
  /** The current copy of an item: its newest row. */
  latest(itemId: string): ShareableCopyRow | undefined;
  /** Every copy made of an item, oldest first. */
  history(itemId: string): ShareableCopyRow[];
  setOverride(copyId: number, actor: string, at: string, reason: string): void;
  /** Items whose current copy has this status ('none': no copy made yet), in the items list's order. */
  itemIdsWithStatus(status: ShareableStatus | 'none', offset: number, limit: number): string[];
  countWithStatus(status: ShareableStatus | 'none'): number;
}

const COLUMNS = {
  id: 'id',
  itemId: 'item_id',
  objectId: 'object_id',
  status: 'status',
  method: 'method',
  reason: 'reason',
  sha256: 'sha256',
  size: 'size',
  removedJson: 'removed_json',
  proofJson: 'proof_json',
  verificationJson: 'verification_json',
  toolVersionsJson: 'tool_versions_json',
  createdAt: 'created_at',
  overrideActor: 'override_actor',
  overrideAt: 'override_at',
  overrideReason: 'override_reason',
} as const;
const SELECT = Object.entries(COLUMNS)
  .map(([prop, col]) => `${col} AS ${prop}`)
  .join(', ');
const INSERTED = (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).filter((p) => p !== 'id' && !p.startsWith('override'));

type Guard = <T>(fn: () => T) => T;

export function createShareableStore(db: SqliteDatabase, guard: Guard): ShareableStore {
  const insert = db.prepare(`INSERT INTO shareable_copies (${INSERTED.map((p) => COLUMNS[p]).join(', ')}) VALUES (${INSERTED.map((p) => `@${p}`).join(', ')})`);
  const latest = db.prepare(`SELECT ${SELECT} FROM shareable_copies WHERE item_id = ? ORDER BY id DESC LIMIT 1`);
  const history = db.prepare(`SELECT ${SELECT} FROM shareable_copies WHERE item_id = ? ORDER BY id`);
  const override = db.prepare('UPDATE shareable_copies SET override_actor = ?, override_at = ?, override_reason = ? WHERE id = ?');
  // The current copy of each item is its newest row: an index on (item_id, id) finds it directly.
  const CURRENT = `(SELECT c.status FROM shareable_copies c WHERE c.item_id = items.id ORDER BY c.id DESC LIMIT 1)`;
  const withStatus = db.prepare(`SELECT id FROM items WHERE coalesce(${CURRENT}, 'none') = ? ORDER BY ingested_at, id LIMIT ? OFFSET ?`);
  const countStatus = db.prepare(`SELECT count(*) FROM items WHERE coalesce(${CURRENT}, 'none') = ?`);
  return {
    itemIdsWithStatus: (status, offset, limit) => guard(() => withStatus.pluck().all(status, limit, offset) as string[]),
    countWithStatus: (status) => guard(() => countStatus.pluck().get(status) as number),
    insert: (row) => guard(() => Number(insert.run(row).lastInsertRowid)),
    latest: (itemId) => guard(() => latest.get(itemId) as ShareableCopyRow | undefined),
    history: (itemId) => guard(() => history.all(itemId) as ShareableCopyRow[]),
    setOverride: (copyId, actor, at, reason) =>
      guard(() => {
        override.run(actor, at, reason, copyId);
      }),
  };
}
