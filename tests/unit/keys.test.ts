import { describe, expect, it } from 'vitest';
import { argon2id } from '@noble/hashes/argon2.js';
import {
  DEFAULT_KDF_PARAMS,
  KDF_PARAMS_FOR_TESTS,
  MIN_KDF_MEMORY_KIB,
  WRAPPED_FILE_KEY_BYTES,
  deriveKeyCheck,
  derivePassphraseKek,
  deriveRecoveryKek,
  deriveSubkeys,
  newVaultId,
  randomBytes,
  randomKey,
  unwrapFileKey,
  unwrapKey,
  wrapFileKey,
  wrapKey,
} from '../../src-main/core/crypto/kdf.ts';
import { wipe } from '../../src-main/core/crypto/wipe.ts';
import { VaultError } from '../../src-main/core/errors/vault-error.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function vaultErrorOf(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VaultError) return err;
    throw err;
  }
  throw new Error('expected a VaultError');
}

describe('KDF parameters', () => {
  it('never go below 64 MiB, not even for tests', () => {
    expect(MIN_KDF_MEMORY_KIB).toBe(65536);
    expect(DEFAULT_KDF_PARAMS.memoryKiB).toBeGreaterThanOrEqual(MIN_KDF_MEMORY_KIB);
    expect(KDF_PARAMS_FOR_TESTS.memoryKiB).toBeGreaterThanOrEqual(MIN_KDF_MEMORY_KIB);
    expect(DEFAULT_KDF_PARAMS.iterations).toBeGreaterThanOrEqual(KDF_PARAMS_FOR_TESTS.iterations);
  });

  it('refuses weaker parameters and empty passphrases', async () => {
    const salt = randomBytes(16);
    await expect(derivePassphraseKek('pass', salt, { memoryKiB: 65535, iterations: 3, parallelism: 1 })).rejects.toMatchObject({
      code: 'INPUT_ERROR',
      message: expect.stringMatching(/below the minimum/),
    });
    await expect(derivePassphraseKek('pass', salt, { ...KDF_PARAMS_FOR_TESTS, iterations: 0 })).rejects.toMatchObject({ code: 'INPUT_ERROR' });
    await expect(derivePassphraseKek('', salt, KDF_PARAMS_FOR_TESTS)).rejects.toMatchObject({
      code: 'INPUT_ERROR',
      message: 'The passphrase must not be empty.',
    });
  });
});

describe('derivePassphraseKek', () => {
  it('is Argon2id over the NFC-normalised UTF-8 passphrase', async () => {
    const salt = randomBytes(16);
    const nfd = 'Cafe\u0301 crème brûlée'.normalize('NFD');
    const kek = await derivePassphraseKek(nfd, salt, KDF_PARAMS_FOR_TESTS);
    const expected = argon2id(new TextEncoder().encode(nfd.normalize('NFC')), salt, { m: 65536, t: 1, p: 1, dkLen: 32 });
    expect(kek).toHaveLength(32);
    expect(hex(kek)).toBe(hex(expected));
  });
});

describe('deriveSubkeys', () => {
  const masterKey = randomKey();
  const vaultId = newVaultId();

  it('gives three distinct 32-byte keys, none equal to the master key', () => {
    const k = deriveSubkeys(masterKey, vaultId);
    const all = [k.dbKey, k.fileKeyWrapKey, k.signingSeed].map(hex);
    for (const key of [k.dbKey, k.fileKeyWrapKey, k.signingSeed]) expect(key).toHaveLength(32);
    expect(new Set([...all, hex(masterKey)]).size).toBe(4);
  });

  it('is deterministic for the same master key and vault id', () => {
    const a = deriveSubkeys(masterKey, vaultId);
    const b = deriveSubkeys(new Uint8Array(masterKey), vaultId);
    expect(hex(a.dbKey)).toBe(hex(b.dbKey));
    expect(hex(a.fileKeyWrapKey)).toBe(hex(b.fileKeyWrapKey));
    expect(hex(a.signingSeed)).toBe(hex(b.signingSeed));
  });

  it('depends on the vault id and on the master key', () => {
    const a = deriveSubkeys(masterKey, vaultId);
    expect(hex(deriveSubkeys(masterKey, newVaultId()).dbKey)).not.toBe(hex(a.dbKey));
    expect(hex(deriveSubkeys(randomKey(), vaultId).dbKey)).not.toBe(hex(a.dbKey));
  });

  it('rejects malformed inputs', () => {
    expect(vaultErrorOf(() => deriveSubkeys(new Uint8Array(16), vaultId)).code).toBe('INPUT_ERROR');
    expect(vaultErrorOf(() => deriveSubkeys(masterKey, 'not-hex')).code).toBe('INPUT_ERROR');
  });

  it('keeps the key check separate from all subkeys', () => {
    const k = deriveSubkeys(masterKey, vaultId);
    const check = deriveKeyCheck(masterKey, vaultId);
    for (const key of [k.dbKey, k.fileKeyWrapKey, k.signingSeed, masterKey]) expect(hex(key)).not.toContain(check);
  });
});

