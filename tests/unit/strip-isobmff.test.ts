import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isobmffStripper } from '../../src-main/core/strip/formats/isobmff.ts';
import type { ByteSource, StripOutcome } from '../../src-main/core/strip/types.ts';
import { bufferSource, collectingSink, StripFailure, StripUnsupported } from '../../src-main/core/strip/types.ts';
import { boxesIn, chunkRanges, findPath, mediaDataHash, prng, retypeHandler, tempContext, widen } from '../helpers/strip-fixtures-isobmff.ts';

let dir: string;
const fixtures = new Map<string, Buffer>();

const run = promisify(execFile);
const ffmpeg = async (...args: string[]): Promise<void> => {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args]);
};
const exiftool = async (...args: string[]): Promise<void> => {
  await run('exiftool', ['-q', '-overwrite_original', ...args]);
};
const AV = ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '1', '-c:v', 'libx264', '-c:a', 'aac', '-threads', '1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'];
const WHEN = '2018-07-20T11:32:05Z';
const LOCATION = '+43.3178+045.6949/';

/** Every file carries unique markers; `DEVMARK` anywhere in a copy is a leak. Independent files are made in parallel. */
async function makeFixtures(): Promise<void> {
  const at = (name: string): string => path.join(dir, name);
  const mp4Tags = (p: string): string[] => ['-metadata', `title=DEVMARK-${p}-TITLE`, '-metadata', `artist=DEVMARK-${p}-ARTIST`, '-metadata', `comment=DEVMARK-${p}-COMMENT`, '-metadata', `location=${LOCATION}`, '-metadata', `creation_time=${WHEN}`, '-metadata:s:v', `handler_name=DEVMARK-${p}-VIDEO-HANDLER`, '-metadata:s:a', `handler_name=DEVMARK-${p}-AUDIO-HANDLER`];
  const amr = execFileSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' }).includes('libopencore_amrnb');

  await Promise.all([
    (async () => {
      // Moov at the end (ffmpeg's default), iTunes ilst + 3GPP loci + dates + handler names.
      await ffmpeg(...AV, ...mp4Tags('MP4'), at('end.mp4'));
      // exiftool adds XMP (top-level uuid), Apple keys (moov/meta) and QuickTime user data to a copy.
      await fs.copyFile(at('end.mp4'), at('exif.mp4'));
      await exiftool('-XMP-dc:Creator=DEVMARK-XMP-CREATOR', '-XMP-dc:Description=DEVMARK-XMP-DESCRIPTION', '-Keys:Author=DEVMARK-KEYS-AUTHOR', '-Keys:Make=Apple', '-Keys:Model=iPhone 8', '-Keys:CreationDate=2018:07:20 14:32:05+03:00', '-Keys:GPSCoordinates=43.3178 N, 45.6949 E, 150 m', '-UserData:GPSCoordinates=43.3178 N, 45.6949 E', '-UserData:Make=Canon', at('exif.mp4'));
    })(),
    // Moov first, metadata as mdta keys.
    ffmpeg(...AV, ...mp4Tags('FS'), '-movflags', 'faststart+use_metadata_tags', at('start.mp4')),
    // iPhone-style MOV: com.apple.quicktime.* keys, track names in trak/udta.
    ffmpeg(...AV, '-movflags', 'use_metadata_tags', '-metadata', 'com.apple.quicktime.location.ISO6709=+43.3178+045.6949+150.000/', '-metadata', 'com.apple.quicktime.make=Apple', '-metadata', 'com.apple.quicktime.model=iPhone 8', '-metadata', 'com.apple.quicktime.software=11.4', '-metadata', 'com.apple.quicktime.creationdate=2018-07-20T14:32:05+0300', '-metadata', 'com.apple.quicktime.author=DEVMARK-MOV-AUTHOR', '-metadata', `creation_time=${WHEN}`, '-metadata:s:v', 'title=DEVMARK-MOV-TRACK-NAME', '-f', 'mov', at('iphone.mov')),
    (async () => {
      // Voice memo: ©nam (street), ©ART, ©day, ©too (phone model), loci.
      await ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=44100', '-t', '1', '-c:a', 'aac', '-ac', '1', '-fflags', '+bitexact', '-flags:a', '+bitexact', '-metadata', 'title=DEVMARK-M4A-TITLE (Prospekt Pobedy 12)', '-metadata', 'artist=DEVMARK-M4A-ARTIST', '-metadata', 'date=2018-07-20T14:32:05+0300', '-metadata', `location=${LOCATION}`, '-metadata', `creation_time=${WHEN}`, '-f', 'ipod', at('memo.m4a'));
      await exiftool('-ItemList:Encoder=com.apple.VoiceMemos (DEVMARK-M4A-ENCODER iPhone Version 11.4)', at('memo.m4a'));
    })(),
    // 3GP: H.263 video, AMR audio when this ffmpeg has an AMR encoder, else AAC; 3GPP udta strings.
    ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=176x144:rate=10', '-f', 'lavfi', '-i', 'sine', '-t', '1', '-c:v', 'h263', ...(amr ? ['-c:a', 'libopencore_amrnb', '-ar', '8000', '-ac', '1'] : ['-c:a', 'aac', '-ar', '8000', '-ac', '1']), '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact', '-metadata', 'title=DEVMARK-3GP-TITLE', '-metadata', 'author=DEVMARK-3GP-AUTHOR', '-metadata', 'artist=DEVMARK-3GP-PERFORMER', '-metadata', 'copyright=DEVMARK-3GP-COPYRIGHT', '-metadata', `location=${LOCATION}`, '-metadata', `creation_time=${WHEN}`, '-f', '3gp', at('phone.3gp')),
    // Fragmented MP4: moov with mvex, moof/traf per keyframe, mfra.
    ffmpeg(...AV, ...mp4Tags('FRAG'), '-movflags', 'frag_keyframe+empty_moov', at('frag.mp4')),
    // A timecode track: the time of day in a sample.
    ffmpeg(...AV, '-timecode', '14:32:05:00', '-metadata', 'title=DEVMARK-TC-TITLE', '-f', 'mov', at('timecode.mov')),
  ]);
  for (const name of ['end.mp4', 'start.mp4', 'exif.mp4', 'iphone.mov', 'memo.m4a', 'phone.3gp', 'frag.mp4', 'timecode.mov']) {
    fixtures.set(name, await fs.readFile(at(name)));
  }
  // The same clip as a large recording's layout: 64-bit mdat size, co64 offsets, version-1 headers.
  fixtures.set('wide.mp4', widen(fixture('end.mp4'), BigInt(Date.parse(WHEN) / 1000 + 2_082_844_800))); // seconds since 1904
  // A timed-metadata track (stands in for GPS telemetry/mebx): the audio track relabelled as 'meta'.
  fixtures.set('metatrack.mp4', retypeHandler(fixture('end.mp4'), 'soun', 'meta'));
}

