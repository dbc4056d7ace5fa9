import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wavStripper } from '../../src-main/core/strip/formats/wav.ts';
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
let plain: Buffer; // ffmpeg: fmt, LIST/INFO, data
let bwf: Buffer; // by hand: bext, fmt, JUNK, iXML, data, LIST INFO + adtl, cue, _PMX, id3, odd unknown chunk, ID3v1 after the RIFF
let oddData: Buffer; // 8-bit mono with an odd data size and its pad byte
let extensible: Buffer; // WAVE_FORMAT_EXTENSIBLE, 24-bit, 3 channels
let rf64: Buffer; // RF64 with ds64, LIST/INFO
let pcm: Buffer; // the data payload in bwf

const SINE = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.2'];
const META = [
  ['title', 'EVMARK-WAV-INAM'],
  ['artist', 'EVMARK-WAV-IART'],
  ['comment', 'EVMARK-WAV-ICMT'],
  ['date', '2018-07-20'],
].flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);

const chunk = (id: string, body: Buffer): Buffer => bytes(id, u32le(body.length), body, body.length % 2 === 1 ? [0] : []);
const riff = (...chunks: Buffer[]): Buffer => {
  const body = Buffer.concat(chunks);
  return bytes('RIFF', u32le(body.length + 4), 'WAVE', body);
};

/** The chunks of a RIFF file as [id, body] (test-side reader, independent of the stripper). */
function chunksOf(file: Buffer): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  for (let pos = 12; pos + 8 <= file.length; ) {
    const size = file.readUInt32LE(pos + 4);
    out.push([file.toString('latin1', pos, pos + 4), file.subarray(pos + 8, pos + 8 + size)]);
    pos += 8 + size + (size % 2);
  }
  return out;
}
const body = (file: Buffer, id: string): Buffer => chunksOf(file).find(([i]) => i === id)?.[1] as Buffer;

function bext(): Buffer {
  const b = Buffer.alloc(602);
  b.write('EVMARK-BEXT-DESCRIPTION', 0, 'latin1');
  b.write('EVMARK-BEXT-ORIGINATOR', 256, 'latin1');
  b.write('EVMARK-BEXT-ORIGREF', 288, 'latin1');
  b.write('2018-07-20', 320, 'latin1');
  b.write('14:32:05', 330, 'latin1');
  b.writeBigUInt64LE(123456789n, 338);
  b.writeUInt16LE(1, 346);
  return Buffer.concat([b, Buffer.from('A=PCM,F=44100,W=16,M=mono,T=Zoom H4n Pro EVMARK-BEXT-HISTORY\r\n')]);
}

const IXML = `<?xml version="1.0" encoding="UTF-8"?><BWFXML><IXML_VERSION>2.1</IXML_VERSION><PROJECT>EVMARK-IXML-PROJECT</PROJECT>
<NOTE>EVMARK-IXML-NOTE</NOTE><USER>EVMARK-IXML-USER</USER><LOCATION><LOCATION_NAME>EVMARK-IXML-LOCATION</LOCATION_NAME>
<LOCATION_GPS>43.3178, 45.6949</LOCATION_GPS></LOCATION></BWFXML>`;
const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>EVMARK-WAV-XMP-CREATOR</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;

