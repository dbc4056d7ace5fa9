/**
 * Ingest: one streaming pass per file — read once, hash the original (SHA-256), encrypt, write —
 * then an atomic commit. Content is written to tmp/, synced, moved into objects/, and only then
 * does one database transaction create the object, the item and its custody event. A crash at any
 * point leaves either nothing or a leftover that the next unlock removes.
 *
 * Throughput (bench/: `npm run bench`): the content pass of a file needs the CPU, what follows it
 * mostly waits (fsyncs, exiftool, the database commit). So `concurrency` files are in their content
 * pass at once, while up to FINISHING_LIMIT more wait for their syncs and metadata; ready items are
 * committed together (one transaction, one fsync of the WAL) instead of one commit each.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createEncryptor } from '../crypto/content-cipher.ts';
import { wrapFileKey } from '../crypto/kdf.ts';
import { wipe } from '../crypto/wipe.ts';
import { VaultError } from '../errors/vault-error.ts';
import { readMetadata } from '../metadata/exiftool.ts';
import { objectPath, syncDir, tmpPath } from '../vault/layout.ts';
import type { Vault } from '../vault/vault.ts';
import { makeShareableCopy, summaryOf } from '../shareable/make-shareable.ts';
import type { ShareableSummary } from '../../../src-shared/types/shareable.ts';
import { newItemId } from './item-id.ts';
import { SNIFF_BYTES, sniffMediaType } from './media-type.ts';
import { openStableSource, SourceError, walkSources } from './walk-sources.ts';
import type { SourceEntry, SourceFailureReason, SourceFileEntry } from './walk-sources.ts';

export type IngestStatus = 'ingested' | 'duplicate' | 'error';
/** A stable code for why a file was not imported, for translation; `error` holds the English text. */
export type IngestFailureReason = SourceFailureReason | 'cancelled' | 'disk-full' | 'failed';
export type IngestOutcome = {
  path: string;
  status: IngestStatus;
  id?: string;
  sha256?: string;
  error?: string;
  reason?: IngestFailureReason;
  /** The item's shareable copy, made right after import (or the existing one, for a duplicate). */
  shareable?: ShareableSummary;
};

export type IngestProgress = {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
};

export type IngestOptions = {
  sourceNote?: string;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  onOutcome?: (outcome: IngestOutcome) => void;
  /** Files processed at once; two keeps both cores busy with small files. */
  concurrency?: number;
  /** Make each new item's shareable copy as part of the import (default true). */
  shareable?: boolean;
};

/** Files past their content pass that may wait for syncs, metadata and the commit at the same time. */
const FINISHING_LIMIT = 16;
/**
 * While a large file is written, its pages are handed to the disk every WRITEBACK_BYTES (an fdatasync
 * running beside the writes) instead of all at the closing fsync: the disk then works while the CPU
 * hashes and encrypts, and the final sync has little left to do. Durability does not depend on it.
 */
const WRITEBACK_BYTES = 32 * 1024 * 1024;
/**
 * How long a ready item may wait for others to share its commit. Each commit is an fsync (4 ms and
 * more on a busy disk) that blocks the event loop; exiftool, which paces small files, delivers them
 * one at a time, so without waiting a little almost every commit would hold a single item.
 */
const COMMIT_WINDOW_MS = 25;

