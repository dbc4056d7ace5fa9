import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEncryptor,
  decryptFile,
  encryptedSize,
  openEncryptedFile,
  SEGMENT_SIZE,
} from '../../src-main/core/crypto/content-cipher.ts';
import { VaultError } from '../../src-main/core/errors/vault-error.ts';

const S = 1024; // small segments keep the tests fast
const H = 40;
const T = 16;
const key = randomBytes(32);
const objectId = randomBytes(16);
let dir: string;
let fileNo = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'content-cipher-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic PRNG so a failing random chunking can be reproduced from its seed. */
function rng(seed: number): (max: number) => number {
  let s = seed >>> 0 || 1;
  return (max) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % max;
  };
}

function encrypt(plaintext: Buffer, chunkSizes?: (max: number) => number, id: Uint8Array = objectId): Buffer {
  const enc = createEncryptor(key, id, { segmentSize: S });
  const out: Buffer[] = [];
  if (!chunkSizes) out.push(...enc.push(plaintext));
  else for (let off = 0; off < plaintext.length; ) {
    const n = Math.min(chunkSizes(3 * S + 1), plaintext.length - off); // includes empty chunks
    out.push(...enc.push(plaintext.subarray(off, off + n)));
    off += n;
  }
  out.push(...enc.finish());
  return Buffer.concat(out);
}

async function writeTemp(data: Buffer): Promise<string> {
  const path = join(dir, `f${fileNo++}.enc`);
  await writeFile(path, data);
  return path;
}

async function decryptAll(path: string, id: Uint8Array = objectId): Promise<Buffer> {
  const parts: Buffer[] = [];
  await decryptFile(path, key, id, (c) => parts.push(Buffer.from(c)));
  return Buffer.concat(parts);
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** Both entry points must reject the file with CORRUPT_CONTENT and a message free of the path. */
async function expectCorrupt(data: Buffer, id: Uint8Array = objectId): Promise<void> {
  const path = await writeTemp(data);
  const check = (err: unknown): void => {
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).code).toBe('CORRUPT_CONTENT');
    expect((err as VaultError).message).not.toContain(dir);
  };
  await decryptAll(path, id).then(
    () => expect.fail('decryptFile accepted a bad file'),
    check,
  );
  // The reader may only open if the damage is outside the last segment; then reading it all must fail.
  const reader = await openEncryptedFile(path, key, id).catch((err: unknown) => (check(err), undefined));
  if (reader) {
    try {
      await reader.read(0, reader.plaintextSize).then(() => expect.fail('reader returned data from a bad file'), check);
      await collect(reader.createReadStream()).then(() => expect.fail('stream returned data from a bad file'), check);
    } finally {
      await reader.close();
    }
  }
}

const flip = (data: Buffer, at: number): Buffer => {
  const copy = Buffer.from(data);
  copy[at]! ^= 0x01;
  return copy;
};

