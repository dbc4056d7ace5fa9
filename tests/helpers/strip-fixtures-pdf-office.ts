/**
 * Fixture helpers for the PDF and office stripper tests: Debian tools run in a temp folder, a
 * StripContext backed by a temp folder, a seeded PRNG for fuzzing, and a JPEG carrying EXIF.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { StripFailure, StripUnsupported, bufferSource, collectingSink, type FormatStripper, type StripContext, type StripOutcome } from '../../src-main/core/strip/types.ts';

const run = promisify(execFile);

/**
 * Debian's exiftool, not the one exiftool-vendored puts on npx's PATH: the checks must be the
 * independent reader a user would run.
 */
const DEBIAN_TOOLS: Readonly<Record<string, string>> = { exiftool: '/usr/bin/exiftool' };
const resolveTool = (cmd: string): string => {
  const debian = DEBIAN_TOOLS[cmd];
  return debian !== undefined && existsSync(debian) ? debian : cmd;
};

export type ToolResult = { stdout: string; stderr: string; code: number };

/** Runs a tool; never throws for a non-zero exit (the test decides what the code means). */
export async function tool(cmd: string, args: string[], options: { cwd?: string; input?: string } = {}): Promise<ToolResult> {
  try {
    const { stdout, stderr } = await run(resolveTool(cmd), args, { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number | string };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? String(error), code: typeof e.code === 'number' ? e.code : -1 };
  }
}

export async function toolOk(cmd: string, args: string[], options: { cwd?: string } = {}): Promise<string> {
  const result = await tool(cmd, args, options);
  if (result.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

export async function hasTool(cmd: string): Promise<boolean> {
  return (await tool('sh', ['-c', `command -v ${cmd}`])).code === 0;
}

export type Workdir = { dir: string; file(name: string): string; cleanup(): Promise<void> };

export async function workdir(prefix: string): Promise<Workdir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The StripContext a test uses: temp files in a private mkdtemp folder, removed afterwards. */
export const tempContext: StripContext = {
  async withTempFile(bytes, extension, fn) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'strip-ctx-'));
    try {
      const file = path.join(dir, `file${extension.startsWith('.') ? extension : `.${extension}`}`);
      await writeFile(file, bytes);
      return await fn(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export async function stripBytes(stripper: FormatStripper, bytes: Buffer): Promise<{ outcome: StripOutcome; copy: Buffer }> {
  const sink = collectingSink();
  const outcome = await stripper.strip(bufferSource(bytes), sink, tempContext);
  return { outcome, copy: sink.bytes() };
}

/** mulberry32: a small deterministic PRNG so fuzz cases are the same on every run. */
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

/** A mutated or truncated copy of bytes: flips, overwrites, inserted junk, cut-offs. */
export function mutate(bytes: Buffer, random: () => number): Buffer {
  const pick = Math.floor(random() * 5);
  const at = Math.floor(random() * bytes.length);
  const copy = Buffer.from(bytes);
  switch (pick) {
    case 0:
      return copy.subarray(0, at);
    case 1: {
      for (let i = 0; i < 1 + Math.floor(random() * 8); i++) {
        const j = Math.floor(random() * copy.length);
        copy[j] = (copy[j] ?? 0) ^ (1 << Math.floor(random() * 8));
      }
      return copy;
    }
    case 2: {
      const len = 1 + Math.floor(random() * 16);
      for (let i = 0; i < len && at + i < copy.length; i++) copy[at + i] = Math.floor(random() * 256);
      return copy;
    }
    case 3: {
      const junk = Buffer.alloc(1 + Math.floor(random() * 32));
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(random() * 256);
      return Buffer.concat([copy.subarray(0, at), junk, copy.subarray(at)]);
    }
    default: {
      const len = 1 + Math.floor(random() * 64);
      return Buffer.concat([copy.subarray(0, at), copy.subarray(Math.min(copy.length, at + len))]);
    }
  }
}

/** Runs strip on each mutation: it must finish in time and either strip or throw a strip error. */
export async function fuzz(stripper: FormatStripper, seedBytes: Buffer, count: number, seed: number, perCaseMs: number): Promise<{ stripped: number; failed: number; unsupported: number }> {
  const random = prng(seed);
  const tally = { stripped: 0, failed: 0, unsupported: 0 };
  for (let i = 0; i < count; i++) {
    const input = mutate(seedBytes, random);
    const started = Date.now();
    try {
      await stripBytes(stripper, input);
      tally.stripped++;
    } catch (error) {
      if (error instanceof StripFailure) tally.failed++;
      else if (error instanceof StripUnsupported) tally.unsupported++;
      else throw new Error(`fuzz case ${i} threw ${String(error)}`, { cause: error });
      if (error.message.length === 0) throw new Error(`fuzz case ${i}: empty reason`, { cause: error });
    }
    const took = Date.now() - started;
    if (took > perCaseMs) throw new Error(`fuzz case ${i} took ${took} ms`);
  }
  return tally;
}

export const GPS = { lat: '43.3178', lon: '45.6949' };

/**
 * A small JPEG (ffmpeg test pattern) with EXIF Artist/Make/Model/Serial/GPS/dates, XMP creator,
 * IPTC by-line and a COM segment, each carrying `marker`.
 */
export async function jpegWithExif(work: Workdir, marker: string, size = '64x48'): Promise<Buffer> {
  const file = work.file(`${marker}.jpg`);
  await toolOk('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=1`, '-frames:v', '1', '-q:v', '3', file]);
  await toolOk('exiftool', [
    '-q', '-overwrite_original',
    `-EXIF:Artist=${marker}-ARTIST`, '-EXIF:Make=samsung', '-EXIF:Model=SM-G930F', '-EXIF:SerialNumber=032021001234',
    '-EXIF:DateTimeOriginal=2018:07:20 14:32:05', `-EXIF:ImageDescription=${marker}-DESCRIPTION`,
    `-EXIF:GPSLatitude=${GPS.lat}`, '-EXIF:GPSLatitudeRef=N', `-EXIF:GPSLongitude=${GPS.lon}`, '-EXIF:GPSLongitudeRef=E',
    `-XMP-dc:Creator=${marker}-XMP`, `-IPTC:By-line=${marker}-IPTC`, `-Comment=${marker}-COMMENT`,
    file,
  ]);
  return readFile(file);
}

/** exiftool -a -G1 -s -j on a file, as one JSON text for searching. */
export async function exiftoolJson(file: string): Promise<{ text: string; tags: Record<string, unknown> }> {
  const out = await toolOk('exiftool', ['-a', '-G1', '-s', '-j', file]);
  const parsed = JSON.parse(Buffer.from(out, 'latin1').toString('utf8')) as Array<Record<string, unknown>>;
  return { text: JSON.stringify(parsed), tags: parsed[0] ?? {} };
}

/** Values that must not be found anywhere in a stripped copy (besides the fixture's own markers). */
export const IDENTIFYING = ['SM-G930F', '032021001234', '2018:07:20', '2018-07-20', '43.3178', '45.6949', '43 deg', '45 deg'];
