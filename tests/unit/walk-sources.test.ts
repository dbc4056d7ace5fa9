import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultError } from '../../src-main/core/errors/vault-error.ts';
import {
  openStableSource,
  walkSources,
  type SourceEntry,
  type SourceFileEntry,
} from '../../src-main/core/ingest/walk-sources.ts';

const WALK_MODULE = fileURLToPath(new URL('../../src-main/core/ingest/walk-sources.ts', import.meta.url));
const isRoot = process.getuid?.() === 0;

let base: string; // real path of the temp dir
let root: string;
let server: net.Server;

async function collect(paths: string[]): Promise<SourceEntry[]> {
  const out: SourceEntry[] = [];
  for await (const e of walkSources(paths)) out.push(e);
  return out;
}

function fileEntry(e: SourceEntry | undefined): SourceFileEntry {
  if (e?.kind !== 'file') throw new Error(`expected a file entry, got ${JSON.stringify(e)}`);
  return e;
}

beforeAll(async () => {
  base = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'ev-walk-')));
  root = path.join(base, 'root');
  await fs.mkdir(path.join(root, 'nested', 'deep'), { recursive: true });
  await fs.mkdir(path.join(root, 'cycle'));
  await fs.mkdir(path.join(base, 'outside'));
  await fs.writeFile(path.join(base, 'outside', 'o.txt'), 'outside');
  await fs.writeFile(path.join(root, 'a.txt'), 'hello');
  await fs.writeFile(path.join(root, 'empty'), '');
  await fs.writeFile(path.join(root, 'with space.txt'), 'space');
  await fs.writeFile(path.join(root, 'new\nline.txt'), 'newline');
  await fs.writeFile(path.join(root, 'ünïcödé.txt'), 'unicode');
  // U+FF5E sorts before U+1F600 by code point, but after it by UTF-16 code unit (what Array#sort does).
  await fs.writeFile(path.join(root, '\uFF5E.txt'), 'bmp');
  await fs.writeFile(path.join(root, '😀.txt'), 'astral');
  await fs.writeFile(path.join(root, 'nested', 'deep', 'inner.txt'), 'inner');
  execFileSync('mkfifo', [path.join(root, 'fifo')]);
  server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path.join(root, 'sock'), resolve);
  });
  await fs.symlink('a.txt', path.join(root, 'link-file'));
  await fs.symlink('../outside', path.join(root, 'link-dir'));
  await fs.symlink('nested', path.join(root, 'sibling-link'));
  await fs.symlink('loop-b', path.join(root, 'loop-a'));
  await fs.symlink('loop-a', path.join(root, 'loop-b'));
  await fs.symlink('does-not-exist', path.join(root, 'dangling'));
  await fs.symlink('..', path.join(root, 'cycle', 'up'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fs.chmod(path.join(base, 'perm', 'locked'), 0o755).catch(() => undefined);
  await fs.rm(base, { recursive: true, force: true });
});