describe('content cipher round trip', () => {
  const sizes = [0, 1, S - 1, S, S + 1, 5 * S + 7, 3 * S];

  it.each(sizes)('encrypts and decrypts %i bytes', async (size) => {
    const plaintext = randomBytes(size);
    const ciphertext = encrypt(plaintext);
    const segments = Math.max(1, Math.ceil(size / S));
    expect(ciphertext.length).toBe(H + size + segments * T);
    expect(ciphertext.length).toBe(encryptedSize(size, S));
    const path = await writeTemp(ciphertext);
    expect((await decryptAll(path)).equals(plaintext)).toBe(true);
    const reader = await openEncryptedFile(path, key, objectId);
    try {
      expect(reader.plaintextSize).toBe(size);
      expect((await reader.read(0, size + 10)).equals(plaintext)).toBe(true);
      expect((await collect(reader.createReadStream())).equals(plaintext)).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it('gives the same plaintext for any chunking of push()', async () => {
    const plaintext = randomBytes(7 * S + 123);
    for (let seed = 1; seed <= 20; seed++) {
      const path = await writeTemp(encrypt(plaintext, rng(seed)));
      expect((await decryptAll(path)).equals(plaintext), `seed ${seed}`).toBe(true);
    }
    // Exactly segment-aligned chunks, the common case with fs streams.
    const aligned = randomBytes(4 * S);
    const enc = createEncryptor(key, objectId, { segmentSize: S });
    const out: Buffer[] = [];
    for (let off = 0; off < aligned.length; off += S) out.push(...enc.push(aligned.subarray(off, off + S)));
    out.push(...enc.finish());
    expect((await decryptAll(await writeTemp(Buffer.concat(out)))).equals(aligned)).toBe(true);
  });

  it('writes the header and uses fresh randomness per file', () => {
    const plaintext = randomBytes(100);
    const a = encrypt(plaintext);
    const b = encrypt(plaintext);
    expect(a.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x45, 0x56, 0x43, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(a.readUInt32BE(8)).toBe(1);
    expect(a.readUInt32BE(12)).toBe(S);
    expect(a[39]).toBe(0);
    expect(a.subarray(16, 39).equals(b.subarray(16, 39))).toBe(false);
    expect(a.subarray(H).equals(b.subarray(H))).toBe(false);
    const def = createEncryptor(key, objectId);
    expect(Buffer.concat(def.finish()).readUInt32BE(12)).toBe(SEGMENT_SIZE);
  });

  it('matches the format in docs/content-encryption.md (independent decryption)', () => {
    const plaintext = randomBytes(2 * S + 5);
    const data = encrypt(plaintext);
    const header = data.subarray(0, H);
    const fileKey = Buffer.from(hkdfSync('sha256', key, header.subarray(16, 32), 'evidence-vault/content-cipher/v1', 32));
    const parts: Buffer[] = [];
    for (let i = 0; i < 3; i++) {
      const sealed = data.subarray(H + i * (S + T), Math.min(data.length, H + (i + 1) * (S + T)));
      const nonce = Buffer.concat([header.subarray(32, 39), Buffer.from([0, 0, 0, i, i === 2 ? 1 : 0])]);
      const d = createDecipheriv('aes-256-gcm', fileKey, nonce);
      d.setAAD(Buffer.concat([header, objectId]));
      d.setAuthTag(sealed.subarray(sealed.length - T));
      parts.push(d.update(sealed.subarray(0, sealed.length - T)), d.final());
    }
    expect(Buffer.concat(parts).equals(plaintext)).toBe(true);
  });

  it('rejects misuse of the encryptor', () => {
    expect(() => createEncryptor(randomBytes(16), objectId)).toThrow(RangeError);
    expect(() => createEncryptor(key, randomBytes(8))).toThrow(RangeError);
    expect(() => createEncryptor(key, objectId, { segmentSize: 0 })).toThrow(RangeError);
    const enc = createEncryptor(key, objectId, { segmentSize: S });
    enc.finish();
    expect(() => enc.push(Buffer.alloc(1))).toThrow();
  });
});

describe('random access', () => {
  const plaintext = randomBytes(5 * S + 300);
  let path: string;
  beforeAll(async () => {
    path = await writeTemp(encrypt(plaintext));
  });

  it('reads arbitrary ranges across segment boundaries', async () => {
    const reader = await openEncryptedFile(path, key, objectId);
    try {
      const ranges: [number, number][] = [
        [0, 0], [0, 1], [S - 1, 2], [S - 1, S + 2], [S, S], [2 * S - 5, 3 * S], [5 * S, 300], [5 * S + 299, 10],
        [5 * S + 300, 10], [9 * S, 4], [123, 5 * S],
      ];
      const next = rng(7);
      for (let i = 0; i < 50; i++) ranges.push([next(plaintext.length + 10), next(3 * S)]);
      for (const [offset, length] of ranges) {
        const got = await reader.read(offset, length);
        expect(got.equals(plaintext.subarray(offset, offset + length)), `${offset}+${length}`).toBe(true);
      }
      // Concurrent reads share the handle and the cache.
      const many = await Promise.all(ranges.map(([o, l]) => reader.read(o, l)));
      many.forEach((got, i) => expect(got.equals(plaintext.subarray(ranges[i]![0], ranges[i]![0] + ranges[i]![1]))).toBe(true));
      await expect(reader.read(-1, 2)).rejects.toThrow(RangeError);
    } finally {
      await reader.close();
    }
  });

  it('streams ranges with inclusive end like fs', async () => {
    const reader = await openEncryptedFile(path, key, objectId);
    try {
      const cases: [number | undefined, number | undefined][] = [
        [undefined, undefined], [0, 0], [S - 1, S], [S, 2 * S - 1], [10, 4 * S + 17], [3 * S + 1, undefined],
        [undefined, 2 * S], [5 * S + 299, 5 * S + 299], [100, 100 * S], [5 * S + 300, undefined], [9 * S, 10 * S],
      ];
      for (const [start, end] of cases) {
        const got = await collect(reader.createReadStream({ start, end }));
        const want = plaintext.subarray(start ?? 0, end === undefined ? undefined : end + 1);
        expect(got.equals(want), `${start}..${end}`).toBe(true);
      }
      expect(() => reader.createReadStream({ start: 5, end: 4 })).toThrow(RangeError);
      // A consumer that stops early must not break later reads.
      const early = reader.createReadStream();
      for await (const _ of early) break;
      expect((await reader.read(0, 10)).equals(plaintext.subarray(0, 10))).toBe(true);
    } finally {
      await reader.close();
    }
  });
});

describe('tamper detection', () => {
  const plaintext = randomBytes(3 * S + 200); // segments: S, S, S, 200
  let good: Buffer;
  beforeAll(() => {
    good = encrypt(plaintext);
  });
  const segStart = (i: number): number => H + i * (S + T);

  it('accepts the untouched file', async () => {
    expect((await decryptAll(await writeTemp(good))).equals(plaintext)).toBe(true);
  });

  it('detects a bit flip anywhere in the header', async () => {
    for (let at = 0; at < H; at++) await expectCorrupt(flip(good, at));
  });

  it('detects bit flips in segment bodies and tags', async () => {
    await expectCorrupt(flip(good, segStart(0)));
    await expectCorrupt(flip(good, segStart(1) + 500));
    await expectCorrupt(flip(good, segStart(1) - 1)); // tag of segment 0
    await expectCorrupt(flip(good, segStart(3) + 10)); // last segment body
    await expectCorrupt(flip(good, good.length - 1)); // last tag
  });

  it('detects truncation', async () => {
    await expectCorrupt(good.subarray(0, segStart(3))); // exactly on a boundary: final flag missing
    await expectCorrupt(good.subarray(0, segStart(1))); // down to one segment
    await expectCorrupt(good.subarray(0, segStart(2) + 300)); // mid-segment
    await expectCorrupt(good.subarray(0, good.length - 1));
    await expectCorrupt(good.subarray(0, H + T - 1));
    await expectCorrupt(good.subarray(0, H));
    await expectCorrupt(Buffer.alloc(0));
    // The reader must refuse at open, before handing out any data.
    const cut = await writeTemp(good.subarray(0, segStart(3)));
    await expect(openEncryptedFile(cut, key, objectId)).rejects.toMatchObject({ code: 'CORRUPT_CONTENT' });
  });

  it('detects dropping the last segment of a file that ends on a segment boundary', async () => {
    const aligned = encrypt(randomBytes(3 * S));
    await expectCorrupt(aligned.subarray(0, segStart(2)));
    await expectCorrupt(aligned.subarray(0, segStart(1)));
  });

  it('detects appended bytes', async () => {
    await expectCorrupt(Buffer.concat([good, Buffer.from([0])]));
    await expectCorrupt(Buffer.concat([good, randomBytes(T)]));
    await expectCorrupt(Buffer.concat([good, randomBytes(S + T)]));
    await expectCorrupt(Buffer.concat([good, good.subarray(segStart(3))])); // replayed final segment
    const aligned = encrypt(randomBytes(2 * S));
    await expectCorrupt(Buffer.concat([aligned, randomBytes(T)])); // looks like an empty final segment
  });

  it('detects swapped segments', async () => {
    const swapped = Buffer.concat([
      good.subarray(0, segStart(0)),
      good.subarray(segStart(1), segStart(2)),
      good.subarray(segStart(0), segStart(1)),
      good.subarray(segStart(2)),
    ]);
    await expectCorrupt(swapped);
  });

  it('detects a segment taken from another file', async () => {
    const other = encrypt(randomBytes(plaintext.length));
    const mixed = Buffer.concat([good.subarray(0, segStart(1)), other.subarray(segStart(1), segStart(2)), good.subarray(segStart(2))]);
    await expectCorrupt(mixed);
  });

  it('rejects a file opened for another object or with another key', async () => {
    await expectCorrupt(good, randomBytes(16));
    const path = await writeTemp(good);
    await expect(openEncryptedFile(path, randomBytes(32), objectId)).rejects.toMatchObject({ code: 'CORRUPT_CONTENT' });
  });

  it('hands onChunk only authenticated data', async () => {
    const path = await writeTemp(flip(good, segStart(2) + 3));
    const seen: Buffer[] = [];
    await expect(decryptFile(path, key, objectId, (c) => seen.push(Buffer.from(c)))).rejects.toMatchObject({ code: 'CORRUPT_CONTENT' });
    expect(Buffer.concat(seen).equals(plaintext.subarray(0, 2 * S))).toBe(true);
  });

  it('detects data appended after the pass started', async () => {
    const path = await writeTemp(good);
    let appended = false;
    const run = decryptFile(path, key, objectId, () => {
      // The layout is already fixed from the original size; only the trailing-data check can catch this.
      if (!appended) appendFileSync(path, Buffer.from('x'));
      appended = true;
    });
    await expect(run).rejects.toMatchObject({ code: 'CORRUPT_CONTENT' });
    expect(appended).toBe(true);
  });

  it('reports a missing file without its path', async () => {
    const path = join(dir, 'missing.enc');
    await expect(decryptFile(path, key, objectId, () => undefined)).rejects.toSatisfy(
      (err: unknown) => err instanceof VaultError && err.code === 'NOT_FOUND' && !err.message.includes(dir),
    );
  });
});
