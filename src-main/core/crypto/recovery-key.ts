/**
 * Recovery key: 128 random bits plus a 32-bit checksum, written as 32 Crockford base32 characters
 * in 8 groups of 4 (e.g. `7KQ2-M9TX-…`). The checksum lets us tell a typo ("mistyped") apart from
 * a well-formed key that simply belongs to another vault ("wrong recovery key").
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { VaultError } from '../errors/vault-error.ts';
import { randomBytes } from './kdf.ts';
import { wipe } from './wipe.ts';

export const RECOVERY_KEY_ENTROPY_BYTES = 16;
const CHECKSUM_BYTES = 4;
const PAYLOAD_BYTES = RECOVERY_KEY_ENTROPY_BYTES + CHECKSUM_BYTES;
export const RECOVERY_KEY_GROUPS = 8;
export const RECOVERY_KEY_GROUP_LENGTH = 4;
const CHARS = RECOVERY_KEY_GROUPS * RECOVERY_KEY_GROUP_LENGTH; // 160 bits / 5 bits per char

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECKSUM_DOMAIN = new TextEncoder().encode('evidence-vault/v1/recovery-key-check');

/** Crockford: read O as 0 and I/L as 1; U is never used. */
const DECODE = new Map<string, number>();
for (let i = 0; i < ALPHABET.length; i++) DECODE.set(ALPHABET[i] as string, i);
DECODE.set('O', 0);
DECODE.set('I', 1);
DECODE.set('L', 1);

/** Whitespace and every dash a word processor or phone keyboard might produce. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30FC]/g;

function mistyped(detail: string): VaultError {
  return new VaultError('MALFORMED_RECOVERY_KEY', `The recovery key is mistyped: ${detail}`);
}

function checksum(entropy: Uint8Array): Uint8Array {
  const input = new Uint8Array(CHECKSUM_DOMAIN.length + entropy.length);
  input.set(CHECKSUM_DOMAIN, 0);
  input.set(entropy, CHECKSUM_DOMAIN.length);
  const digest = sha256(input);
  wipe(input);
  return digest.slice(0, CHECKSUM_BYTES);
}

/** New recovery key: the entropy (wipe it after use) and its display text (shown once). */
export function generateRecoveryKey(): { entropy: Uint8Array; text: string } {
  const entropy = randomBytes(RECOVERY_KEY_ENTROPY_BYTES);
  return { entropy, text: formatRecoveryKey(entropy) };
}

export function formatRecoveryKey(entropy: Uint8Array): string {
  if (entropy.length !== RECOVERY_KEY_ENTROPY_BYTES) throw new VaultError('INPUT_ERROR', 'Recovery key entropy must be 16 bytes.');
  const payload = new Uint8Array(PAYLOAD_BYTES);
  payload.set(entropy, 0);
  payload.set(checksum(entropy), RECOVERY_KEY_ENTROPY_BYTES);
  let chars = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of payload) {
    buffer = ((buffer << 8) | byte) & 0xfff; // at most 12 live bits are ever needed
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      chars += ALPHABET[(buffer >> bits) & 31];
    }
  }
  wipe(payload);
  const groups: string[] = [];
  for (let i = 0; i < CHARS; i += RECOVERY_KEY_GROUP_LENGTH) groups.push(chars.slice(i, i + RECOVERY_KEY_GROUP_LENGTH));
  return groups.join('-');
}

/**
 * Forgiving parse: any case, spaces/dashes anywhere, O→0, I/L→1. Returns the 16 entropy bytes or
 * throws MALFORMED_RECOVERY_KEY; messages never echo what was typed.
 */
export function parseRecoveryKey(text: string): Uint8Array {
  if (typeof text !== 'string') throw mistyped('no recovery key was given.');
  const compact = text.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
  if (compact.length === 0) throw mistyped('no recovery key was given.');
  if (compact.length !== CHARS)
    throw mistyped(`it has ${CHARS} characters in ${RECOVERY_KEY_GROUPS} groups of ${RECOVERY_KEY_GROUP_LENGTH}, but ${compact.length} were entered.`);

  const payload = new Uint8Array(PAYLOAD_BYTES);
  let buffer = 0;
  let bits = 0;
  let offset = 0;
  for (let i = 0; i < CHARS; i++) {
    const value = DECODE.get(compact[i] as string);
    if (value === undefined) {
      wipe(payload);
      throw mistyped(`group ${Math.floor(i / RECOVERY_KEY_GROUP_LENGTH) + 1} contains a character that recovery keys never use.`);
    }
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      payload[offset++] = (buffer >> bits) & 0xff;
    }
  }

  const entropy = payload.slice(0, RECOVERY_KEY_ENTROPY_BYTES);
  const expected = checksum(entropy);
  let diff = 0;
  for (let i = 0; i < CHECKSUM_BYTES; i++) diff |= (expected[i] as number) ^ (payload[RECOVERY_KEY_ENTROPY_BYTES + i] as number);
  wipe(payload, expected);
  if (diff !== 0) {
    wipe(entropy);
    throw mistyped('its check digits do not match. Compare each group with the printed key.');
  }
  return entropy;
}
