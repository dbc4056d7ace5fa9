/**
 * Ingest: one streaming pass per file — read once, hash the original (SHA-256), encrypt, write —
 * then an atomic commit. Content is written to tmp/, synced, moved into objects/, and only then
 * does one database transaction create the object, the item and its custody event. A crash at any
 * point leaves either nothing or a leftover that the next unlock removes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
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
import { newItemId } from './item-id.ts';
import { SNIFF_BYTES, sniffMediaType } from './media-type.ts';
import { openStableSource, walkSources } from './walk-sources.ts';
import type { SourceEntry, SourceFileEntry } from './walk-sources.ts';

export type IngestStatus = 'ingested' | 'duplicate' | 'error';
export type IngestOutcome = {
  path: string;
  status: IngestStatus;
  id?: string;
  sha256?: string;
  error?: string;
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
};

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
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next++;
      const entry = entries[index]!;
      let outcome: IngestOutcome;
      if (options.signal?.aborted) {
        outcome = { path: entry.path, status: 'error', error: 'Cancelled before it was imported.' };
      } else if (entry.kind === 'error') {
        outcome = { path: entry.path, status: 'error', error: entry.message };
      } else {
        outcome = await ingestFile(vault, entry, options, (bytes) => {
          progress.bytesDone += bytes;
          options.onProgress?.({ ...progress });
        });
      }
      outcomes[index] = outcome;
      progress.filesDone++;
      options.onOutcome?.(outcome);
      options.onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return outcomes;
}

async function ingestFile(
  vault: Vault,
  entry: SourceFileEntry,
  options: IngestOptions,
  onBytes: (n: number) => void,
): Promise<IngestOutcome> {
  const objectId = randomBytes(16);
  const dataKey = randomBytes(32);
  const temp = tmpPath(vault.paths, objectId);
  // Set once the content file is in objects/: until the transaction commits, it must go on failure.
  let placed: string | null = null;
  try {
    const source = await openStableSource(entry);
    // Metadata is read by exiftool from the original while the content pass runs.
    const metadata = readMetadata(entry.realPath).catch(() => ({ error: 'ExifTool could not read this file.' }));
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    const encryptor = createEncryptor(dataKey, objectId);
    // flush: the content is fsynced before the stream reports it is closed.
    const out = createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true, highWaterMark: 4 * 1024 * 1024 });
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
          }
          yield* encryptor.finish();
        },
        out,
        // An options object without a signal would be taken for one more stream.
        { signal: options.signal ?? new AbortController().signal },
      );
      if (!out.closed) await once(out, 'close');
    } finally {
      out.destroy();
      await source.close();
    }
    await source.verifyUnchanged();
    const sha256 = hash.digest('hex');

    const existing = vault.store.findItemBySha256(sha256);
    if (existing) {
      await rm(temp, { force: true });
      vault.log('item.duplicate_seen', { itemId: existing.id, details: { path: entry.path, sha256 } });
      return { path: entry.path, status: 'duplicate', id: existing.id, sha256, error: `duplicate of item ${existing.id}` };
    }

    const finalPath = objectPath(vault.paths, objectId);
    await mkdir(path.dirname(finalPath), { recursive: true, mode: 0o700 });
    await rename(temp, finalPath);
    placed = finalPath;
    await syncDir(path.dirname(finalPath));

    const meta = await metadata;
    const id = newItemId();
    const now = new Date().toISOString();
    const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : null);
    const committed = vault.store.transaction(() => {
      // A copy of the same content may have committed from the other worker meanwhile.
      const raced = vault.store.findItemBySha256(sha256);
      if (raced) return raced.id;
      vault.store.insertObject({ id: objectId, wrappedKey: wrapFileKey(vault.fileKeyWrapKey, dataKey, objectId), size: source.size, createdAt: now });
      vault.store.insertItem({
        id,
        originalObject: objectId,
        originalName: path.basename(entry.path),
        originalPath: entry.path,
        wasSymlink: entry.wasSymlink,
        symlinkTarget: entry.symlinkTarget ?? null,
        size: source.size,
        mediaType: sniffMediaType(Buffer.concat(head), path.basename(entry.path)),
        sha256,
        fileMtime: iso(source.mtimeMs),
        fileCtime: iso(source.ctimeMs),
        fileBirthtime: iso(source.birthtimeMs),
        ingestedAt: now,
        operator: vault.operator,
        sourceNote: options.sourceNote ?? null,
        metadataJson: JSON.stringify(meta),
      });
      vault.log('item.ingested', {
        itemId: id,
        details: { sha256, size: source.size, path: entry.path, ...(entry.wasSymlink ? { symlink: true } : {}), ...(options.sourceNote ? { source: options.sourceNote } : {}) },
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
    return { path: entry.path, status: 'error', error: userMessage(err) };
  } finally {
    wipe(dataKey);
  }
}

function userMessage(err: unknown): string {
  if (err instanceof VaultError) return err.message;
  if ((err as { name?: string }).name === 'AbortError') return 'Cancelled.';
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'The disk is full.';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied.';
  if (code === 'EIO') return 'A read or write error occurred.';
  return 'The file could not be imported.';
}
