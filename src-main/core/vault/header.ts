/**
 * `header.json`: the small, non-secret file that turns a passphrase or recovery key into the
 * vault's master key. It holds only the format/version, a random vault id, KDF parameters and
 * two wrapped copies of the master key. Nothing that identifies evidence may ever be added here.
 */
import { Buffer } from 'node:buffer';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { VaultError } from '../errors/vault-error.ts';
import {
  ARGON2_VERSION,
  DEFAULT_KDF_PARAMS,
  KEY_BYTES,
  SALT_BYTES,
  assertKdfParams,
  assertPassphrase,
  deriveKeyCheck,
  derivePassphraseKek,
  deriveRecoveryKek,
  describeKdfParamsProblem,
  isVaultId,
  keyCheckMatches,
  newVaultId,
  randomBytes,
  randomKey,
  unwrapKey,
  wrapKey,
} from '../crypto/kdf.ts';
import type { KdfParams, WrappedKey } from '../crypto/kdf.ts';
import { generateRecoveryKey, parseRecoveryKey } from '../crypto/recovery-key.ts';
import { wipe } from '../crypto/wipe.ts';

export const HEADER_FILE_NAME = 'header.json';
export const HEADER_FORMAT = 'evidence-vault';
export const HEADER_VERSION = 1;
/** A real header is well under 1 KiB; anything far larger is not ours and is not parsed. */
const MAX_HEADER_BYTES = 64 * 1024;
const NONCE_BYTES = 12;
const WRAPPED_BYTES = KEY_BYTES + 16;
const KEY_CHECK_BYTES = 16;

/** A wrapped copy of the master key: AES-256-GCM nonce and ciphertext‖tag, both lowercase hex. */
export type KeySlot = { nonce: string; ciphertext: string };
export type SlotName = 'passphrase' | 'recovery';

export type VaultHeader = {
  format: typeof HEADER_FORMAT;
  version: typeof HEADER_VERSION;
  /** 16 random bytes, hex. Names no person, device or evidence. */
  vaultId: string;
  kdf: {
    algorithm: 'argon2id';
    version: typeof ARGON2_VERSION;
    memoryKiB: number;
    iterations: number;
    parallelism: number;
    /** 16 random bytes, hex. Renewed whenever the passphrase changes. */
    salt: string;
  };
  /** Non-secret fingerprint of the master key, so a rewrap cannot wrap the wrong key. */
  keyCheck: string;
  slots: Record<SlotName, KeySlot>;
};

export type CreatedVaultKeys = {
  header: VaultHeader;
  /** 32 bytes; the caller owns it and wipes it when the vault locks. */
  masterKey: Uint8Array;
  /** Display text of the recovery key. Show it once; it is stored nowhere. */
  recoveryKey: string;
};

// ---------------------------------------------------------------------------------------------
// Operations (pure over header + keys; no database, no file system)
// ---------------------------------------------------------------------------------------------

/** New vault keys: random master key and vault id, passphrase slot and a fresh recovery key. */
export async function createHeader(passphrase: string, kdfParams: KdfParams = DEFAULT_KDF_PARAMS): Promise<CreatedVaultKeys> {
  assertPassphrase(passphrase);
  assertKdfParams(kdfParams);
  const vaultId = newVaultId();
  const masterKey = randomKey();
  try {
    const { kdf, slot: passphraseSlot } = await sealForPassphrase(vaultId, masterKey, passphrase, kdfParams);
    const { slot: recoverySlot, recoveryKey } = sealForNewRecoveryKey(vaultId, masterKey);
    const header: VaultHeader = {
      format: HEADER_FORMAT,
      version: HEADER_VERSION,
      vaultId,
      kdf,
      keyCheck: deriveKeyCheck(masterKey, vaultId),
      slots: { passphrase: passphraseSlot, recovery: recoverySlot },
    };
    return { header, masterKey, recoveryKey };
  } catch (err) {
    wipe(masterKey);
    throw err;
  }
}

