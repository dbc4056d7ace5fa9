import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mp3Stripper } from '../../src-main/core/strip/formats/mp3.ts';
import { StripFailure } from '../../src-main/core/strip/types.ts';
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
  syncsafe,
  u32be,
  u32le,
  writeTemp,
} from '../helpers/strip-fixtures-audio.ts';

let dir: string;
let tagged: Buffer; // ffmpeg: ID3v2.3 with APIC (JPEG with EXIF) + ID3v1
let tagged24: Buffer; // the same with ID3v2.4
let bare: Buffer; // frames only (with ffmpeg's Info/LAME frame)
let handmade: Buffer; // v2.2 + unsynchronised v2.3 in front; appended 2.4, APE, Lyrics3, TAG+, ID3v1 behind
let midStream: Buffer; // two recordings glued together, the second one's tag in the middle

const SINE = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];
const META = [
  ['title', 'EVMARK-MP3-TITLE'],
  ['artist', 'EVMARK-MP3-ARTIST'],
  ['album', 'EVMARK-MP3-ALBUM'],
  ['comment', 'EVMARK-MP3-COMMENT'],
  ['date', '2018-07-20'],
  ['encoded_by', 'EVMARK-MP3-ENCODEDBY'],
  ['LOCATION', '+43.3178+045.6949/'],
].flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);

// ID3v2 frames by hand (v2.3 layout unless told otherwise).
const textFrame = (id: string, text: string, major = 3): Buffer => {
  const data = bytes([3], text);
  return bytes(id, major === 4 ? syncsafe(data.length) : u32be(data.length), [0, 0], data);
};
const frame22 = (id: string, data: Buffer): Buffer => bytes(id, [(data.length >> 16) & 0xff, (data.length >> 8) & 0xff, data.length & 0xff], data);
const tag = (major: number, flags: number, body: Buffer): Buffer => bytes('ID3', [major, 0, flags], syncsafe(body.length), body);

function unsynchronise(b: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    out.push(b[i] as number);
    if (b[i] === 0xff && (i + 1 === b.length || (b[i + 1] as number) >= 0xe0 || b[i + 1] === 0)) out.push(0);
  }
  return Buffer.from(out);
}

function apeTag(items: Array<[string, string]>): Buffer {
  const body = Buffer.concat(items.map(([k, v]) => bytes(u32le(Buffer.byteLength(v)), u32le(0), k, [0], Buffer.from(v))));
  const size = body.length + 32;
  const headerOrFooter = (isHeader: boolean): Buffer =>
    bytes('APETAGEX', u32le(2000), u32le(size), u32le(items.length), u32le(0x80000000 | (isHeader ? 0x20000000 : 0)), Buffer.alloc(8));
  return bytes(headerOrFooter(true), body, headerOrFooter(false));
}

function lyrics3v2(fields: Array<[string, string]>): Buffer {
  const body = bytes('LYRICSBEGIN', ...fields.map(([id, v]) => bytes(id, String(v.length).padStart(5, '0'), v)));
  return bytes(body, String(body.length).padStart(6, '0'), 'LYRICS200');
}

function id3v1(title: string, artist: string, comment: string): Buffer {
  const b = Buffer.alloc(128);
  b.write('TAG', 0, 'latin1');
  b.write(title, 3, 30, 'latin1');
  b.write(artist, 33, 30, 'latin1');
  b.write('2018', 93, 4, 'latin1');
  b.write(comment, 97, 28, 'latin1');
  b[126] = 7; // ID3v1.1 track
  b[127] = 101;
  return b;
}

function enhancedTag(title: string): Buffer {
  const b = Buffer.alloc(227);
  b.write('TAG+', 0, 'latin1');
  b.write(title, 4, 60, 'latin1');
  b.write('EVMARK-TAGPLUS-ARTIST', 64, 60, 'latin1');
  return b;
}

