/**
 * Atomic ingest under the worst interruption there is: a second `node` process importing 40 files
 * is killed with SIGKILL at different moments (while starting, just after unlocking, mid-way, right
 * after an item committed, …). After every kill the vault must unlock, hold no temp or orphaned
 * content files, pass the audit, and every item must decrypt to its recorded SHA-256. A final run
 * to completion must leave every file in the vault exactly once.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVault, closeExiftool, custodyLog, Vault } from '../../src-main/core/index.ts';
import { objectFileIds, parseLines, readOriginal, runVaultChild, sha256Hex, spawnVaultChild, storageState, tempVaults } from '../helpers/temp-vault.ts';
import type { TestVault } from '../helpers/temp-vault.ts';

const FILES = 40;
const KiB = 1024;
const MiB = 1024 * KiB;

const temps = tempVaults();
let tv: TestVault;
let sources: string[];
/** source path → SHA-256 hex of its bytes */
const expected = new Map<string, string>();

beforeAll(async () => {
  tv = await temps.vault();
  tv.vault.lock(); // the child processes open it; this process only between kills
  const dir = path.join(tv.root, 'evidence');
  await fs.mkdir(dir);
  sources = [];
  for (let i = 0; i < FILES; i++) {
    // Sizes spread over 256 KiB … 3 MiB, so some files take several content segments.
    const size = 256 * KiB + Math.floor(((i * 37) % FILES) / FILES * (3 * MiB - 256 * KiB));
    const file = path.join(dir, `file-${String(i).padStart(2, '0')}.bin`);
    const bytes = randomBytes(size);
    await fs.writeFile(file, bytes);
    sources.push(file);
    expected.set(file, createHash('sha256').update(bytes).digest('hex'));
  }
});
afterAll(async () => {
  await temps.cleanup();
  await closeExiftool();
});

type KillPoint = { label: string; after: 'spawn' | 'unlocked' | 'ingested'; ingested?: number; delayMs: number };

const KILL_POINTS: KillPoint[] = [
  { label: '50 ms after start (still unlocking)', after: 'spawn', delayMs: 50 },
  { label: 'right after unlocking', after: 'unlocked', delayMs: 0 },
  { label: '50 ms after unlocking', after: 'unlocked', delayMs: 50 },
  { label: '200 ms after unlocking', after: 'unlocked', delayMs: 200 },
  { label: 'as soon as the first file is reported ingested', after: 'ingested', ingested: 1, delayMs: 0 },
  { label: '15 ms after the fourth file is reported ingested', after: 'ingested', ingested: 4, delayMs: 15 },
];

/** Runs the child on `files` and SIGKILLs it (with its exiftool children: its process group) at `point`. */
async function ingestAndKill(files: string[], point: KillPoint): Promise<{ signal: NodeJS.Signals | null; outcomesSeen: number }> {
  const child = spawnVaultChild([tv.folder, tv.passphrase, ...files], { detached: true });
  let out = '';
  let timer: NodeJS.Timeout | undefined;
  let outcomesSeen = 0;
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const killAfter = (ms: number) => {
    if (timer === undefined) timer = setTimeout(kill, ms);
  };
  if (point.after === 'spawn') killAfter(point.delayMs);
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    const lines = parseLines(out.slice(0, out.lastIndexOf('\n') + 1));
    outcomesSeen = lines.filter((l) => l.event === 'outcome').length;
    if (point.after === 'unlocked' && lines.some((l) => l.event === 'unlocked')) killAfter(point.delayMs);
    if (point.after === 'ingested' && lines.filter((l) => l.status === 'ingested').length >= point.ingested!) killAfter(point.delayMs);
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
  clearTimeout(timer);
  return { signal, outcomesSeen };
}