describe('walkSources', () => {
  it('walks a tree in code-point order, follows and records symlinks, and reports each problem alone', async () => {
    const missingRoot = path.join(base, 'no-such-thing');
    const entries = await collect([root, '/dev/null', missingRoot]);
    const summary = entries.map((e) =>
      e.kind === 'file' ? ['file', path.relative(base, e.path)] : [e.code, path.relative(base, e.path)],
    );
    expect(summary).toEqual([
      ['file', 'root/a.txt'],
      ['symlink-loop', 'root/cycle/up'],
      ['missing', 'root/dangling'],
      ['file', 'root/empty'],
      ['not-a-regular-file', 'root/fifo'],
      ['file', 'root/link-dir/o.txt'],
      ['file', 'root/link-file'],
      ['symlink-loop', 'root/loop-a'],
      ['symlink-loop', 'root/loop-b'],
      ['file', 'root/nested/deep/inner.txt'],
      ['file', 'root/new\nline.txt'],
      // root/sibling-link leads to root/nested, already walked: not listed twice.
      ['not-a-regular-file', 'root/sock'],
      ['file', 'root/with space.txt'],
      ['file', 'root/ünïcödé.txt'],
      ['file', 'root/\uFF5E.txt'],
      ['file', 'root/😀.txt'],
      ['not-a-regular-file', path.relative(base, '/dev/null')],
      ['missing', 'no-such-thing'],
    ]);

    const byRel = new Map(entries.map((e) => [path.relative(base, e.path), e]));
    const plain = fileEntry(byRel.get('root/a.txt'));
    expect(plain).toMatchObject({ realPath: path.join(root, 'a.txt'), wasSymlink: false, size: 5 });
    expect(plain.symlinkTarget).toBeUndefined();
    expect(plain.mtimeMs).toBeGreaterThan(0);
    expect(plain.ctimeMs).toBeGreaterThan(0);
    expect(typeof plain.birthtimeMs).toBe('number');

    expect(fileEntry(byRel.get('root/empty')).size).toBe(0);
    expect(fileEntry(byRel.get('root/new\nline.txt')).realPath).toBe(path.join(root, 'new\nline.txt'));

    const linkFile = fileEntry(byRel.get('root/link-file'));
    expect(linkFile).toMatchObject({ wasSymlink: true, symlinkTarget: 'a.txt', realPath: path.join(root, 'a.txt'), size: 5 });

    const viaLinkedDir = fileEntry(byRel.get('root/link-dir/o.txt'));
    expect(viaLinkedDir).toMatchObject({ wasSymlink: true, realPath: path.join(base, 'outside', 'o.txt') });
    expect(viaLinkedDir.symlinkTarget).toBeUndefined();

    const messages = Object.fromEntries(entries.filter((e) => e.kind === 'error').map((e) => [path.relative(base, e.path), e.message]));
    expect(messages['root/fifo']).toBe('Not a regular file (FIFO): refused.');
    expect(messages['root/sock']).toBe('Not a regular file (socket): refused.');
    expect(messages[path.relative(base, '/dev/null')]).toBe('Not a regular file (character device): refused.');
    expect(messages['no-such-thing']).toBe('No such file or folder.');
    expect(messages['root/dangling']).toMatch(/^No such file or folder/);
    for (const m of Object.values(messages)) expect(m).not.toContain(base);
  });

  it('follows a symlink given directly, to a file or to a folder', async () => {
    const [file] = await collect([path.join(root, 'link-file')]);
    expect(file).toMatchObject({ kind: 'file', wasSymlink: true, symlinkTarget: 'a.txt', realPath: path.join(root, 'a.txt') });

    const inDir = await collect([path.join(root, 'link-dir')]);
    expect(inDir).toHaveLength(1);
    expect(inDir[0]).toMatchObject({
      kind: 'file',
      path: path.join(root, 'link-dir', 'o.txt'),
      realPath: path.join(base, 'outside', 'o.txt'),
      wasSymlink: true,
    });
  });

  it('reports an unreadable file and folder as permission-denied without stopping', async () => {
    const perm = path.join(base, 'perm');
    await fs.mkdir(path.join(perm, 'locked'), { recursive: true });
    await fs.writeFile(path.join(perm, 'locked', 'secret.txt'), 'secret');
    await fs.writeFile(path.join(perm, 'noperm.txt'), 'x');
    await fs.writeFile(path.join(perm, 'ok.txt'), 'ok');
    await fs.chmod(path.join(perm, 'noperm.txt'), 0o000);
    await fs.chmod(path.join(perm, 'locked'), 0o000);

    let entries: SourceEntry[];
    if (!isRoot) {
      entries = await collect([perm]);
    } else {
      // root reads mode-000 files anyway, so run the walk in a child process as the unprivileged `nobody`.
      await fs.chmod(base, 0o755);
      const script = path.join(base, 'walk-child.mjs');
      await fs.writeFile(
        script,
        `const { walkSources } = await import(process.argv[2]);
         const out = [];
         for await (const e of walkSources([process.argv[3]])) out.push(e);
         process.stdout.write(JSON.stringify(out));`,
      );
      const child = spawnSync(process.execPath, [script, pathToFileURL(WALK_MODULE).href, perm], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
      });
      if (child.status !== 0) {
        console.warn(
          `Skipping the permission-denied assertions: tests run as root, where chmod 000 does not deny reading, ` +
            `and the walk could not be re-run as uid 65534 (status ${child.status}): ${child.stderr}`,
        );
        return;
      }
      entries = JSON.parse(child.stdout) as SourceEntry[];
    }
    expect(entries.map((e) => [e.kind === 'file' ? 'file' : e.code, path.basename(e.path)])).toEqual([
      ['permission-denied', 'locked'],
      ['permission-denied', 'noperm.txt'],
      ['file', 'ok.txt'],
    ]);
    const denied = entries.find((e) => e.kind === 'error');
    expect(denied).toMatchObject({ message: 'Permission denied.' });
  });
});

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function entryFor(p: string): Promise<SourceFileEntry> {
  return fileEntry((await collect([p]))[0]);
}