/** Ingests files and folders (recursively). A bad file fails alone; the rest of the batch goes on. */
export async function ingestPaths(vault: Vault, inputs: string[], options: IngestOptions = {}): Promise<IngestOutcome[]> {
  const entries: SourceEntry[] = [];
  for await (const entry of walkSources(inputs)) entries.push(entry);
  const progress: IngestProgress = {
    filesDone: 0,
    filesTotal: entries.length,
    bytesDone: 0,
    bytesTotal: entries.reduce((sum, e) => sum + (e.kind === 'file' ? e.size : 0), 0),
  };
  options.onProgress?.({ ...progress });

  const outcomes: IngestOutcome[] = new Array(entries.length);
  // Copies are made from the stored original once it is committed; two at a time bounds the memory
  // the engine may hold (up to 64 MiB per copy) and keeps both cores busy.
  const stripSlots = semaphore(2);
  // Copies commit in groups too: one WAL fsync for the copies that finish about together.
  let copiesInFlight = 0;
  const copyCommitter = groupCommitter(vault, () => copiesInFlight);
  // A duplicate met in the same batch waits for the copy its item is getting instead of making another.
  const copies = new Map<string, Promise<ShareableSummary>>();
  const withShareableCopy = async (outcome: IngestOutcome): Promise<IngestOutcome> => {
    const id = outcome.id;
    if (options.shareable === false || !id || outcome.status === 'error') return outcome;
    let copy = copies.get(id);
    if (!copy) {
      const existing = vault.store.shareable.latest(id);
      copy = existing
        ? Promise.resolve(summaryOf(existing))
        : stripSlots(async () => {
            copiesInFlight++;
            try {
              return await makeShareableCopy(vault, id, copyCommitter.commit);
            } finally {
              copiesInFlight--;
              copyCommitter.reconsider();
            }
          }).catch(() => ({ status: 'failed' as const, reason: 'The shareable copy could not be made.' }));
      copies.set(id, copy);
    }
    return { ...outcome, shareable: await copy };
  };
  const record = (index: number, outcome: IngestOutcome) => {
    outcomes[index] = outcome;
    progress.filesDone++;
    options.onOutcome?.(outcome);
    options.onProgress?.({ ...progress });
  };
  // Files between the start of their content pass and their outcome: when all of them wait for the
  // commit, no one else can join it, and it goes at once.
  let inFlight = 0;
  const committer = groupCommitter(vault, () => inFlight);
  const finishing = new Set<Promise<void>>();
  // Identical files in one batch: the first in walk order becomes the item, the others its
  // duplicates, whichever finishes first. An item commits only once every file before it was read,
  // and the earliest index read so far with its content is kept here.
  const readOrder = inWalkOrder(entries.length);
  const firstWithContent = new Map<string, { index: number; outcome: Promise<IngestOutcome> }>();
  // A throwing onOutcome/onProgress stops the batch as it would from the worker itself.
  let callbackError: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      if (callbackError) throw callbackError.error;
      const index = next++;
      const entry = entries[index]!;
      if (options.signal?.aborted) {
        readOrder.read(index);
        record(index, { path: entry.path, status: 'error', error: 'Cancelled before it was imported.', reason: 'cancelled' });
      } else if (entry.kind === 'error') {
        readOrder.read(index);
        record(index, { path: entry.path, status: 'error', error: entry.message, reason: entry.code });
      } else {
        inFlight++;
        let written: Awaited<ReturnType<typeof writeContent>>;
        try {
          written = await writeContent(vault, entry, options, (bytes) => {
            progress.bytesDone += bytes;
            options.onProgress?.({ ...progress });
          });
        } catch (error) {
          readOrder.read(index);
          throw error;
        }
        if ('status' in written) {
          readOrder.read(index);
          inFlight--;
          committer.reconsider();
          record(index, written);
          continue;
        }
        const { sha256 } = written;
        const content = written;
        // The rest mostly waits on the disk and exiftool: the worker goes on to the next file meanwhile.
        const finished = (async () => {
          await readOrder.allBefore(index);
          const first = firstWithContent.get(sha256);
          const earlierId = first && first.index < index ? ((await first.outcome).id ?? null) : null;
          return finishFile(vault, entry, content, options, committer.commit, earlierId);
        })();
        const first = firstWithContent.get(sha256);
        if (!first || first.index > index) firstWithContent.set(sha256, { index, outcome: finished });
        readOrder.read(index);
        const done = finished
          .then(async (outcome) => {
            inFlight--;
            committer.reconsider();
            record(index, await withShareableCopy(outcome));
          })
          .catch((error: unknown) => {
            callbackError ??= { error };
          })
          .finally(() => finishing.delete(done));
        finishing.add(done);
        while (finishing.size >= FINISHING_LIMIT) await Promise.race(finishing);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  } finally {
    await Promise.all(finishing);
  }
  if (callbackError) throw callbackError.error;
  return outcomes;
}

/** A file whose encrypted content is complete and synced in tmp/, not yet in objects/ nor in the database. */
type WrittenContent = {
  objectId: Buffer;
  dataKey: Buffer;
  temp: string;
  sha256: string;
  head: Buffer;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  metadata: Promise<Record<string, unknown>>;
};

