/**
 * OpenSSH's SSHSIG detached signatures (openssh-portable PROTOCOL.sshsig) with Ed25519 keys, so a
 * signature made here checks with stock `ssh-keygen -Y verify` and one made by ssh-keygen checks here.
 * Only ssh-ed25519 keys; hash sha512 when signing, sha256 or sha512 when verifying.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';

export const SIGNATURE_NAMESPACE = 'evidence-vault';
const MAGIC = Buffer.from('SSHSIG');
const KEY_TYPE = 'ssh-ed25519';
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';

function sshString(value: Uint8Array | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** The SSH wire encoding of an Ed25519 public key (what base64 in a .pub line holds). */
export function publicKeyBlob(publicKey: Uint8Array): Buffer {
  return Buffer.concat([sshString(KEY_TYPE), sshString(publicKey)]);
}

export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/** `ssh-ed25519 AAAA… comment`, the OpenSSH public key line. */
export function openSshPublicKey(publicKey: Uint8Array, comment: string): string {
  return `${KEY_TYPE} ${publicKeyBlob(publicKey).toString('base64')}${comment ? ` ${comment}` : ''}`;
}

/** As `ssh-keygen -l` prints it: SHA256: and unpadded base64 of the key blob's SHA-256. */
export function fingerprint(publicKey: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob(publicKey)).digest('base64').replace(/=+$/, '')}`;
}

function signedData(namespace: string, hashAlg: string, messageHash: Uint8Array): Buffer {
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString(hashAlg), sshString(messageHash)]);
}

/** The armored signature over `message`, as `ssh-keygen -Y sign -n <namespace>` writes it. */
export function signSshsig(seed: Uint8Array, message: Uint8Array, namespace = SIGNATURE_NAMESPACE): string {
  const publicKey = ed25519.getPublicKey(seed);
  const digest = createHash('sha512').update(message).digest();
  const signature = ed25519.sign(signedData(namespace, 'sha512', digest), seed);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  const blob = Buffer.concat([
    MAGIC,
    version,
    sshString(publicKeyBlob(publicKey)),
    sshString(namespace),
    sshString(''),
    sshString('sha512'),
    sshString(Buffer.concat([sshString(KEY_TYPE), sshString(signature)])),
  ]);
  const b64 = blob.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 70) lines.push(b64.slice(i, i + 70));
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

/** Thrown for anything that is not a well-formed SSHSIG of a supported kind. */
export class SshsigFormatError extends Error {}

class Reader {
  #buf: Buffer;
  #pos = 0;
  constructor(buf: Buffer) {
    this.#buf = buf;
  }
  bytes(n: number): Buffer {
    if (this.#pos + n > this.#buf.length) throw new SshsigFormatError('The signature is truncated.');
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }
  uint32(): number {
    return this.bytes(4).readUInt32BE();
  }
  string(): Buffer {
    return this.bytes(this.uint32());
  }
  get done(): boolean {
    return this.#pos === this.#buf.length;
  }
}

export type ParsedSignature = { publicKey: Uint8Array; namespace: string; hashAlg: string; signature: Uint8Array };

export function parseSshsig(armored: string): ParsedSignature {
  const text = armored.replace(/\r\n/g, '\n').trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END)) throw new SshsigFormatError('The signature file is not an armored SSH signature.');
  const body = text.slice(BEGIN.length, text.length - END.length).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new SshsigFormatError('The signature file is not valid base64.');
  const r = new Reader(Buffer.from(body, 'base64'));
  if (!r.bytes(6).equals(MAGIC)) throw new SshsigFormatError('The signature does not start with SSHSIG.');
  if (r.uint32() !== 1) throw new SshsigFormatError('The signature has an unsupported version.');
  const keyReader = new Reader(r.string());
  const namespace = r.string().toString('utf8');
  r.string(); // reserved
  const hashAlg = r.string().toString('utf8');
  const sigReader = new Reader(r.string());
  if (!r.done) throw new SshsigFormatError('The signature has trailing data.');
  if (keyReader.string().toString() !== KEY_TYPE) throw new SshsigFormatError('Only ssh-ed25519 signatures are supported.');
  const publicKey = keyReader.string();
  if (sigReader.string().toString() !== KEY_TYPE) throw new SshsigFormatError('Only ssh-ed25519 signatures are supported.');
  const signature = sigReader.string();
  if (publicKey.length !== 32 || signature.length !== 64) throw new SshsigFormatError('The signature holds a key or signature of the wrong length.');
  if (hashAlg !== 'sha256' && hashAlg !== 'sha512') throw new SshsigFormatError('The signature uses an unsupported hash algorithm.');
  return { publicKey, namespace, hashAlg, signature };
}

/** Parses `ssh-ed25519 AAAA… [comment]` (also an allowed_signers line's key part); null if none. */
export function parseOpenSshPublicKey(text: string): Uint8Array | null {
  const m = /(?:^|\s)ssh-ed25519\s+([A-Za-z0-9+/]+={0,2})(?:\s|$)/.exec(text);
  if (!m) return null;
  try {
    const r = new Reader(Buffer.from(m[1]!, 'base64'));
    if (r.string().toString() !== KEY_TYPE) return null;
    const key = r.string();
    return key.length === 32 && r.done ? new Uint8Array(key) : null;
  } catch {
    return null;
  }
}

/** True when `parsed` is a valid signature over `message` in `namespace`. */
export function verifySshsig(parsed: ParsedSignature, message: Uint8Array, namespace = SIGNATURE_NAMESPACE): boolean {
  if (parsed.namespace !== namespace) return false;
  const digest = createHash(parsed.hashAlg).update(message).digest();
  try {
    return ed25519.verify(parsed.signature, signedData(namespace, parsed.hashAlg, digest), parsed.publicKey);
  } catch {
    return false;
  }
}
