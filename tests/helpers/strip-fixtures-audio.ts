/**
 * Shared pieces of the audio stripper tests (MP3, WAV, FLAC, Ogg): temp folders, a StripContext, the
 * independent checkers (Debian's exiftool, mat2, ffprobe, ffmpeg), a cover JPEG with EXIF, and a seeded
 * fuzzer. Fixtures are made here with Debian tools, never read from elsewhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import type { FormatStripper, StripContext, StripOutcome } from '../../src-main/core/strip/types.ts';
import { bufferSource, collectingSink, StripFailure, StripUnsupported } from '../../src-main/core/strip/types.ts';

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export async function makeTempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A StripContext over a private mkdtemp folder, as the engine's would be. */
export function tempContext(): StripContext {
  return {
    async withTempFile(bytes, extension, fn) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-strip-tmp-'));
      try {
        const file = path.join(dir, `file${extension.startsWith('.') ? extension : `.${extension}`}`);
        await fs.writeFile(file, bytes, { mode: 0o600 });
        return await fn(file);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export async function runStrip(stripper: FormatStripper, input: Buffer): Promise<{ outcome: StripOutcome; copy: Buffer }> {
  const sink = collectingSink();
  const outcome = await stripper.strip(bufferSource(input), sink, tempContext());
  return { outcome, copy: sink.bytes() };
}

export function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** Lines ffprobe prints at -v error: empty for a file it reads cleanly. */
export function ffprobeErrors(file: string): string {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', file], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr.trim();
}

/** MD5 of the audio packets as ffmpeg demuxes them, and of the decoded samples. */
export function ffmpegHashes(file: string): { packets: string; decoded: string } {
  // One run, two outputs: each md5 muxer prints its line when it closes, in output order.
  const out = execFileSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-i', file, '-map', '0:a', '-c', 'copy', '-f', 'md5', 'pipe:1', '-map', '0:a', '-f', 'md5', 'pipe:1'],
    { encoding: 'utf8' },
  );
  const [packets, decoded] = out.trim().split('\n');
  expect(packets).toMatch(/^MD5=[0-9a-f]{32}$/);
  expect(decoded).toMatch(/^MD5=[0-9a-f]{32}$/);
  return { packets: packets as string, decoded: decoded as string };
}

export type ExifJson = Record<string, unknown>;

export function exiftoolJson(file: string): ExifJson {
  const out = execFileSync('exiftool', ['-a', '-G1', '-s', '-j', file], { encoding: 'utf8' });
  const parsed = JSON.parse(out) as ExifJson[];
  return parsed[0] ?? {};
}

/** Tags exiftool reports beyond what it says about the file on disk and itself. */
export function metadataTags(json: ExifJson): Record<string, unknown> {
  return Object.fromEntries(Object.entries(json).filter(([k]) => !/^(SourceFile|System:|File:|ExifTool:)/.test(k)));
}

export function mat2Show(file: string): string {
  const r = spawnSync('mat2', ['--show', file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

/** Values that must not survive anywhere: markers, GPS in its spellings, serials, the dates. */
export const IDENTIFYING = [/EVMARK/i, /43[.,]3178/, /45[.,]6949/, /43 deg 19/, /45 deg 41/, /032021001234/, /SM-G930F/, /2018[-:]07[-:]20/];

export function expectNoIdentifying(text: string, label: string): void {
  for (const re of IDENTIFYING) expect(re.test(text), `${label} still shows ${re}`).toBe(false);
}

export function expectBytesFree(copy: Buffer, needles: readonly string[]): void {
  for (const n of needles) expect(copy.includes(Buffer.from(n, 'latin1')), `copy still holds ${n}`).toBe(false);
}

/**
 * A 48x32 JPEG whose EXIF names an artist, a phone and a serial, with GPS and dates: the kind of
 * picture that ends up as cover art when a recording is shared from a phone.
 */
export async function makeCoverJpeg(dir: string, artist: string): Promise<string> {
  const file = path.join(dir, `cover-${artist}.jpg`);
  ffmpeg('-f', 'lavfi', '-i', 'color=blue:s=48x32', '-frames:v', '1', file);
  execFileSync('exiftool', [
    '-q',
    '-overwrite_original',
    `-Artist=${artist}`,
    '-Make=samsung',
    '-Model=SM-G930F',
    '-SerialNumber=032021001234',
    '-DateTimeOriginal=2018:07:20 14:32:05',
    '-GPSLatitude=43.3178',
    '-GPSLatitudeRef=N',
    '-GPSLongitude=45.6949',
    '-GPSLongitudeRef=E',
    file,
  ]);
  const bytes = await fs.readFile(file);
  expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true);
  return file;
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

/** One random damage: flipped bytes, a cut, an inserted or deleted run, a length field overwritten. */
export function mutate(input: Buffer, rand: () => number, hot = 256): Buffer {
  const b = Buffer.from(input);
  const pick = (limit = b.length): number => Math.floor(rand() * Math.max(1, limit));
  // Headers sit near the ends: aim half the damage at the first and last `hot` bytes.
  const where = (): number => {
    const r = rand();
    if (r < 0.4) return pick(Math.min(hot, b.length));
    if (r < 0.6) return Math.max(0, b.length - 1 - pick(Math.min(hot, b.length)));
    return pick();
  };
  switch (Math.floor(rand() * 6)) {
    case 0: {
      const n = 1 + pick(8);
      for (let i = 0; i < n; i++) b[where()] = pick(256);
      return b;
    }
    case 1:
      return b.subarray(0, where());
    case 2: {
      const at = where();
      return Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + pick(64) }, () => pick(256))), b.subarray(at)]);
    }
    case 3: {
      const at = where();
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + pick(64)))]);
    }
    case 4: {
      const at = Math.min(where(), Math.max(0, b.length - 4));
      const values = [0, 0xffffffff, 0x7fffffff, 0x80, 1, pick(0x100000)];
      if (b.length >= 4) b.writeUInt32LE(values[pick(values.length)] ?? 0, at);
      return b;
    }
    default: {
      const at = where();
      const len = 1 + pick(32);
      b.fill(rand() < 0.5 ? 0 : 0xff, at, Math.min(b.length, at + len));
      return b;
    }
  }
}