/** The one streaming pass: read, hash, encrypt, write and sync to tmp/. Errors come back as the outcome. */
async function writeContent(
  vault: Vault,
  entry: SourceFileEntry,
  options: IngestOptions,
  onBytes: (n: number) => void,
): Promise<WrittenContent | IngestOutcome> {
  const objectId = randomBytes(16);
  const dataKey = randomBytes(32);
  const temp = tmpPath(vault.paths, objectId);
  try {
    const source = await openStableSource(entry);
    // Metadata is read by exiftool from the original while the content pass runs.
    const metadata = readMetadata(entry.realPath, { size: entry.size }).catch(() => ({ error: 'ExifTool could not read this file.' }));
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    try {
      const encryptor = createEncryptor(dataKey, objectId);
      const file = await open(temp, 'wx', 0o600);
      // flush: the content is fsynced before the stream reports it is closed (the stream closes `file`).
      const out = file.createWriteStream({ flush: true, highWaterMark: 4 * 1024 * 1024 });
      let sinceWriteback = 0;
      let writeback: Promise<void> | undefined;
      let writebackError: unknown;
      const startWriteback = () => {
        writeback = file.datasync().then(
          () => (writeback = undefined),
          (err: unknown) => {
            writebackError = err;
            writeback = undefined;
          },
        );
      };
      try {
        await pipeline(
          source.stream,
          async function* (chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              hash.update(chunk);
              if (headBytes < SNIFF_BYTES) {
                head.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
                headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
              }
              onBytes(chunk.length);
              yield* encryptor.push(chunk);
              if (writebackError !== undefined) throw writebackError;
              sinceWriteback += chunk.length;
              if (sinceWriteback >= WRITEBACK_BYTES && writeback === undefined) {
                sinceWriteback = 0;
                startWriteback();
              }
            }
            yield* encryptor.finish();
          },
          out,
          // An options object without a signal would be taken for one more stream.
          { signal: options.signal ?? new AbortController().signal },
        );
        if (!out.closed) await once(out, 'close');
        // The closing fsync covered everything; a failed early writeback still counts as a write error.
        await writeback;
        if (writebackError !== undefined) throw writebackError;
      } finally {
        out.destroy();
        // A stream destroyed before it opened leaves the handle to us; closing twice is refused harmlessly.
        await file.close().catch(() => undefined);
        await writeback;
      }
    } finally {
      await source.close();
    }
    await source.verifyUnchanged();
    return {
      objectId,
      dataKey,
      temp,
      sha256: hash.digest('hex'),
      head: Buffer.concat(head),
      size: source.size,
      mtimeMs: source.mtimeMs,
      ctimeMs: source.ctimeMs,
      birthtimeMs: source.birthtimeMs,
      metadata,
    };
  } catch (err) {
    wipe(dataKey);
    await rm(temp, { force: true }).catch(() => undefined);
    return { path: entry.path, status: 'error', ...failure(err) };
  }
}

/** Moves the synced content into objects/, syncs the folder, then commits the item with its custody event. */
async function finishFile(
  vault: Vault,
  entry: SourceFileEntry,
  written: WrittenContent,
  options: IngestOptions,
  commit: GroupCommit,
  /** The item an earlier file of the same batch with the same content became, if any. */
  earlierId: string | null,
): Promise<IngestOutcome> {
  const { objectId, dataKey, temp, sha256 } = written;
  // Set once the content file is in objects/: until the transaction commits, it must go on failure.
  let placed: string | null = null;
  try {
    const existing = earlierId ?? vault.store.findItemBySha256(sha256)?.id;
    if (existing) {
      await rm(temp, { force: true });
      vault.log('item.duplicate_seen', { itemId: existing, details: { path: entry.path, sha256 } });
      return { path: entry.path, status: 'duplicate', id: existing, sha256, error: `duplicate of item ${existing}` };
    }

    const finalPath = objectPath(vault.paths, objectId);
    await mkdir(path.dirname(finalPath), { recursive: true, mode: 0o700 });
    await rename(temp, finalPath);
    placed = finalPath;
    await syncDir(path.dirname(finalPath));

    const meta = await written.metadata;
    const id = newItemId();
    const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : null);
    // Only now, with the content and its name on disk for good, may the item appear.
    const committed = await commit(() => {
      // A copy of the same content may have committed from another file of the batch meanwhile.
      const raced = vault.store.findItemBySha256(sha256);
      if (raced) return raced.id;
      const now = new Date().toISOString();
      vault.store.insertObject({ id: objectId, wrappedKey: wrapFileKey(vault.fileKeyWrapKey, dataKey, objectId), size: written.size, createdAt: now });
      vault.store.insertItem({
        id,
        originalObject: objectId,
        originalName: path.basename(entry.path),
        originalPath: entry.path,
        wasSymlink: entry.wasSymlink,
        symlinkTarget: entry.symlinkTarget ?? null,
        size: written.size,
        mediaType: sniffMediaType(written.head, path.basename(entry.path)),
        sha256,
        fileMtime: iso(written.mtimeMs),
        fileCtime: iso(written.ctimeMs),
        fileBirthtime: iso(written.birthtimeMs),
        ingestedAt: now,
        operator: vault.operator,
        sourceNote: options.sourceNote ?? null,
        metadataJson: JSON.stringify(meta),
      });
      vault.log('item.ingested', {
        itemId: id,
        details: { sha256, size: written.size, path: entry.path, ...(entry.wasSymlink ? { symlink: true } : {}), ...(options.sourceNote ? { source: options.sourceNote } : {}) },
      });
      return null;
    });
    placed = null;
    if (committed) {
      await rm(finalPath, { force: true });
      vault.log('item.duplicate_seen', { itemId: committed, details: { path: entry.path, sha256 } });
      return { path: entry.path, status: 'duplicate', id: committed, sha256, error: `duplicate of item ${committed}` };
    }
    return { path: entry.path, status: 'ingested', id, sha256 };
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (placed) await rm(placed, { force: true }).catch(() => undefined);
    return { path: entry.path, status: 'error', ...failure(err) };
  } finally {
    wipe(dataKey);
  }
}

