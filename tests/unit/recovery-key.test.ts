import { describe, expect, it } from 'vitest';
import { formatRecoveryKey, generateRecoveryKey, parseRecoveryKey } from '../../src-main/core/crypto/recovery-key.ts';
import { KDF_PARAMS_FOR_TESTS } from '../../src-main/core/crypto/kdf.ts';
import { createHeader, unlockWithRecoveryKey } from '../../src-main/core/vault/header.ts';
import { VaultError } from '../../src-main/core/errors/vault-error.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const GROUPS = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;

function vaultErrorOf(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VaultError) return err;
    throw err;
  }
  throw new Error('expected a VaultError');
}

/** Changes the character at `index` (ignoring dashes) to a different alphabet character. */
function typo(text: string, index: number): string {
  const compact = text.replace(/-/g, '');
  const ch = compact[index] as string;
  const replacement = ch === 'X' ? 'Y' : 'X';
  return compact.slice(0, index) + replacement + compact.slice(index + 1);
}

describe('recovery key format', () => {
  it('is 8 groups of 4 Crockford base32 characters', () => {
    for (let i = 0; i < 20; i++) expect(generateRecoveryKey().text).toMatch(GROUPS);
  });

  it('round-trips 128 bits of entropy', () => {
    const { entropy, text } = generateRecoveryKey();
    expect(entropy).toHaveLength(16);
    expect(hex(parseRecoveryKey(text))).toBe(hex(entropy));
  });

  it('is different every time', () => {
    expect(generateRecoveryKey().text).not.toBe(generateRecoveryKey().text);
  });
});

describe('parseRecoveryKey is forgiving', () => {
  it('accepts any case, spaces, missing or odd dashes', () => {
    const { entropy, text } = generateRecoveryKey();
    const variants = [
      text.toLowerCase(),
      text.replace(/-/g, ''),
      text.replace(/-/g, ' '),
      `  ${text.replace(/-/g, '\u2013')}\n`,
      text.replace(/-/g, '').replace(/(.{2})/g, '$1 '),
    ];
    for (const v of variants) expect(hex(parseRecoveryKey(v))).toBe(hex(entropy));
  });

  it('reads O as 0 and I, L as 1', () => {
    // 0x08 0x42 0x10 0x84 0x21 is 00001 repeated: eight "1" characters; zero bytes give "0"s.
    const entropy = new Uint8Array([0x08, 0x42, 0x10, 0x84, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21, 0, 0, 0, 0, 0, 0]);
    const text = formatRecoveryKey(entropy);
    expect(text).toContain('1111');
    expect(text).toContain('0000');
    let n = 0;
    const confused = text.replace(/1/g, () => (n++ % 2 ? 'I' : 'l')).replace(/0/g, 'O');
    expect(hex(parseRecoveryKey(confused))).toBe(hex(entropy));
    expect(hex(parseRecoveryKey(confused.toLowerCase()))).toBe(hex(entropy));
  });
});

describe('parseRecoveryKey reports mistyped keys', () => {
  it('catches a wrong character in every position via the checksum', () => {
    const { text } = generateRecoveryKey();
    for (let i = 0; i < 32; i++) {
      const err = vaultErrorOf(() => parseRecoveryKey(typo(text, i)));
      expect(err.code).toBe('MALFORMED_RECOVERY_KEY');
      expect(err.message).toMatch(/^The recovery key is mistyped: its check digits do not match/);
    }
  });

  it('catches two swapped neighbouring groups', () => {
    const { text } = generateRecoveryKey();
    const g = text.split('-');
    if (g[0] === g[1]) return;
    const swapped = [g[1], g[0], ...g.slice(2)].join('-');
    expect(vaultErrorOf(() => parseRecoveryKey(swapped)).code).toBe('MALFORMED_RECOVERY_KEY');
  });

  it('names a wrong length', () => {
    const { text } = generateRecoveryKey();
    const err = vaultErrorOf(() => parseRecoveryKey(text.slice(0, -5)));
    expect(err.code).toBe('MALFORMED_RECOVERY_KEY');
    expect(err.message).toBe('The recovery key is mistyped: it has 32 characters in 8 groups of 4, but 28 were entered.');
  });

  it('names the group holding a character that is never used, without echoing it', () => {
    const { text } = generateRecoveryKey();
    const compact = text.replace(/-/g, '');
    const bad = compact.slice(0, 9) + 'U' + compact.slice(10);
    const err = vaultErrorOf(() => parseRecoveryKey(bad));
    expect(err.code).toBe('MALFORMED_RECOVERY_KEY');
    expect(err.message).toBe('The recovery key is mistyped: group 3 contains a character that recovery keys never use.');
    expect(vaultErrorOf(() => parseRecoveryKey(compact.slice(0, 31) + '*')).message).toMatch(/group 8/);
  });

  it('rejects an empty key', () => {
    expect(vaultErrorOf(() => parseRecoveryKey('  - ')).message).toBe('The recovery key is mistyped: no recovery key was given.');
  });

  it('never echoes the typed key in messages', () => {
    const { text } = generateRecoveryKey();
    const compact = text.replace(/-/g, '');
    for (const attempt of [typo(text, 5), compact.slice(0, 30), compact.slice(0, 31) + 'U']) {
      const { message } = vaultErrorOf(() => parseRecoveryKey(attempt));
      for (const group of text.split('-')) expect(message).not.toContain(group);
    }
  });
});

describe('unlockWithRecoveryKey', () => {
  it('tells a wrong key from a mistyped one', async () => {
    const vault = await createHeader('correct horse battery staple', KDF_PARAMS_FOR_TESTS);
    expect(vault.recoveryKey).toMatch(GROUPS);
    expect(hex(unlockWithRecoveryKey(vault.header, vault.recoveryKey))).toBe(hex(vault.masterKey));
    expect(hex(unlockWithRecoveryKey(vault.header, vault.recoveryKey.toLowerCase().replace(/-/g, ' ')))).toBe(hex(vault.masterKey));

    const wrong = vaultErrorOf(() => unlockWithRecoveryKey(vault.header, generateRecoveryKey().text));
    expect(wrong.code).toBe('WRONG_RECOVERY_KEY');
    expect(wrong.message).toBe('Wrong recovery key.');

    const mistyped = vaultErrorOf(() => unlockWithRecoveryKey(vault.header, typo(vault.recoveryKey, 17)));
    expect(mistyped.code).toBe('MALFORMED_RECOVERY_KEY');
  });
});