const fixture = (name: string): Buffer => {
  const f = fixtures.get(name);
  if (f === undefined) throw new Error(`no fixture ${name}`);
  return f;
};

async function strip(input: Buffer | ByteSource): Promise<{ copy: Buffer; outcome: StripOutcome }> {
  const sink = collectingSink();
  const src = Buffer.isBuffer(input) ? bufferSource(input) : input;
  const outcome = await isobmffStripper.strip(src, sink, tempContext(dir));
  return { copy: sink.bytes(), outcome };
}

async function stripToFile(name: string): Promise<{ original: string; copyPath: string; copy: Buffer; outcome: StripOutcome }> {
  const original = path.join(dir, `orig-${name}`);
  await fs.writeFile(original, fixture(name));
  const { copy, outcome } = await strip(fixture(name));
  const copyPath = path.join(dir, `copy-${name}`);
  await fs.writeFile(copyPath, copy);
  return { original, copyPath, copy, outcome };
}

async function exif(file: string): Promise<Record<string, unknown>> {
  const { stdout } = await run('exiftool', ['-a', '-G1', '-s', '-j', file], { encoding: 'utf8' });
  return (JSON.parse(stdout) as Array<Record<string, unknown>>)[0] ?? {};
}

const IDENTIFYING_KEY = /GPS|Location|Make|Model|Author|Artist|Title|Comment|Software|Encoder|Creator|Description|Copyright|Performer|HandlerDescription|Track\dName|CompressorName|VendorID|Keys:|ItemList:|UserData:|XMP/;
const IDENTIFYING_VALUE = /DEVMARK|43\.317|43 deg|45\.694|iPhone|Apple|Canon|2018|VoiceMemos|Lavf|Lavc|14:32:05/;

