/**
 * Reading and writing encrypted content objects of an open vault: a ByteSource over a stored
 * object (random access, decrypting only what is read), and a sink that encrypts a new object into
 * tmp/ and places it in objects/ once synced. Plaintext exists only in memory.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createEncryptor, openEncryptedFile } from '../crypto/content-cipher.ts';
import type { EncryptedFileReader } from '../crypto/content-cipher.ts';
import { unwrapFileKey, wrapFileKey } from '../crypto/kdf.ts';
import { wipe } from '../crypto/wipe.ts';
import { VaultError } from '../errors/vault-error.ts';
import type { ByteSink, ByteSource } from '../strip/types.ts';
import { objectPath, syncDir, tmpPath } from '../vault/layout.ts';
import type { Vault } from '../vault/vault.ts';

/** Opens a stored object for reading. Close the reader when done. */
export async function openStoredObject(vault: Vault, objectId: Uint8Array): Promise<EncryptedFileReader> {
  const object = vault.store.getObject(objectId);
  if (!object) throw new VaultError('CORRUPT_CONTENT', 'The key of the stored content is missing from the database.');
  const key = unwrapFileKey(vault.fileKeyWrapKey, object.wrappedKey, objectId);
  try {
    return await openEncryptedFile(objectPath(vault.paths, objectId), key, objectId);
  } finally {
    wipe(key);
  }
}

export function readerSource(reader: EncryptedFileReader): ByteSource {
  return {
    size: reader.plaintextSize,
    read: (offset, length) => reader.read(offset, length),
    chunks: (start = 0, end = reader.plaintextSize) =>
      end <= start ? (async function* () {})() : reader.createReadStream({ start, end: end - 1 }),
  };
}

export type StoredObject = { objectId: Uint8Array; wrappedKey: Uint8Array; size: number; sha256: string };

/**
 * A sink that encrypts what it is given into a new object. Nothing touches the disk until the first
 * write; `place()` syncs it and moves it into objects/ (the caller then records it in a transaction);
 * `discard()` removes whatever was written.
 */
export function newObjectSink(vault: Vault): ByteSink & { place(): Promise<StoredObject>; discard(): Promise<void> } {
  const objectId = randomBytes(16);
  const dataKey = randomBytes(32);
  const encryptor = createEncryptor(dataKey, objectId);
  const hash = createHash('sha256');
  const temp = tmpPath(vault.paths, objectId);
  let file: FileHandle | null = null;
  let size = 0;
  const writeAll = async (buffers: Buffer[]) => {
    file ??= await open(temp, 'wx', 0o600);
    for (const b of buffers) await file.write(b);
  };
  return {
    async write(chunk) {
      hash.update(chunk);
      size += chunk.length;
      await writeAll(encryptor.push(chunk));
    },
    async place() {
      try {
        await writeAll(encryptor.finish());
        await file!.sync();
        await file!.close();
        file = null;
        const finalPath = objectPath(vault.paths, objectId);
        await mkdir(path.dirname(finalPath), { recursive: true, mode: 0o700 });
        await rename(temp, finalPath);
        await syncDir(path.dirname(finalPath));
        return { objectId, wrappedKey: wrapFileKey(vault.fileKeyWrapKey, dataKey, objectId), size, sha256: hash.digest('hex') };
      } finally {
        wipe(dataKey);
      }
    },
    async discard() {
      wipe(dataKey);
      await file?.close().catch(() => undefined);
      file = null;
      await rm(temp, { force: true });
    },
  };
}

/** Removes a placed object whose database row was never written (a failed commit). */
export async function removePlacedObject(vault: Vault, objectId: Uint8Array): Promise<void> {
  await rm(objectPath(vault.paths, objectId), { force: true });
}
