import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffMediaType } from '../../src-main/core/ingest/media-type.ts';
import { NEUTRAL_VENDOR, oggStripper } from '../../src-main/core/strip/formats/ogg.ts';
import { StripFailure, StripUnsupported } from '../../src-main/core/strip/types.ts';
import {
  bytes,
  exiftoolJson,
  expectBytesFree,
  expectNoIdentifying,
  ffmpeg,
  ffmpegHashes,
  ffprobeErrors,
  fuzz,
  makeCoverJpeg,
  makeTempDir,
  mat2Show,
  metadataTags,
  runStrip,
  sha256,
  u32be,
  u32le,
  writeTemp,
} from '../helpers/strip-fixtures-audio.ts';

let dir: string;
let vorbis: Buffer; // small comment: the header page count stays the same
let vorbisBig: Buffer; // a cover picture and a long comment: the comment spans pages, later pages are renumbered
let opus: Buffer;
let chained: Buffer; // two Vorbis links one after the other, an ID3v1 tag appended
let multiplexed: Buffer; // two streams at once

const META = [
  ['title', 'EVMARK-OGG-TITLE'],
  ['artist', 'EVMARK-OGG-ARTIST'],
  ['comment', 'EVMARK-OGG-COMMENT'],
  ['date', '2018-07-20T14:32:05'],
  ['LOCATION', '+43.3178+045.6949/'],
].flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
const SINE = (seconds: number): string[] => ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];

// ---- A test-side Ogg reader with a bit-by-bit CRC, independent of the stripper's table-driven one.

function crc(b: Uint8Array): number {
  let c = 0;
  for (const x of b) {
    c = (c ^ (x << 24)) >>> 0;
    for (let k = 0; k < 8; k++) c = ((c & 0x80000000) !== 0 ? (c << 1) ^ 0x04c11db7 : c << 1) >>> 0;
  }
  return c;
}

type Page = { offset: number; flags: number; granule: bigint; serial: number; seq: number; lacing: number[]; body: Buffer; crcOk: boolean };

function pagesOf(file: Buffer): { pages: Page[]; rest: number } {
  const pages: Page[] = [];
  let pos = 0;
  while (pos + 27 <= file.length && file.toString('latin1', pos, pos + 4) === 'OggS') {
    const n = file[pos + 26] as number;
    const lacing = [...file.subarray(pos + 27, pos + 27 + n)];
    const len = 27 + n + lacing.reduce((a, b) => a + b, 0);
    if (pos + len > file.length) break;
    const raw = Buffer.from(file.subarray(pos, pos + len));
    const stored = raw.readUInt32LE(22);
    raw.writeUInt32LE(0, 22);
    pages.push({
      offset: pos,
      flags: raw[5] as number,
      granule: raw.readBigInt64LE(6),
      serial: raw.readUInt32LE(14),
      seq: raw.readUInt32LE(18),
      lacing,
      body: raw.subarray(27 + n),
      crcOk: crc(raw) === stored,
    });
    pos += len;
  }
  return { pages, rest: file.length - pos };
}

/** Packets of one stream, each with the index of the page it ends on. */
function packetsOf(pages: Page[], serial: number): Array<{ data: Buffer; page: number; lastOnPage: boolean }> {
  const out: Array<{ data: Buffer; page: number; lastOnPage: boolean }> = [];
  let partial: Buffer[] = [];
  pages.forEach((p, index) => {
    if (p.serial !== serial) return;
    let at = 0;
    p.lacing.forEach((l, i) => {
      partial.push(p.body.subarray(at, at + l));
      at += l;
      if (l < 255) {
        out.push({ data: Buffer.concat(partial), page: index, lastOnPage: i === p.lacing.length - 1 });
        partial = [];
      }
    });
  });
  return out;
}

/** The audio page bodies of one stream: every page after the one its last header packet ends on. */
function audioOf(file: Buffer, headers: number): Buffer {
  const { pages } = pagesOf(file);
  const bySerial = new Map<number, Page[]>();
  for (const p of pages) bySerial.set(p.serial, [...(bySerial.get(p.serial) ?? []), p]);
  const parts: Buffer[] = [];
  for (const [serial, own] of bySerial) {
    const lastHeader = packetsOf(own, serial)[headers - 1]?.page ?? 0;
    parts.push(...own.slice(lastHeader + 1).map((p) => p.body));
  }
  return Buffer.concat(parts);
}