export async function unlockWithPassphrase(header: VaultHeader, passphrase: string): Promise<Uint8Array> {
  const checked = validateHeader(header);
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw wrongPassphrase();
  const kek = await derivePassphraseKek(passphrase, hexToBytes(checked.kdf.salt), checked.kdf);
  try {
    const masterKey = unwrapKey(kek, slotBytes(checked.slots.passphrase), slotAad(checked.vaultId, 'passphrase'));
    if (!masterKey) throw wrongPassphrase();
    return masterKey;
  } finally {
    wipe(kek);
  }
}

/** Synchronous: the recovery KEK is a single HKDF, so there is nothing slow to yield around. */
export function unlockWithRecoveryKey(header: VaultHeader, recoveryKeyText: string): Uint8Array {
  const checked = validateHeader(header);
  const entropy = parseRecoveryKey(recoveryKeyText);
  const kek = deriveRecoveryKek(entropy, checked.vaultId);
  wipe(entropy);
  try {
    const masterKey = unwrapKey(kek, slotBytes(checked.slots.recovery), slotAad(checked.vaultId, 'recovery'));
    if (!masterKey) throw new VaultError('WRONG_RECOVERY_KEY', 'Wrong recovery key.');
    return masterKey;
  } finally {
    wipe(kek);
  }
}

/**
 * New passphrase: re-wraps the same master key under a new salt (and optionally raised KDF
 * parameters). Nothing else in the vault is re-encrypted; the recovery slot is kept as it is.
 */
export async function rewrapForPassphrase(
  header: VaultHeader,
  masterKey: Uint8Array,
  newPassphrase: string,
  kdfParams?: KdfParams,
): Promise<VaultHeader> {
  const checked = validateHeader(header);
  assertPassphrase(newPassphrase);
  assertOwnMasterKey(checked, masterKey);
  const params = kdfParams ?? { memoryKiB: checked.kdf.memoryKiB, iterations: checked.kdf.iterations, parallelism: checked.kdf.parallelism };
  assertKdfParams(params);
  const { kdf, slot } = await sealForPassphrase(checked.vaultId, masterKey, newPassphrase, params);
  return { ...checked, kdf, slots: { ...checked.slots, passphrase: slot } };
}

/** Issues a new recovery key (e.g. the old one was exposed); the old one stops working. */
export function replaceRecoveryKey(header: VaultHeader, masterKey: Uint8Array): { header: VaultHeader; recoveryKey: string } {
  const checked = validateHeader(header);
  assertOwnMasterKey(checked, masterKey);
  const { slot, recoveryKey } = sealForNewRecoveryKey(checked.vaultId, masterKey);
  return { header: { ...checked, slots: { ...checked.slots, recovery: slot } }, recoveryKey };
}

async function sealForPassphrase(
  vaultId: string,
  masterKey: Uint8Array,
  passphrase: string,
  params: KdfParams,
): Promise<{ kdf: VaultHeader['kdf']; slot: KeySlot }> {
  const salt = randomBytes(SALT_BYTES);
  const kek = await derivePassphraseKek(passphrase, salt, params);
  try {
    const slot = slotFromWrapped(wrapKey(kek, masterKey, slotAad(vaultId, 'passphrase')));
    const kdf: VaultHeader['kdf'] = {
      algorithm: 'argon2id',
      version: ARGON2_VERSION,
      memoryKiB: params.memoryKiB,
      iterations: params.iterations,
      parallelism: params.parallelism,
      salt: bytesToHex(salt),
    };
    return { kdf, slot };
  } finally {
    wipe(kek);
  }
}

function sealForNewRecoveryKey(vaultId: string, masterKey: Uint8Array): { slot: KeySlot; recoveryKey: string } {
  const { entropy, text } = generateRecoveryKey();
  const kek = deriveRecoveryKek(entropy, vaultId);
  wipe(entropy);
  try {
    return { slot: slotFromWrapped(wrapKey(kek, masterKey, slotAad(vaultId, 'recovery'))), recoveryKey: text };
  } finally {
    wipe(kek);
  }
}