/** Everything a user relies on after a crash, checked from this process. */
async function expectIntact(when: string): Promise<{ items: number; objectRows: string[] }> {
  const vault = temps.track(await Vault.unlock(tv.folder, tv.passphrase));
  try {
    const state = await storageState(vault);
    expect(state.tmp, `tmp/ after ${when}`).toEqual([]);
    expect(state.objectFiles, `content files vs database rows after ${when}`).toEqual(state.objectRows);
    expect(state.itemObjects, `items vs objects after ${when}`).toEqual(state.objectRows);

    const items = vault.store.listItems(0, 1000);
    for (const item of items) {
      const bytes = await readOriginal(vault, item.id);
      expect(sha256Hex(bytes), `${item.originalName} after ${when}`).toBe(item.sha256);
      expect(item.sha256).toBe(expected.get(item.originalPath));
      expect(item.size).toBe(bytes.length);
    }
    // Each committed item has its one item.ingested event, and no event names an item that is not there.
    const ingestedEvents = custodyLog(vault).filter((e) => e.action === 'item.ingested');
    expect(ingestedEvents.map((e) => e.itemId).sort()).toEqual(items.map((i) => i.id).sort());

    const report = await auditVault(vault);
    expect(report.problems, `audit after ${when}`).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.itemsChecked).toBe(items.length);
    return { items: items.length, objectRows: state.objectRows };
  } finally {
    vault.lock();
  }
}

describe('ingest killed with SIGKILL', () => {
  it('leaves a consistent vault at every kill point, and a re-run imports every file exactly once', async () => {
    const seen: Array<{ label: string; outcomesSeen: number; items: number; leftInTmp: number; orphans: number }> = [];
    for (const [round, point] of KILL_POINTS.entries()) {
      // A different starting file each round, so kills land on files not yet in the vault.
      const order = [...sources.slice(round * 7), ...sources.slice(0, round * 7)];
      const { signal, outcomesSeen } = await ingestAndKill(order, point);
      expect(signal, `the child was killed ${point.label}`).toBe('SIGKILL');
      // What the kill left behind, before unlock cleans it: content being written (tmp/), and content
      // already moved into objects/ whose database transaction never committed (orphans).
      const leftInTmp = (await fs.readdir(path.join(tv.folder, 'tmp'))).length;
      const objectFilesBefore = await objectFileIds(tv.folder);
      const { items, objectRows } = await expectIntact(point.label);
      const orphans = objectFilesBefore.filter((id) => !objectRows.includes(id)).length;
      seen.push({ label: point.label, outcomesSeen, items, leftInTmp, orphans });
    }
    // The kills really did interrupt imports in progress, not only idle processes.
    expect(seen.filter((s) => s.outcomesSeen > 0 && s.outcomesSeen < FILES).length).toBeGreaterThanOrEqual(2);
    // …and left half-done content behind, which the next unlock removed.
    expect(seen.reduce((n, s) => n + s.leftInTmp + s.orphans, 0)).toBeGreaterThan(0);
    if (process.env.EV_DEBUG) console.log(seen);
    expect(seen.at(-1)!.items).toBeGreaterThan(0);
    expect(seen.at(-1)!.items).toBeLessThan(FILES);

    const final = await runVaultChild([tv.folder, tv.passphrase, ...sources]);
    expect(final.status, final.stderr).toBe(0);
    const outcomes = final.lines.filter((l) => l.event === 'outcome');
    expect(outcomes).toHaveLength(FILES);
    for (const o of outcomes) {
      expect(['ingested', 'duplicate']).toContain(o.status);
      expect(o.sha256).toBe(expected.get(o.path!));
    }
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(seen.at(-1)!.items);

    expect((await expectIntact('the completed run')).items).toBe(FILES);
    const vault = temps.track(await Vault.unlock(tv.folder, tv.passphrase));
    const items = vault.store.listItems(0, 1000);
    expect(items.map((i) => i.originalPath).sort()).toEqual([...sources].sort());
    expect(new Set(items.map((i) => i.sha256)).size).toBe(FILES);
    vault.lock();
  });
});
