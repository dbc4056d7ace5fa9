/**
 * The vault's key hierarchy below the header: passphrase → KEK (Argon2id), recovery key → KEK
 * (HKDF), KEK ⇄ master key (AES-256-GCM wrap), master key → subkeys (HKDF), and per-item data
 * keys wrapped under `fileKeyWrapKey`. See docs/keys.md for the picture and the reasoning.
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, randomFillSync, timingSafeEqual } from 'node:crypto';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { VaultError } from '../errors/vault-error.ts';
import { wipe } from './wipe.ts';

/** Argon2id cost. Stored in the header so it can be raised later without breaking old vaults. */
export type KdfParams = {
  /** Memory cost in KiB (Argon2 `m`). */
  memoryKiB: number;
  /** Passes over memory (Argon2 `t`). */
  iterations: number;
  /** Lanes (Argon2 `p`). noble computes lanes one after another, so more lanes buy nothing here. */
  parallelism: number;
};

export const KEY_BYTES = 32;
export const SALT_BYTES = 16;
export const VAULT_ID_BYTES = 16;
export const ARGON2_VERSION = 0x13;

/** Product rule: never below 64 MiB, whatever the caller asks for. */
export const MIN_KDF_MEMORY_KIB = 64 * 1024;
/**
 * Upper bounds exist because a header is read before anything is authenticated: a tampered
 * header must not be able to make unlock allocate gigabytes or spin for hours.
 */
export const MAX_KDF_MEMORY_KIB = 1024 * 1024;
export const MAX_KDF_ITERATIONS = 64;
export const MAX_KDF_PARALLELISM = 16;

/**
 * 64 MiB, two passes: ≈1.3 s per unlock on the 2-core reference machine with noble's pure-JS
 * Argon2id (t=3 measured 1.8–1.9 s there, over the 1.5 s the product allows for an unlock).
 */
export const DEFAULT_KDF_PARAMS: Readonly<KdfParams> = Object.freeze({ memoryKiB: 64 * 1024, iterations: 2, parallelism: 1 });
/** Still at the 64 MiB floor (≈0.35 s); only the pass count is lowered so test suites stay fast. */
export const KDF_PARAMS_FOR_TESTS: Readonly<KdfParams> = Object.freeze({ memoryKiB: 64 * 1024, iterations: 1, parallelism: 1 });

const INFO_PREFIX = 'evidence-vault/v1/';
const INFO = {
  db: INFO_PREFIX + 'db',
  fileKeyWrap: INFO_PREFIX + 'file-key-wrap',
  signingSeed: INFO_PREFIX + 'signing-seed',
  recoveryKek: INFO_PREFIX + 'recovery-kek',
  keyCheck: INFO_PREFIX + 'key-check',
} as const;

const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;
const KEY_CHECK_BYTES = 16;

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Fresh (never pooled) random bytes, so wiping them cannot touch anything else. */
export function randomBytes(length: number): Uint8Array {
  return randomFillSync(new Uint8Array(length));
}

/** A new random 32-byte key (master key, per-item data key). */
export function randomKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}

/** Describes what is wrong with `params`, or returns null when they are acceptable. */
export function describeKdfParamsProblem(params: KdfParams): string | null {
  const { memoryKiB, iterations, parallelism } = params;
  if (!Number.isSafeInteger(memoryKiB)) return 'KDF memory cost must be an integer number of KiB.';
  if (memoryKiB < MIN_KDF_MEMORY_KIB) return `KDF memory cost ${memoryKiB} KiB is below the minimum of ${MIN_KDF_MEMORY_KIB} KiB (64 MiB).`;
  if (memoryKiB > MAX_KDF_MEMORY_KIB) return `KDF memory cost ${memoryKiB} KiB is above the maximum of ${MAX_KDF_MEMORY_KIB} KiB.`;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_KDF_ITERATIONS)
    return `KDF iteration count must be an integer from 1 to ${MAX_KDF_ITERATIONS}.`;
  if (!Number.isSafeInteger(parallelism) || parallelism < 1 || parallelism > MAX_KDF_PARALLELISM)
    return `KDF parallelism must be an integer from 1 to ${MAX_KDF_PARALLELISM}.`;
  return null;
}