function fixCrcs(file: Buffer): Buffer {
  const out = Buffer.from(file);
  for (const p of pagesOf(out).pages) {
    const len = 27 + p.lacing.length + p.body.length;
    const page = out.subarray(p.offset, p.offset + len);
    page.writeUInt32LE(0, 22);
    page.writeUInt32LE(crc(page), 22);
  }
  return out;
}

function pictureBlock(jpeg: Buffer): string {
  const mime = 'image/jpeg';
  const desc = 'EVMARK-OGG-PICTURE-DESC';
  return bytes(u32be(3), u32be(mime.length), mime, u32be(desc.length), desc, u32be(48), u32be(32), u32be(24), u32be(0), u32be(jpeg.length), jpeg).toString('base64');
}

beforeAll(async () => {
  dir = await makeTempDir('ev-strip-ogg-');
  const f = (name: string): string => path.join(dir, name);
  const cover = await fs.readFile(await makeCoverJpeg(dir, 'EVMARK-OGG-PICTURE-EXIF-ARTIST'));
  const exact = ['-fflags', '+bitexact'];
  ffmpeg(...SINE(1), '-c:a', 'libvorbis', ...META, ...exact, f('v.ogg'));
  ffmpeg(...SINE(1), '-c:a', 'libvorbis', ...META, '-metadata', `METADATA_BLOCK_PICTURE=${pictureBlock(cover)}`, '-metadata', `NOTES=EVMARK-LONG-${'x'.repeat(70_000)}`, ...exact, f('vbig.ogg'));
  ffmpeg(...SINE(1), '-c:a', 'libopus', ...META, ...exact, f('o.opus'));
  ffmpeg(...SINE(0.5), '-c:a', 'libvorbis', '-metadata', 'title=EVMARK-LINK2-TITLE', ...exact, '-serial_offset', '7', f('link2.ogg'));
  ffmpeg(...SINE(0.5), '-i', f('o.opus'), '-map', '0', '-map', '1', '-c:a', 'libvorbis', ...exact, f('multi.ogg'));
  vorbis = await fs.readFile(f('v.ogg'));
  vorbisBig = await fs.readFile(f('vbig.ogg'));
  opus = await fs.readFile(f('o.opus'));
  chained = Buffer.concat([vorbis, await fs.readFile(f('link2.ogg')), bytes('TAG', Buffer.from('EVMARK-OGG-ID3V1'.padEnd(30, '\0')), Buffer.alloc(95))]);
  multiplexed = await fs.readFile(f('multi.ogg'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const hasOgginfo = spawnSync('ogginfo', ['-h']).error === undefined;

/** The structure a player relies on, checked page by page. */
function checkPages(copy: Buffer, codec: 'vorbis' | 'opus'): void {
  const { pages, rest } = pagesOf(copy);
  expect(rest).toBe(0);
  expect(pages.every((p) => p.crcOk)).toBe(true);
  const serials = [...new Set(pages.map((p) => p.serial))];
  for (const serial of serials) {
    const own = pages.filter((p) => p.serial === serial);
    expect(own.map((p) => p.seq)).toEqual(own.map((_, i) => i));
    expect(own[0]?.flags).toBe(2);
    expect(own.slice(1).every((p) => (p.flags & 2) === 0)).toBe(true);
    expect((own[own.length - 1]?.flags ?? 0) & 4).toBe(4);
    const packets = packetsOf(own, serial);
    const headers = codec === 'vorbis' ? 3 : 2;
    expect(packets[0]?.page).toBe(0);
    expect(packets[0]?.lastOnPage).toBe(true);
    expect(packets[1]?.page).toBe(1);
    expect(packets[headers - 1]?.lastOnPage).toBe(true); // audio starts on a fresh page
    const comment = packets[1]?.data as Buffer;
    const vendor = Buffer.from(NEUTRAL_VENDOR);
    const expected = codec === 'vorbis' ? bytes([3], 'vorbis', u32le(vendor.length), vendor, u32le(0), [1]) : bytes('OpusTags', u32le(vendor.length), vendor, u32le(0));
    expect(comment.equals(expected)).toBe(true);
    for (const p of own.slice(0, (packets[headers - 1]?.page ?? 0) + 1)) expect([0n, -1n]).toContain(p.granule);
  }
}

async function checkCopy(name: string, original: Buffer, copy: Buffer, codec: 'vorbis' | 'opus'): Promise<void> {
  const ext = codec === 'opus' ? 'opus' : 'ogg';
  const origFile = await writeTemp(dir, `orig-${name}.${ext}`, original);
  const copyFile = await writeTemp(dir, `copy-${name}.${ext}`, copy);
  const json = exiftoolJson(copyFile);
  expectNoIdentifying(JSON.stringify(metadataTags(json)), 'exiftool');
  expect(json['Vorbis:Vendor']).toBe(NEUTRAL_VENDOR);
  const vorbisTags = Object.keys(json).filter((k) => k.startsWith('Vorbis:'));
  expect(vorbisTags.filter((k) => !['Vorbis:Vendor', 'Vorbis:VorbisVersion', 'Vorbis:AudioChannels', 'Vorbis:SampleRate', 'Vorbis:NominalBitrate', 'Vorbis:MinimumBitrate', 'Vorbis:MaximumBitrate'].includes(k))).toEqual([]);
  expect(Object.keys(json).filter((k) => /Warning|Error/.test(k))).toEqual([]);
  const mat2 = mat2Show(copyFile);
  expect(mat2).toMatch(/No metadata found/);
  expectBytesFree(copy, ['EVMARK', 'Exif', 'ffmpeg', 'Lavc', 'libopus', 'libvorbis', 'TAG']);
  expect(ffprobeErrors(copyFile)).toBe('');
  expect(ffmpegHashes(copyFile)).toEqual(ffmpegHashes(origFile));
  checkPages(copy, codec);
  if (hasOgginfo) {
    const r = spawnSync('ogginfo', [copyFile], { encoding: 'utf8' });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).not.toMatch(/WARNING|ERROR|corrupt|hole/i);
  }
}

describe('ogg stripper', () => {
  it('replaces the Vorbis comment header, keeping the audio pages byte for byte', async () => {
    expect(oggStripper.mediaTypes).toContain(sniffMediaType(vorbis));
    const { outcome, copy } = await runStrip(oggStripper, vorbis);
    expect(outcome.removed).toEqual(expect.arrayContaining([
      { name: 'Vorbis:Vendor', value: 'ffmpeg' }, // what ffmpeg writes with +bitexact; Lavf<version> otherwise
      { name: 'Vorbis:ENCODER', value: expect.stringMatching(/libvorbis/) },
      { name: 'Vorbis:TITLE', value: 'EVMARK-OGG-TITLE' },
      { name: 'Vorbis:LOCATION', value: '+43.3178+045.6949/' },
      { name: 'Vorbis:DATE', value: '2018-07-20T14:32:05' },
    ]));
    const audio = audioOf(vorbis, 3);
    expect(audioOf(copy, 3).equals(audio)).toBe(true);
    expect(outcome.proof).toEqual({ kind: 'media-data', original: sha256(audio), copy: sha256(audioOf(copy, 3)), identical: true });
    expect(outcome.method).toBe('ogg-vorbis-comment');
    await checkCopy('vorbis', vorbis, copy, 'vorbis');
  });

  it('repaginates a comment spanning pages (with a cover whose JPEG carries EXIF) and renumbers the pages after it', async () => {
    const before = pagesOf(vorbisBig).pages;
    expect(packetsOf(before, before[0]!.serial)[1]!.page).toBeGreaterThan(1); // the comment really spans pages
    expect(vorbisBig.includes(Buffer.from('EVMARK-OGG-PICTURE-DESC'))).toBe(false); // base64 in the file…
    const { outcome, copy } = await runStrip(oggStripper, vorbisBig);
    const picture = outcome.removed.find((r) => r.name === 'Vorbis:METADATA_BLOCK_PICTURE');
    expect(picture?.value).toMatch(/^image\/jpeg, front cover, "EVMARK-OGG-PICTURE-DESC", 48x32, \d+ bytes, carrying EXIF$/); // …read out for the report
    expect(outcome.removed.find((r) => r.name === 'Vorbis:NOTES')?.value.length).toBeLessThanOrEqual(201);
    const after = pagesOf(copy).pages;
    expect(after.length).toBeLessThan(before.length);
    expect(audioOf(copy, 3).equals(audioOf(vorbisBig, 3))).toBe(true);
    expect(outcome.proof?.identical).toBe(true);
    await checkCopy('vorbis-big', vorbisBig, copy, 'vorbis');
  });

  it('replaces OpusTags', async () => {
    expect(sniffMediaType(opus)).toBe('audio/opus');
    const { outcome, copy } = await runStrip(oggStripper, opus);
    expect(outcome.removed).toEqual(expect.arrayContaining([
      { name: 'Opus:Vendor', value: 'ffmpeg' },
      { name: 'Opus:ENCODER', value: expect.stringMatching(/libopus/) },
      { name: 'Opus:ARTIST', value: 'EVMARK-OGG-ARTIST' },
    ]));
    expect(outcome.method).toBe('ogg-opus-comment');
    expect(audioOf(copy, 2).equals(audioOf(opus, 2))).toBe(true);
    await checkCopy('opus', opus, copy, 'opus');
  });

  it('cuts bytes hidden after the identification header\'s own fields', async () => {
    const first = pagesOf(opus).pages[0]!;
    const extra = Buffer.from('EVMARK-OPUSHEAD-EXTRA');
    const body = Buffer.concat([first.body, extra]);
    const page0 = bytes(opus.subarray(0, 26), [1, body.length], body);
    const input = fixCrcs(Buffer.concat([page0, opus.subarray(27 + first.lacing.length + first.body.length)]));
    const { outcome, copy } = await runStrip(oggStripper, input);
    expect(outcome.removed).toContainEqual({ name: 'Opus:HeaderExtra', value: 'EVMARK-OPUSHEAD-EXTRA' });
    expect(copy.subarray(0, 27 + 1 + 19).equals(opus.subarray(0, 27 + 1 + 19))).toBe(true);
    await checkCopy('opus-extra', opus, copy, 'opus');
  });

  it('cleans every link of a chained file and an ID3v1 tag appended to it', async () => {
    const { outcome, copy } = await runStrip(oggStripper, chained);
    expect(outcome.removed).toContainEqual({ name: 'Vorbis:TITLE', value: 'EVMARK-OGG-TITLE' });
    expect(outcome.removed).toContainEqual({ name: 'Vorbis:TITLE', value: 'EVMARK-LINK2-TITLE' });
    expect(outcome.removed).toContainEqual({ name: 'ID3v1:Title', value: 'EVMARK-OGG-ID3V1' });
    expect(new Set(pagesOf(copy).pages.map((p) => p.serial)).size).toBe(2);
    expectBytesFree(copy, ['EVMARK', 'ffmpeg', 'Lavc', 'TAG']);
    checkPages(copy, 'vorbis');
    expect(outcome.proof?.identical).toBe(true);
    expect(ffprobeErrors(await writeTemp(dir, 'copy-chained.ogg', copy))).toBe('');
  });

  it('refuses multiplexed streams and other codecs as unsupported', async () => {
    await expect(runStrip(oggStripper, multiplexed)).rejects.toBeInstanceOf(StripUnsupported);
    // A Speex identification page, made by hand.
    const speex = bytes('OggS', [0, 2], Buffer.alloc(8), u32le(1), u32le(0), u32le(0), [1, 80], 'Speex   ', Buffer.alloc(72));
    await expect(runStrip(oggStripper, fixCrcs(speex))).rejects.toBeInstanceOf(StripUnsupported);
  });

  it('refuses truncated and damaged files with a reason', async () => {
    const flipped = Buffer.from(vorbis);
    flipped[vorbis.length - 10] = (flipped[vorbis.length - 10] as number) ^ 0xff;
    const failures: Array<[string, Buffer]> = [
      ['truncated in the audio', vorbis.subarray(0, vorbis.length - 50)],
      ['truncated in the headers', vorbis.subarray(0, 200)],
      ['page checksum mismatch', flipped],
      ['garbage between pages', Buffer.concat([vorbis.subarray(0, pagesOf(vorbis).pages[2]!.offset), Buffer.from('EVMARK junk'), vorbis.subarray(pagesOf(vorbis).pages[2]!.offset)])],
      ['no identification page', vorbis.subarray(pagesOf(vorbis).pages[1]!.offset)],
      ['not Ogg at all', Buffer.from('fLaC')],
    ];
    for (const [label, input] of failures) await expect(runStrip(oggStripper, input), label).rejects.toBeInstanceOf(StripFailure);
    await expect(runStrip(oggStripper, vorbis.subarray(0, vorbis.length - 50))).rejects.toThrow(/truncated/);
  });

  it('survives fuzzing: every damaged file strips or is refused, quickly (half with checksums made right again)', async () => {
    const result = await fuzz(oggStripper, [vorbis, opus, chained.subarray(0, 9000)], 300, 0x5eed0004, fixCrcs);
    expect(result.stripped).toBeGreaterThan(0);
    expect(result.failed).toBeGreaterThan(0);
    expect(result.slowest).toBeLessThan(2000);
  });
});