/** exiftool sees nothing identifying: no such tags, every date zero, no warnings. */
async function expectExifClean(file: string): Promise<Record<string, unknown>> {
  const tags = await exif(file);
  for (const [key, value] of Object.entries(tags)) {
    if (/^(SourceFile|System:|File:|ExifTool:ExifToolVersion|QuickTime:MajorBrand)/.test(key)) continue; // brand names say 'Apple QuickTime'
    expect(key, `${key}=${String(value)}`).not.toMatch(IDENTIFYING_KEY);
    expect(`${key}=${JSON.stringify(value)}`).not.toMatch(IDENTIFYING_VALUE);
    if (/Date/.test(key)) expect(value, key).toBe('0000:00:00 00:00:00');
  }
  expect(tags['ExifTool:Warning']).toBeUndefined();
  expect(tags['ExifTool:Error']).toBeUndefined();
  return tags;
}

type Probe = { format: Record<string, string>; streams: Array<Record<string, unknown>> };
async function probe(file: string): Promise<Probe> {
  const { stdout, stderr } = await run('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file], { encoding: 'utf8' });
  expect(stderr).toBe('');
  return JSON.parse(stdout) as Probe;
}

const STREAM_PARAMS = ['index', 'codec_name', 'codec_type', 'profile', 'width', 'height', 'pix_fmt', 'sample_rate', 'channels', 'channel_layout', 'r_frame_rate', 'time_base', 'duration', 'duration_ts', 'nb_frames', 'bit_rate', 'extradata_size'];
async function expectSameStreams(original: string, copy: string): Promise<Probe> {
  const [a, b] = await Promise.all([probe(original), probe(copy)]);
  expect(b.format.duration).toBe(a.format.duration);
  expect(b.format.size).toBe(a.format.size);
  const params = (p: Probe): unknown[] => p.streams.map((s) => Object.fromEntries(STREAM_PARAMS.map((k) => [k, s[k]])));
  expect(params(b)).toEqual(params(a));
  return b;
}

/** Per-packet MD5s of the streams, read by ffmpeg's demuxer (software version line dropped). */
async function framemd5(file: string, maps = ['-map', '0']): Promise<string> {
  const { stdout } = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, ...maps, '-c', 'copy', '-f', 'framemd5', '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return stdout
    .split('\n')
    .filter((l) => !l.startsWith('#software'))
    .join('\n');
}

/** The checks every format gets: same size, no markers, exiftool clean, same streams and packets, proof. */
async function expectCleanCopy(name: string, markers: string[]): Promise<{ copy: Buffer; outcome: StripOutcome; copyPath: string }> {
  const { original, copyPath, copy, outcome } = await stripToFile(name);
  const orig = fixture(name);
  expect(copy.length).toBe(orig.length);
  for (const m of [...markers, 'DEVMARK']) {
    expect(orig.includes(m), `fixture has ${m}`).toBe(true);
    expect(copy.includes(m), `copy has ${m}`).toBe(false);
  }
  const [, , packetsCopy, packetsOriginal] = await Promise.all([expectExifClean(copyPath), expectSameStreams(original, copyPath), framemd5(copyPath), framemd5(original)]);
  expect(packetsCopy).toBe(packetsOriginal);
  expect(outcome.method).toBe('isobmff-in-place');
  expect(outcome.proof).toEqual({ kind: 'media-data', original: mediaDataHash(orig), copy: mediaDataHash(copy), identical: true });
  // Nothing but metadata changed: outside moov/moof/removed boxes the bytes are the same.
  const mdat = boxesIn(orig).filter((b) => b.type === 'mdat');
  for (const b of mdat) expect(copy.subarray(b.pos, b.pos + b.size).equals(orig.subarray(b.pos, b.pos + b.size))).toBe(true);
  return { copy, outcome, copyPath };
}

const values = (o: StripOutcome): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const e of o.removed) (out[e.name] ??= []).push(e.value);
  return out;
};

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ev-strip-isobmff-'));
  await makeFixtures();
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('isobmff stripper: formats', () => {
  it('claims the movie media types and not HEIF/AVIF images', () => {
    expect(isobmffStripper.mediaTypes).toEqual(expect.arrayContaining(['video/mp4', 'video/quicktime', 'audio/mp4', 'video/3gpp']));
    for (const t of isobmffStripper.mediaTypes) expect(t).not.toMatch(/^image\//);
  });

  it('MP4 with moov at the end: ilst, loci, dates, handler names removed; streams untouched', async () => {
    const { copy, outcome, copyPath } = await expectCleanCopy('end.mp4', ['DEVMARK-MP4-TITLE', 'DEVMARK-MP4-ARTIST', 'DEVMARK-MP4-COMMENT', 'DEVMARK-MP4-VIDEO-HANDLER', 'DEVMARK-MP4-AUDIO-HANDLER']);
    const v = values(outcome);
    expect(v['ItemList:Title']).toEqual(['DEVMARK-MP4-TITLE']);
    expect(v['ItemList:Artist']).toEqual(['DEVMARK-MP4-ARTIST']);
    expect(v['ItemList:Comment']).toEqual(['DEVMARK-MP4-COMMENT']);
    expect(v['UserData:LocationInformation']?.[0]).toMatch(/lat=43\.3178 lon=45\.6949/);
    expect(v['QuickTime:CreateDate']).toEqual(['2018-07-20T11:32:05Z']);
    expect(v['QuickTime:TrackCreateDate']).toEqual(['2018-07-20T11:32:05Z', '2018-07-20T11:32:05Z']);
    expect(v['QuickTime:MediaModifyDate']).toHaveLength(2);
    expect(v['QuickTime:HandlerDescription']).toEqual(['DEVMARK-MP4-VIDEO-HANDLER', 'DEVMARK-MP4-AUDIO-HANDLER']);
    // Layout unchanged: same top-level boxes at the same offsets, udta now free space.
    expect(boxesIn(copy).map((b) => [b.type, b.pos, b.size])).toEqual(boxesIn(fixture('end.mp4')).map((b) => [b.type, b.pos, b.size]));
    expect(findPath(copy, ['moov', 'udta'])).toHaveLength(0);
    expect(findPath(copy, ['moov', 'free']).length).toBeGreaterThan(0);
    // mat2 reads MP4 through exiftool; it must find nothing identifying either.
    const mat2 = await run('mat2', ['--show', copyPath], { encoding: 'utf8' });
    expect(mat2.stdout).not.toMatch(IDENTIFYING_VALUE);
    expect(mat2.stdout).not.toMatch(/HandlerDescription|Title|Artist|Comment|Location/);
  });

  it('MP4 with moov first (faststart) and mdta keys', async () => {
    const { outcome } = await expectCleanCopy('start.mp4', ['DEVMARK-FS-TITLE', 'DEVMARK-FS-ARTIST', 'DEVMARK-FS-COMMENT', 'DEVMARK-FS-VIDEO-HANDLER', LOCATION]);
    const order = boxesIn(fixture('start.mp4')).map((b) => b.type);
    expect(order.indexOf('moov')).toBeLessThan(order.indexOf('mdat'));
    const v = values(outcome);
    expect(v['Keys:title']).toEqual(['DEVMARK-FS-TITLE']);
    expect(v['Keys:location']).toEqual([LOCATION]);
  });

  it('MP4 edited by exiftool: top-level XMP uuid, moov/meta Apple keys (non-FullBox meta), user data GPS', async () => {
    const { outcome } = await expectCleanCopy('exif.mp4', ['DEVMARK-XMP-CREATOR', 'DEVMARK-XMP-DESCRIPTION', 'DEVMARK-KEYS-AUTHOR', 'iPhone 8', 'Canon']);
    expect(boxesIn(fixture('exif.mp4')).some((b) => b.type === 'uuid')).toBe(true);
    expect(findPath(fixture('exif.mp4'), ['moov', 'meta'])).toHaveLength(1);
    const v = values(outcome);
    expect(v['XMP:Packet']?.[0]).toContain('dc:creator=DEVMARK-XMP-CREATOR');
    expect(v['Keys:com.apple.quicktime.author']).toEqual(['DEVMARK-KEYS-AUTHOR']);
    expect(v['Keys:com.apple.quicktime.model']).toEqual(['iPhone 8']);
    expect(v['Keys:com.apple.quicktime.location.ISO6709']?.[0]).toMatch(/^\+43\.3178\+045\.6949/);
    expect(v['UserData:GPSCoordinates']?.[0]).toMatch(/^\+43\.3178\+045\.6949/);
    expect(v['UserData:Make']).toEqual(['Canon']);
  });

  it('iPhone-style MOV: com.apple.quicktime keys, QuickTime Pascal handler names, track names', async () => {
    const { outcome } = await expectCleanCopy('iphone.mov', ['DEVMARK-MOV-AUTHOR', 'DEVMARK-MOV-TRACK-NAME', '+43.3178+045.6949+150.000/', 'iPhone 8', '2018-07-20T14:32:05+0300', 'VideoHandler', 'DataHandler']);
    const v = values(outcome);
    expect(v['Keys:com.apple.quicktime.location.ISO6709']).toEqual(['+43.3178+045.6949+150.000/']);
    expect(v['Keys:com.apple.quicktime.make']).toEqual(['Apple']);
    expect(v['Keys:com.apple.quicktime.software']).toEqual(['11.4']);
    expect(v['Keys:com.apple.quicktime.creationdate']).toEqual(['2018-07-20T14:32:05+0300']);
    expect(v['UserData:Name']).toEqual(['DEVMARK-MOV-TRACK-NAME']);
    expect(v['QuickTime:HandlerDescription']).toContain('VideoHandler');
    expect(v['QuickTime:VendorID']).toContain('FFMP');
  });

  it('M4A voice memo: street name, phone model in ©too, date, loci', async () => {
    const { outcome } = await expectCleanCopy('memo.m4a', ['DEVMARK-M4A-TITLE (Prospekt Pobedy 12)', 'DEVMARK-M4A-ARTIST', 'DEVMARK-M4A-ENCODER', '2018-07-20T14:32:05+0300']);
    const v = values(outcome);
    expect(v['ItemList:Title']).toEqual(['DEVMARK-M4A-TITLE (Prospekt Pobedy 12)']);
    expect(v['ItemList:Encoder']?.[0]).toContain('DEVMARK-M4A-ENCODER');
    expect(v['ItemList:ContentCreateDate']).toEqual(['2018-07-20T14:32:05+0300']);
    expect(v['UserData:LocationInformation']?.[0]).toMatch(/lat=43\.3178 lon=45\.6949/);
  });

  it('3GP: 3GPP user data strings (titl, auth, perf, cprt) and loci', async () => {
    const { outcome } = await expectCleanCopy('phone.3gp', ['DEVMARK-3GP-TITLE', 'DEVMARK-3GP-AUTHOR', 'DEVMARK-3GP-PERFORMER', 'DEVMARK-3GP-COPYRIGHT']);
    const v = values(outcome);
    expect(v['UserData:Title']).toEqual(['DEVMARK-3GP-TITLE']);
    expect(v['UserData:Author']).toEqual(['DEVMARK-3GP-AUTHOR']);
    expect(v['UserData:Performer']).toEqual(['DEVMARK-3GP-PERFORMER']);
    expect(v['UserData:Copyright']).toEqual(['DEVMARK-3GP-COPYRIGHT']);
    expect(v['UserData:LocationInformation']?.[0]).toMatch(/lat=43\.3178 lon=45\.6949/);
  });

  it('fragmented MP4 (moof/traf/mfra): metadata removed, every fragment still plays the same', async () => {
    const orig = fixture('frag.mp4');
    expect(boxesIn(orig).filter((b) => b.type === 'moof').length).toBeGreaterThan(0);
    expect(boxesIn(orig).some((b) => b.type === 'mfra')).toBe(true);
    const { copy } = await expectCleanCopy('frag.mp4', ['DEVMARK-FRAG-TITLE', 'DEVMARK-FRAG-VIDEO-HANDLER']);
    for (const b of boxesIn(orig).filter((x) => x.type === 'moof')) expect(copy.subarray(b.pos, b.pos + b.size).equals(orig.subarray(b.pos, b.pos + b.size))).toBe(true);
  });

  it('64-bit boxes: largesize mdat, co64 offsets, version-1 headers with 64-bit dates', async () => {
    const wide = fixture('wide.mp4');
    expect(wide.readUInt32BE(boxesIn(wide)[1]?.pos ?? 0)).toBe(1);
    expect(findPath(wide, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'co64'])).toHaveLength(2);
    expect(await framemd5(await writeTemp('wide-check.mp4', wide))).toBe(await framemd5(await writeTemp('end-check.mp4', fixture('end.mp4'))));
    const { copy, outcome } = await expectCleanCopy('wide.mp4', ['DEVMARK-MP4-TITLE']);
    const mvhd = findPath(copy, ['moov', 'mvhd'])[0];
    expect(mvhd && copy[mvhd.pos + 8]).toBe(1);
    expect(values(outcome)['QuickTime:CreateDate']).toEqual(['2018-07-20T11:32:05Z']);
  });

  it('a size-0 mdat running to the end of the file', async () => {
    const buf = Buffer.from(fixture('start.mp4'));
    const mdat = boxesIn(buf).find((b) => b.type === 'mdat');
    if (mdat === undefined || mdat.pos + mdat.size !== buf.length) throw new Error('mdat is not last');
    buf.writeUInt32BE(0, mdat.pos);
    const { copy, outcome } = await strip(buf);
    expect(copy.length).toBe(buf.length);
    expect(copy.readUInt32BE(mdat.pos)).toBe(0);
    expect(outcome.proof?.identical).toBe(true);
    expect(outcome.proof?.original).toBe(mediaDataHash(fixture('start.mp4')));
  });
});