/** Runs `work` inside a database transaction shared with other items that are ready about then. */
type GroupCommit = <T>(work: () => T) => Promise<T>;

/**
 * Group commit: items that become ready within COMMIT_WINDOW_MS of each other (or all the items in
 * flight, as soon as they are all ready) go into one transaction, so they cost one WAL fsync
 * (synchronous=FULL) instead of one each. A promise settles only once that transaction has
 * committed: nothing is reported done before it is durable. If the batch fails, nothing of it was
 * stored, and each item is retried in a transaction of its own, as without grouping, so one bad item
 * cannot take the others down with it.
 */
function groupCommitter(vault: Vault, inFlight: () => number): { commit: GroupCommit; reconsider: () => void } {
  type Pending = { work: () => unknown; resolve: (value: unknown) => void; reject: (err: unknown) => void };
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let immediate = false;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    immediate = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let values: unknown[];
    try {
      values = vault.store.transaction(() => batch.map((p) => p.work()));
    } catch {
      for (const p of batch) {
        try {
          p.resolve(vault.store.transaction(p.work));
        } catch (error) {
          p.reject(error);
        }
      }
      return;
    }
    batch.forEach((p, i) => p.resolve(values[i]));
  };
  const reconsider = () => {
    if (queue.length === 0 || immediate) return;
    if (queue.length >= inFlight()) {
      immediate = true;
      setImmediate(flush);
    } else {
      timer ??= setTimeout(flush, COMMIT_WINDOW_MS);
    }
  };
  const commit = <T>(work: () => T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      reconsider();
    });
  return { commit, reconsider };
}

function failure(err: unknown): { error: string; reason: IngestFailureReason } {
  if (err instanceof SourceError) return { error: err.message, reason: err.reason };
  if (err instanceof VaultError) return { error: err.message, reason: err.code === 'CANCELLED' ? 'cancelled' : 'failed' };
  if ((err as { name?: string }).name === 'AbortError') return { error: 'Cancelled.', reason: 'cancelled' };
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return { error: 'The disk is full.', reason: 'disk-full' };
  if (code === 'EACCES' || code === 'EPERM') return { error: 'Permission denied.', reason: 'permission-denied' };
  if (code === 'EIO') return { error: 'A read or write error occurred.', reason: 'unreadable' };
  return { error: 'The file could not be imported.', reason: 'failed' };
}

/** Lets an item wait until every file before it in the walk has been read (or has failed). */
function inWalkOrder(count: number): { read(index: number): void; allBefore(index: number): Promise<void> } {
  const done = new Uint8Array(count);
  // Every index below `low` has been read.
  let low = 0;
  const waiting = new Map<number, () => void>();
  return {
    read(index) {
      done[index] = 1;
      while (low < count && done[low]) low++;
      for (const [i, resolve] of waiting) {
        if (i <= low) {
          waiting.delete(i);
          resolve();
        }
      }
    },
    allBefore(index) {
      return index <= low ? Promise.resolve() : new Promise((resolve) => waiting.set(index, resolve));
    },
  };
}

/** Runs at most `limit` tasks at once, in the order they ask. */
function semaphore(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