describe('openStableSource', () => {
  it('streams an unchanged file and verifies it', async () => {
    const p = path.join(base, 'stable.bin');
    const data = Buffer.alloc(2.5 * 1024 * 1024, 7);
    await fs.writeFile(p, data);
    const src = await openStableSource(await entryFor(p));
    expect(src.size).toBe(data.length);
    const read = await readAll(src.stream);
    expect(read.equals(data)).toBe(true);
    await expect(src.verifyUnchanged()).resolves.toBeUndefined();
  });

  it('opens the real file behind a symlink', async () => {
    const src = await openStableSource(await entryFor(path.join(root, 'link-file')));
    expect((await readAll(src.stream)).toString()).toBe('hello');
    await src.verifyUnchanged();
  });

  it('refuses a file that grows while it is read', async () => {
    const p = path.join(base, 'growing.bin');
    await fs.writeFile(p, Buffer.alloc(3 * 1024 * 1024, 1));
    const src = await openStableSource(await entryFor(p));
    const chunks: Buffer[] = [];
    let appended = false;
    await new Promise<void>((resolve, reject) => {
      src.stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (!appended) {
          appended = true;
          src.stream.pause();
          fs.appendFile(p, 'more bytes').then(() => src.stream.resume(), reject);
        }
      });
      src.stream.on('end', resolve);
      src.stream.on('error', reject);
    });
    expect(chunks[0]?.length).toBe(1024 * 1024);
    const err = await src.verifyUnchanged().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect(err).toMatchObject({ code: 'INPUT_ERROR', message: 'The file changed while it was being read: refused.' });
  });

  it('refuses a file whose modification time changes while it is read', async () => {
    const p = path.join(base, 'touched.bin');
    await fs.writeFile(p, 'same size');
    const src = await openStableSource(await entryFor(p));
    await readAll(src.stream);
    await fs.utimes(p, new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
    await expect(src.verifyUnchanged()).rejects.toMatchObject({
      code: 'INPUT_ERROR',
      message: 'The file changed while it was being read: refused.',
    });
  });

  it('verifies after close() too, from the fstat kept at close', async () => {
    const p = path.join(base, 'close-first.bin');
    await fs.writeFile(p, 'unchanged');
    const ok = await openStableSource(await entryFor(p));
    await readAll(ok.stream);
    await ok.close();
    await expect(ok.verifyUnchanged()).resolves.toBeUndefined();

    const grown = await openStableSource(await entryFor(p));
    await fs.appendFile(p, ' and then some');
    await readAll(grown.stream);
    await grown.close();
    await expect(grown.verifyUnchanged()).rejects.toMatchObject({
      code: 'INPUT_ERROR',
      message: 'The file changed while it was being read: refused.',
    });
  });

  it('never opens a FIFO, even when handed an entry that claims to be a file', async () => {
    const fake: SourceFileEntry = {
      kind: 'file',
      path: path.join(root, 'fifo'),
      realPath: path.join(root, 'fifo'),
      wasSymlink: false,
      size: 0,
      mtimeMs: 0,
      ctimeMs: 0,
      birthtimeMs: 0,
    };
    await expect(openStableSource(fake)).rejects.toMatchObject({
      code: 'INPUT_ERROR',
      message: 'Not a regular file (FIFO): refused.',
    });
  });

  it('reports a file that vanished since the walk', async () => {
    const p = path.join(base, 'vanishing.txt');
    await fs.writeFile(p, 'x');
    const entry = await entryFor(p);
    await fs.rm(p);
    await expect(openStableSource(entry)).rejects.toMatchObject({ code: 'INPUT_ERROR', message: 'No such file or folder.' });
  });
});
