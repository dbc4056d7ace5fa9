import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flacStripper } from '../../src-main/core/strip/formats/flac.ts';
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
let tagged: Buffer; // ffmpeg: VORBIS_COMMENT, PICTURE (JPEG with EXIF), PADDING
let handmade: Buffer; // ID3v2 in front, SEEKTABLE, APPLICATION, CUESHEET, odd block type, APE + ID3v1 behind
let frames: Buffer; // the audio frames of both
let streaminfo: Buffer;

const META = [
  ['title', 'EVMARK-FLAC-TITLE'],
  ['artist', 'EVMARK-FLAC-ARTIST'],
  ['comment', 'EVMARK-FLAC-COMMENT'],
  ['date', '2018-07-20'],
  ['LOCATION', '+43.3178+045.6949/'],
].flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);

type Block = { type: number; body: Buffer };

/** Test-side reader of the metadata chain, independent of the stripper. */
function blocksOf(file: Buffer): { blocks: Block[]; audio: number; lastFlags: boolean[] } {
  let pos = file.indexOf('fLaC') + 4;
  const blocks: Block[] = [];
  const lastFlags: boolean[] = [];
  for (;;) {
    const h = file[pos] as number;
    const len = file.readUIntBE(pos + 1, 3);
    blocks.push({ type: h & 0x7f, body: file.subarray(pos + 4, pos + 4 + len) });
    lastFlags.push((h & 0x80) !== 0);
    pos += 4 + len;
    if ((h & 0x80) !== 0) return { blocks, audio: pos, lastFlags };
  }
}