export function assertKdfParams(params: KdfParams): void {
  const problem = describeKdfParamsProblem(params);
  if (problem) throw new VaultError('INPUT_ERROR', problem);
}

export function assertPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || passphrase.length === 0)
    throw new VaultError('INPUT_ERROR', 'The passphrase must not be empty.');
}

/**
 * Passphrase → 32-byte KEK with Argon2id. The passphrase is normalised to NFC first so that the
 * same visible text typed on different systems (composed vs decomposed accents) unlocks the vault.
 * Uses noble's async variant, which yields to the event loop every ~10 ms: the Electron main
 * process must keep answering while an unlock runs for about a second.
 */
export async function derivePassphraseKek(passphrase: string, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  assertPassphrase(passphrase);
  assertKdfParams(params);
  if (salt.length !== SALT_BYTES) throw new VaultError('INPUT_ERROR', `The KDF salt must be ${SALT_BYTES} bytes.`);
  const secret = utf8(passphrase.normalize('NFC'));
  try {
    return await argon2idAsync(secret, salt, {
      m: params.memoryKiB,
      t: params.iterations,
      p: params.parallelism,
      version: ARGON2_VERSION,
      dkLen: KEY_BYTES,
      maxmem: params.memoryKiB * 1024,
    });
  } finally {
    wipe(secret);
  }
}

/**
 * Recovery key entropy (128 random bits) → 32-byte KEK. A plain HKDF suffices: the input is
 * already a uniformly random 128-bit secret, so there is nothing for a slow hash to stretch.
 */
export function deriveRecoveryKek(recoveryEntropy: Uint8Array, vaultId: string): Uint8Array {
  if (recoveryEntropy.length !== 16) throw new VaultError('INPUT_ERROR', 'Recovery key entropy must be 16 bytes.');
  return hkdf(sha256, recoveryEntropy, vaultIdToBytes(vaultId), utf8(INFO.recoveryKek), KEY_BYTES);
}

export type Subkeys = {
  /** Raw 32-byte SQLCipher key for the metadata database. */
  dbKey: Uint8Array;
  /** Wraps each item's random data key (see wrapFileKey). */
  fileKeyWrapKey: Uint8Array;
  /** Seed for the vault's Ed25519 signing key. */
  signingSeed: Uint8Array;
};

/** Master key → independent subkeys (HKDF-SHA256, salt = vault id, one info string per purpose). */
export function deriveSubkeys(masterKey: Uint8Array, vaultId: string): Subkeys {
  assertKey(masterKey, 'master key');
  const salt = vaultIdToBytes(vaultId);
  const derive = (info: string): Uint8Array => hkdf(sha256, masterKey, salt, utf8(info), KEY_BYTES);
  return { dbKey: derive(INFO.db), fileKeyWrapKey: derive(INFO.fileKeyWrap), signingSeed: derive(INFO.signingSeed) };
}

/**
 * Non-secret fingerprint of the master key (hex). Lets a rewrap refuse a master key that does not
 * belong to the vault instead of silently locking the user out; it reveals nothing usable because
 * the master key is 256 random bits.
 */
export function deriveKeyCheck(masterKey: Uint8Array, vaultId: string): string {
  assertKey(masterKey, 'master key');
  const check = hkdf(sha256, masterKey, vaultIdToBytes(vaultId), utf8(INFO.keyCheck), KEY_CHECK_BYTES);
  return Buffer.from(check).toString('hex');
}