function assertOwnMasterKey(header: VaultHeader, masterKey: Uint8Array): void {
  if (!(masterKey instanceof Uint8Array) || masterKey.length !== KEY_BYTES || !keyCheckMatches(masterKey, header.vaultId, header.keyCheck))
    throw new VaultError('INTERNAL', 'The given master key does not belong to this vault.');
}

/** Binds a wrapped key to this format, version, vault and slot: it cannot be moved anywhere else. */
function slotAad(vaultId: string, slot: SlotName): Uint8Array {
  return new TextEncoder().encode(`${HEADER_FORMAT}/v${HEADER_VERSION}/${vaultId}/${slot}`);
}

function wrongPassphrase(): VaultError {
  return new VaultError('WRONG_PASSPHRASE', 'Wrong passphrase.');
}

function slotFromWrapped(wrapped: WrappedKey): KeySlot {
  return { nonce: bytesToHex(wrapped.nonce), ciphertext: bytesToHex(wrapped.ciphertext) };
}

function slotBytes(slot: KeySlot): WrappedKey {
  return { nonce: hexToBytes(slot.nonce), ciphertext: hexToBytes(slot.ciphertext) };
}

function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function hexToBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

function bad(message: string): never {
  throw new VaultError('BAD_HEADER', message);
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function required(obj: Obj, key: string, name: string): unknown {
  if (!Object.hasOwn(obj, key) || obj[key] === undefined || obj[key] === null) bad(`Vault header is missing the field "${name}".`);
  return obj[key];
}

function objectField(obj: Obj, key: string, name: string): Obj {
  const value = required(obj, key, name);
  if (!isObject(value)) bad(`Vault header field "${name}" must be an object.`);
  return value;
}

function integerField(obj: Obj, key: string, name: string): number {
  const value = required(obj, key, name);
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) bad(`Vault header field "${name}" must be an integer.`);
  return value;
}

function hexField(obj: Obj, key: string, name: string, bytes: number): string {
  const value = required(obj, key, name);
  if (typeof value !== 'string') bad(`Vault header field "${name}" must be a string.`);
  if (value.length !== bytes * 2 || !/^[0-9a-f]*$/.test(value)) bad(`Vault header field "${name}" must be ${bytes} bytes as lowercase hex.`);
  return value;
}

function slotField(slots: Obj, key: SlotName): KeySlot {
  const slot = objectField(slots, key, `slots.${key}`);
  return {
    nonce: hexField(slot, 'nonce', `slots.${key}.nonce`, NONCE_BYTES),
    ciphertext: hexField(slot, 'ciphertext', `slots.${key}.ciphertext`, WRAPPED_BYTES),
  };
}

/**
 * Checks a parsed header and returns a clean copy holding only known fields (unknown ones are
 * dropped, so they are never written back). Throws BAD_HEADER naming the first problem found.
 */
