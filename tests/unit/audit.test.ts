/**
 * The audit a user runs to prove the vault is intact: it re-hashes every stored original and
 * recomputes the custody chain, names each problem by item (or by event), and logs that it ran.
 * Damage is done the way it happens: files deleted, flipped or cut short on disk, and custody rows
 * edited or deleted directly in the database by someone holding the key.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { auditVault, closeExiftool, custodyLog, ingestPaths, Vault } from '../../src-main/core/index.ts';
import type { IngestOutcome } from '../../src-main/core/index.ts';
import { computeEventHash, hashedFieldsOf } from '../../src-main/core/custody/custody-log.ts';
import { objectPath } from '../../src-main/core/vault/layout.ts';
import { openVaultDatabase, tempVaults } from '../helpers/temp-vault.ts';
import type { TestVault } from '../helpers/temp-vault.ts';

const temps = tempVaults();
afterEach(() => temps.cleanup());
afterAll(() => closeExiftool());

/** A vault with `count` items of a few hundred KiB (two of them span several content segments). */
async function vaultWithItems(count: number): Promise<{ tv: TestVault; items: IngestOutcome[] }> {
  const tv = await temps.vault();
  const src = path.join(tv.root, 'src');
  await fs.mkdir(src);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(src, `item-${i}.bin`);
    await fs.writeFile(file, randomBytes(i < 2 ? 2.5 * 1024 * 1024 : 300 * 1024 + i));
    files.push(file);
  }
  const items = await ingestPaths(tv.vault, files);
  expect(items.map((o) => o.status)).toEqual(files.map(() => 'ingested'));
  return { tv, items };
}

function contentFile(vault: Vault, itemId: string): string {
  return objectPath(vault.paths, vault.store.getItem(itemId)!.originalObject);
}

/** Edits the custody table behind the app's back: drop the guard triggers first, as an attacker with the key would. */
async function tamper(tv: TestVault, sql: string): Promise<void> {
  tv.vault.lock();
  const db = await openVaultDatabase(tv.folder, tv.passphrase);
  try {
    for (const name of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[]) {
      db.exec(`DROP TRIGGER "${name}"`);
    }
    expect(db.prepare(sql).run().changes).toBe(1);
  } finally {
    db.close();
  }
}