describe('recovery KEK', () => {
  it('is bound to the vault id', () => {
    const entropy = randomBytes(16);
    const id = newVaultId();
    expect(hex(deriveRecoveryKek(entropy, id))).toBe(hex(deriveRecoveryKek(entropy, id)));
    expect(hex(deriveRecoveryKek(entropy, id))).not.toBe(hex(deriveRecoveryKek(entropy, newVaultId())));
  });
});

describe('wrapKey / unwrapKey', () => {
  it('round-trips and fails closed on wrong KEK or AAD', () => {
    const kek = randomKey();
    const key = randomKey();
    const aad = new TextEncoder().encode('a');
    const wrapped = wrapKey(kek, key, aad);
    expect(hex(unwrapKey(kek, wrapped, aad) as Uint8Array)).toBe(hex(key));
    expect(unwrapKey(randomKey(), wrapped, aad)).toBeNull();
    expect(unwrapKey(kek, wrapped, new TextEncoder().encode('b'))).toBeNull();
    const flipped = new Uint8Array(wrapped.ciphertext);
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(unwrapKey(kek, { nonce: wrapped.nonce, ciphertext: flipped }, aad)).toBeNull();
  });

  it('uses a fresh nonce every time', () => {
    const kek = randomKey();
    const key = randomKey();
    const aad = new Uint8Array(0);
    expect(hex(wrapKey(kek, key, aad).nonce)).not.toBe(hex(wrapKey(kek, key, aad).nonce));
  });
});

describe('wrapFileKey / unwrapFileKey', () => {
  const { fileKeyWrapKey } = deriveSubkeys(randomKey(), newVaultId());

  it('round-trips a data key for its object id', () => {
    const dataKey = randomKey();
    const wrapped = wrapFileKey(fileKeyWrapKey, dataKey, 'obj-1');
    expect(wrapped).toHaveLength(WRAPPED_FILE_KEY_BYTES);
    expect(hex(wrapped)).not.toContain(hex(dataKey));
    expect(hex(unwrapFileKey(fileKeyWrapKey, wrapped, 'obj-1'))).toBe(hex(dataKey));
  });

  it('does not unwrap for another object id, another wrap key, or altered bytes', () => {
    const wrapped = wrapFileKey(fileKeyWrapKey, randomKey(), 'obj-1');
    const other = vaultErrorOf(() => unwrapFileKey(fileKeyWrapKey, wrapped, 'obj-2'));
    expect(other.code).toBe('CORRUPT_CONTENT');
    expect(other.message).not.toContain('obj-');
    expect(vaultErrorOf(() => unwrapFileKey(randomKey(), wrapped, 'obj-1')).code).toBe('CORRUPT_CONTENT');
    const altered = new Uint8Array(wrapped);
    altered[20] = (altered[20] as number) ^ 0x80;
    expect(vaultErrorOf(() => unwrapFileKey(fileKeyWrapKey, altered, 'obj-1')).code).toBe('CORRUPT_CONTENT');
    expect(vaultErrorOf(() => unwrapFileKey(fileKeyWrapKey, wrapped.subarray(1), 'obj-1')).code).toBe('CORRUPT_CONTENT');
  });

  it('accepts 16-byte binary object ids as used by the content cipher', () => {
    const dataKey = randomKey();
    const id = randomBytes(16);
    const wrapped = wrapFileKey(fileKeyWrapKey, dataKey, id);
    expect(hex(unwrapFileKey(fileKeyWrapKey, wrapped, new Uint8Array(id)))).toBe(hex(dataKey));
    expect(vaultErrorOf(() => unwrapFileKey(fileKeyWrapKey, wrapped, randomBytes(16))).code).toBe('CORRUPT_CONTENT');
  });

  it('requires an object id', () => {
    expect(vaultErrorOf(() => wrapFileKey(fileKeyWrapKey, randomKey(), '')).code).toBe('INPUT_ERROR');
    expect(vaultErrorOf(() => wrapFileKey(fileKeyWrapKey, randomKey(), new Uint8Array(0))).code).toBe('INPUT_ERROR');
  });
});

describe('wipe', () => {
  it('zeroes every key given and skips missing ones', () => {
    const a = randomKey();
    const b = randomKey();
    wipe(a, undefined, b, null);
    expect(a.every((x) => x === 0)).toBe(true);
    expect(b.every((x) => x === 0)).toBe(true);
  });
});