describe('isobmff stripper: samples that are metadata', () => {
  it('zeroes a timecode track (time of day) and leaves audio and video packets identical', async () => {
    const { original, copyPath, copy, outcome } = await stripToFile('timecode.mov');
    expect(copy.length).toBe(fixture('timecode.mov').length);
    expect(values(outcome)['QuickTime:TimeCode']).toEqual(['14:32:05:00']);
    const tc = async (file: string): Promise<unknown> => ((await probe(file)).streams.find((s) => s.codec_tag_string === 'tmcd')?.tags as Record<string, unknown> | undefined)?.timecode;
    expect(await tc(original)).toMatch(/^14:32:05:0/);
    expect(await tc(copyPath)).toMatch(/^00:00:00:0/);
    expect(await framemd5(copyPath, ['-map', '0:v', '-map', '0:a'])).toBe(await framemd5(original, ['-map', '0:v', '-map', '0:a']));
    await expectExifClean(copyPath);
    expect(outcome.proof?.identical).toBe(true);
  });

  it('zeroes the samples of a timed-metadata track in mdat; the proof covers everything else', async () => {
    const orig = fixture('metatrack.mp4');
    const { copy, outcome } = await strip(orig);
    const meta = chunkRanges(orig, 'meta');
    expect(meta.length).toBeGreaterThan(0);
    for (const [s, e] of meta) {
      expect(orig.subarray(s, e).some((b) => b !== 0)).toBe(true);
      expect(copy.subarray(s, e).every((b) => b === 0)).toBe(true);
    }
    for (const [s, e] of chunkRanges(orig, 'vide')) expect(copy.subarray(s, e).equals(orig.subarray(s, e))).toBe(true);
    expect(values(outcome)['QuickTime:TimedMetadata']?.[0]).toMatch(/zeroed/);
    // The proof hashes media data less the blanked ranges, on both sides.
    const kept = createHash('sha256');
    const mdat = boxesIn(orig).find((b) => b.type === 'mdat');
    let at = (mdat?.pos ?? 0) + 8;
    for (const [s, e] of [...meta].sort((x, y) => x[0] - y[0])) {
      kept.update(orig.subarray(at, s));
      at = e;
    }
    kept.update(orig.subarray(at, (mdat?.pos ?? 0) + (mdat?.size ?? 0)));
    expect(outcome.proof).toEqual({ kind: 'media-data', original: kept.digest('hex'), copy: expect.any(String), identical: true });
    expect(outcome.proof?.copy).toBe(outcome.proof?.original);
  });
});

