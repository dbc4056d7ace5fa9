/**
 * The chain-of-custody log: every event carries the SHA-256 of its own canonical encoding, which
 * includes the previous event's hash. Changing, removing, inserting or reordering any stored event
 * breaks the chain at that point; verifyChain finds the first break. Format: docs/custody-log.md.
 */
import { createHash } from 'node:crypto';
import type { CustodyEventRow, VaultStore } from '../db/vault-store.ts';
import { canonicalize } from './canonical.ts';
import type { JsonValue } from './canonical.ts';

export const GENESIS_HASH = '0'.repeat(64);

export const CUSTODY_ACTIONS = [
  'vault.created',
  'item.ingested',
  'item.duplicate_seen',
  'item.viewed',
  'item.original_exported',
  'item.exported',
  'shareable.created',
  'shareable.override',
  'case.created',
  'item.linked',
  'item.unlinked',
  'passphrase.changed',
  'recovery.used',
  'audit.run',
  'database_key.disclosed',
  'case.updated',
  'case.tagged',
  'case.untagged',
  'person.added',
  'person.linked',
  'person.identity_set',
  'person.identity_revealed',
  'incident.added',
  'incident.updated',
  'exhibit.updated',
  'exhibit.reordered',
  'item.tagged',
  'item.untagged',
  'note.added',
  'case.exported',
] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

export type CustodyDetails = { readonly [key: string]: JsonValue };

export type NewCustodyEvent = {
  actor: string;
  action: CustodyAction;
  itemId?: string;
  caseId?: string;
  details: CustodyDetails;
};

/** Exactly the fields the hash covers, under the names used in the canonical encoding. */
export type HashedFields = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  item: string | null;
  case: string | null;
  details: JsonValue;
  prev: string;
};

export type ChainBreakReason = 'sequence_gap' | 'prev_link_mismatch' | 'hash_mismatch';

export type ChainVerification =
  | { ok: true; head: { seq: number; hash: string }; count: number }
  | { ok: false; firstBrokenSeq: number; reason: ChainBreakReason; message: string };

export type AppendOptions = {
  /** The clock, for tests and examples; defaults to the system clock. */
  now?: () => Date;
};

/** The canonical text whose UTF-8 bytes are hashed. */
export function canonicalEventText(fields: HashedFields): string {
  return canonicalize(fields);
}

/** Lowercase hex SHA-256 over the UTF-8 canonical encoding of the hashed fields. */
export function computeEventHash(fields: HashedFields): string {
  return createHash('sha256').update(canonicalEventText(fields), 'utf8').digest('hex');
}

/**
 * Appends one event after the current head and returns it as stored. Runs in a transaction of its
 * own (or joins the caller's), so seq and prev_hash always come from the true head.
 */
export function appendEvent(store: VaultStore, event: NewCustodyEvent, options: AppendOptions = {}): CustodyEventRow {
  if (!(CUSTODY_ACTIONS as readonly string[]).includes(event.action)) {
    throw new TypeError('Unknown custody action.');
  }
  if (event.actor.length === 0) throw new TypeError('A custody event needs an actor.');
  // Canonical text is stored, so re-encoding it during verification yields the same bytes.
  const detailsJson = canonicalize(event.details);
  const now = options.now ?? (() => new Date());
  return store.transaction(() => {
    const last = store.lastCustodyEvent();
    const fields: HashedFields = {
      seq: (last?.seq ?? 0) + 1,
      at: now().toISOString(),
      actor: event.actor,
      action: event.action,
      item: event.itemId ?? null,
      case: event.caseId ?? null,
      details: JSON.parse(detailsJson) as JsonValue,
      prev: last?.hash ?? GENESIS_HASH,
    };
    const row: CustodyEventRow = {
      seq: fields.seq,
      at: fields.at,
      actor: fields.actor,
      action: fields.action,
      itemId: fields.item,
      caseId: fields.case,
      detailsJson,
      prevHash: fields.prev,
      hash: computeEventHash(fields),
    };
    store.appendCustodyEvent(row);
    return row;
  });
}

/** The hashed fields of a stored row, or undefined when its details are not JSON at all. */
export function hashedFieldsOf(row: CustodyEventRow): HashedFields | undefined {
  let details: JsonValue;
  try {
    details = JSON.parse(row.detailsJson) as JsonValue;
  } catch {
    return undefined;
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    item: row.itemId,
    case: row.caseId,
    details,
    prev: row.prevHash,
  };
}

/**
 * Walks the whole log in seq order, recomputing every hash and link. Reports the first event that
 * is out of sequence, does not point at its predecessor's hash, or whose content does not match
 * its hash. Removing events from the END cannot be seen from the log alone: compare `head` with a
 * head recorded elsewhere (an exported receipt, a filing package) to catch that.
 */
export function verifyChain(store: VaultStore): ChainVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (const row of store.iterateCustodyEvents()) {
    if (row.seq !== expectedSeq) {
      return broken(row.seq, 'sequence_gap', `Event ${row.seq} follows where event ${expectedSeq} was expected.`);
    }
    if (row.prevHash !== prevHash) {
      return broken(row.seq, 'prev_link_mismatch', `Event ${row.seq} does not point at the hash of the event before it.`);
    }
    const fields = hashedFieldsOf(row);
    if (fields === undefined || safeHash(fields) !== row.hash) {
      return broken(row.seq, 'hash_mismatch', `Event ${row.seq} does not match its recorded hash.`);
    }
    prevHash = row.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, head: { seq: count, hash: prevHash }, count };
}

function safeHash(fields: HashedFields): string | undefined {
  try {
    return computeEventHash(fields);
  } catch {
    return undefined;
  }
}

function broken(firstBrokenSeq: number, reason: ChainBreakReason, message: string): ChainVerification {
  return { ok: false, firstBrokenSeq, reason, message };
}
