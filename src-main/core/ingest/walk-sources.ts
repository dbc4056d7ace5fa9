import { constants as fsConstants, type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { VaultError } from '../errors/vault-error.ts';

export type SourceErrorCode = 'missing' | 'permission-denied' | 'not-a-regular-file' | 'symlink-loop' | 'unreadable';

export type SourceFileEntry = {
  kind: 'file';
  /** The path as the user gave it, or joined from it while walking a folder. */
  path: string;
  /** Canonical absolute path with every symlink resolved: what is actually opened. */
  realPath: string;
  /** The entry itself is a symlink, or it was reached through a symlinked folder met during the walk. */
  wasSymlink: boolean;
  /** The link text (readlink) when the entry itself is a symlink. */
  symlinkTarget?: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** 0 where the file system does not record a birth time. */
  birthtimeMs: number;
};

export type SourceErrorEntry = {
  kind: 'error';
  path: string;
  code: SourceErrorCode;
  /** User-facing; never contains the path (the caller shows the path next to it). */
  message: string;
};

export type SourceEntry = SourceFileEntry | SourceErrorEntry;

const MESSAGES = {
  missing: 'No such file or folder.',
  dangling: 'No such file or folder (the symbolic link points to nothing).',
  permission: 'Permission denied.',
  loop: 'Symbolic link loop: refused.',
  folderCycle: 'Symbolic link loop: this folder leads back into itself; skipped.',
  unreadable: 'The file or folder could not be read.',
  badName: 'The name is not valid UTF-8 text, so it cannot be imported; rename it first.',
} as const;

function errorEntry(p: string, code: SourceErrorCode, message: string): SourceErrorEntry {
  return { kind: 'error', path: p, code, message };
}

function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function classify(err: unknown): { code: SourceErrorCode; message: string } {
  switch (errnoOf(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { code: 'missing', message: MESSAGES.missing };
    case 'EACCES':
    case 'EPERM':
      return { code: 'permission-denied', message: MESSAGES.permission };
    case 'ELOOP':
      return { code: 'symlink-loop', message: MESSAGES.loop };
    default:
      return { code: 'unreadable', message: MESSAGES.unreadable };
  }
}

function specialKind(st: Stats): string | undefined {
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (!st.isFile() && !st.isDirectory()) return 'unknown kind';
  return undefined;
}

function notRegular(kind: string): string {
  return `Not a regular file (${kind}): refused.`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Folder children as text, sorted by code point (UTF-8 byte order is code-point order). */
async function listFolder(dir: string): Promise<Array<{ name: string } | { badName: string }>> {
  const raw = await fs.readdir(dir, { encoding: 'buffer' });
  raw.sort(Buffer.compare);
  return raw.map((bytes) => {
    try {
      return { name: utf8.decode(bytes) };
    } catch {
      // A name that is not UTF-8 cannot round-trip through a JS string to the same file.
      return { badName: bytes.toString('utf8') };
    }
  });
}

type WalkState = {
  /** dev:ino of every folder already walked in this call: each is walked once. */
  visitedDirs: Set<string>;
};

const identity = (st: Stats): string => `${st.dev}:${st.ino}`;

/**
 * Lists every regular file under the given paths (files or folders), depth first, children sorted by
 * code point. Symlinks are followed and recorded. Problems become `kind: 'error'` entries so that one
 * bad file never stops the walk. Special files are only stat'ed, never opened (a FIFO would block).
 * The top-level paths keep the caller's order.
 */
export async function* walkSources(paths: string[]): AsyncGenerator<SourceEntry> {
  const state: WalkState = { visitedDirs: new Set() };
  for (const given of paths) {
    yield* visit(given, undefined, false, [], state);
  }
}

/**
 * @param parentReal the parent's real path when known (children of a walked folder), which saves a
 *   realpath call for entries that are not symlinks themselves.
 * @param viaLink an ancestor met during the walk was a symlinked folder.
 * @param ancestors dev:ino of the folders on the way here, to tell a cycle from a second route.
 */
async function* visit(
  p: string,
  parentReal: string | undefined,
  viaLink: boolean,
  ancestors: string[],
  state: WalkState,
): AsyncGenerator<SourceEntry> {
  let lst: Stats;
  try {
    lst = await fs.lstat(p);
  } catch (err) {
    const c = classify(err);
    yield errorEntry(p, c.code, c.message);
    return;
  }

  const isLink = lst.isSymbolicLink();
  let symlinkTarget: string | undefined;
  let st = lst;
  if (isLink) {
    try {
      symlinkTarget = await fs.readlink(p);
      st = await fs.stat(p);
    } catch (err) {
      const c = classify(err);
      yield errorEntry(p, c.code, c.code === 'missing' ? MESSAGES.dangling : c.message);
      return;
    }
  }

  const kind = specialKind(st);
  if (kind !== undefined) {
    yield errorEntry(p, 'not-a-regular-file', notRegular(kind));
    return;
  }

  let realPath: string;
  try {
    realPath = !isLink && parentReal !== undefined ? path.join(parentReal, path.basename(p)) : await fs.realpath(p);
  } catch (err) {
    const c = classify(err);
    yield errorEntry(p, c.code, c.message);
    return;
  }
  const wasSymlink = isLink || viaLink;

  if (st.isDirectory()) {
    const id = identity(st);
    if (ancestors.includes(id)) {
      yield errorEntry(p, 'symlink-loop', MESSAGES.folderCycle);
      return;
    }
    // Reached again by another route (e.g. a symlink to a sibling folder): its files were already listed.
    if (state.visitedDirs.has(id)) return;
    state.visitedDirs.add(id);

    let children: Array<{ name: string } | { badName: string }>;
    try {
      children = await listFolder(p);
    } catch (err) {
      const c = classify(err);
      yield errorEntry(p, c.code, c.message);
      return;
    }
    const nextAncestors = [...ancestors, id];
    for (const child of children) {
      if ('badName' in child) {
        yield errorEntry(path.join(p, child.badName), 'unreadable', MESSAGES.badName);
        continue;
      }
      yield* visit(path.join(p, child.name), realPath, wasSymlink, nextAncestors, state);
    }
    return;
  }

  // stat needs no read permission on the file itself; check it here so the failure is reported per file.
  try {
    await fs.access(realPath, fsConstants.R_OK);
  } catch (err) {
    const c = classify(err);
    yield errorEntry(p, c.code, c.message);
    return;
  }

  const entry: SourceFileEntry = {
    kind: 'file',
    path: p,
    realPath,
    wasSymlink,
    size: st.size,
    mtimeMs: st.mtimeMs,
    ctimeMs: st.ctimeMs,
    birthtimeMs: st.birthtimeMs,
  };
  if (symlinkTarget !== undefined) entry.symlinkTarget = symlinkTarget;
  yield entry;
}

export type StableSource = {
  /** One pass over the bytes; read it to the end before calling verifyUnchanged(). */
  stream: Readable;
  /** Taken from the opened descriptor, so they describe exactly the bytes being read. */
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  /**
   * After the stream ended: throws VaultError('INPUT_ERROR') when the file changed during the read
   * (size, mtime, or the number of bytes read differs). Closes the file either way. May be called
   * before or after close(): close() keeps the final fstat when the read was complete.
   */
  verifyUnchanged(): Promise<void>;
  /** Idempotent; for giving up early (errors, cancellation). */
  close(): Promise<void>;
};

const HIGH_WATER_MARK = 1024 * 1024;
/** Small files get a buffer their own size: a 1 MiB buffer per 100 KB file is mostly garbage to collect. */
const MIN_HIGH_WATER_MARK = 64 * 1024;
const CHANGED = 'The file changed while it was being read: refused.';

/** Why a source could not be read, as a stable code the app translates (the message is English). */
export type SourceFailureReason = SourceErrorCode | 'changed';

export class SourceError extends VaultError {
  readonly reason: SourceFailureReason;
  constructor(reason: SourceFailureReason, message: string) {
    super('INPUT_ERROR', message);
    this.reason = reason;
  }
}

function inputError(err: unknown): SourceError {
  const c = classify(err);
  return new SourceError(c.code, c.message);
}

/**
 * Opens a walked file for the single streaming pass. The real path is opened (symlinks were already
 * resolved and recorded by the walk). O_NONBLOCK closes the race where the file is swapped for a FIFO
 * between the stat and the open (a blocking open of a FIFO would hang a thread-pool thread); it has no
 * effect on reads of a regular file. The opened descriptor must still be the same regular file.
 */
export async function openStableSource(entry: SourceFileEntry): Promise<StableSource> {
  let before: Stats;
  try {
    before = await fs.stat(entry.realPath);
  } catch (err) {
    throw inputError(err);
  }
  const kind = specialKind(before);
  if (kind !== undefined || !before.isFile()) throw new SourceError('not-a-regular-file', notRegular(kind ?? 'folder'));

  let handle: fs.FileHandle;
  try {
    handle = await fs.open(entry.realPath, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (err) {
    throw inputError(err);
  }

  let opened: Stats;
  try {
    opened = await handle.stat();
  } catch (err) {
    await handle.close();
    throw inputError(err);
  }
  if (!opened.isFile() || opened.dev !== before.dev || opened.ino !== before.ino) {
    await handle.close();
    throw new SourceError('changed', 'The file changed while it was being opened: refused.');
  }

  const highWaterMark = Math.min(HIGH_WATER_MARK, Math.max(MIN_HIGH_WATER_MARK, opened.size + 1));
  const stream = handle.createReadStream({ highWaterMark, autoClose: false, emitClose: true });

  let closed = false;
  /** fstat taken at close once the read was complete, so verifyUnchanged() works before or after close(). */
  let statAtClose: Stats | undefined;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      if (stream.readableEnded) statAtClose = await handle.stat().catch(() => undefined);
    } finally {
      await handle.close();
    }
  };

  const statAfterRead = async (): Promise<Stats> => {
    if (!closed) return handle.stat();
    if (statAtClose !== undefined) return statAtClose;
    const st = await fs.stat(entry.realPath);
    if (st.dev !== opened.dev || st.ino !== opened.ino) throw new SourceError('changed', CHANGED);
    return st;
  };

  const verifyUnchanged = async (): Promise<void> => {
    if (!stream.readableEnded) {
      await close();
      throw new Error('verifyUnchanged() called before the stream was read to the end');
    }
    try {
      let after: Stats;
      try {
        after = await statAfterRead();
      } catch (err) {
        throw err instanceof VaultError ? err : inputError(err);
      }
      if (after.size !== opened.size || after.mtimeMs !== opened.mtimeMs || stream.bytesRead !== opened.size) {
        throw new SourceError('changed', CHANGED);
      }
    } finally {
      await close();
    }
  };

  return {
    stream,
    size: opened.size,
    mtimeMs: opened.mtimeMs,
    ctimeMs: opened.ctimeMs,
    birthtimeMs: opened.birthtimeMs,
    verifyUnchanged,
    close,
  };
}