async function writeTemp(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, bytes);
  return file;
}

describe('isobmff stripper: streaming', () => {
  /** end.mp4 with its mdat grown by `extra` virtual zero bytes (moov moves; chunk offsets do not). */
  function hugeSource(extra: number): { src: ByteSource; readBytes: () => number; moovSize: number } {
    const buf = fixture('end.mp4');
    const [ftyp, free, mdat, moov] = boxesIn(buf) as [NonNullable<ReturnType<typeof boxesIn>[number]>, ...ReturnType<typeof boxesIn>];
    if (free?.type !== 'free' || mdat?.type !== 'mdat' || moov?.type !== 'moov') throw new Error('layout');
    const mdatSize = mdat.size + extra;
    const head = Buffer.concat([buf.subarray(ftyp.pos, free.pos), Buffer.alloc(16), buf.subarray(mdat.pos + 8, mdat.pos + mdat.size)]);
    // free(8)+mdat header → a 64-bit mdat header of 16 bytes, as ffmpeg does past 4 GiB.
    head.writeUInt32BE(1, free.pos);
    head.write('mdat', free.pos + 4, 'latin1');
    head.writeBigUInt64BE(BigInt(mdatSize + 8), free.pos + 8);
    const tail = buf.subarray(moov.pos, moov.pos + moov.size);
    const size = head.length + extra + tail.length;
    const byteAt = (pos: number, len: number): Buffer => {
      const out = Buffer.alloc(Math.max(0, Math.min(len, size - pos)));
      for (let i = 0; i < out.length; ) {
        const p = pos + i;
        if (p < head.length) i += head.copy(out, i, p, Math.min(head.length, p + out.length - i));
        else if (p < head.length + extra) i += Math.min(out.length - i, head.length + extra - p);
        else i += tail.copy(out, i, p - head.length - extra, tail.length);
      }
      return out;
    };
    let readBytes = 0;
    const src: ByteSource = {
      size,
      read: async (offset, length) => {
        const out = byteAt(offset, length);
        readBytes += out.length;
        return out;
      },
      chunks: async function* (start = 0, end = size) {
        for (let at = start; at < end; at += 1 << 20) yield byteAt(at, Math.min(1 << 20, end - at));
      },
    };
    return { src, readBytes: () => readBytes, moovSize: moov.size };
  }

  it('streams a 160 MiB media data box through chunks, reading only headers and the movie box', async () => {
    const extra = 160 * 1024 * 1024;
    const { src, readBytes, moovSize } = hugeSource(extra);
    let written = 0;
    const outcome = await isobmffStripper.strip(src, { write: async (c) => void (written += c.length) }, tempContext(dir));
    expect(written).toBe(src.size);
    expect(outcome.proof?.identical).toBe(true);
    expect(readBytes()).toBeLessThan(moovSize + 64 * 1024);
  });

  it('refuses a movie box larger than 256 MiB without reading it', async () => {
    const size = 300 * 1024 * 1024;
    const head = Buffer.alloc(32);
    head.writeUInt32BE(size, 0);
    head.write('moov', 4, 'latin1');
    let readBytes = 0;
    const src: ByteSource = {
      size,
      read: async (offset, length) => {
        const out = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        if (offset < 32) head.copy(out, 0, offset, 32);
        readBytes += out.length;
        return out;
      },
      chunks: async function* () {
        yield Buffer.alloc(0);
      },
    };
    await expect(isobmffStripper.strip(src, collectingSink(), tempContext(dir))).rejects.toBeInstanceOf(StripUnsupported);
    expect(readBytes).toBeLessThan(1024);
  });
});

