/**
 * Ingest as the user relies on it: every file and folder given goes in with a complete record, the
 * stored copy decrypts to the same bytes, a bad file fails alone with a clear message, duplicates
 * are recognised, cancelling leaves nothing half-done, and every import is in the custody log.
 * Real SQLCipher, real exiftool, real Debian tools (sha256sum, mkfifo, ffmpeg) for fixtures and checks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, truncateSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExiftool, custodyLog, getItemDetail, ingestPaths, Vault } from '../../src-main/core/index.ts';
import type { IngestOutcome } from '../../src-main/core/index.ts';
import { encryptedSize } from '../../src-main/core/crypto/content-cipher.ts';
import { verifyChain } from '../../src-main/core/custody/custody-log.ts';
import { objectPath } from '../../src-main/core/vault/layout.ts';
import { readOriginal, runVaultChild, storageState, tempVaults } from '../helpers/temp-vault.ts';
import type { TestVault } from '../helpers/temp-vault.ts';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const isRoot = process.getuid?.() === 0;

const temps = tempVaults();
let tv: TestVault;
let vault: Vault;
let src: string;

beforeAll(async () => {
  tv = await temps.vault();
  vault = tv.vault;
  src = path.join(tv.root, 'sources');
  await fs.mkdir(src);
});
afterAll(async () => {
  await temps.cleanup();
  await closeExiftool();
});

/** SHA-256 as the coreutils tool computes it, from the file on disk. */
function sha256sum(file: string): string {
  const out = execFileSync('sha256sum', ['-b', '--', file], { encoding: 'utf8' });
  // A name with a newline or backslash makes sha256sum escape the line and start it with '\'.
  const match = /^\\?([0-9a-f]{64}) /.exec(out);
  if (!match) throw new Error(`unexpected sha256sum output: ${out}`);
  return match[1]!;
}

async function write(rel: string, content: string | Uint8Array): Promise<string> {
  const p = path.join(src, rel);
  await fs.mkdir(path.dirname(p), { recursive: true });
  await fs.writeFile(p, content);
  return p;
}

function makeJpeg(file: string): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=red:s=64x64', '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', file]);
}

function byPath(outcomes: IngestOutcome[]): Map<string, IngestOutcome> {
  return new Map(outcomes.map((o) => [o.path, o]));
}

/** Nothing in tmp/, every content file has its database row, every row its file, every item its object. */
async function expectNoLeftovers(): Promise<void> {
  const state = await storageState(vault);
  expect(state.tmp).toEqual([]);
  expect(state.objectFiles).toEqual(state.objectRows);
  expect(state.itemObjects).toEqual(state.objectRows);
}