const block = (type: number, body: Buffer, last = false): Buffer => bytes([type | (last ? 0x80 : 0)], [(body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff], body);

function cuesheet(): Buffer {
  const b = Buffer.alloc(396 + 36 + 12);
  b.write('EVMARK-CATALOG', 0, 'latin1');
  b[395] = 1; // one track
  b[396 + 8] = 1; // track number
  b.write('EVMARKISRC01', 396 + 9, 'latin1');
  b[396 + 35] = 1; // one index point
  return b;
}

beforeAll(async () => {
  dir = await makeTempDir('ev-strip-flac-');
  const cover = await makeCoverJpeg(dir, 'EVMARK-FLAC-PICTURE-EXIF-ARTIST');
  const plain = path.join(dir, 'plain.flac');
  const withCover = path.join(dir, 'tagged.flac');
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'flac', ...META, plain);
  ffmpeg('-i', plain, '-i', cover, '-map', '0', '-map', '1', '-c', 'copy', '-disposition:v', 'attached_pic',
    '-metadata:s:v', 'title=EVMARK-FLAC-PICTURE-DESC', '-metadata:s:v', 'comment=Cover (front)', withCover);
  tagged = await fs.readFile(withCover);
  const parsed = blocksOf(tagged);
  frames = tagged.subarray(parsed.audio);
  streaminfo = parsed.blocks[0]?.body as Buffer;

  const id3Body = bytes('TIT2', u32be(18), [0, 0], [3], 'EVMARK-FLAC-ID3V2');
  const seektable = bytes(Buffer.alloc(8), Buffer.alloc(8), [0x12, 0x00]); // one seek point: sample 0 at offset 0
  handmade = Buffer.concat([
    bytes('ID3', [3, 0, 0], syncsafe(id3Body.length), id3Body),
    bytes('fLaC'),
    block(0, streaminfo),
    block(3, seektable),
    block(2, bytes('riff', 'LIST....INFOIART EVMARK-FLAC-FOREIGN-RIFF')),
    block(5, cuesheet()),
    block(4, bytes(u32le(5), 'Lavf3', u32le(1), u32le(24), 'ARTIST=EVMARK-FLAC-HANDS')),
    block(9, Buffer.from('EVMARK-FLAC-RESERVED-BLOCK-TYPE')),
    block(1, Buffer.alloc(100), true),
    frames,
    bytes('APETAGEX', u32le(2000), u32le(32), u32le(0), u32le(0), Buffer.alloc(8)),
    bytes('TAG', Buffer.from('EVMARK-FLAC-ID3V1'.padEnd(30, '\0')), Buffer.alloc(95)),
  ]);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function checkCopy(name: string, original: Buffer, copy: Buffer): Promise<void> {
  const origFile = await writeTemp(dir, `orig-${name}.flac`, original);
  const copyFile = await writeTemp(dir, `copy-${name}.flac`, copy);
  const json = exiftoolJson(copyFile);
  expectNoIdentifying(JSON.stringify(metadataTags(json)), 'exiftool');
  expect(Object.keys(metadataTags(json)).filter((k) => !/^(FLAC|Composite):/.test(k))).toEqual([]);
  expect(Object.keys(json).filter((k) => /Warning|Error/.test(k))).toEqual([]);
  const mat2 = mat2Show(copyFile);
  expect(mat2).toMatch(/No metadata found/);
  expectBytesFree(copy, ['EVMARK', 'Exif', 'Lavf', 'image/jpeg', 'ID3', 'APETAGEX']);
  expect(ffprobeErrors(copyFile)).toBe('');
  expect(ffmpegHashes(copyFile)).toEqual(ffmpegHashes(origFile));
  // STREAMINFO (with the MD5 of the decoded audio) is kept as it was.
  expect(json['FLAC:MD5Signature']).toBe(exiftoolJson(origFile)['FLAC:MD5Signature']);
}

describe('flac stripper', () => {
  it('removes VORBIS_COMMENT and the PICTURE (whose JPEG carries EXIF), keeping STREAMINFO and the frames', async () => {
    const originalFile = await writeTemp(dir, 'check.flac', tagged);
    expect(mat2Show(originalFile)).toMatch(/EVMARK-FLAC-PICTURE-EXIF-ARTIST/);
    expect(tagged.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true);
    const { outcome, copy } = await runStrip(flacStripper, tagged);
    expect(outcome.removed).toEqual(expect.arrayContaining([
      { name: 'Vorbis:Vendor', value: expect.stringMatching(/^Lavf/) },
      { name: 'Vorbis:TITLE', value: 'EVMARK-FLAC-TITLE' },
      { name: 'Vorbis:ARTIST', value: 'EVMARK-FLAC-ARTIST' },
      { name: 'Vorbis:LOCATION', value: '+43.3178+045.6949/' },
      { name: 'FLAC:Picture', value: expect.stringMatching(/^image\/jpeg, front cover, "EVMARK-FLAC-PICTURE-DESC", 48x32, \d+ bytes, carrying EXIF$/) },
    ]));
    expect(copy.equals(Buffer.concat([bytes('fLaC'), block(0, streaminfo, true), frames]))).toBe(true);
    expect(outcome.proof).toEqual({ kind: 'media-data', original: sha256(frames), copy: sha256(copy.subarray(blocksOf(copy).audio)), identical: true });
    expect(outcome.method).toBe('flac-blocks');
    await checkCopy('tagged', tagged, copy);
  });

  it('removes an ID3v2 tag in front, APPLICATION, CUESHEET, unknown blocks and tags behind; keeps SEEKTABLE, last flag on it', async () => {
    const { outcome, copy } = await runStrip(flacStripper, handmade);
    const values = Object.fromEntries(outcome.removed.map((r) => [r.name, r.value]));
    expect(values).toMatchObject({
      'ID3v2:TIT2': 'EVMARK-FLAC-ID3V2',
      'Vorbis:ARTIST': 'EVMARK-FLAC-HANDS',
      'FLAC:Block9': 'EVMARK-FLAC-RESERVED-BLOCK-TYPE',
      'ID3v1:Title': 'EVMARK-FLAC-ID3V1',
      'APE:Tag': '0 bytes',
    });
    expect(values['FLAC:Application']).toMatch(/^riff: .*EVMARK-FLAC-FOREIGN-RIFF/);
    expect(values['FLAC:CueSheet']).toBe('catalog EVMARK-CATALOG, 1 tracks, ISRC EVMARKISRC01');
    expect(outcome.removed.some((r) => r.name === 'FLAC:Padding')).toBe(false); // zero padding is not worth a line
    const parsed = blocksOf(copy);
    expect(parsed.blocks.map((b) => b.type)).toEqual([0, 3]);
    expect(parsed.lastFlags).toEqual([false, true]);
    expect(copy.subarray(parsed.audio).equals(frames)).toBe(true);
    await checkCopy('handmade', tagged, copy);
  });

  it('refuses truncated and damaged files with a reason', async () => {
    const failures: Array<[string, Buffer]> = [
      ['truncated in the metadata', tagged.subarray(0, 300)],
      ['truncated inside the ID3v2 tag in front', handmade.subarray(0, 20)],
      ['STREAMINFO not first', Buffer.concat([bytes('fLaC'), block(4, bytes(u32le(0), u32le(0))), block(0, streaminfo, true), frames])],
      ['STREAMINFO of the wrong size', Buffer.concat([bytes('fLaC'), block(0, streaminfo.subarray(0, 30), true), frames])],
      ['invalid block type 127', Buffer.concat([bytes('fLaC'), block(0, streaminfo), block(127, Buffer.alloc(4), true), frames])],
      ['no audio frames', Buffer.concat([bytes('fLaC'), block(0, streaminfo, true)])],
      ['garbage where the frames should start', Buffer.concat([bytes('fLaC'), block(0, streaminfo, true), Buffer.from('EVMARK garbage')])],
      ['damaged Vorbis comment', Buffer.concat([bytes('fLaC'), block(0, streaminfo), block(4, bytes(u32le(999), 'x'), true), frames])],
      ['not FLAC at all', Buffer.from('RIFF....WAVE')],
    ];
    for (const [label, input] of failures) await expect(runStrip(flacStripper, input), label).rejects.toBeInstanceOf(StripFailure);
    await expect(runStrip(flacStripper, tagged.subarray(0, 300))).rejects.toThrow(/truncated/);
  });

  it('survives fuzzing: every damaged file strips or is refused, quickly', async () => {
    // Short audio so that the damage lands on the metadata chain.
    const cut = (b: Buffer): Buffer => b.subarray(0, blocksOf(b).audio + 200);
    const seeds = [cut(tagged), Buffer.concat([cut(handmade), handmade.subarray(handmade.length - 160)]), handmade];
    const result = await fuzz(flacStripper, seeds, 300, 0x5eed0002);
    expect(result.stripped).toBeGreaterThan(0);
    expect(result.failed).toBeGreaterThan(0);
    expect(result.slowest).toBeLessThan(2000);
  });
});
