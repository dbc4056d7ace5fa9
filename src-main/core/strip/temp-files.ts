/**
 * Where a tool that only reads files (exiftool, for the verification scan) gets to see a copy. Each use
 * writes one file (0600, random name) into the process's private folder (0700) and removes it in
 * `finally`. The folder lives on
 * a memory-backed file system when the OS has one (Linux /dev/shm, or a tmpfs os.tmpdir()), so the
 * bytes never reach a disk; elsewhere (macOS, Windows) it is the per-user temp folder, and a file there
 * is overwritten with zeros before it is removed — best effort: journals, SSD wear-levelling and
 * snapshots can keep old blocks. docs/shareable-copies.md lists what can remain on each OS.
 *
 * Folder names carry the process id, so folders left by a process that died (crash, power cut) can be
 * told apart from those of a live one and swept on the next start.
 */
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StripContext } from './types.ts';

const PREFIX = 'ev-strip-';
/** statfs type of tmpfs and of ramfs (Linux). */
const MEMORY_FS_TYPES = new Set([0x01021994, 0x858458f6]);
const ZERO_CHUNK = 1 << 20;

export type TempRoot = { dir: string; memoryBacked: boolean };

let root: TempRoot | undefined;

function isMemoryBacked(dir: string): boolean {
  try {
    return MEMORY_FS_TYPES.has(Number(fs.statfsSync(dir).type));
  } catch {
    return false;
  }
}

function usableDir(dir: string): boolean {
  try {
    if (!fs.statSync(dir).isDirectory()) return false;
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder that holds the private folders: memory-backed when the OS offers one. */
export function tempRoot(): TempRoot {
  if (root !== undefined) return root;
  const candidates = process.platform === 'linux' ? ['/dev/shm', os.tmpdir()] : [os.tmpdir()];
  for (const dir of candidates) {
    if (usableDir(dir) && isMemoryBacked(dir)) return (root = { dir, memoryBacked: true });
  }
  return (root = { dir: os.tmpdir(), memoryBacked: false });
}

/** Tests point this at their own folder; `undefined` goes back to choosing. */
export function setTempRootForTests(dir: string | undefined): void {
  root = dir === undefined ? undefined : { dir, memoryBacked: isMemoryBacked(dir) };
}

async function makePrivateFolder(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(tempRoot().dir, `${PREFIX}${process.pid}-`));
  await fsp.chmod(dir, 0o700); // mkdtemp already does; a umask or odd platform must not widen it
  return dir;
}

async function zeroFill(file: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(file, 'r+');
    const { size } = await handle.stat();
    const zeros = Buffer.alloc(Math.min(ZERO_CHUNK, Math.max(size, 1)));
    for (let at = 0; at < size; at += zeros.length) await handle.write(zeros, 0, Math.min(zeros.length, size - at), at);
    await handle.sync();
  } catch {
    // Removal below still happens; the zeroing is a courtesy, not a guarantee.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function removeFile(file: string): Promise<void> {
  if (!tempRoot().memoryBacked) await zeroFill(file);
  await fsp.rm(file, { force: true, maxRetries: 3 });
}

async function removePrivateFolder(dir: string): Promise<void> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) await removeFile(path.join(dir, name));
  await fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * The process's private folder, made on first use: one folder for all short-lived temp files (each
 * removed as soon as its job ends) rather than one per file, which costs a handful of system calls per
 * photo. Removed by closeTempFolder() and when the process exits; a folder left by a crash is swept.
 */
let session: Promise<string> | undefined;
const liveFolders = new Set<string>();
let exitHook = false;

function removeAtExit(dir: string): void {
  liveFolders.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const d of liveFolders) {
      try {
        fs.rmSync(d, { recursive: true, force: true });
      } catch {
        // exiting anyway; the next start sweeps it
      }
    }
  });
}

function sessionFolder(): Promise<string> {
  session ??= (async () => {
    await sweepOnce();
    const dir = await makePrivateFolder();
    removeAtExit(dir);
    return dir;
  })();
  session.catch(() => {
    session = undefined;
  });
  return session;
}

