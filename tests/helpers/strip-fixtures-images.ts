/**
 * Fixture helpers for the image-stripper and engine tests: Debian tools make the files (ffmpeg for
 * pictures, Debian's exiftool for metadata), independent checkers read the copies (Debian's exiftool,
 * mat2, ffmpeg decoding, the vendored exiftool's ImageDataHash), and a seeded PRNG mutates fixtures
 * for fuzzing. Nothing here reads ../shared/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { StripContext } from '../../src-main/core/strip/types.ts';

export const VENDORED_EXIFTOOL = path.resolve(import.meta.dirname, '../../node_modules/exiftool-vendored.pl/bin/exiftool');

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** Debian's exiftool writing tags (the vendored one is what the code under test uses). */
export function debianExiftoolWrite(file: string, args: string[]): void {
  execFileSync('exiftool', ['-q', '-q', '-overwrite_original', ...args, file]);
}

export type ExiftoolObject = Record<string, unknown>;

/** Debian's exiftool reading copies: every group, duplicates, numeric values (GPS as decimal degrees). */
export function debianExiftoolRead(files: string[], extra: string[] = []): ExiftoolObject[] {
  const out = execFileSync('exiftool', ['-j', '-a', '-G1', '-s', '-n', '-u', ...extra, ...files], { maxBuffer: 64 << 20 });
  return JSON.parse(out.toString('utf8')) as ExiftoolObject[];
}

/** The vendored exiftool's SHA-256 ImageDataHash (exiftool ≥ 12.58), one per file, in order. */
export function imageDataHashes(files: string[]): string[] {
  const out = execFileSync('perl', [VENDORED_EXIFTOOL, '-j', '-api', 'ImageHashType=SHA256', '-ImageDataHash', ...files]);
  return (JSON.parse(out.toString('utf8')) as Array<{ ImageDataHash?: string }>).map((o) => o.ImageDataHash ?? '');
}

/** SHA-256 of every decoded frame as RGB24: what a viewer shows, measured by ffmpeg. */
export function decodedPixelsHash(file: string): string {
  const out = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return createHash('sha256').update(out).digest('hex');
}

/** ffmpeg's complaints while decoding the whole file (empty when it decodes cleanly). */
export function decodeErrors(file: string): string {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return `${r.status === 0 ? '' : `exit ${r.status} `}${r.stderr}`.trim();
}

/** `mat2 --show`: mat2's own view of the metadata left in a file. */
export function mat2Show(file: string): string {
  const r = spawnSync('mat2', ['--show', file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

/** mulberry32: small, seeded, deterministic. */
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

/** Deterministic damage: byte flips, truncations, inserted and deleted runs, overwritten lengths. */
export function* mutations(original: Buffer, seed: number, count: number): Generator<Buffer> {
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  // Most structure (and most bugs) is near the start: bias positions towards it half the time.
  const pos = (len: number): number => (rnd() < 0.5 ? int(Math.min(len, 512)) : int(len));
  for (let i = 0; i < count; i++) {
    const b = Buffer.from(original);
    switch (i % 5) {
      case 0:
        for (let k = 1 + int(8); k > 0; k--) b[pos(b.length)] = int(256);
        yield b;
        break;
      case 1:
        yield b.subarray(0, int(b.length));
        break;
      case 2: {
        const at = pos(b.length);
        yield Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(16) }, () => int(256))), b.subarray(at)]);
        break;
      }
      case 3: {
        const at = pos(b.length);
        yield Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(64)))]);
        break;
      }
      default: {
        const at = pos(b.length - 4);
        b.writeUInt32BE(rnd() < 0.5 ? 0xffffffff : int(0x10000), Math.max(0, at));
        yield b;
      }
    }
  }
}

