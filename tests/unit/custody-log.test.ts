import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src-main/core/db/open-database.ts';
import type { SqliteDatabase } from '../../src-main/core/db/open-database.ts';
import { migrate } from '../../src-main/core/db/migrate.ts';
import { createVaultStore } from '../../src-main/core/db/vault-store.ts';
import type { VaultStore } from '../../src-main/core/db/vault-store.ts';
import { canonicalize, canonicalBytes } from '../../src-main/core/custody/canonical.ts';
import {
  CUSTODY_ACTIONS,
  GENESIS_HASH,
  appendEvent,
  computeEventHash,
  hashedFieldsOf,
  verifyChain,
} from '../../src-main/core/custody/custody-log.ts';
import type { CustodyAction } from '../../src-main/core/custody/custody-log.ts';

let dir: string;
let db: SqliteDatabase;
let store: VaultStore;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-custody-'));
  db = openDatabase(path.join(dir, 'vault.db'), new Uint8Array(randomBytes(32)));
  migrate(db);
  store = createVaultStore(db);
});

afterEach(async () => {
  store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Fixed clock: one event per second from a known instant. */
function clock(start = Date.parse('2026-03-14T09:26:53.589Z')): () => Date {
  let n = 0;
  return () => new Date(start + 1000 * n++);
}

function appendSome(count: number): void {
  const now = clock();
  appendEvent(store, { actor: 'Alex Rivera', action: 'vault.created', details: { app: 'Evidence Vault' } }, { now });
  for (let i = 2; i <= count; i++) {
    appendEvent(
      store,
      { actor: 'Alex Rivera', action: 'item.ingested', itemId: `ITM-${String(i).padStart(10, '0')}`, details: { n: i } },
      { now },
    );
  }
}

/** What an attacker holding the database key can do: remove the guard triggers. */
function dropGuards(): void {
  for (const name of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[]) {
    db.exec(`DROP TRIGGER ${name}`);
  }
}

describe('canonicalize', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalize({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    // U+20AC (€) sorts after U+00E9 (é); U+1F600 (surrogate pair D83D…) sorts before U+FB01 (ﬁ).
    expect(canonicalize({ '\u20ac': 1, '\u00e9': 2, '\u{1F600}': 3, '\uFB01': 4, a: 5 })).toBe(
      '{"a":5,"é":2,"€":1,"😀":3,"ﬁ":4}',
    );
  });

  it('serialises numbers and strings like RFC 8785', () => {
    expect(canonicalize([0, -0, 1, -1.5, 1e21, 1e-7, 123456789012345680000, 0.1 + 0.2])).toBe(
      '[0,0,1,-1.5,1e+21,1e-7,123456789012345680000,0.30000000000000004]',
    );
    expect(canonicalize('tab\t nl\n quote" bs\\ ctl\u0001 slash/ é')).toBe(
      '"tab\\t nl\\n quote\\" bs\\\\ ctl\\u0001 slash/ é"',
    );
  });

  it('encodes UTF-8 bytes', () => {
    expect(Buffer.from(canonicalBytes({ k: 'ü' })).toString('hex')).toBe('7b226b223a22c3bc227d');
  });

  it('refuses what JSON cannot represent exactly', () => {
    for (const bad of [
      undefined,
      { a: undefined },
      [1, , 2], // eslint-disable-line no-sparse-arrays
      Number.NaN,
      Number.POSITIVE_INFINITY,
      10n,
      () => 1,
      Symbol('s'),
      new Date(0),
      new Map(),
      '\ud800',
      { '\udc00': 1 },
    ]) {
      expect(() => canonicalize(bad)).toThrow(TypeError);
    }
  });

  it('is stable: canonical text parses and re-encodes to itself', () => {
    const text = canonicalize({ z: [1.5, 'ß', { b: null, a: false }], a: -0.000001 });
    expect(canonicalize(JSON.parse(text))).toBe(text);
  });
});

describe('appendEvent', () => {
  it('starts at seq 1 from the genesis hash and links every event to the one before', () => {
    appendSome(3);
    const events = store.listCustodyEvents();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events[2]?.prevHash).toBe(events[1]?.hash);
    for (const e of events) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes exactly the documented canonical text (worked example of docs/custody-log.md)', () => {
    const now = clock();
    const first = appendEvent(store, { actor: 'Alex Rivera', action: 'vault.created', details: { app: 'Evidence Vault 0.1.0' } }, { now });
    const text1 =
      '{"action":"vault.created","actor":"Alex Rivera","at":"2026-03-14T09:26:53.589Z","case":null,' +
      '"details":{"app":"Evidence Vault 0.1.0"},"item":null,' +
      `"prev":"${'0'.repeat(64)}","seq":1}`;
    expect(first.hash).toBe(sha256(text1));
    expect(first.hash).toBe('1e50354516c2053d7a38c92a4af173a4bbe027a950fa580f4fedc23ac9c17531');

    const second = appendEvent(
      store,
      {
        actor: 'Alex Rivera',
        action: 'item.ingested',
        itemId: 'ITM-7M2K9QX4TB',
        details: { size: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', name: 'Zeugenaussage – Müller.txt' },
      },
      { now: () => new Date('2026-03-14T09:27:01.002Z') },
    );
    const text2 =
      '{"action":"item.ingested","actor":"Alex Rivera","at":"2026-03-14T09:27:01.002Z","case":null,' +
      '"details":{"name":"Zeugenaussage – Müller.txt","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":0},' +
      '"item":"ITM-7M2K9QX4TB","prev":"1e50354516c2053d7a38c92a4af173a4bbe027a950fa580f4fedc23ac9c17531","seq":2}';
    expect(second.hash).toBe(sha256(text2));
    expect(second.hash).toBe('01faec14e3200c80bd4a6c97ad720b1812d688a50089c34a7d3b6c72830df343');
    expect(second.detailsJson).toBe(
      '{"name":"Zeugenaussage – Müller.txt","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size":0}',
    );
  });

  it('records the time as UTC ISO-8601 with milliseconds', () => {
    const event = appendEvent(store, { actor: 'A', action: 'audit.run', details: {} });
    expect(event.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(Date.parse(event.at) - Date.now())).toBeLessThan(5000);
  });

  it('stores item and case ids and lists events per item', () => {
    appendEvent(store, { actor: 'A', action: 'item.ingested', itemId: 'ITM-A', details: {} });
    appendEvent(store, { actor: 'A', action: 'item.linked', itemId: 'ITM-A', caseId: 'CASE-1', details: {} });
    appendEvent(store, { actor: 'A', action: 'item.ingested', itemId: 'ITM-B', details: {} });
    const forA = store.listCustodyEvents({ itemId: 'ITM-A' });
    expect(forA.map((e) => [e.seq, e.action, e.caseId])).toEqual([
      [1, 'item.ingested', null],
      [2, 'item.linked', 'CASE-1'],
    ]);
  });

  it('refuses unknown actions, an empty actor and non-JSON details, appending nothing', () => {
    expect(() => appendEvent(store, { actor: 'A', action: 'item.deleted' as CustodyAction, details: {} })).toThrow(TypeError);
    expect(() => appendEvent(store, { actor: '', action: 'audit.run', details: {} })).toThrow(TypeError);
    expect(() => appendEvent(store, { actor: 'A', action: 'audit.run', details: { n: Number.NaN } })).toThrow(TypeError);
    expect(store.listCustodyEvents()).toEqual([]);
  });

  it('joins a surrounding transaction and rolls back with it', () => {
    expect(() =>
      store.transaction(() => {
        appendEvent(store, { actor: 'A', action: 'audit.run', details: {} });
        throw new Error('ingest failed');
      }),
    ).toThrow('ingest failed');
    expect(store.listCustodyEvents()).toEqual([]);
    appendEvent(store, { actor: 'A', action: 'audit.run', details: {} });
    expect(store.lastCustodyEvent()?.seq).toBe(1);
  });

  it('exports the closed set of actions', () => {
    expect(CUSTODY_ACTIONS).toContain('vault.created');
    expect(CUSTODY_ACTIONS).toContain('audit.run');
    expect(new Set(CUSTODY_ACTIONS).size).toBe(CUSTODY_ACTIONS.length);
  });
});

describe('verifyChain', () => {
  it('accepts an empty log', () => {
    expect(verifyChain(store)).toEqual({ ok: true, head: { seq: 0, hash: GENESIS_HASH }, count: 0 });
  });

  it('accepts an intact log and names its head', () => {
    appendSome(5);
    const last = store.lastCustodyEvent();
    expect(verifyChain(store)).toEqual({ ok: true, head: { seq: 5, hash: last?.hash }, count: 5 });
  });

  it('the triggers refuse UPDATE and DELETE while they are in place', () => {
    appendSome(3);
    expect(() => db.exec(`UPDATE custody_events SET actor = 'Mallory' WHERE seq = 2`)).toThrow('custody log is append-only');
    expect(() => db.exec('DELETE FROM custody_events WHERE seq = 3')).toThrow('custody log is append-only');
    expect(verifyChain(store).ok).toBe(true);
  });

  it('catches an edited event', () => {
    appendSome(5);
    dropGuards();
    db.exec(`UPDATE custody_events SET actor = 'Mallory' WHERE seq = 3`);
    expect(verifyChain(store)).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'hash_mismatch' });
  });

  it('catches an edited event whose hash the attacker recomputed, at the next link', () => {
    appendSome(5);
    dropGuards();
    const row = store.listCustodyEvents()[2];
    if (row === undefined) throw new Error('missing row');
    const forged = { ...row, detailsJson: '{"n":999}' };
    const forgedHash = computeEventHash(hashedFieldsOf(forged) ?? expect.fail('fields'));
    db.prepare('UPDATE custody_events SET details_json = ?, hash = ? WHERE seq = 3').run(forged.detailsJson, forgedHash);
    expect(verifyChain(store)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'prev_link_mismatch' });
  });

  it('catches edited details that are no longer JSON', () => {
    appendSome(3);
    dropGuards();
    db.exec(`UPDATE custody_events SET details_json = '{not json' WHERE seq = 2`);
    expect(verifyChain(store)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'hash_mismatch' });
  });

  it('catches a deleted event', () => {
    appendSome(5);
    dropGuards();
    db.exec('DELETE FROM custody_events WHERE seq = 3');
    expect(verifyChain(store)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'sequence_gap' });
  });

  it('catches a deleted first event', () => {
    appendSome(3);
    dropGuards();
    db.exec('DELETE FROM custody_events WHERE seq = 1');
    expect(verifyChain(store)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'sequence_gap' });
  });

  it('catches an inserted event, even one correctly hashed and linked to its predecessor', () => {
    appendSome(5);
    dropGuards();
    // Make room at seq 3 by moving 3..5 up one (highest first, to keep seq unique).
    for (const seq of [5, 4, 3]) db.prepare('UPDATE custody_events SET seq = seq + 1 WHERE seq = ?').run(seq);
    const before = store.listCustodyEvents()[1];
    if (before === undefined) throw new Error('missing row');
    const fields = {
      seq: 3,
      at: '2026-03-14T09:26:55.000Z',
      actor: 'Mallory',
      action: 'item.viewed',
      item: 'ITM-0000000002',
      case: null,
      details: {},
      prev: before.hash,
    };
    db.prepare('INSERT INTO custody_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      3,
      fields.at,
      fields.actor,
      fields.action,
      fields.item,
      null,
      '{}',
      fields.prev,
      computeEventHash(fields),
    );
    expect(verifyChain(store)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'prev_link_mismatch' });
  });

  it('catches an event appended with a bad hash', () => {
    appendSome(3);
    dropGuards();
    const last = store.lastCustodyEvent();
    db.prepare(
      `INSERT INTO custody_events VALUES (4, '2026-03-14T10:00:00.000Z', 'Mallory', 'item.viewed', NULL, NULL, '{}', ?, ?)`,
    ).run(last?.hash, 'f'.repeat(64));
    expect(verifyChain(store)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'hash_mismatch' });
  });

  it('catches reordered events', () => {
    appendSome(5);
    dropGuards();
    // Swap seq 2 and 3 through a free number.
    db.exec('UPDATE custody_events SET seq = 100 WHERE seq = 2');
    db.exec('UPDATE custody_events SET seq = 2 WHERE seq = 3');
    db.exec('UPDATE custody_events SET seq = 3 WHERE seq = 100');
    expect(verifyChain(store)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'prev_link_mismatch' });
  });

  it('cannot see a truncated tail by itself, but the head moves', () => {
    appendSome(5);
    const before = verifyChain(store);
    dropGuards();
    db.exec('DELETE FROM custody_events WHERE seq = 5');
    const after = verifyChain(store);
    expect(after.ok).toBe(true);
    expect(after).not.toEqual(before);
    if (after.ok) expect(after.head.seq).toBe(4);
  });
});