beforeAll(async () => {
  dir = await makeTempDir('ev-strip-wav-');
  const f = (name: string): string => path.join(dir, name);
  ffmpeg(...SINE, '-c:a', 'pcm_s16le', ...META, f('plain.wav'));
  ffmpeg(...SINE, '-ac', '3', '-c:a', 'pcm_s24le', ...META, f('ext.wav'));
  ffmpeg(...SINE, '-c:a', 'pcm_s16le', '-rf64', 'always', ...META, f('rf64.wav'));
  ffmpeg(...SINE, '-ar', '8000', '-c:a', 'pcm_u8', f('u8.wav'));
  plain = await fs.readFile(f('plain.wav'));
  extensible = await fs.readFile(f('ext.wav'));
  rf64 = await fs.readFile(f('rf64.wav'));
  const u8 = await fs.readFile(f('u8.wav'));

  pcm = body(plain, 'data');
  const info = body(plain, 'LIST');
  const id3Body = bytes('TIT2', u32be(17), [0, 0], [3], 'EVMARK-WAV-ID3v2');
  bwf = Buffer.concat([
    riff(
      chunk('bext', bext()),
      chunk('fmt ', body(plain, 'fmt ')),
      chunk('JUNK', Buffer.alloc(28)),
      chunk('iXML', Buffer.from(IXML)),
      chunk('data', pcm),
      chunk('LIST', info),
      chunk('LIST', bytes('adtl', chunk('labl', bytes(u32le(1), 'EVMARK-WAV-CUE-LABEL', [0])), chunk('note', bytes(u32le(1), 'EVMARK-WAV-CUE-NOTE', [0])))),
      chunk('cue ', bytes(u32le(1), u32le(1), u32le(0), 'data', u32le(0), u32le(0), u32le(100))),
      chunk('_PMX', Buffer.from(XMP)),
      chunk('id3 ', bytes('ID3', [3, 0, 0], syncsafe(id3Body.length), id3Body)),
      chunk('zzzz', Buffer.from('EVMARK-WAV-UNKNOWN-ODD')), // 21 bytes: a pad byte follows
    ),
    bytes('TAG', Buffer.from('EVMARK-WAV-ID3V1'.padEnd(30, '\0')), Buffer.alloc(95)),
  ]);
  oddData = riff(chunk('fmt ', body(u8, 'fmt ')), chunk('LIST', bytes('INFO', chunk('IART', Buffer.from('EVMARK-ODD\0')))), chunk('data', body(u8, 'data').subarray(0, 801)));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function checkCopy(name: string, original: Buffer, copy: Buffer): Promise<void> {
  const origFile = await writeTemp(dir, `orig-${name}.wav`, original);
  const copyFile = await writeTemp(dir, `copy-${name}.wav`, copy);
  const json = exiftoolJson(copyFile);
  expectNoIdentifying(JSON.stringify(metadataTags(json)), 'exiftool');
  expect(Object.keys(metadataTags(json)).filter((k) => !/^(RIFF|Composite):/.test(k))).toEqual([]);
  expect(Object.keys(json).filter((k) => /Warning|Error/.test(k))).toEqual([]);
  // mat2 reads WAV through exiftool; for RF64 it lists the ds64 sizes, which are structure.
  const mat2 = mat2Show(copyFile);
  const mat2Fields = mat2.split('\n').filter((l) => /^\s+\w+: /.test(l)).map((l) => l.trim().split(':')[0]);
  expect(mat2Fields.filter((n) => !['DataSize64', 'NumberOfSamples64', 'RIFFSize64'].includes(n ?? ''))).toEqual([]);
  expectNoIdentifying(mat2, 'mat2');
  expectBytesFree(copy, ['EVMARK', 'LIST', 'bext', 'iXML', 'Lavf', 'Zoom']);
  expect(ffprobeErrors(copyFile)).toBe('');
  expect(ffmpegHashes(copyFile)).toEqual(ffmpegHashes(origFile));
  // Sizes: the RIFF size covers exactly the file (RF64 keeps it in ds64), chunk order fmt, [fact,] data.
  if (copy.toString('latin1', 0, 4) === 'RIFF') {
    expect(copy.readUInt32LE(4)).toBe(copy.length - 8);
    expect(chunksOf(copy).map(([id]) => id)).toEqual(chunksOf(copy).some(([id]) => id === 'fact') ? ['fmt ', 'fact', 'data'] : ['fmt ', 'data']);
  }
}

describe('wav stripper', () => {
  it('removes ffmpeg LIST/INFO and keeps fmt and data', async () => {
    expect(exiftoolJson(await writeTemp(dir, 'check.wav', plain))['RIFF:Title']).toBe('EVMARK-WAV-INAM');
    const { outcome, copy } = await runStrip(wavStripper, plain);
    expect(outcome.removed).toEqual(expect.arrayContaining([
      { name: 'LIST-INFO:INAM', value: 'EVMARK-WAV-INAM' },
      { name: 'LIST-INFO:IART', value: 'EVMARK-WAV-IART' },
      { name: 'LIST-INFO:ICRD', value: '2018-07-20' },
      { name: 'LIST-INFO:ISFT', value: expect.stringMatching(/^Lavf/) },
    ]));
    expect(copy.equals(riff(chunk('fmt ', body(plain, 'fmt ')), chunk('data', pcm)))).toBe(true);
    expect(outcome.proof).toEqual({ kind: 'media-data', original: sha256(pcm), copy: sha256(body(copy, 'data')), identical: true });
    expect(outcome.method).toBe('riff-chunks');
    await checkCopy('plain', plain, copy);
  });

  it('removes bext, iXML, LIST adtl, cue, _PMX, id3, unknown chunks and an ID3v1 tag after the RIFF', async () => {
    const original = await writeTemp(dir, 'bwf.wav', bwf);
    expect(JSON.stringify(exiftoolJson(original))).toMatch(/EVMARK-IXML-PROJECT/);
    const { outcome, copy } = await runStrip(wavStripper, bwf);
    const values = Object.fromEntries(outcome.removed.map((r) => [r.name, r.value]));
    expect(values).toMatchObject({
      'bext:Description': 'EVMARK-BEXT-DESCRIPTION',
      'bext:Originator': 'EVMARK-BEXT-ORIGINATOR',
      'bext:OriginationDate': '2018-07-20',
      'bext:TimeReference': '123456789',
      'iXML:PROJECT': 'EVMARK-IXML-PROJECT',
      'iXML:LOCATION_GPS': '43.3178, 45.6949',
      'LIST-INFO:INAM': 'EVMARK-WAV-INAM',
      'LIST-adtl:labl': 'EVMARK-WAV-CUE-LABEL',
      'LIST-adtl:note': 'EVMARK-WAV-CUE-NOTE',
      'XMP:rdf:li': 'EVMARK-WAV-XMP-CREATOR',
      'ID3v2:TIT2': 'EVMARK-WAV-ID3v2',
      'RIFF:zzzz': 'EVMARK-WAV-UNKNOWN-ODD',
      'ID3v1:Title': 'EVMARK-WAV-ID3V1',
    });
    expect(values['bext:CodingHistory']).toMatch(/Zoom H4n Pro/);
    expect(values['RIFF:cue']).toBeDefined();
    expect(outcome.removed.some((r) => r.name.startsWith('RIFF:JUNK'))).toBe(false); // zero filler is not worth a line
    expect(copy.equals(riff(chunk('fmt ', body(plain, 'fmt ')), chunk('data', pcm)))).toBe(true);
    expect(outcome.proof?.original).toBe(sha256(pcm));
    await checkCopy('bwf', plain, copy);
  });

  it('keeps the pad byte of an odd-sized data chunk and counts it in the RIFF size', async () => {
    const { copy, outcome } = await runStrip(wavStripper, oddData);
    expect(outcome.removed).toEqual([{ name: 'LIST-INFO:IART', value: 'EVMARK-ODD' }]);
    expect(body(copy, 'data').length).toBe(801);
    expect(copy.length).toBe(12 + 8 + 16 + 8 + 801 + 1);
    await checkCopy('odd', oddData, copy);
  });

  it('keeps a WAVE_FORMAT_EXTENSIBLE format chunk whole', async () => {
    const { copy } = await runStrip(wavStripper, extensible);
    expect(body(copy, 'fmt ').equals(body(extensible, 'fmt '))).toBe(true);
    expect(body(copy, 'fmt ').readUInt16LE(0)).toBe(0xfffe);
    await checkCopy('extensible', extensible, copy);
  });

  it('cleans RF64, rewriting ds64 for the new size', async () => {
    expect(rf64.toString('latin1', 0, 4)).toBe('RF64');
    const { outcome, copy } = await runStrip(wavStripper, rf64);
    expect(outcome.removed).toContainEqual({ name: 'LIST-INFO:INAM', value: 'EVMARK-WAV-INAM' });
    expect(copy.toString('latin1', 0, 4)).toBe('RF64');
    expect(copy.toString('latin1', 12, 16)).toBe('ds64');
    expect(Number(copy.readBigUInt64LE(20))).toBe(copy.length - 8);
    expect(outcome.proof?.identical).toBe(true);
    await checkCopy('rf64', rf64, copy);
  });

  it('refuses truncated and damaged files with a reason', async () => {
    const failures: Array<[string, Buffer]> = [
      ['truncated in the data', plain.subarray(0, plain.length - 100)],
      ['truncated in the header', plain.subarray(0, 10)],
      ['no format chunk', riff(chunk('data', pcm))],
      ['no data chunk', riff(chunk('fmt ', body(plain, 'fmt ')))],
      ['format chunk too short', riff(chunk('fmt ', Buffer.alloc(8)), chunk('data', pcm))],
      ['RF64 without ds64', bytes('RF64', u32le(0xffffffff), 'WAVE', chunk('fmt ', body(plain, 'fmt ')))],
      ['not a RIFF form', bytes('RIFQ', u32le(4), 'WAVE')],
    ];
    for (const [label, input] of failures) await expect(runStrip(wavStripper, input), label).rejects.toBeInstanceOf(StripFailure);
    await expect(runStrip(wavStripper, plain.subarray(0, plain.length - 100))).rejects.toThrow(/truncated/);
    const twoData = riff(chunk('fmt ', body(plain, 'fmt ')), chunk('data', pcm), chunk('data', pcm));
    await expect(runStrip(wavStripper, twoData)).rejects.toBeInstanceOf(StripUnsupported);
  });

  it('survives fuzzing: every damaged file strips or is refused, quickly', async () => {
    const short = (b: Buffer): Buffer => {
      // Keep the audio short so that damage lands on the chunk structure.
      const chunks = chunksOf(b).map(([id, c]) => chunk(id, id === 'data' ? c.subarray(0, 64) : c));
      return riff(...chunks);
    };
    const seeds = [short(bwf.subarray(0, bwf.length - 128)), oddData, short(extensible), rf64];
    const result = await fuzz(wavStripper, seeds, 300, 0x5eed0001);
    expect(result.stripped).toBeGreaterThan(0);
    expect(result.failed).toBeGreaterThan(0);
    expect(result.slowest).toBeLessThan(2000);
  });
});