describe('ingest', () => {
  it('takes files and whole folder trees and records name, path, size, type, hash, times, operator, note and metadata', async () => {
    const report = await write('report.txt', 'Statement taken on the 3rd.\n');
    // .5 s is exact in binary: utimes takes seconds as a float, and .123 would land on .122999906.
    const knownMtime = new Date('2021-05-06T07:08:09.500Z');
    await fs.utimes(report, knownMtime, knownMtime);
    const disguised = path.join(src, 'disguised.txt');
    makeJpeg(disguised); // a JPEG with a .txt name: the type comes from the bytes
    const tree = path.join(src, 'tree');
    const inTree = [
      await write('tree/a.txt', 'top of the tree'),
      await write('tree/sub/b.csv', 'date,amount\n2024-01-01,100\n'),
      await write('tree/sub/deeper/c.bin', randomBytes(5000)),
    ];
    await write('extra.txt', 'given with a .. in its path');
    const unnormalised = `${tree}/sub/../../extra.txt`;

    const t0 = new Date();
    const outcomes = await ingestPaths(vault, [report, disguised, tree, unnormalised], { sourceNote: 'USB stick from the witness' });
    const t1 = new Date();

    expect(outcomes.map((o) => [o.path, o.status])).toEqual([
      [report, 'ingested'],
      [disguised, 'ingested'],
      [inTree[0], 'ingested'],
      [inTree[1], 'ingested'],
      [inTree[2], 'ingested'],
      [unnormalised, 'ingested'],
    ]);

    const expectedTypes: Record<string, string> = {
      [report]: 'text/plain',
      [disguised]: 'image/jpeg',
      [inTree[0]!]: 'text/plain',
      [inTree[1]!]: 'text/csv',
      [inTree[2]!]: 'application/octet-stream',
      [unnormalised]: 'text/plain',
    };
    for (const o of outcomes) {
      const d = getItemDetail(vault, o.id!);
      const st = await fs.stat(o.path);
      expect(d.id).toMatch(/^ITM-[0-9A-Z]{10}$/);
      expect(d.name).toBe(path.basename(o.path));
      expect(d.originalPath).toBe(o.path); // as given, not normalised or resolved
      expect(d.size).toBe(st.size);
      expect(d.mediaType).toBe(expectedTypes[o.path]);
      expect(d.sha256).toBe(sha256sum(o.path));
      expect(o.sha256).toBe(d.sha256);
      // To the millisecond, cut (not rounded) from the file system's nanoseconds.
      const ms = (t: number) => new Date(Math.floor(t)).toISOString();
      expect(d.fileMtime).toBe(ms(st.mtimeMs));
      expect(d.fileCtime).toBe(ms(st.ctimeMs));
      expect(d.fileBirthtime === null || d.fileBirthtime === ms(st.birthtimeMs)).toBe(true);
      expect(d.ingestedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(d.ingestedAt)).toBeGreaterThanOrEqual(t0.getTime());
      expect(Date.parse(d.ingestedAt)).toBeLessThanOrEqual(t1.getTime());
      expect(d.operator).toBe('Test Operator');
      expect(d.sourceNote).toBe('USB stick from the witness');
      expect(d.wasSymlink).toBe(false);
      expect(d.symlinkTarget).toBeNull();
      // exiftool's reading of the content, without the file-system tags of whatever copy it read.
      expect(d.metadata['ExifTool:ExifToolVersion']).toEqual(expect.any(Number));
      expect(Object.keys(d.metadata).filter((k) => k.startsWith('System:') || k === 'SourceFile')).toEqual([]);
    }
    expect(getItemDetail(vault, byPath(outcomes).get(report)!.id!).fileMtime).toBe('2021-05-06T07:08:09.500Z');
    const jpeg = getItemDetail(vault, byPath(outcomes).get(disguised)!.id!).metadata;
    expect(jpeg['File:MIMEType']).toBe('image/jpeg');
    expect(jpeg['File:ImageWidth']).toBe(64);
    expect(jpeg['File:ImageHeight']).toBe(64);
    expect(getItemDetail(vault, byPath(outcomes).get(inTree[1]!)!.id!).metadata['File:MIMEType']).toBe('text/csv');
    await expectNoLeftovers();
  });

  it('stores content that decrypts to exactly the original bytes, across several segments', async () => {
    const big = await write('big-3.5MiB.bin', randomBytes(3.5 * 1024 * 1024));
    const exactSegment = await write('exactly-1MiB.bin', randomBytes(1024 * 1024));
    const small = await write('small.txt', 'short');
    const outcomes = await ingestPaths(vault, [big, exactSegment, small]);
    expect(outcomes.map((o) => o.status)).toEqual(['ingested', 'ingested', 'ingested']);
    for (const o of outcomes) {
      const original = await fs.readFile(o.path);
      const stored = await readOriginal(vault, o.id!);
      expect(stored.length).toBe(original.length);
      expect(stored.equals(original)).toBe(true);
      // On disk: ciphertext of the expected STREAM layout (4 segments for 3.5 MiB), not the plaintext.
      const item = vault.store.getItem(o.id!)!;
      const onDisk = await fs.readFile(objectPath(vault.paths, item.originalObject));
      expect(onDisk.length).toBe(encryptedSize(original.length));
      expect(onDisk.includes(original.subarray(0, 64))).toBe(false);
    }
  });

  it('reports each bad input with its own message while the rest of the batch goes in', async () => {
    const good = await write('odd/good.txt', 'the good one');
    const missing = path.join(src, 'odd', 'no-such-file.txt');
    const fifo = path.join(src, 'odd', 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    const socketPath = path.join(src, 'odd', 'a-socket');
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, resolve);
    });
    const empty = await write('odd/empty', '');
    const unicode = await write('odd/ünïcödé 証拠 😀.txt', 'unicode name');
    const spaced = await write('odd/with  two spaces .txt', 'spaces in the name');
    const newline = await write('odd/new\nline.txt', 'a newline in the name');
    await write('odd/target-dir/real.txt', 'reached through a link');
    const link = path.join(src, 'odd', 'link-to-real');
    await fs.symlink('target-dir/real.txt', link);
    const dangling = path.join(src, 'odd', 'dangling-link');
    await fs.symlink('nothing-here', dangling);
    const folderTarget = path.join(src, 'odd', 'no-such-folder', 'x.txt');

    const inputs = [good, missing, fifo, socketPath, '/dev/null', empty, unicode, spaced, newline, link, dangling, folderTarget];
    let outcomes: IngestOutcome[];
    try {
      outcomes = await ingestPaths(vault, inputs);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(outcomes.map((o) => o.path)).toEqual(inputs);
    const got = byPath(outcomes);
    const errors: Record<string, [string, string]> = {
      [missing]: ['No such file or folder.', 'missing'],
      [fifo]: ['Not a regular file (FIFO): refused.', 'not-a-regular-file'],
      [socketPath]: ['Not a regular file (socket): refused.', 'not-a-regular-file'],
      '/dev/null': ['Not a regular file (character device): refused.', 'not-a-regular-file'],
      [dangling]: ['No such file or folder (the symbolic link points to nothing).', 'missing'],
      [folderTarget]: ['No such file or folder.', 'missing'],
    };
    for (const [p, [message, reason]] of Object.entries(errors)) {
      expect(got.get(p)).toEqual({ path: p, status: 'error', error: message, reason });
    }
    for (const p of [good, empty, unicode, spaced, newline, link]) expect(got.get(p)).toMatchObject({ status: 'ingested' });

    const emptyItem = getItemDetail(vault, got.get(empty)!.id!);
    expect(emptyItem).toMatchObject({ size: 0, sha256: EMPTY_SHA256, mediaType: 'application/octet-stream', name: 'empty' });
    expect((await readOriginal(vault, emptyItem.id)).length).toBe(0);

    for (const p of [unicode, spaced, newline]) {
      const d = getItemDetail(vault, got.get(p)!.id!);
      expect(d.name).toBe(path.basename(p));
      expect(d.originalPath).toBe(p);
      expect(d.sha256).toBe(sha256sum(p));
      expect(d.metadata['File:MIMEType']).toBe('text/plain'); // exiftool read it despite the name
      expect((await readOriginal(vault, d.id)).equals(await fs.readFile(p))).toBe(true);
    }

    const linked = getItemDetail(vault, got.get(link)!.id!);
    expect(linked).toMatchObject({ name: 'link-to-real', originalPath: link, wasSymlink: true, symlinkTarget: 'target-dir/real.txt' });
    expect((await readOriginal(vault, linked.id)).toString()).toBe('reached through a link');
    expect(linked.events[0]).toMatchObject({ action: 'item.ingested', details: expect.objectContaining({ symlink: true }) });
    await expectNoLeftovers();
  });

  it('refuses a file that changes while it is read, and imports the rest', async () => {
    const growing = await write('changing/growing.bin', randomBytes(6 * 1024 * 1024));
    const shrinking = await write('changing/shrinking.bin', randomBytes(6 * 1024 * 1024));
    const steady = await write('changing/steady.txt', 'does not change');
    const itemsBefore = vault.store.countItems();

    for (const [victim, change] of [
      [growing, () => appendFileSync(growing, 'appended while the import was reading')],
      [shrinking, () => truncateSync(shrinking, 1024 * 1024)],
    ] as const) {
      const hashBefore = sha256sum(victim);
      let changed = false;
      const outcomes = await ingestPaths(vault, [victim, steady], {
        concurrency: 1,
        onProgress: (p) => {
          if (!changed && p.bytesDone > 0) {
            changed = true;
            change();
          }
        },
      });
      expect(changed).toBe(true);
      expect(outcomes[0]).toEqual({ path: victim, status: 'error', error: 'The file changed while it was being read: refused.', reason: 'changed' });
      expect(['ingested', 'duplicate']).toContain(outcomes[1]!.status);
      // Neither the bytes before the change nor those after it were stored.
      expect(vault.store.findItemBySha256(hashBefore)).toBeUndefined();
      expect(vault.store.findItemBySha256(sha256sum(victim))).toBeUndefined();
    }
    expect(vault.store.countItems()).toBe(itemsBefore + 1);
    await expectNoLeftovers();
  });

  it('reports a file or folder it may not read as "Permission denied." and imports the rest', async () => {
    // Tests run as root in CI, and root reads mode-000 files; the import then runs as `nobody`.
    const base = await temps.dir('ev-perm-');
    await fs.chmod(base, 0o755);
    const sources = path.join(base, 'src');
    await fs.mkdir(path.join(sources, 'closed-folder'), { recursive: true });
    const locked = path.join(sources, 'locked.txt');
    const readable = path.join(sources, 'readable.txt');
    await fs.writeFile(locked, 'no one may read this');
    await fs.writeFile(readable, 'anyone may read this');
    await fs.writeFile(path.join(sources, 'closed-folder', 'inside.txt'), 'behind a closed folder');
    await fs.chmod(locked, 0o000);
    await fs.chmod(path.join(sources, 'closed-folder'), 0o000);
    const closed = path.join(sources, 'closed-folder');
    const inputs = [locked, closed, readable];
    try {
      await permissionDenied(base, inputs, { locked, closed, readable });
    } finally {
      await fs.chmod(locked, 0o644);
      await fs.chmod(closed, 0o755);
    }
  });

  async function permissionDenied(base: string, inputs: string[], { locked, closed, readable }: Record<string, string>): Promise<void> {
    let outcomes: Array<Pick<IngestOutcome, 'path' | 'status' | 'error'>>;
    let folder: string;
    let passphrase: string;
    if (!isRoot) {
      const own = await temps.vault();
      ({ folder, passphrase } = own);
      outcomes = await ingestPaths(own.vault, inputs);
      own.vault.lock();
    } else {
      const own = await temps.vault();
      ({ folder, passphrase } = own);
      own.vault.lock();
      // Move the vault into the shared folder and give it to `nobody`, who runs the import.
      const nobodyFolder = path.join(base, 'vault');
      await fs.rename(folder, nobodyFolder);
      folder = nobodyFolder;
      execFileSync('chown', ['-R', '65534:65534', folder]);
      const probe = spawnSync(process.execPath, ['-e', ''], { uid: 65534, gid: 65534 });
      if (probe.status !== 0) {
        console.warn(`Skipping the permission-denied test: running as root and cannot run node as uid 65534 (${probe.status}).`);
        return;
      }
      const child = await runVaultChild([folder, passphrase, ...inputs], { uid: 65534, gid: 65534, env: { ...process.env, HOME: base } });
      expect(child.status, child.stderr).toBe(0);
      outcomes = child.lines.filter((l) => l.event === 'outcome') as typeof outcomes;
    }
    expect(outcomes.map((o) => ({ path: o.path, status: o.status, error: o.error }))).toEqual([
      { path: locked, status: 'error', error: 'Permission denied.' },
      { path: closed, status: 'error', error: 'Permission denied.' },
      { path: readable, status: 'ingested', error: undefined },
    ]);
    const reopened = temps.track(await Vault.unlock(folder, passphrase));
    expect(reopened.store.countItems()).toBe(1);
    expect(reopened.store.listItems(0, 1)[0]!.originalName).toBe('readable.txt');
  }

  it('stores the same content once: a re-import under another name is reported as a duplicate of the first item', async () => {
    const content = randomBytes(200 * 1024);
    const first = await write('dup/original.jpg', content);
    const copy = await write('dup/renamed copy.dat', content);
    const [orig] = await ingestPaths(vault, [first]);
    expect(orig).toMatchObject({ status: 'ingested' });
    const objectsBefore = (await storageState(vault)).objectFiles;
    const itemsBefore = vault.store.countItems();

    for (const again of [first, copy]) {
      const [dup] = await ingestPaths(vault, [again]);
      expect(dup).toEqual({
        path: again,
        status: 'duplicate',
        id: orig!.id,
        sha256: orig!.sha256,
        error: `duplicate of item ${orig!.id}`,
        shareable: orig!.shareable,
      });
      const last = custodyLog(vault).at(-1)!;
      expect(last).toMatchObject({ action: 'item.duplicate_seen', itemId: orig!.id, details: { path: again, sha256: orig!.sha256 } });
    }
    expect((await storageState(vault)).objectFiles).toEqual(objectsBefore);
    expect(vault.store.countItems()).toBe(itemsBefore);
    // The duplicates reuse the item's shareable copy: no new copy is made.
    expect(getItemDetail(vault, orig!.id!).events.map((e) => e.action)).toEqual(['item.ingested', 'shareable.created', 'item.duplicate_seen', 'item.duplicate_seen']);
    await expectNoLeftovers();
  });

  it('of identical new files in one batch, imports the first in walk order and reports the others as its duplicates', async () => {
    const twin = randomBytes(2 * 1024 * 1024);
    // The first copy is the largest read in flight; the later ones are read beside it and finish first.
    const paths = [await write('twins/a.bin', twin), await write('twins/b-other.bin', randomBytes(64 * 1024))];
    for (let i = 0; i < 6; i++) paths.push(await write(`twins/c${i}.bin`, twin));
    const objectsBefore = (await storageState(vault)).objectFiles.length;
    const outcomes = await ingestPaths(vault, paths, { concurrency: 4 });
    expect(outcomes.map((o) => o.status)).toEqual(['ingested', 'ingested', ...Array<string>(6).fill('duplicate')]);
    const first = outcomes[0]!;
    for (const o of outcomes.slice(2)) expect(o).toMatchObject({ id: first.id, error: `duplicate of item ${first.id}` });
    expect(getItemDetail(vault, first.id!).name).toBe('a.bin');
    expect((await storageState(vault)).objectFiles.length).toBe(objectsBefore + 2);
    await expectNoLeftovers();
  });

  it('cancelling leaves no temp files and no partial items; what finished stays complete', async () => {
    const files = [];
    for (let i = 0; i < 5; i++) files.push(await write(`cancel/file-${i}.bin`, randomBytes(3 * 1024 * 1024)));
    const itemsBefore = vault.store.countItems();

    const controller = new AbortController();
    const outcomes = await ingestPaths(vault, files, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone >= 4 * 1024 * 1024) controller.abort();
      },
    });
    expect(controller.signal.aborted).toBe(true);
    const cancelled = outcomes.filter((o) => o.status === 'error');
    expect(cancelled.length).toBeGreaterThanOrEqual(3);
    for (const o of cancelled) {
      expect(['Cancelled.', 'Cancelled before it was imported.']).toContain(o.error);
      expect(vault.store.findItemBySha256(sha256sum(o.path))).toBeUndefined();
    }
    const done = outcomes.filter((o) => o.status === 'ingested');
    expect(vault.store.countItems()).toBe(itemsBefore + done.length);
    for (const o of done) expect((await readOriginal(vault, o.id!)).equals(await fs.readFile(o.path))).toBe(true);
    await expectNoLeftovers();

    // Already cancelled before it starts: nothing at all is written.
    const before = await storageState(vault);
    const eventsBefore = custodyLog(vault).length;
    const none = await ingestPaths(vault, files, { signal: AbortSignal.abort() });
    expect(none.map((o) => o.error)).toEqual(files.map(() => 'Cancelled before it was imported.'));
    expect(await storageState(vault)).toEqual(before);
    expect(custodyLog(vault).length).toBe(eventsBefore);

    // The cancelled files go in on the next try.
    const retry = await ingestPaths(vault, cancelled.map((o) => o.path));
    expect(retry.map((o) => o.status)).toEqual(cancelled.map(() => 'ingested'));
    await expectNoLeftovers();
  });

  it('logs item.ingested with the SHA-256 for every item, and the custody chain verifies', async () => {
    const events = custodyLog(vault);
    const items = vault.store.listItems(0, 1000);
    expect(items.length).toBeGreaterThan(20);
    for (const item of items) {
      const ingested = events.filter((e) => e.action === 'item.ingested' && e.itemId === item.id);
      expect(ingested).toHaveLength(1);
      expect(ingested[0]!.details).toMatchObject({ sha256: item.sha256, size: item.size, path: item.originalPath });
      expect(ingested[0]!.actor).toBe('Test Operator');
      expect(Math.abs(Date.parse(ingested[0]!.at) - Date.parse(item.ingestedAt))).toBeLessThan(1000);
    }
    expect(events.filter((e) => e.action === 'item.ingested')).toHaveLength(items.length);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]!.action).toBe('vault.created');
    const chain = verifyChain(vault.store);
    expect(chain).toMatchObject({ ok: true, count: events.length, head: { seq: events.length, hash: events.at(-1)!.hash } });
  });
});