export type FuzzResult = { stripped: number; failed: number; unsupported: number; slowest: number };

/**
 * Each damaged input must either strip (with an identical proof) or be refused with StripFailure /
 * StripUnsupported and a reason; any other exception fails the test, as does a slow case.
 */
export async function fuzz(stripper: FormatStripper, seeds: readonly Buffer[], count: number, seed: number, fix?: (b: Buffer) => Buffer): Promise<FuzzResult> {
  const rand = prng(seed);
  const result: FuzzResult = { stripped: 0, failed: 0, unsupported: 0, slowest: 0 };
  for (let i = 0; i < count; i++) {
    const base = seeds[i % seeds.length] as Buffer;
    let input = mutate(base, rand);
    if (rand() < 0.5) input = mutate(input, rand);
    if (fix !== undefined && rand() < 0.5) input = fix(input);
    const started = performance.now();
    try {
      const { outcome } = await runStrip(stripper, input);
      result.stripped++;
      expect(outcome.proof?.identical, `case ${i}`).toBe(true);
    } catch (e) {
      if (e instanceof StripFailure) result.failed++;
      else if (e instanceof StripUnsupported) result.unsupported++;
      else throw new Error(`fuzz case ${i} (seed ${seed}) threw ${String(e)}`, { cause: e });
      expect((e as Error).message.length, `case ${i}`).toBeGreaterThan(10);
    }
    result.slowest = Math.max(result.slowest, performance.now() - started);
  }
  return result;
}

/** Concatenated byte views written as-is, for building tags and chunks in tests. */
export const bytes = (...parts: Array<string | number[] | Uint8Array>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

export const u32le = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};
export const u32be = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
};
export const syncsafe = (n: number): Buffer => Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);

export async function writeTemp(dir: string, name: string, data: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, data);
  return file;
}
