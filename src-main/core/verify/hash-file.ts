/**
 * Hashes a file with one or more algorithms in a single pass. Reads in large blocks and keeps the
 * next read in flight while the current block is hashed, so disk and CPU overlap.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { throwIfCancelled } from '../errors/vault-error.ts';

const BLOCK = 4 * 1024 * 1024;

export async function hashFile(file: string, algorithms: readonly string[], onBytes?: (n: number) => void, signal?: AbortSignal): Promise<Record<string, string>> {
  const hashes: [string, Hash][] = algorithms.map((a) => [a, createHash(a)]);
  const handle = await open(file, 'r');
  try {
    const buffers = [Buffer.allocUnsafe(BLOCK), Buffer.allocUnsafe(BLOCK)];
    let which = 0;
    let pending = handle.read(buffers[0]!, 0, BLOCK, null);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      // No read is in flight here, so stopping cannot leave one to fail after the close.
      throwIfCancelled(signal, 'verification');
      const current = buffers[which]!;
      which ^= 1;
      pending = handle.read(buffers[which]!, 0, BLOCK, null);
      const chunk = current.subarray(0, bytesRead);
      for (const [, h] of hashes) h.update(chunk);
      onBytes?.(bytesRead);
    }
  } finally {
    await handle.close();
  }
  return Object.fromEntries(hashes.map(([a, h]) => [a, h.digest('hex')]));
}
