/**
 * Test fixtures: a private temp folder per test (or per describe) and a real vault in it, created with
 * the test KDF parameters, plus small readers for what is on disk. Everything made here is locked and
 * removed by cleanup().
 */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KDF_PARAMS_FOR_TESTS, Vault } from '../../src-main/core/index.ts';
import { openEncryptedFile } from '../../src-main/core/crypto/content-cipher.ts';
import { deriveSubkeys, unwrapFileKey } from '../../src-main/core/crypto/kdf.ts';
import { wipe } from '../../src-main/core/crypto/wipe.ts';
import { openDatabase } from '../../src-main/core/db/open-database.ts';
import type { SqliteDatabase } from '../../src-main/core/db/open-database.ts';
import { readHeader, unlockWithPassphrase } from '../../src-main/core/vault/header.ts';
import { objectPath } from '../../src-main/core/vault/layout.ts';

export const PASSPHRASE = 'correct horse battery staple';
export const OPERATOR = 'Test Operator';
/** The second-process script (see its header comment). */
export const VAULT_CHILD = fileURLToPath(new URL('./vault-child.ts', import.meta.url));

export type TestVault = {
  /** The temp folder holding the vault folder (and anything else the test puts next to it). */
  root: string;
  folder: string;
  passphrase: string;
  recoveryKey: string;
  vault: Vault;
};

export type TempVaults = {
  /** A new empty temp folder (real path, so paths compare equal to what the core records). */
  dir(prefix?: string): Promise<string>;
  /** A new vault in `<new temp folder>/vault`, open. */
  vault(options?: { operator?: string; passphrase?: string }): Promise<TestVault>;
  /** Tracks a vault opened by the test (e.g. after unlock) so cleanup locks it. */
  track(vault: Vault): Vault;
  /** Locks every tracked vault and removes every temp folder. */
  cleanup(): Promise<void>;
};

export function tempVaults(): TempVaults {
  const dirs: string[] = [];
  const vaults: Vault[] = [];
  const self: TempVaults = {
    async dir(prefix = 'ev-test-') {
      const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
      dirs.push(dir);
      return dir;
    },
    async vault(options = {}) {
      const root = await self.dir('ev-vault-');
      const folder = path.join(root, 'vault');
      const passphrase = options.passphrase ?? PASSPHRASE;
      const { vault, recoveryKey } = await Vault.create(folder, passphrase, {
        kdf: KDF_PARAMS_FOR_TESTS,
        operator: options.operator ?? OPERATOR,
      });
      vaults.push(vault);
      return { root, folder, passphrase, recoveryKey, vault };
    },
    track(vault) {
      vaults.push(vault);
      return vault;
    },
    async cleanup() {
      for (const v of vaults.splice(0)) v.lock();
      for (const d of dirs.splice(0)) {
        // A test may have chmod'ed things away; root or not, make the tree removable first.
        await fs.chmod(d, 0o700).catch(() => undefined);
        await fs.rm(d, { recursive: true, force: true });
      }
    },
  };
  return self;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Every regular file under `dir`, as absolute paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The encrypted content files in objects/, as their hex object ids, sorted. */
export async function objectFileIds(folder: string): Promise<string[]> {
  return (await listFiles(path.join(folder, 'objects'))).map((f) => path.basename(f)).sort();
}

export type FolderSnapshot = Record<string, { kind: 'dir' | 'file' | 'other'; mtimeMs?: number; size?: number; sha256?: string }>;

/**
 * Every entry under `folder`, the folder itself as '.': kind and mtime (a folder's mtime changes when
 * anything is created, renamed or deleted in it, even briefly), and for files the size and a hash of the bytes.
 */
export async function snapshotFolder(folder: string): Promise<FolderSnapshot> {
  const out: FolderSnapshot = { '.': { kind: 'dir', mtimeMs: (await fs.stat(folder)).mtimeMs } };
  for (const e of await fs.readdir(folder, { recursive: true, withFileTypes: true })) {
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(folder, full);
    if (e.isDirectory()) out[rel] = { kind: 'dir', mtimeMs: (await fs.stat(full)).mtimeMs };
    else if (e.isFile()) {
      const st = await fs.stat(full);
      out[rel] = { kind: 'file', size: st.size, mtimeMs: st.mtimeMs, sha256: sha256Hex(await fs.readFile(full)) };
    } else out[rel] = { kind: 'other' };
  }
  return out;
}

/** Decrypts an item's stored original the way the app does: unwrap its data key, open the content file. */
export async function readOriginal(vault: Vault, itemId: string): Promise<Buffer> {
  const item = vault.store.getItem(itemId);
  if (!item) throw new Error(`no item ${itemId}`);
  const object = vault.store.getObject(item.originalObject);
  if (!object) throw new Error(`no object row for item ${itemId}`);
  const key = unwrapFileKey(vault.fileKeyWrapKey, object.wrappedKey, item.originalObject);
  try {
    const reader = await openEncryptedFile(objectPath(vault.paths, item.originalObject), key, item.originalObject);
    try {
      return await reader.read(0, reader.plaintextSize);
    } finally {
      await reader.close();
    }
  } finally {
    wipe(key);
  }
}

/**
 * Opens a locked vault's database directly with its key, the way an attacker who knows the
 * passphrase could (to tamper with rows behind the app's back). The vault must be locked.
 */
export async function openVaultDatabase(folder: string, passphrase: string): Promise<SqliteDatabase> {
  const header = await readHeader(folder);
  const masterKey = await unlockWithPassphrase(header, passphrase);
  const keys = deriveSubkeys(masterKey, header.vaultId);
  try {
    return openDatabase(path.join(folder, 'vault.db'), keys.dbKey, { mustExist: true });
  } finally {
    wipe(masterKey, keys.dbKey, keys.fileKeyWrapKey, keys.signingSeed);
  }
}

export type ChildLine = { event: string; code?: string; status?: string; path?: string; error?: string; id?: string; sha256?: string };

/** Runs vault-child.ts with `node` to completion; returns its exit status and its JSON lines. */
export async function runVaultChild(
  args: string[],
  options: SpawnOptions = {},
): Promise<{ status: number | null; lines: ChildLine[]; stderr: string }> {
  const child = spawnVaultChild(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  return { status, lines: parseLines(stdout), stderr };
}

export function spawnVaultChild(args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [VAULT_CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

export function parseLines(text: string): ChildLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as ChildLine);
}

/**
 * What an open vault holds on disk against what its database names: for checking that nothing is
 * orphaned. `itemObjects` are the objects items refer to: their originals and their shareable copies.
 */
export async function storageState(vault: Vault): Promise<{ tmp: string[]; objectFiles: string[]; objectRows: string[]; itemObjects: string[] }> {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const items = [];
  for (let offset = 0, total = vault.store.countItems(); offset < total; offset += 500) items.push(...vault.store.listItems(offset, 500));
  return {
    tmp: await fs.readdir(vault.paths.tmp),
    objectFiles: await objectFileIds(vault.paths.folder),
    objectRows: vault.store.listObjects().map((o) => hex(o.id)).sort(),
    itemObjects: items
      .flatMap((i) => [i.originalObject, ...vault.store.shareable.history(i.id).flatMap((c) => (c.objectId ? [c.objectId] : []))])
      .map(hex)
      .sort(),
  };
}