export function keyCheckMatches(masterKey: Uint8Array, vaultId: string, expectedHex: string): boolean {
  const actual = Buffer.from(deriveKeyCheck(masterKey, vaultId), 'hex');
  const expected = Buffer.from(expectedHex, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export type WrappedKey = { nonce: Uint8Array; ciphertext: Uint8Array };

/** AES-256-GCM of a 32-byte key under a KEK; `ciphertext` includes the 16-byte tag. */
export function wrapKey(kek: Uint8Array, key: Uint8Array, aad: Uint8Array): WrappedKey {
  assertKey(kek, 'key-encryption key');
  assertKey(key, 'key to wrap');
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const body = cipher.update(key);
  const tail = cipher.final();
  const ciphertext = new Uint8Array(body.length + tail.length + GCM_TAG_BYTES);
  ciphertext.set(body, 0);
  ciphertext.set(tail, body.length);
  ciphertext.set(cipher.getAuthTag(), body.length + tail.length);
  return { nonce, ciphertext };
}

/** Inverse of wrapKey; null when the KEK, AAD or bytes are wrong (GCM cannot tell which). */
export function unwrapKey(kek: Uint8Array, wrapped: WrappedKey, aad: Uint8Array): Uint8Array | null {
  assertKey(kek, 'key-encryption key');
  const { nonce, ciphertext } = wrapped;
  if (nonce.length !== GCM_NONCE_BYTES || ciphertext.length !== KEY_BYTES + GCM_TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', kek, nonce, { authTagLength: GCM_TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(ciphertext.subarray(KEY_BYTES));
  let body: Uint8Array | undefined;
  let tail: Uint8Array | undefined;
  try {
    body = decipher.update(ciphertext.subarray(0, KEY_BYTES));
    tail = decipher.final();
    const key = new Uint8Array(KEY_BYTES);
    key.set(body, 0);
    key.set(tail, body.length);
    return key;
  } catch {
    return null;
  } finally {
    wipe(body, tail);
  }
}

/** Bytes of a wrapped per-item data key: 12-byte nonce ‖ 32-byte ciphertext ‖ 16-byte tag. */
export const WRAPPED_FILE_KEY_BYTES = GCM_NONCE_BYTES + KEY_BYTES + GCM_TAG_BYTES;

/**
 * Wraps an item's random data key. Deleting the returned bytes crypto-shreds the item. The object
 * id is the AAD, so a wrapped key copied onto another item's row does not unwrap there.
 */
export function wrapFileKey(fileKeyWrapKey: Uint8Array, dataKey: Uint8Array, objectId: ObjectId): Uint8Array {
  const { nonce, ciphertext } = wrapKey(fileKeyWrapKey, dataKey, objectIdAad(objectId));
  const out = new Uint8Array(WRAPPED_FILE_KEY_BYTES);
  out.set(nonce, 0);
  out.set(ciphertext, GCM_NONCE_BYTES);
  return out;
}

export function unwrapFileKey(fileKeyWrapKey: Uint8Array, wrapped: Uint8Array, objectId: ObjectId): Uint8Array {
  const aad = objectIdAad(objectId);
  const key =
    wrapped.length === WRAPPED_FILE_KEY_BYTES
      ? unwrapKey(fileKeyWrapKey, { nonce: wrapped.subarray(0, GCM_NONCE_BYTES), ciphertext: wrapped.subarray(GCM_NONCE_BYTES) }, aad)
      : null;
  if (!key) throw new VaultError('CORRUPT_CONTENT', 'An item key could not be unwrapped: the vault data is damaged or was altered.');
  return key;
}

/** Object ids may be raw bytes (content-cipher uses 16-byte ids) or text (taken as UTF-8). */
export type ObjectId = string | Uint8Array;

function objectIdAad(objectId: ObjectId): Uint8Array {
  const aad = typeof objectId === 'string' ? utf8(objectId) : objectId instanceof Uint8Array ? objectId : null;
  if (!aad || aad.length === 0) throw new VaultError('INPUT_ERROR', 'An object id is required to wrap an item key.');
  return aad;
}

const VAULT_ID_PATTERN = /^[0-9a-f]{32}$/;

export function isVaultId(value: unknown): value is string {
  return typeof value === 'string' && VAULT_ID_PATTERN.test(value);
}

export function newVaultId(): string {
  return Buffer.from(randomBytes(VAULT_ID_BYTES)).toString('hex');
}

function vaultIdToBytes(vaultId: string): Uint8Array {
  if (!isVaultId(vaultId)) throw new VaultError('INPUT_ERROR', 'A vault id is 32 lowercase hex characters.');
  return new Uint8Array(Buffer.from(vaultId, 'hex'));
}

function assertKey(key: Uint8Array, what: string): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) throw new VaultError('INPUT_ERROR', `The ${what} must be ${KEY_BYTES} bytes.`);
}