describe('isobmff stripper: damaged and refused input', () => {
  const expectFailure = async (buf: Buffer, kind: typeof StripFailure | typeof StripUnsupported = StripFailure): Promise<string> => {
    const err = await strip(buf).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(kind);
    const message = (err as Error).message;
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toMatch(/DEVMARK|\.mp4|\.mov/);
    return message;
  };

  it('fails on truncated files: cut in the movie box, in the media data, in a header', async () => {
    const end = fixture('end.mp4');
    await expectFailure(end.subarray(0, end.length - 100));
    const start = fixture('start.mp4');
    await expectFailure(start.subarray(0, start.length - 1000));
    await expectFailure(end.subarray(0, 20));
    await expectFailure(end.subarray(0, 36));
  });

  it('fails on a box claiming more than its parent, a missing movie box, sample offsets past the end', async () => {
    const buf = Buffer.from(fixture('end.mp4'));
    const trak = findPath(buf, ['moov', 'trak'])[0];
    buf.writeUInt32BE(0x7fffffff, trak?.pos ?? 0);
    expect(await expectFailure(buf)).toMatch(/more bytes than its container/);

    const noMoov = Buffer.from(fixture('end.mp4'));
    const moov = boxesIn(noMoov).find((b) => b.type === 'moov');
    noMoov.write('junk', (moov?.pos ?? 0) + 4, 'latin1');
    await expectFailure(noMoov);

    const offsets = Buffer.from(fixture('end.mp4'));
    const stco = findPath(offsets, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stco'])[0];
    offsets.writeUInt32BE(offsets.length + 1000, (stco?.pos ?? 0) + 16);
    expect(await expectFailure(offsets)).toMatch(/past the end/);

    await expectFailure(Buffer.from('not a movie at all, just text that is long enough'));
  });

  it('refuses what it cannot clean safely: samples outside mdat, external media references, HEIF images', async () => {
    const outside = Buffer.from(fixture('end.mp4'));
    const stco = findPath(outside, ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stco'])[0];
    outside.writeUInt32BE(4, (stco?.pos ?? 0) + 16); // points into ftyp
    await expectFailure(outside, StripUnsupported);

    const external = Buffer.from(fixture('end.mp4'));
    const url = findPath(external, ['moov', 'trak', 'mdia', 'minf', 'dinf', 'dref'])[0];
    external.writeUInt32BE(0, (url?.pos ?? 0) + 16 + 8); // 'url ' flags: not self-contained
    await expectFailure(external, StripUnsupported);

    const heif = Buffer.from(fixture('end.mp4'));
    heif.write('heic', 8, 'latin1');
    await expectFailure(heif, StripUnsupported);
  });

  it('survives fuzzing: mutated and truncated files strip or fail cleanly, quickly', async () => {
    const random = prng(0x150bff);
    const names = ['end.mp4', 'start.mp4', 'iphone.mov', 'phone.3gp', 'frag.mp4', 'memo.m4a', 'timecode.mov'];
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    /** Box offsets worth hitting: every header in the walked containers. */
    const headersOf = (buf: Buffer): number[] => {
      const out: number[] = [];
      const walk = (start: number, end: number, depth: number): void => {
        for (const b of boxesIn(buf, start, end)) {
          if (b.pos + 8 > end || b.size < 8 || depth > 6) continue;
          out.push(b.pos);
          if (['moov', 'trak', 'mdia', 'minf', 'stbl', 'udta', 'moof', 'traf', 'dinf', 'mvex'].includes(b.type)) walk(b.pos + 8, Math.min(end, b.pos + b.size), depth + 1);
        }
      };
      walk(0, buf.length, 0);
      return out;
    };
    const outcomes = { stripped: 0, failed: 0, unsupported: 0 };
    const started = Date.now();
    for (let i = 0; i < 600; i++) {
      const orig = fixture(pick(names));
      let buf = Buffer.from(orig);
      const headers = headersOf(buf);
      const kind = pick(['size', 'size', 'word', 'bytes', 'truncate']);
      if (kind === 'size') {
        const at = pick(headers);
        buf.writeUInt32BE(pick([0, 1, 7, 8, 9, buf.readUInt32BE(at) + 1, buf.readUInt32BE(at) - 1, 0xffffffff, Math.floor(random() * 2 ** 32)]) >>> 0, at);
      } else if (kind === 'word') {
        // A count, offset or flags field just inside a box.
        const at = pick(headers) + 8 + 4 * Math.floor(random() * 6);
        if (at + 4 <= buf.length) buf.writeUInt32BE(pick([0, 1, 0xffffffff, 0x7fffffff, Math.floor(random() * 2 ** 32)]) >>> 0, at);
      } else if (kind === 'bytes') {
        for (let n = 1 + Math.floor(random() * 8); n > 0; n--) buf[Math.floor(random() * buf.length)] = Math.floor(random() * 256);
      } else {
        buf = buf.subarray(0, Math.floor(random() * buf.length));
      }
      const t0 = Date.now();
      try {
        const { copy } = await strip(buf);
        expect(copy.length).toBe(buf.length);
        outcomes.stripped++;
      } catch (err) {
        if (err instanceof StripFailure) outcomes.failed++;
        else if (err instanceof StripUnsupported) outcomes.unsupported++;
        else throw new Error(`case ${i} (${kind}): unexpected ${String(err)}`, { cause: err });
      }
      expect(Date.now() - t0).toBeLessThan(2000);
    }
    expect(outcomes.stripped).toBeGreaterThan(20);
    expect(outcomes.failed).toBeGreaterThan(20);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