export function validateHeader(value: unknown): VaultHeader {
  if (!isObject(value)) bad('Vault header is not a JSON object.');
  if (!Object.hasOwn(value, 'format')) bad('Vault header has no format name; it is not an Evidence Vault header.');
  if (value.format !== HEADER_FORMAT) bad('Vault header has a foreign format name; it is not an Evidence Vault header.');
  const version = integerField(value, 'version', 'version');
  if (version < 1) bad('Vault header field "version" must be 1 or higher.');
  if (version > HEADER_VERSION)
    bad(`Vault header version ${version} is newer than this app supports (up to ${HEADER_VERSION}). Update the app to open this vault.`);

  const vaultId = required(value, 'vaultId', 'vaultId');
  if (!isVaultId(vaultId)) bad('Vault header field "vaultId" must be 16 bytes as lowercase hex.');

  const kdfIn = objectField(value, 'kdf', 'kdf');
  const algorithm = required(kdfIn, 'algorithm', 'kdf.algorithm');
  if (algorithm !== 'argon2id') bad('Vault header field "kdf.algorithm" must be "argon2id".');
  const argonVersion = integerField(kdfIn, 'version', 'kdf.version');
  if (argonVersion !== ARGON2_VERSION) bad(`Vault header field "kdf.version" must be ${ARGON2_VERSION} (Argon2 version 1.3).`);
  const params: KdfParams = {
    memoryKiB: integerField(kdfIn, 'memoryKiB', 'kdf.memoryKiB'),
    iterations: integerField(kdfIn, 'iterations', 'kdf.iterations'),
    parallelism: integerField(kdfIn, 'parallelism', 'kdf.parallelism'),
  };
  const paramsProblem = describeKdfParamsProblem(params);
  if (paramsProblem) bad(`Vault header has unusable KDF parameters: ${paramsProblem}`);
  const salt = hexField(kdfIn, 'salt', 'kdf.salt', SALT_BYTES);

  const keyCheck = hexField(value, 'keyCheck', 'keyCheck', KEY_CHECK_BYTES);
  const slotsIn = objectField(value, 'slots', 'slots');
  const slots = { passphrase: slotField(slotsIn, 'passphrase'), recovery: slotField(slotsIn, 'recovery') };

  return {
    format: HEADER_FORMAT,
    version: HEADER_VERSION,
    vaultId,
    kdf: { algorithm: 'argon2id', version: ARGON2_VERSION, ...params, salt },
    keyCheck,
    slots,
  };
}

/** Parses header file text. BAD_HEADER on non-JSON or any validation failure. */
export function parseHeader(text: string): VaultHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    bad('Vault header is not valid JSON.');
  }
  return validateHeader(value);
}

export function serializeHeader(header: VaultHeader): string {
  return JSON.stringify(validateHeader(header), null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// File I/O
// ---------------------------------------------------------------------------------------------

function errnoCode(err: unknown): string | undefined {
  return isObject(err) && typeof err.code === 'string' ? err.code : undefined;
}

export async function readHeader(folder: string): Promise<VaultHeader> {
  const file = path.join(folder, HEADER_FILE_NAME);
  let bytes: Uint8Array;
  try {
    const handle = await fs.open(file, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) bad('Vault header is not a file.');
      if (stat.size > MAX_HEADER_BYTES) bad('Vault header is too large to be an Evidence Vault header.');
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof VaultError) throw err;
    const code = errnoCode(err);
    if (code === 'ENOENT') bad('Vault header is missing: this folder is not an Evidence Vault, or the header was deleted.');
    if (code === 'EISDIR') bad('Vault header is not a file.');
    throw new VaultError('BAD_HEADER', `Vault header could not be read${code ? ` (${code})` : ''}.`, { cause: err });
  }
  if (bytes.length > MAX_HEADER_BYTES) bad('Vault header is too large to be an Evidence Vault header.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    bad('Vault header is not valid JSON: it is not UTF-8 text.');
  }
  return parseHeader(text);
}

/**
 * Atomic replace: temp file in the same folder, fsync, rename over header.json, fsync the folder.
 * A crash leaves either the old or the new header, never a torn one.
 */
export async function writeHeader(folder: string, header: VaultHeader): Promise<void> {
  const text = serializeHeader(header);
  const target = path.join(folder, HEADER_FILE_NAME);
  const temp = path.join(folder, `.${HEADER_FILE_NAME}.${bytesToHex(randomBytes(8))}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', 0o600);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
    await syncFolder(folder);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = errnoCode(err);
    if (code === 'ENOENT') throw new VaultError('VAULT_NOT_FOUND', 'The vault folder does not exist.', { cause: err });
    throw new VaultError('INTERNAL', `The vault header could not be saved${code ? ` (${code})` : ''}.`, { cause: err });
  }
}

/** Makes the rename durable. Windows cannot open a directory for fsync; NTFS journals the rename. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const dir = await fs.open(folder, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