/** A StripContext over a mkdtemp folder, as the brief allows for tests. */
export function folderContext(dir: string): StripContext & { used: () => number } {
  let used = 0;
  return {
    used: () => used,
    async withTempFile(bytes, extension, fn) {
      used++;
      const file = path.join(fs.mkdtempSync(path.join(dir, 'ctx-')), `f.${extension}`);
      fs.writeFileSync(file, bytes, { mode: 0o600 });
      try {
        return await fn(file);
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    },
  };
}

// ── building blocks for hand-made metadata ──

export function jpegSegment(marker: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xff00 | marker, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** Inserts segments right after SOI. */
export function insertAfterSoi(jpeg: Buffer, segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** Inserts segments right before the first SOS (between the tables and the picture data). */
export function insertBeforeSos(jpeg: Buffer, segments: Buffer[]): Buffer {
  let p = 2;
  while (p + 4 <= jpeg.length && jpeg[p] === 0xff && jpeg[p + 1] !== 0xda) p += 2 + jpeg.readUInt16BE(p + 2);
  return Buffer.concat([jpeg.subarray(0, p), ...segments, jpeg.subarray(p)]);
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Inserts chunks right after IHDR. */
export function insertPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  const afterIhdr = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, afterIhdr), ...chunks, png.subarray(afterIhdr)]);
}

export type PngChunkInfo = { type: string; data: Buffer };

export function pngChunks(png: Buffer): PngChunkInfo[] {
  const out: PngChunkInfo[] = [];
  for (let p = 8; p + 12 <= png.length; ) {
    const len = png.readUInt32BE(p);
    out.push({ type: png.toString('latin1', p + 4, p + 8), data: png.subarray(p + 8, p + 8 + len) });
    p += 12 + len;
  }
  return out;
}

/**
 * A minimal valid ICC profile (header and one copyright tag): enough for exiftool to read it without
 * complaint and for a test to see it kept byte for byte.
 */
export function minimalIccProfile(): Buffer {
  const text = Buffer.from('text\0\0\0\0No copyright, use freely\0', 'latin1');
  const size = 128 + 4 + 12 + text.length;
  const p = Buffer.alloc(size);
  p.writeUInt32BE(size, 0);
  p.write('none', 4, 'latin1');
  p.writeUInt32BE(0x02100000, 8); // version 2.1
  p.write('mntr', 12, 'latin1');
  p.write('RGB ', 16, 'latin1');
  p.write('XYZ ', 20, 'latin1');
  p.writeUInt16BE(2020, 24);
  p.writeUInt16BE(1, 26);
  p.writeUInt16BE(1, 28);
  p.write('acsp', 36, 'latin1');
  // D50 illuminant
  p.writeInt32BE(0x0000f6d6, 68);
  p.writeInt32BE(0x00010000, 72);
  p.writeInt32BE(0x0000d32d, 76);
  p.writeUInt32BE(1, 128); // one tag
  p.write('cprt', 132, 'latin1');
  p.writeUInt32BE(144, 136);
  p.writeUInt32BE(text.length, 140);
  text.copy(p, 144);
  return p;
}

/**
 * What an in-place ISO-BMFF stripper does to handler names and sample-description compressor names:
 * zero them without moving a byte. Used to make "clean" movies for the allow-list tests.
 */
export function blankIsoStrings(movie: Buffer): Buffer {
  const b = Buffer.from(movie);
  for (let i = 4; i + 4 <= b.length; i++) {
    const t = b.toString('latin1', i, i + 4);
    if (t === 'hdlr') {
      const size = b.readUInt32BE(i - 4);
      if (size >= 32 && i - 4 + size <= b.length) b.fill(0, i - 4 + 32, i - 4 + size);
    } else if ((t === 'avc1' || t === 'mp4v' || t === 'hvc1') && i >= 4) {
      const size = b.readUInt32BE(i - 4);
      if (size >= 86 && i - 4 + size <= b.length) b.fill(0, i - 4 + 50, i - 4 + 82);
    }
  }
  return b;
}