describe('audit', () => {
  it('passes a clean vault, checks every byte and event, and logs audit.run', async () => {
    const { tv, items } = await vaultWithItems(4);
    const eventsBefore = custodyLog(tv.vault);
    const report = await auditVault(tv.vault);
    const totalBytes = (await Promise.all(items.map((o) => fs.stat(o.path)))).reduce((s, st) => s + st.size, 0);
    expect(report).toEqual({
      ok: true,
      itemsChecked: 4,
      bytesChecked: totalBytes,
      eventsChecked: eventsBefore.length,
      chainHead: { seq: eventsBefore.length, hash: eventsBefore.at(-1)!.hash },
      problems: [],
    });
    const logged = custodyLog(tv.vault).at(-1)!;
    expect(logged).toMatchObject({ seq: eventsBefore.length + 1, action: 'audit.run', actor: 'Test Operator', details: { ok: true, itemsChecked: 4, problems: [] } });
    // The run that was logged is itself part of a chain that still verifies.
    expect((await auditVault(tv.vault)).ok).toBe(true);
  });

  it('names each damaged item: deleted, byte-flipped and truncated content files', async () => {
    const { tv, items } = await vaultWithItems(5);
    const [deleted, flipped, truncated, flippedHeader, intact] = items.map((o) => o.id!) as [string, string, string, string, string];
    await fs.rm(contentFile(tv.vault, deleted));
    {
      const file = contentFile(tv.vault, flipped);
      const bytes = await fs.readFile(file);
      bytes[Math.floor(bytes.length * 0.6)]! ^= 0x01; // one bit, deep inside the second segment
      await fs.writeFile(file, bytes);
    }
    {
      const file = contentFile(tv.vault, truncated);
      await fs.truncate(file, (await fs.stat(file)).size - 100);
    }
    {
      const file = contentFile(tv.vault, flippedHeader);
      const bytes = await fs.readFile(file);
      bytes[20]! ^= 0x80; // in the header (the per-file salt)
      await fs.writeFile(file, bytes);
    }

    const report = await auditVault(tv.vault);
    expect(report.ok).toBe(false);
    expect(report.itemsChecked).toBe(5);
    const byItem = new Map(report.problems.map((p) => [p.itemId, p]));
    expect(report.problems).toHaveLength(4);
    expect(byItem.get(deleted)).toMatchObject({ kind: 'missing-file', message: 'The encrypted file of the original is missing.' });
    expect(byItem.get(flipped)).toMatchObject({ kind: 'corrupted-file' });
    expect(byItem.get(truncated)).toMatchObject({ kind: 'corrupted-file' });
    expect(byItem.get(flippedHeader)).toMatchObject({ kind: 'corrupted-file' });
    expect(byItem.has(intact)).toBe(false);
    for (const p of report.problems) expect(p.message.length).toBeGreaterThan(10);
    // The chain itself is fine: the damage is in the files, and the report says only that.
    expect(report.chainHead).not.toBeNull();
    expect(report.problems.some((p) => p.kind === 'broken-chain')).toBe(false);

    const logged = custodyLog(tv.vault).at(-1)!;
    expect(logged).toMatchObject({ action: 'audit.run', details: { ok: false, itemsChecked: 5 } });
    expect((logged.details as { problems: unknown[] }).problems).toEqual(
      expect.arrayContaining([
        { kind: 'missing-file', item: deleted },
        { kind: 'corrupted-file', item: flipped },
        { kind: 'corrupted-file', item: truncated },
        { kind: 'corrupted-file', item: flippedHeader },
      ]),
    );
  });

  it('finds a custody event edited directly in the database and names its seq', async () => {
    const { tv, items } = await vaultWithItems(3);
    const target = custodyLog(tv.vault).find((e) => e.action === 'item.ingested' && e.itemId === items[1]!.id)!;
    const forged = JSON.stringify({ ...(target.details as object), sha256: 'f'.repeat(64) });
    await tamper(tv, `UPDATE custody_events SET details_json = '${forged}' WHERE seq = ${target.seq}`);

    const vault = temps.track(await Vault.unlock(tv.folder, tv.passphrase));
    const report = await auditVault(vault);
    expect(report.ok).toBe(false);
    expect(report.chainHead).toBeNull();
    expect(report.problems).toEqual([
      { kind: 'broken-chain', itemId: null, eventSeq: target.seq, message: `Event ${target.seq} does not match its recorded hash.` },
    ]);
    expect(custodyLog(vault).at(-1)).toMatchObject({ action: 'audit.run', details: { ok: false, problems: [{ kind: 'broken-chain', item: null, seq: target.seq }] } });
  });

  it('finds a custody event deleted directly in the database and names where the gap is', async () => {
    const { tv, items } = await vaultWithItems(3);
    const target = custodyLog(tv.vault).find((e) => e.action === 'item.ingested' && e.itemId === items[0]!.id)!;
    await tamper(tv, `DELETE FROM custody_events WHERE seq = ${target.seq}`);

    const vault = temps.track(await Vault.unlock(tv.folder, tv.passphrase));
    const report = await auditVault(vault);
    expect(report.ok).toBe(false);
    // The first event after the hole is the first one that no longer fits.
    expect(report.problems).toEqual([
      { kind: 'broken-chain', itemId: null, eventSeq: target.seq + 1, message: `Event ${target.seq + 1} follows where event ${target.seq} was expected.` },
    ]);
  });

  it('finds a custody event re-hashed to fit: its successor no longer points at it', async () => {
    // A smarter forger recomputes the edited event's own hash; the next event still names the old one.
    const { tv } = await vaultWithItems(2);
    const row = tv.vault.store.listCustodyEvents()[1]!;
    const forgedHash = computeEventHash({ ...hashedFieldsOf(row)!, actor: 'Someone Else' });
    await tamper(tv, `UPDATE custody_events SET actor = 'Someone Else', hash = '${forgedHash}' WHERE seq = ${row.seq}`);
    const vault = temps.track(await Vault.unlock(tv.folder, tv.passphrase));
    const report = await auditVault(vault);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      { kind: 'broken-chain', itemId: null, eventSeq: row.seq + 1, message: `Event ${row.seq + 1} does not point at the hash of the event before it.` },
    ]);
  });
});
