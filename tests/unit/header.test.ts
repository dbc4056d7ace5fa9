import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KDF_PARAMS_FOR_TESTS, deriveSubkeys, randomKey } from '../../src-main/core/crypto/kdf.ts';
import {
  HEADER_FILE_NAME,
  createHeader,
  readHeader,
  replaceRecoveryKey,
  rewrapForPassphrase,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  writeHeader,
} from '../../src-main/core/vault/header.ts';
import type { CreatedVaultKeys, VaultHeader } from '../../src-main/core/vault/header.ts';

const PASS = 'correct horse battery staple';
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

let tmp: string;
let vault: CreatedVaultKeys;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-header-'));
  vault = await createHeader(PASS, KDF_PARAMS_FOR_TESTS);
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function newFolder(): Promise<string> {
  return fs.mkdtemp(path.join(tmp, 'vault-'));
}

describe('createHeader', () => {
  it('makes a v1 header with a random vault id and the chosen KDF parameters', () => {
    const { header, masterKey } = vault;
    expect(header.format).toBe('evidence-vault');
    expect(header.version).toBe(1);
    expect(header.vaultId).toMatch(/^[0-9a-f]{32}$/);
    expect(header.kdf).toMatchObject({ algorithm: 'argon2id', version: 19, memoryKiB: 65536, iterations: 1, parallelism: 1 });
    expect(header.kdf.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(masterKey).toBeInstanceOf(Uint8Array);
    expect(masterKey).toHaveLength(32);
  });

  it('refuses an empty passphrase and weaker-than-minimum parameters', async () => {
    await expect(createHeader('', KDF_PARAMS_FOR_TESTS)).rejects.toMatchObject({ code: 'INPUT_ERROR' });
    await expect(createHeader(PASS, { memoryKiB: 32 * 1024, iterations: 4, parallelism: 1 })).rejects.toMatchObject({ code: 'INPUT_ERROR' });
  });
});

describe('unlock', () => {
  it('round-trips with the passphrase and the recovery key', async () => {
    expect(hex(await unlockWithPassphrase(vault.header, PASS))).toBe(hex(vault.masterKey));
    expect(hex(unlockWithRecoveryKey(vault.header, vault.recoveryKey))).toBe(hex(vault.masterKey));
  });

  it('says "Wrong passphrase." for a wrong or empty passphrase', async () => {
    await expect(unlockWithPassphrase(vault.header, PASS + '!')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', message: 'Wrong passphrase.' });
    await expect(unlockWithPassphrase(vault.header, '')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', message: 'Wrong passphrase.' });
  });

  it('treats NFC and NFD spellings of a passphrase as the same passphrase', async () => {
    const nfc = 'Ça fait déjà Ångström'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const v = await createHeader(nfc, KDF_PARAMS_FOR_TESTS);
    expect(hex(await unlockWithPassphrase(v.header, nfd))).toBe(hex(v.masterKey));
  });

  it('does not accept a wrapped key moved to another vault id', async () => {
    const other = await createHeader(PASS, KDF_PARAMS_FOR_TESTS);
    // Same salt and params as `vault`, so the KEK is identical; only the AAD's vault id differs.
    const moved: VaultHeader = { ...clone(vault.header), vaultId: other.header.vaultId };
    await expect(unlockWithPassphrase(moved, PASS)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(() => unlockWithRecoveryKey(moved, vault.recoveryKey)).toThrow(expect.objectContaining({ code: 'WRONG_RECOVERY_KEY' }));
    // Other vault's header carrying this vault's slots.
    const grafted: VaultHeader = { ...clone(other.header), kdf: vault.header.kdf, slots: vault.header.slots };
    await expect(unlockWithPassphrase(grafted, PASS)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  it('does not accept a wrapped key moved to the other slot', () => {
    const swapped: VaultHeader = { ...clone(vault.header), slots: { passphrase: vault.header.slots.recovery, recovery: vault.header.slots.passphrase } };
    expect(() => unlockWithRecoveryKey(swapped, vault.recoveryKey)).toThrow(expect.objectContaining({ code: 'WRONG_RECOVERY_KEY' }));
  });

  it('fails closed when KDF parameters in the header are altered', async () => {
    const altered: VaultHeader = { ...clone(vault.header), kdf: { ...vault.header.kdf, iterations: 2 } };
    await expect(unlockWithPassphrase(altered, PASS)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });
});

describe('rewrapForPassphrase', () => {
  it('keeps the master key, renews the salt, and retires the old passphrase', async () => {
    const next = await rewrapForPassphrase(vault.header, vault.masterKey, 'a whole new passphrase');
    expect(next.vaultId).toBe(vault.header.vaultId);
    expect(next.kdf.salt).not.toBe(vault.header.kdf.salt);
    expect(next.slots.recovery).toEqual(vault.header.slots.recovery);
    expect(hex(await unlockWithPassphrase(next, 'a whole new passphrase'))).toBe(hex(vault.masterKey));
    await expect(unlockWithPassphrase(next, PASS)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(hex(unlockWithRecoveryKey(next, vault.recoveryKey))).toBe(hex(vault.masterKey));
  });

  it('can raise the KDF parameters', async () => {
    const next = await rewrapForPassphrase(vault.header, vault.masterKey, PASS, { ...KDF_PARAMS_FOR_TESTS, iterations: 2 });
    expect(next.kdf.iterations).toBe(2);
    expect(hex(await unlockWithPassphrase(next, PASS))).toBe(hex(vault.masterKey));
  });

  it('refuses a master key that belongs to another vault', async () => {
    await expect(rewrapForPassphrase(vault.header, randomKey(), 'x')).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('refuses an empty new passphrase', async () => {
    await expect(rewrapForPassphrase(vault.header, vault.masterKey, '')).rejects.toMatchObject({ code: 'INPUT_ERROR' });
  });
});

describe('replaceRecoveryKey', () => {
  it('issues a new key and retires the old one', () => {
    const { header, recoveryKey } = replaceRecoveryKey(vault.header, vault.masterKey);
    expect(recoveryKey).not.toBe(vault.recoveryKey);
    expect(hex(unlockWithRecoveryKey(header, recoveryKey))).toBe(hex(vault.masterKey));
    expect(() => unlockWithRecoveryKey(header, vault.recoveryKey)).toThrow(expect.objectContaining({ code: 'WRONG_RECOVERY_KEY' }));
    expect(header.slots.passphrase).toEqual(vault.header.slots.passphrase);
  });
});

describe('readHeader / writeHeader', () => {
  it('round-trips and leaves no temp files', async () => {
    const folder = await newFolder();
    await writeHeader(folder, vault.header);
    expect(await readHeader(folder)).toEqual(vault.header);
    await writeHeader(folder, vault.header); // replaces atomically
    expect(await fs.readdir(folder)).toEqual([HEADER_FILE_NAME]);
  });

  it('writes no secret: master key, subkeys and recovery key are absent from the file', async () => {
    const folder = await newFolder();
    await writeHeader(folder, vault.header);
    const bytes = await fs.readFile(path.join(folder, HEADER_FILE_NAME));
    const text = bytes.toString('utf8');
    const { dbKey, fileKeyWrapKey, signingSeed } = deriveSubkeys(vault.masterKey, vault.header.vaultId);
    for (const key of [vault.masterKey, dbKey, fileKeyWrapKey, signingSeed]) {
      expect(bytes.indexOf(Buffer.from(key))).toBe(-1);
      expect(text.toLowerCase()).not.toContain(hex(key));
      expect(text).not.toContain(Buffer.from(key).toString('base64'));
    }
    const compactRecovery = vault.recoveryKey.replace(/-/g, '');
    expect(text.toUpperCase().replace(/[^0-9A-Z]/g, '')).not.toContain(compactRecovery);
    for (const group of vault.recoveryKey.split('-').slice(0, 2)) expect(text.toUpperCase()).not.toContain(`"${group}`);
  });

  it('only writes known fields', async () => {
    const folder = await newFolder();
    await writeHeader(folder, { ...vault.header, caseName: 'Smith v Jones' } as VaultHeader);
    const text = await fs.readFile(path.join(folder, HEADER_FILE_NAME), 'utf8');
    expect(text).not.toContain('Smith');
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['format', 'kdf', 'keyCheck', 'slots', 'vaultId', 'version']);
  });

  it('reports a missing vault folder on write', async () => {
    await expect(writeHeader(path.join(tmp, 'nope'), vault.header)).rejects.toMatchObject({ code: 'VAULT_NOT_FOUND' });
  });
});

describe('header validation', () => {
  const DELETE = Symbol('delete');
  type Case = [name: string, field: string[], value: unknown, message: string | RegExp];
  const cases: Case[] = [
    ['no format name', ['format'], DELETE, 'Vault header has no format name; it is not an Evidence Vault header.'],
    ['foreign format', ['format'], 'keepassxc', 'Vault header has a foreign format name; it is not an Evidence Vault header.'],
    ['future version', ['version'], 2, 'Vault header version 2 is newer than this app supports (up to 1). Update the app to open this vault.'],
    ['version missing', ['version'], DELETE, 'Vault header is missing the field "version".'],
    ['version ill-typed', ['version'], '1', 'Vault header field "version" must be an integer.'],
    ['version zero', ['version'], 0, 'Vault header field "version" must be 1 or higher.'],
    ['vaultId missing', ['vaultId'], DELETE, 'Vault header is missing the field "vaultId".'],
    ['vaultId not hex', ['vaultId'], 'zz'.repeat(16), 'Vault header field "vaultId" must be 16 bytes as lowercase hex.'],
    ['kdf missing', ['kdf'], DELETE, 'Vault header is missing the field "kdf".'],
    ['kdf ill-typed', ['kdf'], 'argon2id', 'Vault header field "kdf" must be an object.'],
    ['kdf algorithm', ['kdf', 'algorithm'], 'scrypt', 'Vault header field "kdf.algorithm" must be "argon2id".'],
    ['argon2 version', ['kdf', 'version'], 16, 'Vault header field "kdf.version" must be 19 (Argon2 version 1.3).'],
    ['memory missing', ['kdf', 'memoryKiB'], DELETE, 'Vault header is missing the field "kdf.memoryKiB".'],
    ['memory ill-typed', ['kdf', 'memoryKiB'], '65536', 'Vault header field "kdf.memoryKiB" must be an integer.'],
    ['memory too low', ['kdf', 'memoryKiB'], 1024, /^Vault header has unusable KDF parameters: KDF memory cost 1024 KiB is below the minimum/],
    ['memory too high', ['kdf', 'memoryKiB'], 2 ** 31, /^Vault header has unusable KDF parameters: KDF memory cost \d+ KiB is above the maximum/],
    ['iterations zero', ['kdf', 'iterations'], 0, /^Vault header has unusable KDF parameters: KDF iteration count/],
    ['salt missing', ['kdf', 'salt'], DELETE, 'Vault header is missing the field "kdf.salt".'],
    ['salt short', ['kdf', 'salt'], 'abcd', 'Vault header field "kdf.salt" must be 16 bytes as lowercase hex.'],
    ['salt ill-typed', ['kdf', 'salt'], 12, 'Vault header field "kdf.salt" must be a string.'],
    ['keyCheck missing', ['keyCheck'], DELETE, 'Vault header is missing the field "keyCheck".'],
    ['slots missing', ['slots'], DELETE, 'Vault header is missing the field "slots".'],
    ['recovery slot missing', ['slots', 'recovery'], DELETE, 'Vault header is missing the field "slots.recovery".'],
    ['passphrase nonce null', ['slots', 'passphrase', 'nonce'], null, 'Vault header is missing the field "slots.passphrase.nonce".'],
    ['ciphertext short', ['slots', 'passphrase', 'ciphertext'], 'ab'.repeat(47), 'Vault header field "slots.passphrase.ciphertext" must be 48 bytes as lowercase hex.'],
  ];

  async function writeRaw(folder: string, content: string | Uint8Array): Promise<void> {
    await fs.writeFile(path.join(folder, HEADER_FILE_NAME), content);
  }

  it.each(cases)('%s', async (_name, field, value, message) => {
    const folder = await newFolder();
    const h = clone(vault.header) as unknown as Record<string, unknown>;
    let target = h;
    for (const key of field.slice(0, -1)) target = target[key] as Record<string, unknown>;
    const last = field[field.length - 1] as string;
    if (value === DELETE) delete target[last];
    else target[last] = value;
    await writeRaw(folder, JSON.stringify(h));
    const err = await readErr(folder);
    expect(err).toMatchObject({ name: 'VaultError', code: 'BAD_HEADER' });
    if (typeof message === 'string') expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
    expect(err.message).not.toContain(folder);
  });

  it('not an object', async () => {
    const folder = await newFolder();
    await writeRaw(folder, '[1, 2]');
    expect((await readErr(folder)).message).toBe('Vault header is not a JSON object.');
  });

  async function readErr(folder: string): Promise<Error & { code?: string }> {
    return readHeader(folder).then(
      () => {
        throw new Error('expected readHeader to fail');
      },
      (e: Error & { code?: string }) => e,
    );
  }

  it('missing file', async () => {
    const folder = await newFolder();
    const err = await readErr(folder);
    expect(err.code).toBe('BAD_HEADER');
    expect(err.message).toBe('Vault header is missing: this folder is not an Evidence Vault, or the header was deleted.');
    expect(err.message).not.toContain(folder);
  });

  it('not JSON', async () => {
    const folder = await newFolder();
    await writeRaw(folder, '{"format": "evidence-vault",');
    const err = await readErr(folder);
    expect(err.code).toBe('BAD_HEADER');
    expect(err.message).toBe('Vault header is not valid JSON.');
  });

  it('not UTF-8', async () => {
    const folder = await newFolder();
    await writeRaw(folder, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect((await readErr(folder)).message).toBe('Vault header is not valid JSON: it is not UTF-8 text.');
  });

  it('too large', async () => {
    const folder = await newFolder();
    await writeRaw(folder, ' '.repeat(100_000));
    expect((await readErr(folder)).message).toBe('Vault header is too large to be an Evidence Vault header.');
  });

  it('a folder where the file should be', async () => {
    const folder = await newFolder();
    await fs.mkdir(path.join(folder, HEADER_FILE_NAME));
    const err = await readErr(folder);
    expect(err.code).toBe('BAD_HEADER');
    expect(err.message).toBe('Vault header is not a file.');
  });

  it('accepts a UTF-8 BOM and ignores unknown fields', async () => {
    const folder = await newFolder();
    await writeRaw(folder, '\uFEFF' + JSON.stringify({ ...vault.header, extra: 1 }));
    expect(await readHeader(folder)).toEqual(vault.header);
  });

  it('writeHeader refuses to write an invalid header', async () => {
    const folder = await newFolder();
    const broken = { ...clone(vault.header), vaultId: 'x' } as VaultHeader;
    await expect(writeHeader(folder, broken)).rejects.toMatchObject({ code: 'BAD_HEADER' });
    expect(await fs.readdir(folder)).toEqual([]);
  });
});
