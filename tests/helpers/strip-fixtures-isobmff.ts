/**
 * ISO-BMFF fixture surgery for the MP4/MOV stripper tests: an independent (deliberately simple) box
 * walker, the media-data hash computed from it, and rewrites ffmpeg cannot produce on a 1-second clip
 * (64-bit box sizes, co64 chunk offsets, version-1 headers).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { StripContext } from '../../src-main/core/strip/types.ts';

export type RawBox = { type: string; pos: number; size: number; header: number };

export function boxesIn(buf: Buffer, start = 0, end = buf.length): RawBox[] {
  const out: RawBox[] = [];
  let pos = start;
  while (pos + 8 <= end) {
    let size = buf.readUInt32BE(pos);
    let header = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size === 0) size = end - pos;
    out.push({ type: buf.toString('latin1', pos + 4, pos + 8), pos, size, header });
    pos += size;
  }
  return out;
}

/** SHA-256 over the payloads of the top-level mdat boxes, in file order. */
export function mediaDataHash(buf: Buffer): string {
  const hash = createHash('sha256');
  for (const b of boxesIn(buf)) if (b.type === 'mdat') hash.update(buf.subarray(b.pos + b.header, b.pos + b.size));
  return hash.digest('hex');
}

/** The first box of `type` on a path of containers, e.g. find(buf, ['moov', 'trak', 'mdia', 'hdlr']). */
export function findPath(buf: Buffer, types: string[], start = 0, end = buf.length): RawBox[] {
  const [first, ...rest] = types;
  const hits = boxesIn(buf, start, end).filter((b) => b.type === first);
  if (rest.length === 0) return hits;
  return hits.flatMap((b) => findPath(buf, rest, b.pos + b.header, b.pos + b.size));
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const u64 = (n: number | bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
};
const box = (type: string, payload: Buffer): Buffer => Buffer.concat([u32(8 + payload.length), Buffer.from(type, 'latin1'), payload]);

/** Version-0 mvhd/tkhd/mdhd rewritten as version 1 with 64-bit times set to `time` (seconds since 1904). */
function headerV1(type: string, p: Buffer, time: bigint): Buffer {
  if (p[0] !== 0) return p;
  const flags = p.subarray(1, 4);
  const head = Buffer.concat([Buffer.from([1]), flags, u64(time), u64(time)]);
  if (type === 'tkhd') {
    // track_ID, reserved, duration(32→64), rest
    return Buffer.concat([head, p.subarray(12, 20), u64(p.readUInt32BE(20)), p.subarray(24)]);
  }
  // mvhd and mdhd: timescale, duration(32→64), rest
  return Buffer.concat([head, p.subarray(12, 16), u64(p.readUInt32BE(16)), p.subarray(20)]);
}

function rebuild(buf: Buffer, b: RawBox, time: bigint): Buffer {
  const payload = buf.subarray(b.pos + b.header, b.pos + b.size);
  if (CONTAINERS.has(b.type)) {
    return box(b.type, Buffer.concat(boxesIn(buf, b.pos + b.header, b.pos + b.size).map((c) => rebuild(buf, c, time))));
  }
  if (b.type === 'stco') {
    const count = payload.readUInt32BE(4);
    const entries = Array.from({ length: count }, (_, i) => u64(payload.readUInt32BE(8 + 4 * i)));
    return box('co64', Buffer.concat([payload.subarray(0, 8), ...entries]));
  }
  if (b.type === 'mvhd' || b.type === 'tkhd' || b.type === 'mdhd') return box(b.type, headerV1(b.type, payload, time));
  return Buffer.from(buf.subarray(b.pos, b.pos + b.size));
}

/**
 * A moov-at-end file (ftyp, free(8), mdat, moov — ffmpeg's layout) rewritten the way large recordings look:
 * mdat with a 64-bit size (taking over the 8-byte free box, as ffmpeg does past 4 GiB), co64 chunk offsets
 * and version-1 headers with 64-bit times. Sample offsets stay valid: mdat's payload does not move.
 */
export function widen(buf: Buffer, time: bigint): Buffer {
  const top = boxesIn(buf);
  const types = top.map((b) => b.type).join(',');
  if (types !== 'ftyp,free,mdat,moov') throw new Error(`unexpected layout ${types}`);
  const [ftyp, free, mdat, moov] = top as [RawBox, RawBox, RawBox, RawBox];
  if (free.size !== 8) throw new Error('free box is not 8 bytes');
  const mdatHeader = Buffer.concat([u32(1), Buffer.from('mdat'), u64(mdat.size + 8)]);
  return Buffer.concat([buf.subarray(ftyp.pos, ftyp.pos + ftyp.size), mdatHeader, buf.subarray(mdat.pos + 8, mdat.pos + mdat.size), rebuild(buf, moov, time)]);
}

/** Changes the handler type of the first mdia/hdlr of a track with handler `from`. */
export function retypeHandler(buf: Buffer, from: string, to: string): Buffer {
  const out = Buffer.from(buf);
  const hdlr = findPath(out, ['moov', 'trak', 'mdia', 'hdlr']).find((h) => out.toString('latin1', h.pos + 16, h.pos + 20) === from);
  if (hdlr === undefined) throw new Error(`no ${from} handler`);
  out.write(to, hdlr.pos + 16, 'latin1');
  return out;
}

/** Byte ranges of every chunk of the track with handler `handler` (stco, stsc, stsz), for checking what was blanked. */
export function chunkRanges(buf: Buffer, handler: string): Array<[number, number]> {
  const trak = findPath(buf, ['moov', 'trak']).find((t) =>
    findPath(buf, ['mdia', 'hdlr'], t.pos + t.header, t.pos + t.size).some((h) => buf.toString('latin1', h.pos + 16, h.pos + 20) === handler),
  );
  if (trak === undefined) throw new Error(`no ${handler} track`);
  const inner = (type: string): RawBox => {
    const hit = findPath(buf, ['mdia', 'minf', 'stbl', type], trak.pos + trak.header, trak.pos + trak.size)[0];
    if (hit === undefined) throw new Error(`no ${type}`);
    return hit;
  };
  const stco = inner('stco');
  const stsc = inner('stsc');
  const stsz = inner('stsz');
  const p = (b: RawBox): number => b.pos + b.header;
  const chunks = buf.readUInt32BE(p(stco) + 4);
  const constant = buf.readUInt32BE(p(stsz) + 4);
  const sizeOf = (i: number): number => (constant !== 0 ? constant : buf.readUInt32BE(p(stsz) + 12 + 4 * i));
  const entries = buf.readUInt32BE(p(stsc) + 4);
  const ranges: Array<[number, number]> = [];
  let sample = 0;
  for (let c = 1; c <= chunks; c++) {
    let perChunk = 0;
    for (let e = 0; e < entries; e++) if (buf.readUInt32BE(p(stsc) + 8 + 12 * e) <= c) perChunk = buf.readUInt32BE(p(stsc) + 12 + 12 * e);
    const start = buf.readUInt32BE(p(stco) + 8 + 4 * (c - 1));
    let length = 0;
    for (let i = 0; i < perChunk; i++) length += sizeOf(sample++);
    ranges.push([start, start + length]);
  }
  return ranges;
}

/** A StripContext whose temp files live in a folder of the test's own temp dir. */
export function tempContext(dir: string): StripContext {
  let n = 0;
  return {
    withTempFile: async (bytes, extension, fn) => {
      const folder = await fs.mkdtemp(path.join(dir, `ctx-${n++}-`));
      const file = path.join(folder, `input${extension.startsWith('.') ? extension : `.${extension}`}`);
      try {
        await fs.writeFile(file, bytes);
        return await fn(file);
      } finally {
        await fs.rm(folder, { recursive: true, force: true });
      }
    },
  };
}

/** Deterministic PRNG (mulberry32) for the fuzz cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