beforeAll(async () => {
  dir = await makeTempDir('ev-strip-mp3-');
  const cover = await makeCoverJpeg(dir, 'EVMARK-MP3-APIC-EXIF-ARTIST');
  const base = path.join(dir, 'base.mp3');
  ffmpeg(...SINE, '-c:a', 'libmp3lame', '-b:a', '64k', ...META, '-id3v2_version', '3', '-write_id3v1', '1', base);
  const withCover = (version: string, out: string): void =>
    ffmpeg('-i', base, '-i', cover, '-map', '0', '-map', '1', '-c', 'copy', '-id3v2_version', version, '-write_id3v1', '1',
      '-metadata:s:v', 'title=EVMARK-MP3-APIC-DESC', '-metadata:s:v', 'comment=Cover (front)', '-disposition:v', 'attached_pic', out);
  withCover('3', path.join(dir, 'tagged.mp3'));
  withCover('4', path.join(dir, 'tagged24.mp3'));
  ffmpeg(...SINE, '-c:a', 'libmp3lame', '-b:a', '64k', '-id3v2_version', '0', '-write_id3v1', '0', path.join(dir, 'bare.mp3'));
  tagged = await fs.readFile(path.join(dir, 'tagged.mp3'));
  tagged24 = await fs.readFile(path.join(dir, 'tagged24.mp3'));
  bare = await fs.readFile(path.join(dir, 'bare.mp3'));

  const v22 = tag(2, 0, Buffer.concat([
    frame22('TT2', bytes([0], 'EVMARK-V22-TITLE')),
    frame22('COM', bytes([0], 'eng', [0], 'EVMARK-V22-COMMENT')),
    frame22('PIC', bytes([0], 'JPG', [3], 'EVMARK-V22-PIC', [0], await fs.readFile(cover))),
    Buffer.alloc(20),
  ]));
  // v2.3 with an extended header (size 6, no CRC), unsynchronised as a whole (flag 0x80).
  const v23Body = Buffer.concat([
    bytes(u32be(6), [0, 0], u32be(0)),
    textFrame('TPE1', 'EVMARK-V23-ARTIST'),
    bytes('PRIV', u32be(20), [0, 0], 'EVMARK-V23-PRIV', [0], [0xff, 0xfb, 0x90, 0x44]),
  ]);
  const v23 = tag(3, 0xc0, unsynchronise(v23Body));
  const appended24Body = textFrame('TIT2', 'EVMARK-V24-APPENDED', 4);
  const appended24 = bytes('ID3', [4, 0, 0x10], syncsafe(appended24Body.length), appended24Body, '3DI', [4, 0, 0x10], syncsafe(appended24Body.length));
  handmade = Buffer.concat([
    v22,
    v23,
    bare,
    appended24,
    apeTag([['Artist', 'EVMARK-APE-ARTIST'], ['Comment', 'recorded at 43.3178 N']]),
    lyrics3v2([['IND', '00'], ['LYR', 'EVMARK-LYRICS-TEXT'], ['EAR', 'EVMARK-LYRICS-ARTIST']]),
    enhancedTag('EVMARK-TAGPLUS-TITLE'),
    id3v1('EVMARK-V1-TITLE', 'EVMARK-V1-ARTIST', 'EVMARK-V1-COMMENT'),
  ]);
  midStream = Buffer.concat([
    tag(3, 0, textFrame('TIT2', 'EVMARK-FIRST')),
    Buffer.from('EVMARK-JUNK-BEFORE'),
    tag(3, 0, textFrame('TIT2', 'EVMARK-AFTER-JUNK')),
    bare,
    Buffer.from('EVMARK-JUNK-BETWEEN'),
    tag(3, 0, textFrame('TIT2', 'EVMARK-SECOND')),
    bare,
  ]);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** The checks every clean copy must pass, against Debian's tools. */
async function checkCopy(name: string, original: Buffer, copy: Buffer): Promise<void> {
  const origFile = await writeTemp(dir, `orig-${name}.mp3`, original);
  const copyFile = await writeTemp(dir, `copy-${name}.mp3`, copy);
  const json = exiftoolJson(copyFile);
  expectNoIdentifying(JSON.stringify(metadataTags(json)), 'exiftool');
  expect(Object.keys(json).filter((k) => /^(ID3|APE|Lyrics3)/.test(k))).toEqual([]);
  expect(Object.keys(json).filter((k) => /Warning|Error/.test(k))).toEqual([]);
  const mat2 = mat2Show(copyFile);
  expect(mat2).toMatch(/No metadata found/);
  expectNoIdentifying(mat2, 'mat2');
  expectBytesFree(copy, ['EVMARK', 'Exif', 'APETAGEX', 'LYRICSBEGIN', 'TAG+', 'ID3']);
  expect(ffprobeErrors(copyFile)).toBe('');
  expect(ffmpegHashes(copyFile)).toEqual(ffmpegHashes(origFile));
}

describe('mp3 stripper', () => {
  it('removes ID3v2.3 (with a cover JPEG carrying EXIF) and ID3v1, keeping the frames byte for byte', async () => {
    expect(exiftoolJson(await writeTemp(dir, 'check.mp3', tagged))['ID3v2_3:Title']).toBe('EVMARK-MP3-TITLE');
    expect(mat2Show(path.join(dir, 'check.mp3'))).toMatch(/EVMARK-MP3-ARTIST/);
    const { outcome, copy } = await runStrip(mp3Stripper, tagged);
    const names = outcome.removed.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['ID3v2:TIT2', 'ID3v2:TPE1', 'ID3v2:TALB', 'ID3v2:TENC', 'ID3v2:TXXX', 'ID3v2:TSSE', 'ID3v2:APIC', 'ID3v1:Title']));
    const apic = outcome.removed.find((r) => r.name === 'ID3v2:APIC');
    expect(apic?.value).toMatch(/^image\/jpeg, .*EVMARK-MP3-APIC-DESC.*carrying EXIF/);
    expect(outcome.removed).toContainEqual({ name: 'ID3v2:TXXX', value: 'LOCATION=+43.3178+045.6949/' });
    expect(outcome.removed).toContainEqual({ name: 'ID3v2:TXXX', value: 'comment=EVMARK-MP3-COMMENT' });
    expect(outcome.removed).toContainEqual({ name: 'ID3v1:Title', value: 'EVMARK-MP3-TITLE' });

    // The proof, checked independently: the copy is exactly the frames between the tags.
    const id3Size = 10 + ((tagged[6]! << 21) | (tagged[7]! << 14) | (tagged[8]! << 7) | tagged[9]!);
    const frames = tagged.subarray(id3Size, tagged.length - 128);
    expect(copy.equals(frames)).toBe(true);
    expect(outcome.proof).toEqual({ kind: 'media-data', original: sha256(frames), copy: sha256(copy), identical: true });
    expect(outcome.method).toBe('mp3-frames');
    // The Info/LAME frame is structure and stays (its encoder string included).
    expect(copy.subarray(0, 200).includes(Buffer.from('Info'))).toBe(true);
    await checkCopy('v23', tagged, copy);
  });

  it('removes an ID3v2.4 tag the same way', async () => {
    const { outcome, copy } = await runStrip(mp3Stripper, tagged24);
    expect(outcome.removed.map((r) => r.name)).toEqual(expect.arrayContaining(['ID3v2:TIT2', 'ID3v2:TDRC', 'ID3v2:APIC', 'ID3v1:Artist']));
    const id3Size = 10 + ((tagged24[6]! << 21) | (tagged24[7]! << 14) | (tagged24[8]! << 7) | tagged24[9]!);
    expect(copy.equals(tagged24.subarray(id3Size, tagged24.length - 128))).toBe(true);
    await checkCopy('v24', tagged24, copy);
  });

  it('removes v2.2, unsynchronised v2.3 with extended header, appended 2.4, APE, Lyrics3 v2, Enhanced TAG and ID3v1', async () => {
    const { outcome, copy } = await runStrip(mp3Stripper, handmade);
    const values = Object.fromEntries(outcome.removed.map((r) => [r.name, r.value]));
    expect(values).toMatchObject({
      'ID3v2:TT2': 'EVMARK-V22-TITLE',
      'ID3v2:COM': 'EVMARK-V22-COMMENT',
      'ID3v2:TPE1': 'EVMARK-V23-ARTIST',
      'ID3v2:TIT2': 'EVMARK-V24-APPENDED',
      'APE:Artist': 'EVMARK-APE-ARTIST',
      'Lyrics3:LYR': 'EVMARK-LYRICS-TEXT',
      'ID3v1-Enhanced:Title': 'EVMARK-TAGPLUS-TITLE',
      'ID3v1:Comment': 'EVMARK-V1-COMMENT',
      'ID3v1:Track': '7',
    });
    expect(values['ID3v2:PIC']).toMatch(/EVMARK-V22-PIC.*carrying EXIF/);
    expect(values['ID3v2:PRIV']).toMatch(/^EVMARK-V23-PRIV: /);
    expect(copy.equals(bare)).toBe(true);
    expect(outcome.proof?.identical).toBe(true);
    await checkCopy('handmade', bare, copy);
  });

  it('finds tags and stray bytes before and between the frames of two glued recordings', async () => {
    const { outcome, copy } = await runStrip(mp3Stripper, midStream);
    expect(outcome.removed).toContainEqual({ name: 'ID3v2:TIT2', value: 'EVMARK-FIRST' });
    expect(outcome.removed).toContainEqual({ name: 'ID3v2:TIT2', value: 'EVMARK-AFTER-JUNK' });
    expect(outcome.removed).toContainEqual({ name: 'ID3v2:TIT2', value: 'EVMARK-SECOND' });
    expect(outcome.removed.some((r) => r.name === 'MP3:UnrecognisedData')).toBe(true);
    expect(copy.equals(Buffer.concat([bare, bare]))).toBe(true);
    await checkCopy('glued', Buffer.concat([bare, bare]), copy);
  });

  it('keeps a file without tags as it is', async () => {
    const { outcome, copy } = await runStrip(mp3Stripper, bare);
    expect(outcome.removed).toEqual([]);
    expect(copy.equals(bare)).toBe(true);
  });

  it('refuses truncated and damaged files with a reason', async () => {
    const cases: Array<[string, Buffer]> = [
      ['truncated inside the ID3v2 tag', tagged.subarray(0, 200)],
      ['ID3v2 size with high bits set', Buffer.concat([bytes('ID3', [3, 0, 0], [0x80, 0x80, 0x80, 0x80]), bare])],
      ['no frames after the tag', Buffer.concat([tag(3, 0, textFrame('TIT2', 'x')), Buffer.alloc(5000, 0x41)])],
      ['APE footer claiming more than the file', Buffer.concat([bare, bytes('APETAGEX', u32le(2000), u32le(1 << 30), u32le(1), u32le(0), Buffer.alloc(8))])],
      ['Lyrics3 size that does not lead to its start', Buffer.concat([bare, bytes('000100LYRICS200')])],
      ['empty file', Buffer.alloc(0)],
    ];
    for (const [label, input] of cases) {
      await expect(runStrip(mp3Stripper, input), label).rejects.toBeInstanceOf(StripFailure);
    }
    await expect(runStrip(mp3Stripper, tagged.subarray(0, 200))).rejects.toThrow(/truncated/);
  });

  it('survives fuzzing: every damaged file strips or is refused, quickly', async () => {
    const small = [tagged.subarray(0, 12_000), handmade, midStream.subarray(0, 4000), tagged24];
    const result = await fuzz(mp3Stripper, small, 300, 0x5eed0003);
    expect(result.stripped).toBeGreaterThan(0);
    expect(result.failed).toBeGreaterThan(0);
    expect(result.slowest).toBeLessThan(2000);
  });
});