/** Removes the process's private folder and everything still in it. */
export async function closeTempFolder(): Promise<void> {
  const current = session;
  session = undefined;
  if (current === undefined) return;
  const dir = await current.catch(() => undefined);
  if (dir === undefined) return;
  liveFolders.delete(dir);
  await removePrivateFolder(dir).catch(() => undefined);
}

/** A file name extension exiftool can use as a hint; anything odd is dropped. */
function safeExtension(extension: string): string {
  const ext = extension.replace(/^\./, '');
  return /^[A-Za-z0-9]{1,10}$/.test(ext) ? `.${ext}` : '';
}

/** StripContext.withTempFile: `bytes` in a private file (0600) for the duration of `fn`, then gone. */
export async function withTempFile<T>(bytes: Uint8Array, extension: string, fn: (file: string) => Promise<T>): Promise<T> {
  const file = await createPrivateFile(extension, async (f) => {
    await fsp.writeFile(f, bytes, { mode: 0o600, flag: 'wx' });
  });
  try {
    return await fn(file);
  } finally {
    await removeFile(file);
  }
}

/** A new file in the session folder, made by `create`; the folder is remade once if something removed it. */
async function createPrivateFile(extension: string, create: (file: string) => Promise<void>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const file = path.join(await sessionFolder(), `${randomBytes(12).toString('hex')}${safeExtension(extension)}`);
    try {
      await create(file);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw err;
      session = undefined;
    }
  }
}

export type TempSpool = {
  readonly path: string;
  /** Bytes written so far. */
  readonly size: number;
  write(chunk: Uint8Array): Promise<void>;
  /** Reads the spooled bytes back in order (after the last write). */
  chunks(): AsyncIterable<Buffer>;
  /** Closes and removes the file and its folder. Safe to call twice. */
  dispose(): Promise<void>;
};

/** A private file written in pieces (a copy too large to hold in memory). The caller must dispose() it. */
export async function createTempSpool(extension: string): Promise<TempSpool> {
  let handle: fsp.FileHandle | undefined;
  const file = await createPrivateFile(extension, async (f) => {
    handle = await fsp.open(f, 'wx', 0o600);
  });
  if (handle === undefined) throw new Error('The temp file could not be opened.');
  const fh: fsp.FileHandle = handle;
  let size = 0;
  let disposed: Promise<void> | undefined;
  return {
    path: file,
    get size() {
      return size;
    },
    async write(chunk) {
      let done = 0;
      while (done < chunk.length) {
        const { bytesWritten } = await fh.write(chunk, done, chunk.length - done, size + done);
        done += bytesWritten;
      }
      size += chunk.length;
    },
    async *chunks() {
      const read = await fsp.open(file, 'r');
      try {
        const buf = Buffer.alloc(ZERO_CHUNK);
        for (let at = 0; at < size; ) {
          const { bytesRead } = await read.read(buf, 0, Math.min(buf.length, size - at), at);
          if (bytesRead === 0) break;
          yield Buffer.from(buf.subarray(0, bytesRead));
          at += bytesRead;
        }
      } finally {
        await read.close();
      }
    },
    dispose() {
      disposed ??= (async () => {
        await fh.close().catch(() => undefined);
        await removeFile(file);
      })();
      return disposed;
    },
  };
}

/** The context the engine hands to strippers. */
export const tempFileContext: StripContext = { withTempFile };

let swept: Promise<void> | undefined;

function sweepOnce(): Promise<void> {
  swept ??= sweepStaleFolders().then(
    () => undefined,
    () => undefined,
  );
  return swept;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — not ours to judge.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes private folders left by processes of this user that no longer run. */
export async function sweepStaleFolders(): Promise<number> {
  const dir = tempRoot().dir;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  let removed = 0;
  for (const name of await fsp.readdir(dir).catch(() => [] as string[])) {
    const m = /^ev-strip-(\d+)-/.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processIsAlive(pid)) continue;
    const full = path.join(dir, name);
    const st = await fsp.lstat(full).catch(() => undefined);
    if (st === undefined || !st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
    await removePrivateFolder(full).catch(() => undefined);
    removed++;
  }
  return removed;
}
